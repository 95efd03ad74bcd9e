// Package jobs runs background work stored in the database: e-mail, digests,
// escalations. Jobs survive restarts, are retried with exponential backoff and
// are run by one runner at a time, also when several nodes share one
// PostgreSQL (the store claims with FOR UPDATE SKIP LOCKED and a lease).
//
// Delivery is at least once: a job whose runner dies after the work but before
// recording it is run again when its lease runs out. Unique keys keep the same
// work from being enqueued twice.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"github.com/allmenning/allmenning"
)

// Handler does the work of one job. An error fails the attempt; wrap it with
// Permanent when retrying cannot help.
type Handler func(ctx context.Context, j *allmenning.Job) error

// Enqueue stores a job of kind with payload encoded as JSON. With a key, a
// job with the same key that is already stored (even done) wins. A zero
// runAt means now.
func Enqueue(ctx context.Context, s allmenning.JobStore, kind, key string, payload any, runAt time.Time) error {
	_, _, err := enqueue(ctx, s, kind, key, payload, runAt, 0)
	return err
}

func enqueue(ctx context.Context, s allmenning.JobStore, kind, key string, payload any, runAt time.Time, maxAttempts int) (int64, bool, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return 0, false, fmt.Errorf("jobs: encode %s payload: %w", kind, err)
	}
	return s.EnqueueJob(ctx, allmenning.NewJob{Kind: kind, Key: key, Payload: b, RunAt: runAt, MaxAttempts: maxAttempts})
}

// Decode unmarshals a job's JSON payload; a payload that does not decode is a
// permanent failure.
func Decode(j *allmenning.Job, v any) error {
	if err := json.Unmarshal(j.Payload, v); err != nil {
		return Permanent(fmt.Errorf("jobs: decode %s payload: %w", j.Kind, err))
	}
	return nil
}

type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks an error that retrying will not cure: the job becomes dead at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// Runner claims due jobs and runs their handlers. Set the exported fields
// before Run; the defaults suit production.
type Runner struct {
	// Poll is how often the queue is checked when nothing wakes the runner.
	Poll time.Duration
	// Lease is how long a claimed job is reserved for this runner; a handler
	// gets 90% of it, after which its context is cancelled.
	Lease time.Duration
	// Concurrency is how many jobs run at once, and so the most a claim
	// takes. Mail waits on the network, not on the cores: 32 lets a node
	// send the mail of some 500 replies a second as they come.
	Concurrency int
	// StopTimeout is how long a stopping runner lets running jobs finish
	// before it cancels them and gives them back to the queue.
	StopTimeout time.Duration
	// BackoffBase and BackoffMax shape the wait after failed attempt n:
	// min(BackoffMax, BackoffBase·2^(n-1)), of which a random half is jitter.
	BackoffBase, BackoffMax time.Duration
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Worker names this runner in the jobs table (claimed_by).
	Worker string

	store    allmenning.JobStore
	log      *slog.Logger
	handlers map[string]Handler
	every    []recurring
	wake     chan struct{}
	metrics  *metrics
	done     completer
}

type recurring struct {
	kind     string
	interval time.Duration
}

// NewRunner returns a runner on store that logs to log.
func NewRunner(store allmenning.JobStore, log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	host, _ := os.Hostname()
	r := &Runner{
		Poll: time.Second, Lease: 5 * time.Minute, Concurrency: 32, StopTimeout: 10 * time.Second,
		BackoffBase: 10 * time.Second, BackoffMax: time.Hour,
		Now:    time.Now,
		Worker: fmt.Sprintf("%s-%d-%08x", host, os.Getpid(), rand.Uint32()),
		store:  store, log: log.With("component", "jobs"),
		handlers: map[string]Handler{},
		wake:     make(chan struct{}, 1),
		metrics:  newMetrics(store),
	}
	r.done = completer{r: r}
	return r
}

// Handle registers the handler for a kind. Only registered kinds are claimed,
// so a node that does not know a kind leaves its jobs to one that does.
func (r *Runner) Handle(kind string, h Handler) {
	r.handlers[kind] = h
}

// Every runs fn once per interval-long slot (aligned to UTC, e.g. every whole
// hour), on exactly one of the runners sharing the database: each slot is a
// job with the unique key "every:KIND:SLOT", and running it enqueues the next.
// fn gets the slot's start. A slot missed while no node ran is run late, once.
func (r *Runner) Every(kind string, interval time.Duration, fn func(ctx context.Context, slot time.Time) error) {
	if interval <= 0 {
		panic("jobs: Every needs a positive interval")
	}
	r.every = append(r.every, recurring{kind, interval})
	r.Handle(kind, func(ctx context.Context, j *allmenning.Job) error {
		var p slotPayload
		if err := Decode(j, &p); err != nil {
			return err
		}
		// The next slot first, so that a failing fn does not end the chain.
		next := p.Slot.Add(interval)
		if cur := r.Now().UTC().Truncate(interval); next.Before(cur) {
			next = cur
		}
		if err := r.enqueueSlot(ctx, kind, next); err != nil {
			return err
		}
		return fn(ctx, p.Slot)
	})
}

