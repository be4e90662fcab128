package dev.vigil.incident;

/** Another writer opened an incident for the same group first; the caller retries and joins it. */
public final class GroupAlreadyOpenException extends RuntimeException {
    public GroupAlreadyOpenException(String groupKey, Throwable cause) {
        super("an incident is already open for group " + groupKey, cause);
    }
}
