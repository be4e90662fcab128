package dev.vigil.notify;

/**
 * An incident changed: the messages already posted about it to one destination are updated in place to show
 * {@code state} (status, who, the buttons that still make sense), and, for the team's channel, {@code threadLine}
 * is added to the thread of its first message. Where nothing was posted on its own (the post failed, or went out in
 * a bundle), a channel gets {@code state} as a new message and a person gets nothing more.
 */
public record IncidentUpdate(IncidentNotice state, String threadLine) implements Notice {
    public IncidentUpdate {
        threadLine = threadLine == null ? "" : threadLine;
    }

    public long incidentId() {
        return state.incidentId();
    }

    /** True for the team channel's update, which also adds a line to the thread. */
    public boolean threaded() {
        return !threadLine.isEmpty();
    }

    @Override
    public String event() {
        return state.event();
    }

    @Override
    public String title() {
        return state.title();
    }
}
