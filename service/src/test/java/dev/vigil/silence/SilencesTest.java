package dev.vigil.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.label.Labels;
import dev.vigil.label.Matcher;
import dev.vigil.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Alertmanager 0.25's rules for creating, changing and expiring silences, and which silences mute an alert. */
class SilencesTest {
    private static final Instant T0 = Instant.parse("2026-12-05T22:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final Map<String, Silence> stored = new LinkedHashMap<>();
    private final List<String> trail = new ArrayList<>();
    private final Silences silences = new Silences(new SilenceStore() {
        @Override
        public void put(Silence s, String what, String by, Instant at) {
            stored.put(s.id(), s);
            trail.add(what);
        }

        @Override
        public Optional<Silence> find(String id) {
            return Optional.ofNullable(stored.get(id));
        }

        @Override
        public List<Silence> all(Instant keepExpiredSince) {
            return stored.values().stream().filter(s -> !s.endsAt().isBefore(keepExpiredSince)).toList();
        }

        @Override
        public List<String> history(String id) {
            return trail;
        }
    }, clock);

    private static final List<Matcher> BILLING = List.of(Matcher.of("service", Matcher.Op.EQ, "billing"));

    private String create(List<Matcher> matchers, Instant starts, Instant ends) {
        return silences.set(Optional.empty(), matchers, starts, ends, "alice", "CHG-1234", "alice");
    }

    @Test
    void aSilenceMutesMatchingAlertsOnlyWhileActive() {
        String id = create(BILLING, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(3)));
        Labels billing = Labels.of("alertname", "DBDown", "service", "billing");
        assertThat(silences.muting(billing)).as("pending").isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(silences.muting(billing)).containsOnlyKeys(id);
        assertThat(silences.muting(Labels.of("alertname", "DBDown", "service", "search"))).isEmpty();
        clock.advance(Duration.ofHours(2));
        assertThat(silences.muting(billing)).as("ended").isEmpty();
    }

    @Test
    void whatAlertmanagerRefusesIsRefusedInItsWords() {
        assertThatThrownBy(() -> create(BILLING, T0, T0)).hasMessage(
                "Failed to create silence: start time must be before end time");
        assertThatThrownBy(() -> create(BILLING, T0.minusSeconds(7200), T0.minusSeconds(60))).hasMessage(
                "Failed to create silence: end time can't be in the past");
        assertThatThrownBy(() -> create(List.of(), T0, T0.plusSeconds(60))).hasMessage("at least one matcher required");
        assertThatThrownBy(() -> create(List.of(Matcher.of("service", Matcher.Op.RE, ".*")), T0, T0.plusSeconds(60)))
                .hasMessage("at least one matcher must not match the empty string");
        assertThatThrownBy(() -> silences.set(Optional.of("nope"), BILLING, T0, T0.plusSeconds(60), "a", "", "a"))
                .isInstanceOfSatisfying(Silences.Refused.class, e -> assertThat(e.notFound()).isTrue());
        assertThat(stored).isEmpty();
    }

    @Test
    void anActiveSilenceIsExtendedInPlaceAndOneWithOtherMatchersReplacesItUnderANewId() {
        String id = create(BILLING, T0, T0.plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(10));
        assertThat(silences.set(Optional.of(id), BILLING, T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofHours(4)),
                "alice", "longer", "alice")).isEqualTo(id);
        assertThat(stored.get(id).startsAt()).as("an active silence keeps its start").isEqualTo(T0);
        assertThat(stored.get(id).endsAt()).isEqualTo(T0.plus(Duration.ofHours(4)));

        List<Matcher> wider = List.of(Matcher.of("service", Matcher.Op.RE, "billing|ledger"));
        String replaced = silences.set(Optional.of(id), wider, clock.instant(), T0.plus(Duration.ofHours(4)), "bob", "",
                "bob");
        assertThat(replaced).isNotEqualTo(id);
        assertThat(stored.get(id).state(clock.instant())).isEqualTo(Silence.State.EXPIRED);
        assertThat(stored.get(replaced).state(clock.instant())).isEqualTo(Silence.State.ACTIVE);
        assertThat(trail).hasSize(4).satisfies(t -> {
            assertThat(t.get(0)).startsWith("created by alice");
            assertThat(t.get(1)).startsWith("changed by alice");
            assertThat(t.get(2)).isEqualTo("expired by bob (replaced)");
            assertThat(t.get(3)).startsWith("created by bob");
        });
    }

    @Test
    void expiringEndsAnActiveSilenceNowAndAPendingOneBeforeItStartsAndExpiredOnesAreKeptForAWhile() {
        String active = create(BILLING, T0, T0.plus(Duration.ofHours(1)));
        String pending = create(List.of(Matcher.of("service", Matcher.Op.EQ, "search")), T0.plus(Duration.ofHours(1)),
                T0.plus(Duration.ofHours(2)));
        clock.advance(Duration.ofMinutes(5));
        silences.expire(active, "bob");
        silences.expire(pending, "bob");
        assertThat(stored.get(active).endsAt()).isEqualTo(clock.instant());
        assertThat(stored.get(pending).startsAt()).isEqualTo(clock.instant());
        silences.expire(active, "carol"); // already expired: nothing changes
        assertThat(trail).filteredOn(t -> t.startsWith("expired")).containsExactly("expired by bob", "expired by bob");
        assertThatThrownBy(() -> silences.expire("nope", "bob")).isInstanceOf(Silences.Refused.class);

        assertThat(silences.list(List.of())).extracting(Silence::id).containsExactlyInAnyOrder(active, pending);
        assertThat(silences.list(List.of(Matcher.of("service", Matcher.Op.EQ, "billing")))).extracting(Silence::id)
                .containsExactly(active);
        clock.advance(Silences.RETENTION.plusMinutes(1));
        assertThat(silences.list(List.of())).isEmpty();
    }

    @Test
    void aSilenceDeclaredInRulesMutesAndIsListedLikeTheOthersButIsChangedOnlyThere() {
        Silence planned = new Silence("rules-1", BILLING, T0, T0.plus(Duration.ofHours(4)), "rules/maintenance.yml",
                "billing DB migration, CHG-1234", T0);
        Silences withRules = new Silences(new SilenceStore() {
            @Override
            public void put(Silence s, String what, String by, Instant at) {
                throw new AssertionError("nothing is stored");
            }

            @Override
            public Optional<Silence> find(String id) {
                return Optional.empty();
            }

            @Override
            public List<Silence> all(Instant keepExpiredSince) {
                return List.of();
            }

            @Override
            public List<String> history(String id) {
                return List.of();
            }
        }, clock, () -> List.of(planned));
        assertThat(withRules.muting(Labels.of("alertname", "DBDown", "service", "billing"))).containsOnlyKeys("rules-1");
        assertThat(withRules.list(List.of())).containsExactly(planned);
        assertThat(withRules.find("rules-1")).contains(planned);
        assertThatThrownBy(() -> withRules.expire("rules-1", "bob")).hasMessageContaining("declared in rules/");
        assertThatThrownBy(() -> withRules.set(Optional.of("rules-1"), BILLING, T0, T0.plusSeconds(60), "bob", "", "bob"))
                .hasMessageContaining("change it there");
    }
}
