package dev.vigil.notify;

/**
 * A message to a team's channel that is not about an incident: who is on call now (event {@code handoff}).
 * It has no buttons and no incident timeline.
 */
public record TeamNotice(String team, String event, String title, String text) implements Notice {
}
