package dev.vigil.notify;

/**
 * "Now you do this": a step of a release run became its team's turn. For a manual step the message carries the
 * Mark done / Mark failed buttons ({@code vigil_step_done}, {@code vigil_step_failed}, value {@code RUN/STEP}).
 * With an {@code outcome} ("succeeded: marked done in Slack by quinn") it replaces the message sent when the step
 * became ready: the buttons go, and it says what happened.
 */
public record StepNotice(long runId, String pipeline, String version, String step, String team, String runbookUrl,
                         boolean manual, String outcome) implements Notice {
    public StepNotice {
        runbookUrl = runbookUrl == null ? "" : runbookUrl;
        outcome = outcome == null ? "" : outcome;
    }

    public StepNotice(long runId, String pipeline, String version, String step, String team, String runbookUrl,
                      boolean manual) {
        this(runId, pipeline, version, step, team, runbookUrl, manual, "");
    }

    /** The step is over: this replaces its ready message. */
    public boolean ended() {
        return !outcome.isEmpty();
    }

    @Override
    public String event() {
        return ended() ? "step_" + outcome.split(":", 2)[0] : "step_ready";
    }

    @Override
    public String title() {
        return pipeline + " " + version + " (run " + runId + "): " + step + " is ready for " + team;
    }
}
