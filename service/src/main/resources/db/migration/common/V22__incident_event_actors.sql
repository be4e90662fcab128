-- Who did what an event records (acknowledged, resolved, escalated by hand, a note): a user from rules/ or an API
-- token's name; NULL for what Vigil did itself. The post-incident report lists responders from it.
ALTER TABLE incident_events ADD COLUMN actor VARCHAR(200);
