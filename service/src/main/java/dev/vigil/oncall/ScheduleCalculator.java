package dev.vigil.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/** Answers who is on call in a schedule at an instant, as SPEC §3.4 defines it; pure. */
public final class ScheduleCalculator {
    private ScheduleCalculator() {
    }

    /** The user ids on call at {@code at}: the last layer that has someone then. */
    public static List<String> onCallAt(Schedule schedule, Instant at) {
        for (int i = schedule.layers().size() - 1; i >= 0; i--) {
            Optional<String> who = layerOnCall(schedule.layers().get(i), schedule, at);
            if (who.isPresent()) {
                return List.of(who.get());
            }
        }
        return List.of();
    }

    static Optional<String> layerOnCall(Layer layer, Schedule schedule, Instant at) {
        if (layer.members().isEmpty()) {
            return Optional.empty();
        }
        ZonedDateTime start = layer.start().atZone(schedule.timeZone());
        if (at.isBefore(start.toInstant())) {
            return Optional.empty();
        }
        LocalDateTime local = LocalDateTime.ofInstant(at, schedule.timeZone());
        if (!layer.restrictions().isEmpty() && layer.restrictions().stream().noneMatch(r -> r.covers(local))) {
            return Optional.empty();
        }
        long k = shiftIndex(layer.shiftLength(), start, at);
        return Optional.of(layer.members().get((int) (k % layer.members().size())));
    }

    /**
     * The first instant after {@code at} (within {@code horizon}) at which the schedule's on-call set differs
     * from the one at {@code at}; empty when it does not change within the horizon. Only shift starts and
     * restriction window edges can change it, so only those instants are tried.
     */
    public static Optional<Instant> nextChange(Schedule schedule, Instant at, Duration horizon) {
        List<String> now = onCallAt(schedule, at);
        Instant end = at.plus(horizon);
        java.util.TreeSet<Instant> candidates = new java.util.TreeSet<>();
        for (Layer layer : schedule.layers()) {
            ZonedDateTime start = layer.start().atZone(schedule.timeZone());
            if (start.toInstant().isAfter(at)) {
                candidates.add(start.toInstant());
            }
            long k = at.isBefore(start.toInstant()) ? 0 : shiftIndex(layer.shiftLength(), start, at);
            for (Instant t = layer.shiftLength().shiftStart(start, k + 1).toInstant(); !t.isAfter(end);
                 t = layer.shiftLength().shiftStart(start, ++k + 1).toInstant()) {
                candidates.add(t);
            }
            for (Restriction r : layer.restrictions()) {
                java.time.LocalDate day = LocalDateTime.ofInstant(at, schedule.timeZone()).toLocalDate().minusDays(1);
                for (; !day.atStartOfDay(schedule.timeZone()).toInstant().isAfter(end); day = day.plusDays(1)) {
                    for (java.time.LocalTime edge : List.of(r.from(), r.to())) {
                        Instant t = day.atTime(edge).atZone(schedule.timeZone()).toInstant();
                        if (t.isAfter(at) && !t.isAfter(end)) {
                            candidates.add(t);
                        }
                    }
                }
            }
        }
        for (Instant t : candidates) {
            if (!onCallAt(schedule, t).equals(now)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The index of the shift that contains {@code at}: the largest k whose start is at or before it. */
    static long shiftIndex(ShiftLength length, ZonedDateTime start, Instant at) {
        long k = length.estimateShifts(Duration.between(start.toInstant(), at));
        while (!length.shiftStart(start, k + 1).toInstant().isAfter(at)) {
            k++;
        }
        while (k > 0 && length.shiftStart(start, k).toInstant().isAfter(at)) {
            k--;
        }
        return k;
    }
}
