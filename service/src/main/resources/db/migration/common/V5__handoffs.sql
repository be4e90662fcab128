-- Team notices (who is on call now) are outbox messages about no incident.
ALTER TABLE outbox ALTER COLUMN incident_id DROP NOT NULL;

-- Who each schedule had on call when Vigil last looked: a change is announced once, by one node.
CREATE TABLE schedule_handoffs (
    schedule_id  VARCHAR(200)  NOT NULL PRIMARY KEY,
    users        VARCHAR(4000) NOT NULL,        -- a JSON array of user ids
    changed_at   BIGINT        NOT NULL
);
