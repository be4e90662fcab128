package dev.vigil.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.incident.GroupPlanner.Kind;
import dev.vigil.incident.GroupPlanner.Plan;
import dev.vigil.label.Labels;
import dev.vigil.routing.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Alertmanager's group timers as a pure decision: group_wait, group_interval, repeat_interval, and muting. */
class GroupPlannerTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Route ROUTE = new Route("0.1", List.of(), "platform", List.of("alertname"), false,
            Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), false, true, List.of());
    private static final Supplier<String> UNMUTED = () -> "";

    private static IncidentAlert alert(String name, Instant startsAt, boolean firing, boolean told) {
        return new IncidentAlert(name, Labels.of("alertname", name), Map.of(), firing, startsAt, Optional.empty(), told);
    }

    private static Plan plan(GroupTimer t, IncidentStatus status, List<IncidentAlert> alerts, Supplier<String> muted,
                             Instant now) {
        return GroupPlanner.plan(t, status, alerts, muted, now);
    }

    @Test
    void groupWaitHoldsTheFirstPageSoThatAlertsArrivingTogetherPageOnce() {
        GroupTimer opened = GroupTimer.opened(1, ROUTE, T0.plusSeconds(30));
        List<IncidentAlert> alerts = List.of(alert("A", T0, true, false), alert("B", T0.plusSeconds(1), true, false));
        AtomicInteger asked = new AtomicInteger();
        Plan waiting = plan(opened, IncidentStatus.TRIGGERED, alerts, () -> {
            asked.incrementAndGet();
            return "";
        }, T0.plusSeconds(29));
        assertThat(waiting.kind()).isEqualTo(Kind.NONE);
        assertThat(waiting.next().flushAt()).contains(T0.plusSeconds(30));
        assertThat(asked).as("muting is not read while nothing can be sent").hasValue(0);

        Plan first = plan(opened, IncidentStatus.TRIGGERED, alerts, UNMUTED, T0.plusSeconds(30));
        assertThat(first.kind()).isEqualTo(Kind.FIRST);
        assertThat(first.changed()).extracting(IncidentAlert::fingerprint).containsExactly("A", "B");
        assertThat(first.next().pagedAt()).contains(T0.plusSeconds(30));
        assertThat(first.next().flushAt()).as("the repeat").contains(T0.plusSeconds(30).plus(Duration.ofHours(4)));
    }

    @Test
    void anAlertThatStartedLongerAgoThanGroupWaitPagesAtOnce() {
        // Alertmanager: a group that has not flushed flushes at once for an alert whose wait is already over.
        GroupTimer opened = GroupTimer.opened(1, ROUTE, T0.plusSeconds(30));
        Plan p = plan(opened, IncidentStatus.TRIGGERED, List.of(alert("A", T0.minusSeconds(600), true, false)),
                UNMUTED, T0);
        assertThat(p.kind()).isEqualTo(Kind.FIRST);
    }

    @Test
    void changesAreToldNoSoonerThanGroupIntervalAfterTheLastNotice() {
        GroupTimer paged = GroupTimer.opened(1, ROUTE, T0).noticed(T0, "", Optional.of(T0.plus(Duration.ofHours(4))));
        List<IncidentAlert> alerts = List.of(alert("A", T0, true, true), alert("B", T0.plusSeconds(60), true, false));
        Plan early = plan(paged, IncidentStatus.TRIGGERED, alerts, UNMUTED, T0.plusSeconds(60));
        assertThat(early.kind()).isEqualTo(Kind.NONE);
        assertThat(early.next().flushAt()).contains(T0.plusSeconds(300));

        Plan due = plan(early.next(), IncidentStatus.TRIGGERED, alerts, UNMUTED, T0.plusSeconds(300));
        assertThat(due.kind()).isEqualTo(Kind.CHANGES);
        assertThat(due.changed()).extracting(IncidentAlert::fingerprint).containsExactly("B");
        assertThat(due.next().noticedAt()).contains(T0.plusSeconds(300));
    }

    @Test
    void anUnacknowledgedUnchangedIncidentIsRemindedEveryRepeatInterval() {
        GroupTimer paged = GroupTimer.opened(1, ROUTE, T0).noticed(T0, "", Optional.of(T0.plus(Duration.ofHours(4))));
        List<IncidentAlert> told = List.of(alert("A", T0, true, true));
        Instant later = T0.plus(Duration.ofHours(4));
        assertThat(plan(paged, IncidentStatus.TRIGGERED, told, UNMUTED, later.minusSeconds(1)).kind())
                .isEqualTo(Kind.NONE);
        Plan repeat = plan(paged, IncidentStatus.TRIGGERED, told, UNMUTED, later);
        assertThat(repeat.kind()).isEqualTo(Kind.REPEAT);
        assertThat(repeat.next().flushAt()).contains(later.plus(Duration.ofHours(4)));

        Plan acked = plan(paged, IncidentStatus.ACKNOWLEDGED, told, UNMUTED, later);
        assertThat(acked.kind()).as("acknowledged: no reminder").isEqualTo(Kind.NONE);
        assertThat(acked.next().flushAt()).isEmpty();
        Plan muted = plan(paged, IncidentStatus.TRIGGERED, told, () -> "muted by silence s1", later);
        assertThat(muted.kind()).as("a mute that started is told, not a reminder").isEqualTo(Kind.CHANGES);
        assertThat(muted.muteStarted()).isTrue();
    }

    @Test
    void muteStartAndEndAreActedOnAtOnceWithinGroupInterval() {
        GroupTimer paged = GroupTimer.opened(1, ROUTE, T0).noticed(T0, "", Optional.empty());
        List<IncidentAlert> told = List.of(alert("A", T0, true, true));
        Plan started = plan(paged, IncidentStatus.TRIGGERED, told, () -> "muted by silence s1", T0.plusSeconds(10));
        assertThat(started.kind()).isEqualTo(Kind.CHANGES);
        assertThat(started.muteStarted()).isTrue();
        assertThat(started.muteEnded()).isFalse();
        assertThat(started.next().muted()).isEqualTo("muted by silence s1");

        Plan ended = plan(started.next(), IncidentStatus.TRIGGERED, told, UNMUTED, T0.plusSeconds(20));
        assertThat(ended.kind()).isEqualTo(Kind.CHANGES);
        assertThat(ended.muteEnded()).isTrue();
        assertThat(ended.next().muted()).isEmpty();

        Plan still = plan(started.next(), IncidentStatus.TRIGGERED, told, () -> "muted by silence s1",
                T0.plus(Duration.ofHours(5)));
        assertThat(still.kind()).as("a muted incident is not reminded").isEqualTo(Kind.NONE);
    }

    @Test
    void aFirstPageFoundMutedKeepsWhy() {
        GroupTimer opened = GroupTimer.opened(1, ROUTE, T0);
        Plan p = plan(opened, IncidentStatus.TRIGGERED, List.of(alert("A", T0, true, false)),
                () -> "muted by mute time interval \"weekends\"", T0);
        assertThat(p.kind()).isEqualTo(Kind.FIRST);
        assertThat(p.next().muted()).isEqualTo("muted by mute time interval \"weekends\"");
    }

    @Test
    void aResolvedIncidentHasNothingDue() {
        GroupTimer paged = GroupTimer.opened(1, ROUTE, T0).noticed(T0, "", Optional.of(T0.plusSeconds(60)));
        Plan p = plan(paged, IncidentStatus.RESOLVED, List.of(alert("A", T0, false, false)), UNMUTED,
                T0.plusSeconds(60));
        assertThat(p.kind()).isEqualTo(Kind.NONE);
        assertThat(p.next().flushAt()).isEmpty();
    }

    @Test
    void aZeroGroupIntervalTellsChangesAtOnceAndAZeroRepeatIntervalNeverReminds() {
        GroupTimer direct = GroupTimer.opened(1, Route.direct("integration", "platform"), T0)
                .noticed(T0, "", Optional.empty());
        List<IncidentAlert> alerts = List.of(alert("A", T0, true, true), alert("B", T0, true, false));
        assertThat(plan(direct, IncidentStatus.TRIGGERED, alerts, UNMUTED, T0.plusMillis(1)).kind())
                .isEqualTo(Kind.CHANGES);
        Plan quiet = plan(direct, IncidentStatus.TRIGGERED, List.of(alert("A", T0, true, true)), UNMUTED,
                T0.plus(Duration.ofDays(30)));
        assertThat(quiet.kind()).isEqualTo(Kind.NONE);
        assertThat(quiet.next().flushAt()).isEmpty();
    }
}
