-- A run is finished when none of its steps can move any more (all succeeded, or failed and blocked): the release
-- tick looks only at runs that are not, so a busy history costs it nothing.
ALTER TABLE release_runs ADD COLUMN finished_at BIGINT;
CREATE INDEX release_runs_in_flight ON release_runs (finished_at, started_at);
