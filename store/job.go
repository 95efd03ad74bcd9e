package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
)

var _ allmenning.JobStore = (*DB)(nil)

const jobColumns = `id, kind, COALESCE(dedup_key, ''), payload, state, run_at, attempts, max_attempts, last_error,
	COALESCE(claimed_by, ''), locked_until, created_at, done_at`

type rowScanner interface{ Scan(...any) error }

func scanJob(r rowScanner) (*allmenning.Job, error) {
	j := &allmenning.Job{}
	var payload string
	err := r.Scan(&j.ID, &j.Kind, &j.Key, &payload, &j.State, timeScan{&j.RunAt}, &j.Attempts, &j.MaxAttempts, &j.LastError,
		&j.ClaimedBy, nullTime{&j.LockedUntil}, timeScan{&j.CreatedAt}, nullTime{&j.DoneAt})
	if payload != "" {
		j.Payload = []byte(payload)
	}
	return j, err
}

func scanJobs(rows *sql.Rows) ([]*allmenning.Job, error) {
	defer rows.Close()
	var list []*allmenning.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, j)
	}
	return list, rows.Err()
}

// EnqueueJob stores a job unless one with the same key is stored already.
func (db *DB) EnqueueJob(ctx context.Context, n allmenning.NewJob) (int64, bool, error) {
	var id int64
	var created bool
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		id, created, err = enqueueJob(ctx, tx, n)
		return err
	})
	return id, created, err
}

// enqueueJob is EnqueueJob in a transaction of the caller's.
func enqueueJob(ctx context.Context, tx *Tx, n allmenning.NewJob) (int64, bool, error) {
	if n.Kind == "" {
		return 0, false, allmenning.Errorf(allmenning.EINVALID, "error.job.kind_missing")
	}
	now := tx.db.now()
	if n.RunAt.IsZero() {
		n.RunAt = now
	}
	if n.MaxAttempts <= 0 {
		n.MaxAttempts = allmenning.DefaultJobMaxAttempts
	}
	var key any
	if n.Key != "" {
		key = n.Key
	}
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO jobs (kind, dedup_key, payload, state, run_at, attempts, max_attempts, created_at, updated_at)
		VALUES (?, ?, ?, 'pending', ?, 0, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
		n.Kind, key, string(n.Payload), n.RunAt, n.MaxAttempts, now, now).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	// The key is taken: answer with the job that holds it.
	err = tx.queryRow(ctx, "SELECT id FROM jobs WHERE dedup_key = ?", n.Key).Scan(&id)
	return id, false, err
}

// kindsClause returns " AND kind IN (?, …)" and its arguments, or nothing for all kinds.
func kindsClause(kinds []string) (string, []any) {
	if len(kinds) == 0 {
		return "", nil
	}
	args := make([]any, len(kinds))
	for i, k := range kinds {
		args[i] = k
	}
	return " AND kind IN (" + placeholders(len(kinds)) + ")", args
}

