-- Each "now you do this" message as Slack answered it, so that when the step is reported done or failed the
-- message is updated in place: its buttons go, and it says what happened.
CREATE TABLE release_step_messages (
    run_id   BIGINT        NOT NULL REFERENCES release_runs (id),
    step     VARCHAR(200)  NOT NULL,
    channel  VARCHAR(200)  NOT NULL,
    ts       VARCHAR(64)   NOT NULL,
    PRIMARY KEY (run_id, step)
);
