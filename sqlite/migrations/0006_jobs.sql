-- Durable background jobs: e-mail, digests, escalations. A job is pending
-- until a runner claims it (running, with a lease until locked_until), then
-- done, or pending again with a later run_at after a failure, or dead after
-- max_attempts. Done jobs are kept for a while so that dedup_key still stops
-- the same work from being enqueued twice. SQLite has one writer, which
-- serialises claims.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    dedup_key    TEXT UNIQUE,
    payload      TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'dead')),
    run_at       TIMESTAMP NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    last_error   TEXT NOT NULL DEFAULT '',
    claimed_by   TEXT,
    locked_until TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    done_at      TIMESTAMP
);
-- The claim query: due pending jobs in run_at order, and running jobs whose lease ran out.
CREATE INDEX jobs_pending ON jobs (run_at, id) WHERE state = 'pending';
CREATE INDEX jobs_running ON jobs (locked_until) WHERE state = 'running';
-- Cleanup of old finished jobs.
CREATE INDEX jobs_finished ON jobs (done_at) WHERE state IN ('done', 'dead');