type slotPayload struct {
	Slot time.Time `json:"slot"`
}

// SlotKey is the unique key of a recurring job's slot.
func SlotKey(kind string, slot time.Time) string {
	return "every:" + kind + ":" + slot.UTC().Format(time.RFC3339)
}

// recurringAttempts is small: a slot retried into the next one is pointless.
const recurringAttempts = 3

func (r *Runner) enqueueSlot(ctx context.Context, kind string, slot time.Time) error {
	_, _, err := enqueue(ctx, r.store, kind, SlotKey(kind, slot), slotPayload{Slot: slot.UTC()}, slot, recurringAttempts)
	return err
}

// ensureRecurring makes sure the current slot of every recurring kind is
// queued (or done already): the chain's start, and its repair if it broke.
func (r *Runner) ensureRecurring(ctx context.Context) error {
	var errs []error
	for _, e := range r.every {
		errs = append(errs, r.enqueueSlot(ctx, e.kind, r.Now().UTC().Truncate(e.interval)))
	}
	return errors.Join(errs...)
}

// Cleanup registers an hourly job that deletes done and dead jobs older than
// retention. Done jobs are what keeps a unique key taken, so retention is
// at least twice the longest Every interval.
func (r *Runner) Cleanup(retention time.Duration) {
	r.Every("jobs.cleanup", time.Hour, func(ctx context.Context, slot time.Time) error {
		keep := retention
		for _, e := range r.every {
			keep = max(keep, 2*e.interval)
		}
		n, err := r.store.DeleteFinishedJobs(ctx, r.Now().Add(-keep))
		if n > 0 {
			r.log.InfoContext(ctx, "deleted finished jobs", "count", n, "older_than", keep)
		}
		return err
	})
}

// Wake makes a running Run look for due jobs now instead of at the next poll.
func (r *Runner) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Store returns the runner's store, which wakes the runner whenever a job is
// enqueued through it: jobs enqueued in this process start at once.
func (r *Runner) Store() allmenning.JobStore { return wakingStore{r.store, r} }

type wakingStore struct {
	allmenning.JobStore
	r *Runner
}

// Wake wakes the runner, for jobs enqueued through another store of the
// same database (in a transaction with other writes).
func (s wakingStore) Wake() { s.r.Wake() }

func (s wakingStore) EnqueueJob(ctx context.Context, j allmenning.NewJob) (int64, bool, error) {
	id, created, err := s.JobStore.EnqueueJob(ctx, j)
	if created && (j.RunAt.IsZero() || !j.RunAt.After(s.r.Now())) {
		s.r.Wake()
	}
	return id, created, err
}

