-- When a step last started running (its first 'running' report after anything else), for its duration on the
-- board, in the API and in vigil_release_step_duration_seconds.
ALTER TABLE release_steps ADD COLUMN started_at BIGINT;
