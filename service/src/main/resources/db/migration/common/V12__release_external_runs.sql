-- Automated steps' external runs being followed (an Airflow DAG run): when to ask next and how many asks in a row
-- failed, so following survives a restart and backs off while the other side is down.
CREATE TABLE release_external_runs (
    run_id         BIGINT         NOT NULL REFERENCES release_runs (id),
    step           VARCHAR(200)   NOT NULL,
    external_id    VARCHAR(200)   NOT NULL,
    link           VARCHAR(2000)  NOT NULL,
    next_check_at  BIGINT         NOT NULL,
    failures       INT            NOT NULL,
    PRIMARY KEY (run_id, step)
);
