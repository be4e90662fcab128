package dev.vigil.escalation;

/** Whom an escalation step notifies: a user, whoever a schedule has on call, or a Slack channel. */
public sealed interface Target {

    /** A named user. */
    record UserTarget(String userId) implements Target {
    }

    /** Whoever the schedule has on call at the time of the step. */
    record ScheduleTarget(String scheduleId) implements Target {
    }

    /** A Slack channel. */
    record ChannelTarget(String channel) implements Target {
    }

    /** Parses {@code user:ID}, {@code schedule:ID} or {@code channel:ID}. */
    static Target parse(String text) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? "" : text.substring(0, colon);
        String id = colon < 0 ? "" : text.substring(colon + 1);
        if (id.isEmpty()) {
            kind = "";
        }
        return switch (kind) {
            case "user" -> new UserTarget(id);
            case "schedule" -> new ScheduleTarget(id);
            case "channel" -> new ChannelTarget(id);
            default -> throw new IllegalArgumentException(
                    "\"" + text + "\" is not a target (expected: user:ID, schedule:ID or channel:ID)");
        };
    }
}
