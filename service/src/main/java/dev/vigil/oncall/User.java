package dev.vigil.oncall;

import java.util.Objects;

/** A person who can be paged; {@code slackId} is how Slack reaches them (may be empty). */
public record User(String id, String name, String slackId, String email) {
    public User {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isEmpty() ? id : name;
        slackId = slackId == null ? "" : slackId;
        email = email == null ? "" : email;
    }
}
