package dev.vigil.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides, from an incident's timer, its alerts and {@code now} alone, which notice is due, as Alertmanager's
 * dispatcher and dedup stage do for a group: the first page once {@code group_wait} has passed (at once for an
 * alert that started longer ago than that), a notice of added or resolved alerts no sooner than
 * {@code group_interval} after the last notice, a reminder every {@code repeat_interval} while the incident stays
 * unacknowledged and unchanged. Unlike Alertmanager, a change of muting (a silence made or ended, a time interval
 * entered or left) is acted on at once: escalation pauses or pages without waiting for the next interval.
 */
public final class GroupPlanner {
    private GroupPlanner() {
    }

    public enum Kind {
        /** Nothing to send now. */
        NONE,
        /** The first page: the channel is told, and the escalation policy runs unless muted. */
        FIRST,
        /** Alerts were added or resolved, or muting started or ended, since the last notice. */
        CHANGES,
        /** Unacknowledged and unchanged for {@code repeat_interval}: the channel is reminded. */
        REPEAT
    }

    /**
     * What to do now and the timer after it. {@code changed} are the alerts whose state was not told yet;
     * {@code muteStarted}/{@code muteEnded} say muting changed since the last notice.
     */
    public record Plan(Kind kind, List<IncidentAlert> changed, boolean muteStarted, boolean muteEnded,
                       GroupTimer next) {
    }

    /**
     * {@code mutedNow} says why the incident's notices are muted now ("" when they are not); it is asked only when
     * the answer matters (it may read the database).
     */
    public static Plan plan(GroupTimer t, IncidentStatus status, List<IncidentAlert> alerts,
                            Supplier<String> mutedNow, Instant now) {
        if (status == IncidentStatus.RESOLVED) {
            return new Plan(Kind.NONE, List.of(), false, false, t.flushAt(Optional.empty()));
        }
        List<IncidentAlert> changed = alerts.stream().filter(a -> !a.notified()).toList();
        Optional<Instant> repeat = status == IncidentStatus.TRIGGERED && !t.repeatInterval().isZero()
                ? Optional.of(now.plus(t.repeatInterval())) : Optional.empty();
        if (t.pagedAt().isEmpty()) {
            Instant due = alerts.stream().map(a -> a.startsAt().plus(t.groupWait()))
                    .reduce(t.flushAt().orElse(now), (a, b) -> a.isBefore(b) ? a : b);
            if (now.isBefore(due)) {
                return new Plan(Kind.NONE, List.of(), false, false, t.flushAt(Optional.of(due)));
            }
            return new Plan(Kind.FIRST, changed, false, false, t.noticed(now, mutedNow.get(), repeat));
        }
        String muted = mutedNow.get();
        boolean muteStarted = t.muted().isEmpty() && !muted.isEmpty();
        boolean muteEnded = !t.muted().isEmpty() && muted.isEmpty();
        Instant last = t.noticedAt().orElse(t.pagedAt().get());
        if (muteStarted || muteEnded) {
            return new Plan(Kind.CHANGES, changed, muteStarted, muteEnded, t.noticed(now, muted, repeat));
        }
        if (!changed.isEmpty()) {
            Instant earliest = last.plus(t.groupInterval());
            if (now.isBefore(earliest)) {
                return new Plan(Kind.NONE, List.of(), false, false, t.flushAt(Optional.of(earliest)));
            }
            return new Plan(Kind.CHANGES, changed, false, false, t.noticed(now, muted, repeat));
        }
        if (status == IncidentStatus.TRIGGERED && !t.repeatInterval().isZero() && muted.isEmpty()) {
            Instant again = last.plus(t.repeatInterval());
            if (!now.isBefore(again)) {
                return new Plan(Kind.REPEAT, List.of(), false, false, t.noticed(now, muted, repeat));
            }
            return new Plan(Kind.NONE, List.of(), false, false, t.flushAt(Optional.of(again)));
        }
        return new Plan(Kind.NONE, List.of(), false, false, t.flushAt(Optional.empty()));
    }
}
