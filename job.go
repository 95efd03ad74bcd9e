package allmenning

import (
	"context"
	"time"
)

// Job states. A job is pending until a runner claims it; running while a
// runner holds its lease; then done, pending again (with a later RunAt) after
// a failure, or dead when it has failed MaxAttempts times.
const (
	JobPending = "pending"
	JobRunning = "running"
	JobDone    = "done"
	JobDead    = "dead"
)

// DefaultJobMaxAttempts is how often a job is tried when NewJob does not say.
const DefaultJobMaxAttempts = 10

// NewJob is a job to enqueue.
type NewJob struct {
	Kind string
	// Key, when set, makes the job unique: while a job with the same key is
	// stored (pending, running, done or dead), a second one is not created.
	// Done jobs are kept for days, so e.g. "mail:notification:42" is sent once.
	Key     string
	Payload []byte // usually JSON
	RunAt   time.Time
	// MaxAttempts; 0 means DefaultJobMaxAttempts.
	MaxAttempts int
}

// Job is a stored job.
type Job struct {
	ID          int64
	Kind, Key   string
	Payload     []byte // emptied when the job is done, so that secrets in mail do not linger
	State       string
	RunAt       time.Time
	Attempts    int // claims so far, the current one included
	MaxAttempts int
	LastError   string
	ClaimedBy   string     // the runner holding or last holding the lease
	LockedUntil *time.Time // end of the lease while running
	CreatedAt   time.Time
	DoneAt      *time.Time // when it became done or dead
}

// JobFilter selects jobs for an admin view; empty fields match all.
type JobFilter struct {
	State, Kind   string
	Limit, Offset int
}

// JobCount is how many jobs of a kind are in a state.
type JobCount struct {
	Kind, State string
	N           int
}

// ErrLeaseLost is the answer (ECONFLICT) when a runner reports on a job it
// no longer holds: its lease ran out and another runner took it.
var ErrLeaseLost = Errorf(ECONFLICT, "error.job.lease_lost")

// JobStore keeps the job queue. Every method is safe to call from several
// processes on one database: a job is held by at most one runner at a time.
type JobStore interface {
	// EnqueueJob stores a job. created is false (and id the existing job's)
	// when j.Key is set and a job with that key is already stored.
	EnqueueJob(ctx context.Context, j NewJob) (id int64, created bool, err error)
	// ClaimJobs leases up to limit due jobs of the given kinds (all kinds when
	// empty) to worker until now+lease: pending jobs whose RunAt has come and
	// running jobs whose lease ran out (their runner died). Each claim counts
	// as an attempt; a job whose lease ran out on its last attempt becomes dead.
	ClaimJobs(ctx context.Context, worker string, kinds []string, now time.Time, lease time.Duration, limit int) ([]*Job, error)
	// CompleteJobs marks jobs done in one transaction and returns those that
	// worker no longer holds, which are left as they are.
	CompleteJobs(ctx context.Context, ids []int64, worker string, now time.Time) (lost []int64, err error)
	// FailJob records a failed attempt: the job is pending again from next,
	// or dead when it has used its attempts or permanent is set.
	FailJob(ctx context.Context, id int64, worker, lastError string, next time.Time, permanent bool, now time.Time) (dead bool, err error)
	// ReleaseJob gives a claimed job back without counting the attempt (a
	// runner stopping before it could finish).
	ReleaseJob(ctx context.Context, id int64, worker string, now time.Time) error
	// RetryJob makes a dead job pending again with fresh attempts.
	RetryJob(ctx context.Context, id int64, now time.Time) error
	FindJob(ctx context.Context, id int64) (*Job, error)
	FindJobByKey(ctx context.Context, key string) (*Job, error)
	FindJobs(ctx context.Context, f JobFilter) ([]*Job, error)
	CountJobs(ctx context.Context) ([]JobCount, error)
	// DeleteFinishedJobs removes done and dead jobs finished before before.
	DeleteFinishedJobs(ctx context.Context, before time.Time) (int, error)
}
