-- A claim asks for the oldest pending message of each destination (only that one may be sent, to keep each
-- destination's order). Ordered by status first, the pending rows are one short range of the index however many
-- sent ones the table holds; it serves the "pending messages of one destination" reads as the old index did.
CREATE INDEX outbox_heads ON outbox (status, destination, id);
DROP INDEX outbox_destination;
