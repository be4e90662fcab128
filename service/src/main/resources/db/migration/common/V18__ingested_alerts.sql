-- Alerts posted to POST /api/v2/alerts that fire: their endsAt is kept in memory (a re-send costs no write), but
-- which alerts there are is kept here, so that after a restart one that is never posted again resolves.
CREATE TABLE ingested_alerts (
    fingerprint VARCHAR(64)    PRIMARY KEY,
    labels      VARCHAR(20000) NOT NULL,
    seen_at     BIGINT         NOT NULL
);
