-- The alerts of each alerting rule (pending, firing, or resolved and retained), so that a restart
-- neither restarts a rule's `for` count nor turns a firing alert back into a pending one.
CREATE TABLE rule_alerts (
    group_key          VARCHAR(1000) NOT NULL,
    rule_name          VARCHAR(500)  NOT NULL,
    fingerprint        VARCHAR(64)   NOT NULL,
    labels             VARCHAR(20000) NOT NULL,
    annotations        VARCHAR(100000) NOT NULL,
    state              VARCHAR(16)   NOT NULL,
    alert_value        DOUBLE PRECISION NOT NULL,
    active_at          BIGINT        NOT NULL,
    fired_at           BIGINT,
    resolved_at        BIGINT,
    keep_firing_since  BIGINT,
    PRIMARY KEY (group_key, rule_name, fingerprint)
);
