package dev.vigil.notify;

/**
 * "Now you do this": a step of a release run became its team's turn. For a manual step the message carries the
 * Mark done / Mark failed buttons ({@code vigil_step_done}, {@code vigil_step_failed}, value {@code RUN/STEP}).
 */
public record StepNotice(long runId, String pipeline, String version, String step, String team, String runbookUrl,
                         boolean manual) implements Notice {
    public StepNotice {
        runbookUrl = runbookUrl == null ? "" : runbookUrl;
    }

    @Override
    public String event() {
        return "step_ready";
    }

    @Override
    public String title() {
        return pipeline + " " + version + " (run " + runId + "): " + step + " is ready for " + team;
    }
}
