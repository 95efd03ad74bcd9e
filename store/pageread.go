package store

import (
	"context"
	"strconv"
	"time"

	"github.com/allmenning/allmenning"
)

// FindThreadPage reads what a thread page shows in one read transaction
// instead of three: the thread and its first replies, as FindThreadByID and
// FindReplies return them, and whether the member has read them today
// already (read: RecordRead would change nothing; false for visitors). The
// limit is written into the SQL: SQLite plans LIMIT ? with the bound value
// and so prepares such a statement again on every execution.
func (db *DB) FindThreadPage(ctx context.Context, v allmenning.Viewer, id int64, limit int, now time.Time) (t *allmenning.Thread, replies []*allmenning.Reply, read bool, err error) {
	if limit <= 0 {
		limit = defaultReplyLimit
	}
	limit = min(limit, maxReplyLimit)
	p := &threadPage{Replies: []*allmenning.Reply{}}
	err = db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		if p.Thread, err = findThread(ctx, tx, v, id); err != nil {
			return err
		}
		rows, err := tx.query(ctx, "SELECT "+replyColumns+replyFrom+" WHERE r.thread_id = ? ORDER BY r.number LIMIT "+strconv.Itoa(limit), id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanReply(rows)
			if err != nil {
				return err
			}
			p.Replies = append(p.Replies, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if err := fillReplies(ctx, tx, v, p.Replies); err != nil {
			return err
		}
		if v.Anonymous() {
			return nil
		}
		last := 0
		if n := len(p.Replies); n > 0 {
			last = p.Replies[n-1].Number
		}
		p.Read, _, err = readRecorded(ctx, tx, v.MemberID, id, last, now)
		return err
	})
	if err != nil {
		return nil, nil, false, err
	}
	return p.Thread, p.Replies, p.Read, nil
}

type threadPage struct {
	Thread  *allmenning.Thread
	Replies []*allmenning.Reply
	Read    bool
}
