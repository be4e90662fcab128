-- Each probe's alert state between runs, so a restart or the next run on another node of a cluster carries on
-- the same `for:` count. failing_since is null while the probe succeeds.
CREATE TABLE probe_states (
    probe          VARCHAR(500) PRIMARY KEY,
    failing_since  BIGINT,
    known_clear    BOOLEAN      NOT NULL,
    updated_at     BIGINT       NOT NULL
);
