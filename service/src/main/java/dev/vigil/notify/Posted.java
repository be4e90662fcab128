package dev.vigil.notify;

/** A message Slack accepted, as it can be found again: the channel it is in (a DM's own id) and its ts. */
public record Posted(String channel, String ts) {
}
