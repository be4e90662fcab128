package dev.vigil.config;

import dev.vigil.timeinterval.TimeInterval;
import dev.vigil.timeinterval.TimeInterval.Range;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code time_intervals:} as Alertmanager 0.25 writes them: named lists of {@code times}, {@code weekdays},
 * {@code days_of_month}, {@code months}, {@code years} and {@code location}, with its range syntax
 * ({@code monday:friday}, {@code -3:-1}) and its checks, each reported at the value with file:line:col.
 */
final class TimeIntervalSection {
    private static final Set<String> NAMED_KEYS = Set.of("name", "time_intervals");
    private static final Set<String> KEYS = Set.of("times", "weekdays", "days_of_month", "months", "years",
            "location");
    private static final Set<String> TIME_KEYS = Set.of("start_time", "end_time");
    private static final Pattern TIME = Pattern.compile("(([01][0-9]|2[0-3]):[0-5][0-9])|24:00");
    private static final List<String> WEEKDAYS = List.of("sunday", "monday", "tuesday", "wednesday", "thursday",
            "friday", "saturday");
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");

    private final Declarations declarations;

    TimeIntervalSection(Declarations declarations) {
        this.declarations = declarations;
    }

    void intervals(YamlValue v, Map<String, List<TimeInterval>> into) {
        for (YamlValue item : v.list()) {
            item.map(NAMED_KEYS).ifPresent(m -> {
                Optional<String> name = m.requiredText("name");
                List<TimeInterval> entries = new ArrayList<>();
                for (YamlValue e : m.list("time_intervals")) {
                    e.map(KEYS).ifPresent(x -> entries.add(interval(x)));
                }
                name.ifPresent(n -> {
                    if (declarations.define("time interval", n, m.get("name").orElseThrow())) {
                        into.put(n, List.copyOf(entries));
                    }
                });
            });
        }
    }

    private static TimeInterval interval(YamlMap m) {
        List<Range> times = m.get("times").map(v -> {
            List<Range> out = new ArrayList<>();
            for (YamlValue t : v.list()) {
                t.map(TIME_KEYS).flatMap(TimeIntervalSection::time).ifPresent(out::add);
            }
            return out;
        }).orElse(null);
        List<Range> weekdays = ranges(m, "weekdays", named(WEEKDAYS, 0, "weekday"), (r, v) -> {
            if (r.begin() > r.end()) {
                v.error("start day cannot be after end day");
                return false;
            }
            return true;
        });
        List<Range> days = ranges(m, "days_of_month", TimeIntervalSection::number, TimeIntervalSection::dayRange);
        List<Range> months = ranges(m, "months", TimeIntervalSection::month, (r, v) -> {
            if (r.begin() < 1 || r.end() > 12) {
                v.error("\"" + v.text().orElse("") + "\" is not a valid month (expected: 1-12 or january-december)");
                return false;
            }
            if (r.begin() > r.end()) {
                v.error("end month " + MONTHS.get(r.end() - 1) + " is before start month " + MONTHS.get(r.begin() - 1));
                return false;
            }
            return true;
        });
        List<Range> years = ranges(m, "years", TimeIntervalSection::number, (r, v) -> {
            if (r.begin() > r.end()) {
                v.error("end year " + r.end() + " is before start year " + r.begin());
                return false;
            }
            return true;
        });
        ZoneId zone = m.get("location").flatMap(v -> v.text().flatMap(z -> {
            try {
                return Optional.of("Local".equals(z) ? ZoneId.systemDefault() : ZoneId.of(z));
            } catch (DateTimeException e) {
                v.error("unknown time zone \"" + z + "\" (expected: an IANA name such as Europe/Berlin, or UTC)");
                return Optional.empty();
            }
        })).orElse(null);
        return new TimeInterval(times, weekdays, days, months, years, zone);
    }

