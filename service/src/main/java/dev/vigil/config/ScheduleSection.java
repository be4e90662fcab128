package dev.vigil.config;

import dev.vigil.oncall.Layer;
import dev.vigil.oncall.Restriction;
import dev.vigil.oncall.Schedule;
import dev.vigil.oncall.ScheduleCalculator;
import dev.vigil.oncall.ShiftLength;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code schedules:} with their layers and restriction windows (SPEC §3.4). */
final class ScheduleSection {
    private static final Set<String> SCHEDULE_KEYS = Set.of("id", "time_zone", "layers");
    private static final Set<String> LAYER_KEYS = Set.of("name", "start", "shift_length", "members", "restrictions");
    private static final Set<String> RESTRICTION_KEYS = Set.of("days", "from", "to");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private static final java.time.Duration GAP_HORIZON = java.time.Duration.ofDays(28);
    private final Declarations declarations;
    private final java.time.Instant now;

    ScheduleSection(Declarations declarations, java.time.Instant now) {
        this.declarations = declarations;
        this.now = now;
    }

    void schedules(YamlValue list, Map<String, Schedule> out) {
        for (YamlValue item : list.list()) {
            item.map(SCHEDULE_KEYS).ifPresent(m -> m.requiredText("id").ifPresent(id -> {
                Optional<ZoneId> zone = m.required("time_zone").flatMap(this::zone);
                List<Layer> layers = new ArrayList<>();
                m.required("layers").ifPresent(l -> l.list().forEach(
                        v -> v.map(LAYER_KEYS).flatMap(this::layer).ifPresent(layers::add)));
                if (declarations.define("schedule", id, m.get("id").orElseThrow()) && zone.isPresent()) {
                    Schedule schedule = new Schedule(id, zone.get(), layers);
                    out.put(id, schedule);
                    if (layers.size() == m.list("layers").size()) {
                        // A broken layer is an error already; its gap would only repeat it.
                        warnAboutGaps(m, schedule);
                    }
                }
            }));
        }
    }

    private void warnAboutGaps(YamlMap m, Schedule schedule) {
        List<ScheduleCalculator.Gap> gaps = ScheduleCalculator.gaps(schedule, now, now.plus(GAP_HORIZON));
        if (gaps.isEmpty()) {
            return;
        }
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
                .withZone(schedule.timeZone());
        String spans = gaps.stream().limit(3).map(g -> f.format(g.from()) + " to " + f.format(g.to()))
                .collect(java.util.stream.Collectors.joining(", "));
        m.get("id").orElseThrow().warning("nobody is on call from " + spans + (gaps.size() > 3 ? " and "
                + (gaps.size() - 3) + " more spans" : "") + " (" + schedule.timeZone() + ") in the next 4 weeks");
    }

    private Optional<ZoneId> zone(YamlValue v) {
        return v.text().flatMap(t -> {
            try {
                return Optional.of(ZoneId.of(t));
            } catch (DateTimeException e) {
                v.error("\"" + t + "\" is not an IANA time zone (expected: e.g. Europe/London, America/New_York, UTC)");
                return Optional.empty();
            }
        });
    }

    private Optional<Layer> layer(YamlMap m) {
        String name = m.text("name").orElse("");
        Optional<LocalDateTime> start = m.required("start").flatMap(v -> v.text().flatMap(t -> {
            try {
                return Optional.of(LocalDateTime.parse(t));
            } catch (DateTimeParseException e) {
                v.error("\"" + t + "\" is not a local date-time (expected: e.g. 2026-10-19T09:00)");
                return Optional.empty();
            }
        }));
        Optional<ShiftLength> length = m.required("shift_length").flatMap(v -> v.text().flatMap(t -> {
            try {
                return Optional.of(ShiftLength.parse(t));
            } catch (IllegalArgumentException e) {
                v.error(e.getMessage());
                return Optional.empty();
            }
        }));
        List<String> members = new ArrayList<>();
        m.required("members").ifPresent(list -> list.list().forEach(v -> v.text().ifPresent(u -> {
            declarations.refer("user", u, v);
            members.add(u);
        })));
        List<Restriction> restrictions = new ArrayList<>();
        m.list("restrictions").forEach(v -> v.map(RESTRICTION_KEYS).flatMap(this::restriction).ifPresent(restrictions::add));
        if (start.isEmpty() || length.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Layer(name, start.get(), length.get(), members, restrictions));
    }

    private Optional<Restriction> restriction(YamlMap m) {
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        m.required("days").ifPresent(list -> list.list().forEach(v -> v.text().ifPresent(d -> {
            int i = DAYS.indexOf(d);
            if (i < 0) {
                v.error("\"" + d + "\" is not a day" + Suggestions.hint(d, DAYS) + " (expected: mon, tue, wed, thu, fri, sat, sun)");
            } else {
                days.add(DayOfWeek.of(i + 1));
            }
        })));
        Optional<LocalTime> from = m.required("from").flatMap(this::time);
        Optional<LocalTime> to = m.required("to").flatMap(this::time);
        if (from.isEmpty() || to.isEmpty() || days.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Restriction(days, from.get(), to.get()));
    }

    private Optional<LocalTime> time(YamlValue v) {
        return v.text().flatMap(t -> {
            try {
                return Optional.of(LocalTime.parse(t));
            } catch (DateTimeParseException e) {
                v.error("\"" + t + "\" is not a time of day (expected: HH:MM, e.g. 09:00)");
                return Optional.empty();
            }
        });
    }
}
