package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/allmenning/allmenning"
)

// FindThreadPage reads what a thread page shows in one read transaction:
// the thread and its first replies, as FindThreadByID and FindReplies
// return them, and whether the member has read them today already (read:
// RecordRead would change nothing; false for visitors). It is the most
// viewed page, so what can come with the thread's row does: whether the
// viewer liked it, the ids of its tags, the read record, and the data
// versions of its replies.
func (db *DB) FindThreadPage(ctx context.Context, v allmenning.Viewer, id int64, limit int, now time.Time) (t *allmenning.Thread, replies []*allmenning.Reply, read bool, err error) {
	err = db.inReadTx(ctx, func(tx *Tx) error {
		vis := visibleCond("t.", v, true)
		t = &allmenning.Thread{}
		var liked bool
		var rec readRecord
		var versions threadVersions
		var tagList sql.NullString
		q := "SELECT " + threadColumns + `,
			EXISTS (SELECT 1 FROM likes l WHERE l.post_kind = 'thread' AND l.post_id = t.id AND l.member_id = ?),
			(SELECT ` + fmt.Sprintf(db.dialect.IDList, "tt.tag_id") + ` FROM thread_tags tt WHERE tt.thread_id = t.id),
			` + readRecordColumns + `,
			COALESCE((SELECT dv.version FROM data_versions dv WHERE dv.name = ?), 0),
			(SELECT dv.version FROM data_versions dv WHERE dv.name = ?)` + threadFrom + " WHERE t.id = ? AND " + vis.sql
		args := append(append([]any{v.MemberID}, readRecordArgs(v.MemberID, now)...), threadVersion(id), versionMembers, id)
		dest := append(append(threadDest(t), &liked, &tagList), rec.dest()...)
		if err := tx.queryRow(ctx, q, append(args, vis.args...)...).Scan(append(dest, &versions.thread, &versions.members)...); err != nil {
			return notFound(err, "error.thread.not_found")
		}
		if limit <= 0 {
			limit = defaultReplyLimit
		}
		limit = min(limit, maxReplyLimit)
		shared, err := versions.replies(ctx, tx, id, 0, limit)
		if err != nil {
			return err
		}
		// A page that holds every reply holds what the unread mark counts.
		var marks map[int64]unreadMark
		if len(shared) < limit && !v.Anonymous() {
			marks = map[int64]unreadMark{}
			if rec.upTo >= 0 {
				marks[id] = unreadAmong(shared, rec.upTo)
			}
		}
		tagIDs, err := parseIDList(tagList.String)
		if err != nil {
			return err
		}
		tags, err := threadTagLists(ctx, tx, map[int64][]int64{id: tagIDs})
		if err != nil {
			return err
		}
		if err := fillThreadsMarked(ctx, tx, v, []*allmenning.Thread{t}, tags, map[int64]bool{id: liked}, marks); err != nil {
			return err
		}
		if replies, err = forViewer(ctx, tx, v, shared); err != nil {
			return err
		}
		if !v.Anonymous() {
			upTo := 0
			if n := len(replies); n > 0 {
				upTo = replies[n-1].Number
			}
			read, _ = rec.covers(upTo)
		}
		return nil
	})
	if err != nil {
		return nil, nil, false, err
	}
	return t, replies, read, nil
}

// unreadAmong is unreadMarks' answer for a thread from all its replies: the
// replies not deleted after number upTo, and the first of them.
func unreadAmong(replies []allmenning.Reply, upTo int) unreadMark {
	var m unreadMark
	for i := range replies {
		if r := &replies[i]; r.Number > upTo && r.DeletedAt == nil {
			if m.count == 0 {
				m.first = r.Number
			}
			m.count++
		}
	}
	return m
}
