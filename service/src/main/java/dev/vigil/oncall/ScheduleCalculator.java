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

    /**
     * Who is on call at {@code at} with {@code overrides} applied: the newest override covering it replaces
     * whoever the layers give.
     */
    public static List<String> onCallAt(Schedule schedule, List<ScheduleOverride> overrides, Instant at) {
        Optional<ScheduleOverride> newest = overrides.stream().filter(o -> o.covers(at))
                .max(java.util.Comparator.comparingLong(ScheduleOverride::id));
        return newest.map(o -> List.of(o.userId())).orElseGet(() -> onCallAt(schedule, at));
    }

    /** {@link #nextChange(Schedule, Instant, Duration)} with overrides: their edges are change points too. */
    public static Optional<Instant> nextChange(Schedule schedule, List<ScheduleOverride> overrides, Instant at, Duration horizon) {
        List<String> now = onCallAt(schedule, overrides, at);
        for (Instant t : changePoints(schedule, overrides, at, at.plus(horizon))) {
            if (!onCallAt(schedule, overrides, t).equals(now)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** One person's unbroken time on call in a schedule, [start, end). */
    public record Shift(String userId, Instant start, Instant end) {
    }

    /**
     * Everyone's time on call within [from, to) with overrides applied: one shift per person per unbroken span
     * (two back-to-back shifts of the same person are one), clipped to [from, to), ordered by start then user.
     */
    public static List<Shift> shifts(Schedule schedule, List<ScheduleOverride> overrides, Instant from, Instant to) {
        List<Instant> edges = new java.util.ArrayList<>();
        edges.add(from);
        edges.addAll(changePoints(schedule, overrides, from, to).headSet(to));
        edges.add(to);
        java.util.Map<String, Instant> open = new java.util.LinkedHashMap<>();
        List<Shift> out = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < edges.size(); i++) {
            Instant at = edges.get(i);
            List<String> now = onCallAt(schedule, overrides, at);
            open.entrySet().removeIf(e -> {
                boolean ended = !now.contains(e.getKey());
                if (ended) {
                    out.add(new Shift(e.getKey(), e.getValue(), at));
                }
                return ended;
            });
            now.forEach(u -> open.putIfAbsent(u, at));
        }
        open.forEach((u, start) -> out.add(new Shift(u, start, to)));
        out.sort(java.util.Comparator.comparing(Shift::start).thenComparing(Shift::userId));
        return out;
    }

    /** {@link #changePoints(Schedule, Instant, Instant)} and the edges of the overrides within (from, to]. */
    private static java.util.SortedSet<Instant> changePoints(Schedule schedule, List<ScheduleOverride> overrides,
                                                             Instant from, Instant to) {
        java.util.SortedSet<Instant> points = changePoints(schedule, from, to);
        for (ScheduleOverride o : overrides) {
            for (Instant t : List.of(o.start(), o.end())) {
                if (t.isAfter(from) && !t.isAfter(to)) {
                    points.add(t);
                }
            }
        }
        return points;
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

    /** A span with nobody on call. */
    public record Gap(Instant from, Instant to) {
    }

    /**
     * The first instant after {@code at} (within {@code horizon}) at which the schedule's on-call set differs
     * from the one at {@code at}; empty when it does not change within the horizon.
     */
    public static Optional<Instant> nextChange(Schedule schedule, Instant at, Duration horizon) {
        List<String> now = onCallAt(schedule, at);
        for (Instant t : changePoints(schedule, at, at.plus(horizon))) {
            if (!onCallAt(schedule, t).equals(now)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The spans within [from, to) when nobody is on call, merged where they touch. */
    public static List<Gap> gaps(Schedule schedule, Instant from, Instant to) {
        List<Instant> points = new java.util.ArrayList<>();
        points.add(from);
        points.addAll(changePoints(schedule, from, to));
        points.add(to);
        List<Gap> out = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < points.size(); i++) {
            Instant a = points.get(i);
            Instant b = points.get(i + 1);
            if (!a.isBefore(b) || !onCallAt(schedule, a).isEmpty()) {
                continue;
            }
            if (!out.isEmpty() && out.get(out.size() - 1).to().equals(a)) {
                out.set(out.size() - 1, new Gap(out.get(out.size() - 1).from(), b));
            } else {
                out.add(new Gap(a, b));
            }
        }
        return out;
    }

    /**
     * Every instant in (from, to] at which who is on call may change: layer starts, shift starts and
     * restriction window edges. Between two of them the answer is constant.
     */
    static java.util.SortedSet<Instant> changePoints(Schedule schedule, Instant from, Instant to) {
        java.util.TreeSet<Instant> out = new java.util.TreeSet<>();
        for (Layer layer : schedule.layers()) {
            ZonedDateTime start = layer.start().atZone(schedule.timeZone());
            if (start.toInstant().isAfter(from) && !start.toInstant().isAfter(to)) {
                out.add(start.toInstant());
            }
            long k = from.isBefore(start.toInstant()) ? 0 : shiftIndex(layer.shiftLength(), start, from);
            for (Instant t = layer.shiftLength().shiftStart(start, k + 1).toInstant(); !t.isAfter(to);
                 t = layer.shiftLength().shiftStart(start, ++k + 1).toInstant()) {
                out.add(t);
            }
            for (Restriction r : layer.restrictions()) {
                java.time.LocalDate day = LocalDateTime.ofInstant(from, schedule.timeZone()).toLocalDate().minusDays(1);
                for (; !day.atStartOfDay(schedule.timeZone()).toInstant().isAfter(to); day = day.plusDays(1)) {
                    for (java.time.LocalTime edge : List.of(r.from(), r.to())) {
                        Instant t = day.atTime(edge).atZone(schedule.timeZone()).toInstant();
                        if (t.isAfter(from) && !t.isAfter(to)) {
                            out.add(t);
                        }
                    }
                }
            }
        }
        return out;
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
