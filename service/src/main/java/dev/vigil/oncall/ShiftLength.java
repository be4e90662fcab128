package dev.vigil.oncall;

import java.time.Duration;
import java.time.Period;
import java.time.ZonedDateTime;

/**
 * A shift's length: {@code Nh} is elapsed time; {@code Nd} and {@code Nw} are wall-clock days in the
 * schedule's zone, so a weekly 09:00 handoff stays at 09:00 across daylight-saving changes.
 */
public record ShiftLength(int amount, Unit unit) {

    /** The three units SPEC §3.4 allows. */
    public enum Unit { HOURS, DAYS, WEEKS }

    public ShiftLength {
        if (amount <= 0) {
            throw new IllegalArgumentException("shiftLength: " + amount + " (expected: > 0)");
        }
    }

    /** Parses {@code 12h}, {@code 1d}, {@code 2w}. */
    public static ShiftLength parse(String text) {
        if (text != null && text.matches("[1-9][0-9]{0,5}[hdw]")) {
            int n = Integer.parseInt(text.substring(0, text.length() - 1));
            return new ShiftLength(n, switch (text.charAt(text.length() - 1)) {
                case 'h' -> Unit.HOURS;
                case 'd' -> Unit.DAYS;
                default -> Unit.WEEKS;
            });
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a shift length (expected: Nh, Nd or Nw, e.g. 12h, 1d, 1w)");
    }

    /** The start of shift {@code k} of a layer that starts at {@code start}. */
    public ZonedDateTime shiftStart(ZonedDateTime start, long k) {
        return switch (unit) {
            case HOURS -> start.plus(Duration.ofHours(k * amount));
            case DAYS -> start.toLocalDateTime().plus(Period.ofDays(Math.toIntExact(k * amount))).atZone(start.getZone());
            case WEEKS -> start.toLocalDateTime().plusWeeks(k * amount).atZone(start.getZone());
        };
    }

    /** A lower bound on how many shifts fit into {@code elapsed}, used to start the search near the answer. */
    long estimateShifts(Duration elapsed) {
        long hours = switch (unit) {
            case HOURS -> amount;
            case DAYS -> 24L * amount;
            case WEEKS -> 168L * amount;
        };
        return Math.max(0, elapsed.toHours() / hours - 1);
    }

    @Override
    public String toString() {
        return amount + switch (unit) {
            case HOURS -> "h";
            case DAYS -> "d";
            case WEEKS -> "w";
        };
    }
}
