-- Each running Vigil process is a node with a heartbeat. A message claimed for sending records which node leased
-- it, so when that node stops beating (killed mid-send) the others, or the same process restarted, take the message
-- over within seconds instead of waiting out the lease and holding up every later message to the same place.
ALTER TABLE outbox ADD COLUMN leased_by VARCHAR(64);
CREATE TABLE vigil_nodes (
    node_id     VARCHAR(64) PRIMARY KEY,
    started_at  BIGINT      NOT NULL,
    seen_at     BIGINT      NOT NULL
);