    private static Optional<Range> time(YamlMap m) {
        Optional<String> start = m.requiredText("start_time");
        Optional<String> end = m.requiredText("end_time");
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        Optional<Integer> s = minutes(m.get("start_time").orElseThrow(), start.get());
        Optional<Integer> e = minutes(m.get("end_time").orElseThrow(), end.get());
        if (s.isEmpty() || e.isEmpty()) {
            return Optional.empty();
        }
        if (s.get() >= e.get()) {
            m.self().error("start time cannot be equal or greater than end time");
            return Optional.empty();
        }
        return Optional.of(new Range(s.get(), e.get()));
    }

    private static Optional<Integer> minutes(YamlValue v, String text) {
        if (!TIME.matcher(text).matches()) {
            v.error("couldn't parse timestamp " + text + ", invalid format (expected: HH:MM, 00:00 to 24:00)");
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text.substring(0, 2)) * 60 + Integer.parseInt(text.substring(3)));
    }

    private interface Member {
        /** The member a word names, or empty after reporting it at {@code v}. */
        Optional<Integer> read(String word, YamlValue v);
    }

    /** A month by name or by number, as Alertmanager reads one. */
    private static Optional<Integer> month(String word, YamlValue v) {
        if (!word.isEmpty() && word.chars().allMatch(c -> c == '-' || Character.isDigit(c))) {
            return number(word, v);
        }
        return named(MONTHS, 1, "month").read(word, v);
    }

    private interface Check {
        boolean ok(Range r, YamlValue v);
    }

    private static Member named(List<String> names, int first, String what) {
        return (word, v) -> {
            int i = names.indexOf(word);
            if (i < 0) {
                v.error(word + " is not a valid " + what);
                return Optional.empty();
            }
            return Optional.of(i + first);
        };
    }

    private static Optional<Integer> number(String word, YamlValue v) {
        try {
            return Optional.of(Integer.parseInt(word));
        } catch (NumberFormatException e) {
            v.error("\"" + word + "\" is not a whole number");
            return Optional.empty();
        }
    }

    /** A field's list of {@code a} or {@code a:b} ranges (case does not matter, as in Alertmanager); null when absent. */
    private static List<Range> ranges(YamlMap m, String key, Member member, Check check) {
        return m.get(key).map(list -> {
            List<Range> out = new ArrayList<>();
            for (YamlValue v : list.list()) {
                v.text().ifPresent(text -> {
                    String in = text.toLowerCase(Locale.ROOT);
                    String[] parts = in.split(":", -1);
                    if (parts.length > 2) {
                        v.error("couldn't parse range " + text + ", invalid format (expected: a value or start:end)");
                        return;
                    }
                    Optional<Integer> begin = member.read(parts[0], v);
                    Optional<Integer> end = parts.length == 2 ? member.read(parts[1], v) : begin;
                    if (begin.isPresent() && end.isPresent()) {
                        Range r = new Range(begin.get(), end.get());
                        if (check.ok(r, v)) {
                            out.add(r);
                        }
                    }
                });
            }
            return out;
        }).orElse(null);
    }

    /** Alertmanager's checks on {@code days_of_month}: 1 to 31 or -31 to -1, and never always empty. */
    private static boolean dayRange(Range r, YamlValue v) {
        for (int d : new int[] {r.begin(), r.end()}) {
            if (d == 0 || d < -31 || d > 31) {
                v.error(d + " is not a valid day of the month: out of range (expected: 1 to 31, or -31 to -1 from "
                        + "the month's end)");
                return false;
            }
        }
        if (r.begin() < 0 && r.end() > 0) {
            v.error("end day must be negative if start day is negative");
            return false;
        }
        int begin = r.begin() < 0 ? 28 + r.begin() : r.begin();
        int end = r.end() < 0 ? 28 + r.end() : r.end();
        if (begin > end) {
            v.error("end day " + r.end() + " is always before start day " + r.begin());
            return false;
        }
        return true;
    }
}
