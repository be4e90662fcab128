package dev.vigil.command;

/** What became of a command: done (with what changed, and words for the person), or refused and why. */
public sealed interface CommandResult {
    /** Words a person can read: "Acknowledged #12 (Disk full)". */
    String message();

    /** The command ran; {@code value} is what it made or changed (an incident, a run, an override). */
    record Done(String message, Object value) implements CommandResult {
    }

    /** The command changed nothing. */
    record Refused(Reason reason, String message) implements CommandResult {
    }

    /** Why a command was refused: each maps to one HTTP status and one kind of Slack answer. */
    enum Reason {
        /** The actor may not run it (403). */
        FORBIDDEN,
        /** What it names does not exist (404). */
        NOT_FOUND,
        /** It does not fit what it names now (409: an escalation of a resolved incident). */
        CONFLICT,
        /** It is malformed (400). */
        INVALID
    }
}
