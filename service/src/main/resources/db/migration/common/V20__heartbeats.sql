-- Heartbeat probes' pings and reported failures, so a restart or another node of a cluster knows the last one.
-- first_seen is when Vigil first looked at the heartbeat: one never pinged is overdue expect_every after it.
CREATE TABLE heartbeats (
    name          VARCHAR(500) PRIMARY KEY,
    first_seen    BIGINT        NOT NULL,
    last_ping     BIGINT,
    last_fail     BIGINT,
    fail_message  VARCHAR(2000) NOT NULL
);
