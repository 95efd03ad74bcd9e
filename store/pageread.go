package store

import (
	"context"
	"time"

	"github.com/allmenning/allmenning"
)

// FindThreadPage reads what a thread page shows in one read transaction
// instead of three: the thread and its first replies, as FindThreadByID and
// FindReplies return them, and whether the member has read them today
// already (read: RecordRead would change nothing; false for visitors).
func (db *DB) FindThreadPage(ctx context.Context, v allmenning.Viewer, id int64, limit int, now time.Time) (t *allmenning.Thread, replies []*allmenning.Reply, read bool, err error) {
	p := &threadPage{}
	err = db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		if p.Thread, err = findThread(ctx, tx, v, id); err != nil {
			return err
		}
		if p.Replies, err = findReplies(ctx, tx, v, id, 0, limit); err != nil {
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
