package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Group commit, for a database with a single writer (SQLite).
//
// Without it, each write transaction takes its own turn at the one write
// connection: BEGIN, its statements, the data versions, COMMIT (writing the
// WAL frames), then the connection handed to the next waiting goroutine.
// Under load the turns, not the statements, are the cost, and the goroutine
// holding the connection often waits for a CPU while the others queue
// behind it. The write queue runs the transactions that are waiting as one
// SQLite transaction instead: each in its own SAVEPOINT, so one that fails
// is rolled back alone and the others keep their writes; the data versions
// and post counts of all of them are written once; one COMMIT. No caller
// hears of success before that commit, and if it fails, every caller in the
// batch gets its error.

// maxBatch bounds how many transactions share one commit, so that the
// first in a batch does not wait long for the last.
const maxBatch = 64

// errClosed is returned for writes queued after the database was closed.
var errClosed = errors.New("store: database closed")

type writeJob struct {
	ctx    context.Context
	fn     func(tx *Tx) error
	err    error
	panic  any // a panic in fn, raised again in the caller's goroutine
	done   chan struct{}
	failed bool // fn returned an error or panicked: rolled back alone
}

type writeQueue struct {
	mu     sync.Mutex
	jobs   []*writeJob
	closed bool
	wake   chan struct{} // capacity 1: "there is work"
}

// startWriteQueue starts the goroutine that runs queued write transactions.
func (db *DB) startWriteQueue() {
	q := &writeQueue{wake: make(chan struct{}, 1)}
	db.writes = q
	db.bg.Add(1)
	go func() {
		defer db.bg.Done()
		for {
			select {
			case <-db.ctx.Done():
				q.mu.Lock()
				q.closed = true
				rest := q.jobs
				q.jobs = nil
				q.mu.Unlock()
				for _, j := range rest {
					j.err = errClosed
					close(j.done)
				}
				return
			case <-q.wake:
			}
			for {
				q.mu.Lock()
				n := min(len(q.jobs), maxBatch)
				batch := q.jobs[:n:n]
				q.jobs = q.jobs[n:]
				q.mu.Unlock()
				if n == 0 {
					break
				}
				db.runBatch(batch)
			}
		}
	}()
}

// queueTx runs fn through the write queue and waits for its outcome. The
// caller always waits: once queued, fn may run and commit, and a caller that
// gave up could not tell whether it did.
func (db *DB) queueTx(ctx context.Context, fn func(tx *Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan struct{})}
	q := db.writes
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return errClosed
	}
	q.jobs = append(q.jobs, j)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	<-j.done
	if j.panic != nil {
		panic(j.panic)
	}
	return j.err
}

// runBatch runs jobs in one transaction, each in a savepoint.
func (db *DB) runBatch(jobs []*writeJob) {
	// The batch outlives any one caller's request: a caller that goes away
	// must not interrupt the others' statements (an interrupted write rolls
	// back SQLite's whole transaction).
	ctx := context.Background()
	err := func() error {
		tx, err := db.begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		tx.fixed = ctx
		for _, j := range jobs {
			if err := db.runJob(tx, j); err != nil {
				return err
			}
		}
		return tx.commit(ctx)
	}()
	for _, j := range jobs {
		if err != nil && !j.failed {
			j.err = err
		}
		close(j.done)
	}
}

// runJob runs one job in a savepoint of tx. A job that fails is rolled back
// to its savepoint; the error returned is one that ends the whole batch.
func (db *DB) runJob(tx *Tx, j *writeJob) error {
	if err := j.ctx.Err(); err != nil {
		j.err, j.failed = err, true
		return nil
	}
	if _, err := tx.ExecContext(tx.fixed, "SAVEPOINT job"); err != nil {
		return err
	}
	sub := &Tx{Tx: tx.Tx, db: db, fixed: tx.fixed}
	func() {
		defer func() {
			if p := recover(); p != nil {
				j.panic = p
				j.err = fmt.Errorf("store: panic in a write transaction: %v", p)
			}
		}()
		j.err = j.fn(sub)
	}()
	if j.err != nil {
		j.failed = true
		if _, err := tx.ExecContext(tx.fixed, "ROLLBACK TO job"); err != nil {
			return err
		}
	} else {
		for _, name := range sub.bumps {
			bumpVersion(tx, name)
		}
		for id, d := range sub.posts {
			tx.addPosts(id, d)
		}
	}
	_, err := tx.ExecContext(tx.fixed, "RELEASE job")
	return err
}
