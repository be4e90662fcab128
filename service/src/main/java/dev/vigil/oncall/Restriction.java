package dev.vigil.oncall;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Set;

/** A window a restricted layer covers: from {@code from} on each listed day to {@code to}, on the next day when {@code to <= from}. */
public record Restriction(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    public Restriction {
        days = Set.copyOf(days);
    }

    /** Whether the local wall-clock time {@code t} falls inside this window. */
    public boolean covers(LocalDateTime t) {
        boolean overnight = !to.isAfter(from);
        LocalTime time = t.toLocalTime();
        if (days.contains(t.getDayOfWeek())) {
            if (!time.isBefore(from) && (overnight || time.isBefore(to))) {
                return true;
            }
        }
        // An overnight window that started yesterday covers the early hours of today.
        return overnight && days.contains(t.getDayOfWeek().minus(1)) && time.isBefore(to);
    }
}
