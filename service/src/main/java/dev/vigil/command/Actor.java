package dev.vigil.command;

/** Who runs a command: a user from rules/ (acting from Slack, the web UI or the CLI), or an API token. */
public sealed interface Actor {
    /** The name the timeline shows. */
    String name();

    /** May this actor run commands that respond to incidents and change on-call (ack, page, override)? */
    boolean mayRespond();

    /** May this actor start release runs and report their steps? */
    boolean mayRelease();

    /** A person in rules/ {@code users}: every Vigil user may respond and run releases, as in GoAlert. */
    record User(String id) implements Actor {
        @Override
        public String name() {
            return id;
        }

        @Override
        public boolean mayRespond() {
            return true;
        }

        @Override
        public boolean mayRelease() {
            return true;
        }
    }

    /** An API token from config.yml, by name, with its role (admin, respond, ingest, read). */
    record Token(String tokenName, String role) implements Actor {
        @Override
        public String name() {
            return tokenName;
        }

        @Override
        public boolean mayRespond() {
            return role.equals("admin") || role.equals("respond");
        }

        @Override
        public boolean mayRelease() {
            return role.equals("admin") || role.equals("ingest");
        }
    }
}
