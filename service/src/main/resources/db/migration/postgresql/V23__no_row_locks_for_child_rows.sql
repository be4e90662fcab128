-- On PostgreSQL every row inserted under a foreign key first locks its parent row FOR KEY SHARE. The outbox, the
-- timeline and the release tables below are written on every request and by the sender, always about an incident or
-- a run that the same transaction wrote or read, and no incident or run is ever deleted: those checks could fail
-- only through a bug, and StoreContractTest looks for such a row after each of its tests instead. They cost a lot:
-- a quarter of all statements run under bench/load.sh, each one writing a lock into a hot incident's row (a
-- multixact when the incident's own update runs at the same time). Without them PostgreSQL spent 10% less CPU per
-- request under the same load, which then ran 7% more requests a second (alternating 30 s windows of one run,
-- docs/benchmarks.md). H2 keeps its keys; it was not measured there.
ALTER TABLE outbox DROP CONSTRAINT outbox_incident_id_fkey;
ALTER TABLE incident_events DROP CONSTRAINT incident_events_incident_id_fkey;
ALTER TABLE incident_alerts DROP CONSTRAINT incident_alerts_incident_id_fkey;
ALTER TABLE slack_messages DROP CONSTRAINT slack_messages_incident_id_fkey;
ALTER TABLE incident_timers DROP CONSTRAINT incident_timers_incident_id_fkey;
ALTER TABLE release_steps DROP CONSTRAINT release_steps_run_id_fkey;
ALTER TABLE release_boards DROP CONSTRAINT release_boards_run_id_fkey;
ALTER TABLE release_step_messages DROP CONSTRAINT release_step_messages_run_id_fkey;
ALTER TABLE release_step_marks DROP CONSTRAINT release_step_marks_run_id_fkey;
ALTER TABLE release_external_runs DROP CONSTRAINT release_external_runs_run_id_fkey;
