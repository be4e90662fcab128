package dev.vigil.release;

/** Starts automated steps' external runs and asks how they are going (Airflow, webhooks); an adapter does the HTTP. */
public interface ExternalRunner {
    /** What starting or checking an external run came to. */
    sealed interface Result {
    }

    /** Started: the external run's id and a link a person can open. */
    record Started(String id, String link) implements Result {
    }

    /** Still going (queued or running). */
    record Running() implements Result {
    }

    record Succeeded() implements Result {
    }

    /** The external run ended badly. */
    record Failed(String reason) implements Result {
    }

    /** Could not be reached (down, 5xx, timeout): worth asking again later. */
    record Unreachable(String reason) implements Result {
    }

    /** Refused (401, 403, 404, a missing URL variable): asking again will not help. */
    record Refused(String reason) implements Result {
    }

    Result start(StepRun run, ReleaseRun release, String step);

    Result check(StepRun run, String externalId);
}