func (r *Runner) kinds() []string {
	kinds := make([]string, 0, len(r.handlers))
	for k := range r.handlers {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// Backoff returns the wait after failed attempt n (1 for the first):
// exponential with a cap, half of it random so that failures spread out.
func (r *Runner) Backoff(attempt int) time.Duration {
	d := r.BackoffMax
	if attempt < 1 {
		attempt = 1
	}
	if attempt <= 40 {
		if e := r.BackoffBase << (attempt - 1); e > 0 && e < d {
			d = e
		}
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// Run claims and runs jobs until ctx is cancelled. It then lets running jobs
// finish for StopTimeout, cancels those still running and gives them back to
// the queue, and returns nil.
func (r *Runner) Run(ctx context.Context) error {
	if len(r.handlers) == 0 {
		return errors.New("jobs: no handlers")
	}
	// Jobs run on a context of their own, so that stopping can let them finish.
	jobCtx, cancelJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelJobs()
	kinds := r.kinds()
	r.log.InfoContext(ctx, "job runner started", "worker", r.Worker, "kinds", kinds, "concurrency", r.Concurrency)
	poll := time.NewTicker(r.Poll)
	defer poll.Stop()
	// The current slots are made sure of now and every few minutes.
	var lastEnsure time.Time
	done := make(chan struct{}, r.Concurrency)
	var wg sync.WaitGroup
	running := 0
	for ctx.Err() == nil {
		if now := time.Now(); now.Sub(lastEnsure) > time.Minute {
			if err := r.ensureRecurring(ctx); err != nil && ctx.Err() == nil {
				r.log.ErrorContext(ctx, "scheduling recurring jobs", "error", err)
			} else {
				lastEnsure = now
			}
		}
		if free := r.Concurrency - running; free > 0 {
			// Not cancelled by a stop: a claim that commits while the caller
			// gives up would leave jobs leased to no one until the lease ends.
			cctx, ccancel := context.WithTimeout(jobCtx, 30*time.Second)
			jobs, err := r.store.ClaimJobs(cctx, r.Worker, kinds, r.Now(), r.Lease, free)
			ccancel()
			if err != nil {
				r.log.ErrorContext(ctx, "claiming jobs", "error", err)
			}
			for _, j := range jobs {
				running++
				wg.Add(1)
				go func() {
					defer wg.Done()
					r.run(jobCtx, j, func() { done <- struct{}{} })
				}()
			}
		}
		select {
		case <-ctx.Done():
		case <-r.wake:
		case <-poll.C:
		case <-done:
			running--
		}
		// Every job that has finished meanwhile frees its slot before the
		// next claim: one claim for all of them, not one per job (a claim
		// is a write, and under load waits its turn at the writer).
		for freed := true; freed; {
			select {
			case <-done:
				running--
			default:
				freed = false
			}
		}
	}
	stopped := make(chan struct{})
	go func() { wg.Wait(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(r.StopTimeout):
		r.log.Warn("job runner stopping: cancelling running jobs", "running", running)
		cancelJobs()
		<-stopped
	}
	r.log.Info("job runner stopped", "worker", r.Worker)
	return nil
}

// RunDue runs every job that is due now, one at a time, and returns how many
// ran (whatever their outcome). Tests use it instead of Run.
func (r *Runner) RunDue(ctx context.Context) (int, error) {
	if err := r.ensureRecurring(ctx); err != nil {
		return 0, err
	}
	kinds := r.kinds()
	seen := map[int64]bool{}
	n := 0
	for {
		jobs, err := r.store.ClaimJobs(ctx, r.Worker, kinds, r.Now(), r.Lease, 1)
		if err != nil || len(jobs) == 0 {
			return n, err
		}
		j := jobs[0]
		if seen[j.ID] {
			// Failed and due again at once (a clock that stands still): once per call is enough.
			return n, r.store.ReleaseJob(ctx, j.ID, r.Worker, r.Now())
		}
		seen[j.ID] = true
		r.run(ctx, j, func() {})
		n++
	}
}

// run runs one claimed job, calls release when its handler has returned,
// and then records the outcome. The slot is free before the outcome is
// written: under load that write waits its turn at the writer, and the
// next job need not wait with it.
func (r *Runner) run(ctx context.Context, j *allmenning.Job, release func()) {
	log := r.log.With("job", j.ID, "kind", j.Kind, "attempt", j.Attempts)
	start := time.Now()
	hctx, cancel := context.WithTimeout(ctx, r.Lease*9/10)
	err := r.call(hctx, j)
	cancel()
	release()
	r.metrics.duration.WithLabelValues(j.Kind).Observe(time.Since(start).Seconds())
	// Recording the outcome must not fail because the runner is stopping.
	sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer scancel()
	now := r.Now()
	switch {
	case err == nil:
		if serr := r.done.complete(sctx, j.ID); serr != nil {
			log.Error("job done but not recorded; it may run again", "error", serr)
			return
		}
		r.metrics.result(j.Kind, "done")
		log.Debug("job done", "duration", time.Since(start))
	case ctx.Err() != nil:
		// Stopping: give the job back without counting the attempt.
		if serr := r.store.ReleaseJob(sctx, j.ID, r.Worker, now); serr != nil {
			log.Error("releasing job", "error", serr)
			return
		}
		r.metrics.result(j.Kind, "released")
		log.Info("job released: runner stopping", "error", err)
	default:
		next := now.Add(r.Backoff(j.Attempts))
		dead, serr := r.store.FailJob(sctx, j.ID, r.Worker, err.Error(), next, IsPermanent(err), now)
		if serr != nil {
			log.Error("job failed and not recorded", "error", err, "store_error", serr)
			return
		}
		if dead {
			r.metrics.result(j.Kind, "dead")
			log.Error("job failed for the last time; it is dead", "error", err, "max_attempts", j.MaxAttempts)
			return
		}
		r.metrics.result(j.Kind, "retry")
		log.Warn("job failed; will retry", "error", err, "next", next)
	}
}

// call runs the handler, turning a panic into an error.
func (r *Runner) call(ctx context.Context, j *allmenning.Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("job handler panicked", "job", j.ID, "kind", j.Kind, "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	h := r.handlers[j.Kind]
	if h == nil {
		return Permanent(fmt.Errorf("jobs: no handler for kind %q", j.Kind))
	}
	return h(ctx, j)
}
