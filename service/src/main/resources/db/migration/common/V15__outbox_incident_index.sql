-- Every change of an incident asks which places were messaged about it (to update them in place): without this
-- index that was a scan of the whole outbox per acknowledgement.
CREATE INDEX outbox_incident ON outbox (incident_id);
