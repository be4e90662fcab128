package dev.vigil.oncall;

import java.util.Objects;

/** A team that owns alerts and release steps: its Slack channel and the escalation policy that pages it. */
public record Team(String id, String name, String slackChannel, String escalationPolicy) {
    public Team {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isEmpty() ? id : name;
        slackChannel = slackChannel == null ? "" : slackChannel;
        escalationPolicy = escalationPolicy == null ? "" : escalationPolicy;
    }
}