// ClaimJobs leases due jobs to worker. On PostgreSQL the rows are chosen with
// FOR UPDATE SKIP LOCKED, so that runners on several nodes claim different
// jobs without waiting for each other; on SQLite the single writer
// serialises claims.
func (db *DB) ClaimJobs(ctx context.Context, worker string, kinds []string, now time.Time, lease time.Duration, limit int) ([]*allmenning.Job, error) {
	if limit <= 0 {
		return nil, nil
	}
	kindSQL, kindArgs := kindsClause(kinds)
	// Look on the read pool first: an idle queue then costs no write
	// transaction, which on SQLite would take the one writer every poll.
	var due bool
	err := db.inReadTx(ctx, func(tx *Tx) error {
		for _, q := range []string{
			"SELECT id FROM jobs WHERE state = 'pending' AND run_at <= ?" + kindSQL + " LIMIT 1",
			"SELECT id FROM jobs WHERE state = 'running' AND locked_until <= ?" + kindSQL + " LIMIT 1",
		} {
			var id int64
			err := tx.queryRow(ctx, q, append([]any{now}, kindArgs...)...).Scan(&id)
			if err == nil {
				due = true
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		return nil
	})
	if err != nil || !due {
		return nil, err
	}
	lock := ""
	if db.dialect.Name == "postgres" {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var claimed []*allmenning.Job
	err = db.inTx(ctx, func(tx *Tx) error {
		claimed = nil
		// A job whose runner died on its last attempt is given up.
		args := append([]any{now, now, now}, kindArgs...)
		if _, err := tx.exec(ctx, `UPDATE jobs SET state = 'dead', done_at = ?, updated_at = ?, locked_until = NULL,
			last_error = CASE WHEN last_error = '' THEN 'lease expired' ELSE last_error END
			WHERE id IN (SELECT id FROM jobs WHERE state = 'running' AND locked_until <= ? AND attempts >= max_attempts`+kindSQL+lock+`)`,
			args...); err != nil {
			return err
		}
		set := `UPDATE jobs SET state = 'running', claimed_by = ?, locked_until = ?, attempts = attempts + 1, updated_at = ?
			WHERE id IN (SELECT id FROM jobs WHERE `
		// Jobs whose lease ran out first: they have waited longest.
		for _, where := range []string{
			"state = 'running' AND locked_until <= ? AND attempts < max_attempts",
			"state = 'pending' AND run_at <= ?",
		} {
			n := limit - len(claimed)
			if n <= 0 {
				break
			}
			args := append([]any{worker, now.Add(lease), now, now}, kindArgs...)
			args = append(args, n)
			rows, err := tx.query(ctx, set+where+kindSQL+" ORDER BY run_at, id LIMIT ?"+lock+") RETURNING "+jobColumns, args...)
			if err != nil {
				return err
			}
			list, err := scanJobs(rows)
			if err != nil {
				return err
			}
			claimed = append(claimed, list...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(claimed, func(i, k int) bool {
		if !claimed[i].RunAt.Equal(claimed[k].RunAt) {
			return claimed[i].RunAt.Before(claimed[k].RunAt)
		}
		return claimed[i].ID < claimed[k].ID
	})
	return claimed, nil
}

// CompleteJobs marks jobs done in one transaction and returns those that
// worker no longer holds (their lease ran out and another runner took
// them), which are left as they are.
func (db *DB) CompleteJobs(ctx context.Context, ids []int64, worker string, now time.Time) ([]int64, error) {
	var lost []int64
	err := db.inTx(ctx, func(tx *Tx) error {
		lost = nil
		done := map[int64]bool{}
		for chunk := range slices.Chunk(ids, 100) {
			marked, err := queryIDs(ctx, tx, `UPDATE jobs SET state = 'done', done_at = ?, updated_at = ?, payload = '', locked_until = NULL, last_error = ''
				WHERE id IN (`+placeholders(len(chunk))+`) AND claimed_by = ? AND state = 'running' RETURNING id`,
				append(append([]any{now, now}, int64Args(chunk)...), worker)...)
			if err != nil {
				return err
			}
			for _, id := range marked {
				done[id] = true
			}
		}
		for _, id := range ids {
			if !done[id] {
				lost = append(lost, id)
			}
		}
		return nil
	})
	return lost, err
}

// FailJob records a failed attempt and schedules the next, or gives up.
func (db *DB) FailJob(ctx context.Context, id int64, worker, lastError string, next time.Time, permanent bool, now time.Time) (bool, error) {
	if len(lastError) > 2000 {
		lastError = lastError[:2000]
	}
	lastError = strings.ToValidUTF8(lastError, "?")
	giveUp := 0
	if permanent {
		giveUp = 1
	}
	var dead bool
	err := db.inTx(ctx, func(tx *Tx) error {
		var state string
		err := tx.queryRow(ctx, `UPDATE jobs SET state = CASE WHEN attempts >= max_attempts OR ? = 1 THEN 'dead' ELSE 'pending' END,
			run_at = ?, last_error = ?, locked_until = NULL, updated_at = ?
			WHERE id = ? AND claimed_by = ? AND state = 'running' RETURNING state`, giveUp, next, lastError, now, id, worker).Scan(&state)
		if errors.Is(err, sql.ErrNoRows) {
			return allmenning.ErrLeaseLost
		} else if err != nil {
			return err
		}
		dead = state == allmenning.JobDead
		if dead {
			_, err = tx.exec(ctx, "UPDATE jobs SET done_at = ? WHERE id = ?", now, id)
		}
		return err
	})
	return dead, err
}

// ReleaseJob gives a job back to the queue without counting the attempt.
func (db *DB) ReleaseJob(ctx context.Context, id int64, worker string, now time.Time) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE jobs SET state = 'pending', run_at = ?, updated_at = ?, locked_until = NULL,
			attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
			WHERE id = ? AND claimed_by = ? AND state = 'running'`, now, now, id, worker)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return allmenning.ErrLeaseLost
		}
		return nil
	})
}

// RetryJob puts a dead job back in the queue with fresh attempts.
func (db *DB) RetryJob(ctx context.Context, id int64, now time.Time) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE jobs SET state = 'pending', attempts = 0, run_at = ?, updated_at = ?, done_at = NULL
			WHERE id = ? AND state = 'dead'`, now, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return allmenning.Errorf(allmenning.ENOTFOUND, "error.job.not_found")
		}
		return nil
	})
}

// FindJob returns one job.
func (db *DB) FindJob(ctx context.Context, id int64) (*allmenning.Job, error) {
	var j *allmenning.Job
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		j, err = scanJob(tx.queryRow(ctx, "SELECT "+jobColumns+" FROM jobs WHERE id = ?", id))
		return notFound(err, "error.job.not_found")
	})
	return j, err
}

// FindJobByKey returns the job holding a unique key.
func (db *DB) FindJobByKey(ctx context.Context, key string) (*allmenning.Job, error) {
	var j *allmenning.Job
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		j, err = scanJob(tx.queryRow(ctx, "SELECT "+jobColumns+" FROM jobs WHERE dedup_key = ?", key))
		return notFound(err, "error.job.not_found")
	})
	return j, err
}

// FindJobs lists jobs, newest first.
func (db *DB) FindJobs(ctx context.Context, f allmenning.JobFilter) ([]*allmenning.Job, error) {
	q := "SELECT " + jobColumns + " FROM jobs WHERE 1 = 1"
	var args []any
	if f.State != "" {
		q += " AND state = ?"
		args = append(args, f.State)
	}
	if f.Kind != "" {
		q += " AND kind = ?"
		args = append(args, f.Kind)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	q += " ORDER BY id DESC LIMIT ? OFFSET ?"
	args = append(args, f.Limit, max(f.Offset, 0))
	var list []*allmenning.Job
	err := db.inReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		list, err = scanJobs(rows)
		return err
	})
	return list, err
}

// CountJobs counts jobs by kind and state.
func (db *DB) CountJobs(ctx context.Context) ([]allmenning.JobCount, error) {
	var list []allmenning.JobCount
	err := db.inReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT kind, state, COUNT(*) FROM jobs GROUP BY kind, state ORDER BY kind, state")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c allmenning.JobCount
			if err := rows.Scan(&c.Kind, &c.State, &c.N); err != nil {
				return err
			}
			list = append(list, c)
		}
		return rows.Err()
	})
	return list, err
}

// DeleteFinishedJobs removes done and dead jobs that finished before before.
func (db *DB) DeleteFinishedJobs(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM jobs WHERE state IN ('done', 'dead') AND done_at < ?", before)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
