package store

import (
	"context"
	"time"
)

// RecordRead notes that a member read a thread up to reply number upTo (at
// most the thread's last number). The member's first read of the thread on
// a day in Norway adds one reader to the thread's day in
// thread_daily_reads, so "most read" sums unique readers per day; how far
// the member has read only moves forward. When nothing would change — the
// same member again the same day, not further than before — it only reads,
// and does not queue for the writer.
func (db *DB) RecordRead(ctx context.Context, memberID, threadID int64, upTo int, now time.Time) error {
	day := osloDay(now)
	var done bool
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		done, upTo, err = readRecorded(ctx, tx, memberID, threadID, upTo, now)
		return err
	})
	if err != nil || done {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "INSERT INTO thread_reads (thread_id, member_id, day) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", threadID, memberID, day)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n > 0 {
			if _, err := tx.exec(ctx, `INSERT INTO thread_daily_reads (thread_id, day, readers) VALUES (?, ?, 1)
				ON CONFLICT (thread_id, day) DO UPDATE SET readers = thread_daily_reads.readers + 1`, threadID, day); err != nil {
				return err
			}
		}
		return markRead(ctx, tx, memberID, threadID, upTo, now)
	})
}

// readRecordColumns read, with a thread's row t, what decides whether a
// member's read of it is recorded (readRecord); its arguments are
// readRecordArgs.
const readRecordColumns = `t.last_reply_number,
	(SELECT COUNT(*) FROM thread_reads r WHERE r.thread_id = t.id AND r.member_id = ? AND r.day = ?),
	COALESCE((SELECT s.last_read_number FROM thread_read_state s WHERE s.thread_id = t.id AND s.member_id = ?), -1)`

func readRecordArgs(memberID int64, now time.Time) []any {
	return []any{memberID, osloDay(now), memberID}
}

// readRecord is what readRecordColumns read: the thread's last reply
// number, whether the member read it today, and how far (-1: never).
type readRecord struct{ last, today, upTo int }

func (rr *readRecord) dest() []any { return []any{&rr.last, &rr.today, &rr.upTo} }

// covers reports whether the member has read the thread today and at least
// up to reply number upTo, and returns upTo bounded by the thread's last
// number (0 and above).
func (rr readRecord) covers(upTo int) (bool, int) {
	upTo = min(max(upTo, 0), rr.last)
	return rr.today > 0 && rr.upTo >= upTo, upTo
}

// readRecorded reads a member's read record of a thread and whether it
// covers upTo (readRecord.covers).
func readRecorded(ctx context.Context, tx *Tx, memberID, threadID int64, upTo int, now time.Time) (bool, int, error) {
	var rr readRecord
	err := tx.queryRow(ctx, "SELECT "+readRecordColumns+" FROM threads t WHERE t.id = ?",
		append(readRecordArgs(memberID, now), threadID)...).Scan(rr.dest()...)
	if err != nil {
		return false, 0, notFound(err, "error.thread.not_found")
	}
	done, upTo := rr.covers(upTo)
	return done, upTo, nil
}

// markRead moves how far a member has read a thread forward to upTo.
func markRead(ctx context.Context, tx *Tx, memberID, threadID int64, upTo int, now time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO thread_read_state (member_id, thread_id, last_read_number, read_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (member_id, thread_id) DO UPDATE SET last_read_number = excluded.last_read_number, read_at = excluded.read_at
		WHERE thread_read_state.last_read_number < excluded.last_read_number`, memberID, threadID, upTo, now)
	return err
}

type unreadMark struct{ count, first int }

// unreadMarks returns, for the threads a member has opened, how many
// replies (not deleted) are beyond what the member has read and the number
// of the first of them. Threads never opened are missing. One query.
func unreadMarks(ctx context.Context, tx *Tx, memberID int64, ids []int64) (map[int64]unreadMark, error) {
	marks := map[int64]unreadMark{}
	if memberID == 0 || len(ids) == 0 {
		return marks, nil
	}
	rows, err := tx.query(ctx, `SELECT s.thread_id, COUNT(r.id), COALESCE(MIN(r.number), 0)
		FROM thread_read_state s LEFT JOIN replies r ON r.thread_id = s.thread_id AND r.number > s.last_read_number AND r.deleted_at IS NULL
		WHERE s.member_id = ? AND s.thread_id IN (`+placeholders(len(ids))+`) GROUP BY s.thread_id`, append([]any{memberID}, int64Args(ids)...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m unreadMark
		if err := rows.Scan(&id, &m.count, &m.first); err != nil {
			return nil, err
		}
		marks[id] = m
	}
	return marks, rows.Err()
}
