-- What the release tick has done for each step of a run, one row per transition, so each happens once across
-- restarts and a cluster: 'ready' (its team was told it is their turn), 'late' (ReleaseStepLate was raised and
-- not yet resolved).
CREATE TABLE release_step_marks (
    run_id  BIGINT        NOT NULL REFERENCES release_runs (id),
    step    VARCHAR(200)  NOT NULL,
    mark    VARCHAR(32)   NOT NULL,
    at      BIGINT        NOT NULL,
    PRIMARY KEY (run_id, step, mark)
);
-- Each run's board: the one message in the pipeline's channel that every change updates in place.
CREATE TABLE release_boards (
    run_id   BIGINT        PRIMARY KEY REFERENCES release_runs (id),
    channel  VARCHAR(200)  NOT NULL,
    ts       VARCHAR(64)   NOT NULL
);
CREATE INDEX release_runs_started ON release_runs (started_at);
