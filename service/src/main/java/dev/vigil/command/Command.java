package dev.vigil.command;

import dev.vigil.release.StepStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * Every change a person or a client can ask of Vigil, whichever way it arrives (HTTP API, Slack button, {@code /vigil},
 * the CLI): each one is run by {@link CommandExecutor} and nothing else changes incidents.
 */
public sealed interface Command {
    record Acknowledge(long incident) implements Command {
    }

    record Resolve(long incident) implements Command {
    }

    record Escalate(long incident) implements Command {
    }

    record AddNote(long incident, String text) implements Command {
    }

    /** Changes an incident's severity, its summary (the title its messages show), or both (SPEC §4 triage). */
    record Triage(long incident, Optional<String> severity, Optional<String> summary) implements Command {
    }

    /** Pages {@code user} (a user from rules/) for an incident, to help whoever has it (SPEC §4 triage). */
    record AddResponder(long incident, String user) implements Command {
    }

    /** Opens an incident for a team by hand. */
    record PageTeam(String team, String text) implements Command {
    }

    /**
     * {@code user} takes a schedule from {@code start} (empty: now) for {@code duration}; without a schedule, the one
     * schedule the user takes turns in.
     */
    record Override(String user, Optional<String> schedule, Optional<java.time.Instant> start, Duration duration)
            implements Command {
    }

    /**
     * Creates a silence, or changes the one {@code id} names (Alertmanager's rules: {@code silence.Silences});
     * {@code createdBy} is the author a client gave, empty for the actor.
     */
    record Silence(Optional<String> id, java.util.List<dev.vigil.label.Matcher> matchers, java.time.Instant startsAt,
                   java.time.Instant endsAt, String createdBy, String comment) implements Command {
    }

    /** Ends a silence now. */
    record ExpireSilence(String id) implements Command {
    }

    record StartRelease(String pipeline, String version) implements Command {
    }

    record ReportStep(long run, String step, StepStatus status, String message, String url) implements Command {
    }
}
