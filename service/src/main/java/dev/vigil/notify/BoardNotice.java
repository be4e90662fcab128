package dev.vigil.notify;

import java.util.List;

/**
 * A release run's board: one line per step (state, team, since when, link). Posted once to the pipeline's channel
 * when the run starts; every later board of the same run updates that message in place.
 */
public record BoardNotice(long runId, String pipeline, String version, List<String> lines) implements Notice {
    public BoardNotice {
        lines = List.copyOf(lines);
    }

    @Override
    public String event() {
        return "board";
    }

    @Override
    public String title() {
        return pipeline + " " + version + " (run " + runId + ")";
    }
}
