package dev.vigil.oncall;

import java.util.Objects;

/**
 * A team that owns alerts and release steps: its Slack channel, the escalation policy that pages it, and whether
 * its channel is told when a schedule of that policy hands over to someone else.
 */
public record Team(String id, String name, String slackChannel, String escalationPolicy, boolean handoffNotices) {
    public Team {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isEmpty() ? id : name;
        slackChannel = slackChannel == null ? "" : slackChannel;
        escalationPolicy = escalationPolicy == null ? "" : escalationPolicy;
    }
}
