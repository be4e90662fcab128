-- Messages to one destination are claimed in order: a claim looks for an earlier pending message to the same place.
CREATE INDEX outbox_destination ON outbox (destination, status, id);
