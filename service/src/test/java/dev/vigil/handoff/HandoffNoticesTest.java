package dev.vigil.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RuleSet;
import dev.vigil.config.RulesLoader;
import dev.vigil.notify.Outbox;
import dev.vigil.notify.OutboxMessage;
import dev.vigil.notify.TeamNotice;
import dev.vigil.oncall.OverrideLookup;
import dev.vigil.oncall.ScheduleOverride;
import dev.vigil.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who is told about a handoff, when, and what it says; the store is a map, the outbox a list. */
class HandoffNoticesTest {
    /** Monday 23 November 2026, 09:00 in London: the weekly rota hands over from bob to carol. */
    private static final Instant HANDOFF = Instant.parse("2026-11-23T09:00:00Z");

    private final MemoryStore store = new MemoryStore();
    private final List<OutboxMessage> sent = new ArrayList<>();
    private final List<ScheduleOverride> overrides = new ArrayList<>();
    private final MutableClock clock = new MutableClock(HANDOFF.minusSeconds(60));
    private HandoffNotices notices;

    @BeforeEach
    void load(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("oncall.yml"), """
                users:
                  - {id: alice, name: Alice Kim}
                  - {id: bob, name: Bob Silva}
                  - {id: carol, name: Carol Diaz}
                teams:
                  - {id: ops, slack_channel: C_OPS, escalation_policy: ops-policy}
                  - {id: quiet, slack_channel: C_QUIET, escalation_policy: quiet-policy, handoff_notices: false}
                  - {id: other, slack_channel: C_OTHER, escalation_policy: other-policy}
                schedules:
                  - id: primary
                    time_zone: Europe/London
                    layers:
                      - {name: weekly, start: 2026-11-09T09:00, shift_length: 1w, members: [alice, bob, carol]}
                  - id: unused
                    time_zone: UTC
                    layers:
                      - {name: daily, start: 2026-11-01T00:00, shift_length: 1d, members: [alice, bob]}
                escalation_policies:
                  - id: ops-policy
                    steps: [{targets: [schedule:primary], escalate_after: 5m}]
                  - id: quiet-policy
                    steps: [{targets: [schedule:primary], escalate_after: 5m}]
                  - id: other-policy
                    steps: [{targets: [user:alice], escalate_after: 5m}]
                route: {team: ops}
                """);
        RulesLoader.Result r = RulesLoader.load(dir, Set.of(), clock.instant());
        assertThat(r.problems()).noneMatch(p -> p.toString().contains("error"));
        RuleSet rules = r.rules().orElseThrow();
        OverrideLookup lookup = (id, from, to) -> overrides.stream()
                .filter(o -> o.scheduleId().equals(id) && o.start().isBefore(to) && o.end().isAfter(from)).toList();
        notices = new HandoffNotices(store, () -> rules, lookup, clock);
    }

    @Test
    void theFirstLookRecordsWhoIsOnCallAndSaysNothing() {
        assertThat(notices.check()).isZero();
        assertThat(store.rows).containsEntry("primary", List.of("bob"));
        assertThat(store.rows).as("no team pages through it").doesNotContainKey("unused");
        assertThat(sent).isEmpty();
    }

    @Test
    void aHandoffTellsTheTeamsWhosePolicyTargetsTheScheduleOnce() {
        notices.check();
        clock.set(HANDOFF);
        assertThat(notices.check()).isEqualTo(1);
        assertThat(sent).extracting(OutboxMessage::destination).containsExactly("C_OPS");
        TeamNotice n = (TeamNotice) sent.get(0).notice();
        assertThat(n.event()).isEqualTo("handoff");
        assertThat(n.team()).isEqualTo("ops");
        assertThat(n.title()).isEqualTo("Carol Diaz is on call for primary now");
        assertThat(n.text()).isEqualTo("Until Mon 30 Nov 09:00 GMT. Before: Bob Silva.");

        clock.set(HANDOFF.plusSeconds(5));
        assertThat(notices.check()).isZero();
        assertThat(sent).hasSize(1);
    }

    @Test
    void anOverrideIsAHandoffToo() {
        notices.check();
        overrides.add(new ScheduleOverride(1, "primary", "alice", HANDOFF.minusSeconds(30), HANDOFF.minusSeconds(10),
                HANDOFF.minusSeconds(60), "test"));
        clock.set(HANDOFF.minusSeconds(30));
        notices.check();
        assertThat(((TeamNotice) sent.get(0).notice()).title()).isEqualTo("Alice Kim is on call for primary now");
        assertThat(((TeamNotice) sent.get(0).notice()).text()).startsWith("Until Mon 23 Nov 08:59 GMT.");
        clock.set(HANDOFF.minusSeconds(10));
        notices.check();
        assertThat(((TeamNotice) sent.get(1).notice()).title()).isEqualTo("Bob Silva is on call for primary now");
    }

    @Test
    void anotherNodeThatAnnouncedFirstWins() {
        notices.check();
        clock.set(HANDOFF);
        store.rows.put("primary", List.of("carol"));  // the other node's write
        assertThat(notices.check()).isZero();
        assertThat(sent).isEmpty();
    }

    /** A compare-and-set map, as the database does it. */
    private final class MemoryStore implements HandoffStore {
        final Map<String, List<String>> rows = new HashMap<>();

        @Override
        public Optional<List<String>> lastKnown(String scheduleId) {
            return Optional.ofNullable(rows.get(scheduleId));
        }

        @Override
        public boolean change(String scheduleId, Optional<List<String>> before, List<String> after, Instant at,
                              Consumer<Outbox> announce) {
            if (!Optional.ofNullable(rows.get(scheduleId)).equals(before)) {
                return false;
            }
            rows.put(scheduleId, after);
            announce.accept(sent::add);
            return true;
        }
    }
}
