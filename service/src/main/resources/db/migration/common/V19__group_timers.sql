-- Alertmanager's grouping timers, one row per incident (GroupTimer): the opening route's settings, when the
-- planner looks at the incident next, when its first page and its last notice went out, and why it was muted then.
-- Incidents opened before this table existed have no row and are treated as paged when they opened.
CREATE TABLE incident_timers (
    incident_id        BIGINT        NOT NULL PRIMARY KEY REFERENCES incidents (id),
    route_id           VARCHAR(200)  NOT NULL,
    group_wait_ms      BIGINT        NOT NULL,
    group_interval_ms  BIGINT        NOT NULL,
    repeat_interval_ms BIGINT        NOT NULL,
    flush_at           BIGINT,
    paged_at           BIGINT,
    noticed_at         BIGINT,
    muted              VARCHAR(2000) NOT NULL
);
CREATE INDEX incident_timers_due ON incident_timers (flush_at);

-- Whether an alert's present state went out in a notice; alerts from before were told as they came.
ALTER TABLE incident_alerts ADD COLUMN notified BOOLEAN DEFAULT TRUE NOT NULL;
