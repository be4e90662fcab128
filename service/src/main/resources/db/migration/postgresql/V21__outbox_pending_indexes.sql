-- On PostgreSQL the outbox's lookups by status go to partial indexes that hold the rows they look for: the pending
-- messages (a claim's heads, a bundle, the backlog, leases to release) and the failed ones (the health check's
-- count). A message marked sent then leaves both, so marking it sent writes two index entries (its id, its
-- incident) instead of four, and the pending index stays as small as the backlog however long the outbox grows.
-- H2 has no partial indexes: it keeps outbox_heads and outbox_due (common/V1, common/V16).
CREATE INDEX outbox_pending ON outbox (destination, id) WHERE status = 'PENDING';
CREATE INDEX outbox_failed ON outbox (sent_at) WHERE status = 'FAILED';
DROP INDEX outbox_heads;
DROP INDEX outbox_due;
