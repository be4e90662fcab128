package dev.vigil.escalation;

import dev.vigil.oncall.User;

/** Someone or somewhere a step's targets resolved to. */
public sealed interface Recipient {

    /** A person, reached by a direct message. */
    record Person(User user) implements Recipient {
    }

    /** A Slack channel. */
    record Channel(String channel) implements Recipient {
    }
}
