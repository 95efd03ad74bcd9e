package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/allmenning/allmenning"
)

const replyColumns = `r.id, r.thread_id, r.number, r.author_id, m.name, r.body, r.body_html, COALESCE(r.reply_to_id, 0), COALESCE(rt.number, 0),
	r.like_count, r.created_at, r.edited_at, r.deleted_at`

const replyFrom = " FROM replies r JOIN members m ON m.id = r.author_id LEFT JOIN replies rt ON rt.id = r.reply_to_id"

func replyDest(r *allmenning.Reply) []any {
	return []any{&r.ID, &r.ThreadID, &r.Number, &r.AuthorID, &r.AuthorName, &r.Body, &r.BodyHTML, &r.ReplyToID, &r.ReplyToNum,
		&r.LikeCount, timeScan{&r.CreatedAt}, nullTime{&r.EditedAt}, nullTime{&r.DeletedAt}}
}

func scanReply(s scanner) (*allmenning.Reply, error) {
	r := &allmenning.Reply{}
	err := s.Scan(replyDest(r)...)
	return r, err
}

// Page sizes of replies.
const (
	defaultReplyLimit = 100
	maxReplyLimit     = 1000
)

// CreateReply adds a reply to a thread the author may see and that is not
// deleted. The reply's number is the thread's last number plus one, taken
// by the UPDATE that bumps the thread: PostgreSQL holds the thread's row
// lock until commit and SQLite has one writer, so concurrent replies get
// 1, 2, 3 … without gaps or repeats. ReplyTo is the number of a reply in the
// same thread (EINVALID for "reply_to" otherwise). The reply is the first
// revision, its mentions are stored, the author has read the thread up
// to it and follows it. It is queued for the search index (searchqueue.go).
func (db *DB) CreateReply(ctx context.Context, author *allmenning.Member, threadID int64, n allmenning.NewReply, bodyHTML string, mentions []int64) (*allmenning.Reply, error) {
	v := allmenning.ViewerOf(author)
	if v.Anonymous() {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var r *allmenning.Reply
	err := db.inTx(ctx, func(tx *Tx) error {
		now := db.now()
		vis := visibleCond("", v, false)
		var number int
		err := tx.queryRow(ctx, `UPDATE threads SET last_reply_number = last_reply_number + 1, reply_count = reply_count + 1, last_activity_at = ?
			WHERE id = ? AND `+vis.sql+` RETURNING last_reply_number`, append([]any{now, threadID}, vis.args...)...).Scan(&number)
		if err != nil {
			return notFound(err, "error.thread.not_found")
		}
		var replyTo any
		var replyToID int64
		var replyToNum int
		if n.ReplyTo > 0 {
			err := tx.queryRow(ctx, "SELECT id FROM replies WHERE thread_id = ? AND number = ?", threadID, n.ReplyTo).Scan(&replyToID)
			if err == sql.ErrNoRows {
				return fieldError(allmenning.EINVALID, "reply_to", "error.reply.reply_to_invalid")
			} else if err != nil {
				return err
			}
			replyTo, replyToNum = replyToID, n.ReplyTo
		}
		id, err := tx.insertID(ctx, `INSERT INTO replies (thread_id, number, author_id, body, body_html, reply_to_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, threadID, number, author.ID, n.Body, bodyHTML, replyTo, now)
		if err != nil {
			return err
		}
		bumpThread(tx, threadID)
		tx.addPosts(author.ID, 1)
		if err := addRevision(ctx, tx, allmenning.PostReply, id, author.ID, "", n.Body, now); err != nil {
			return err
		}
		// A new post has no mentions to replace: only insert them.
		if len(mentions) > 0 {
			if err := setMentions(ctx, tx, allmenning.PostReply, id, mentions); err != nil {
				return err
			}
		}
		if err := markRead(ctx, tx, author.ID, threadID, number, now); err != nil {
			return err
		}
		// The author follows the thread from now on, in this transaction:
		// notify's automatic follow then finds it done and needs no write of
		// its own (SQLite has one writer; each transaction is a turn at it).
		if _, err := tx.exec(ctx, "INSERT INTO follows (member_id, kind, target_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			author.ID, allmenning.FollowThread, threadID, now); err != nil {
			return err
		}
		if err := queueIndex(ctx, tx, id); err != nil {
			return err
		}
		// Everything the reply holds is known here: reading it back would
		// only lengthen the turn at the writer.
		r = &allmenning.Reply{ID: id, ThreadID: threadID, Number: number, AuthorID: author.ID, AuthorName: author.Name,
			Body: n.Body, BodyHTML: bodyHTML, ReplyToID: replyToID, ReplyToNum: replyToNum, CreatedAt: storedTime(now)}
		return nil
	})
	if err == nil {
		db.wakeIndexer()
	}
	return r, err
}

// storedTime is t as it reads back from the database: to the microsecond.
func storedTime(t time.Time) time.Time { return t.Truncate(time.Microsecond) }

// threadHeadColumns are a thread's own columns that deciding on a reply
// needs (policy, visibility, a mail's title and link); not its body, nor
// what only its page shows (names, tags, likes, unread marks).
const threadHeadColumns = "t.id, t.kind, t.area_id, t.author_id, t.municipality, t.title, t.visibility, t.created_at, t.deleted_at"

func threadHeadDest(t *allmenning.Thread) []any {
	return []any{&t.ID, &t.Kind, &t.AreaID, &t.AuthorID, &t.Municipality, &t.Title, &t.Visibility, timeScan{&t.CreatedAt}, nullTime{&t.DeletedAt}}
}

// FindThreadHead returns the head of a thread the viewer may see
// (moderators: deleted ones too): its row as threadHeadColumns has it, in
// one query. ENOTFOUND otherwise.
func (db *DB) FindThreadHead(ctx context.Context, v allmenning.Viewer, id int64) (*allmenning.Thread, error) {
	vis := visibleCond("t.", v, true)
	t := &allmenning.Thread{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT "+threadHeadColumns+" FROM threads t WHERE t.id = ? AND "+vis.sql, append([]any{id}, vis.args...)...).
			Scan(threadHeadDest(t)...)
	})
	if err != nil {
		return nil, notFound(err, "error.thread.not_found")
	}
	return t, nil
}

// FindReplyHead is FindReplyByID in one query: the reply as FindReplyByID
// finds it (deleted ones for moderators only), without LikedByMe, and the
// head of its thread (FindThreadHead).
func (db *DB) FindReplyHead(ctx context.Context, v allmenning.Viewer, id int64) (*allmenning.Reply, *allmenning.Thread, error) {
	vis := visibleCond("t.", v, true)
	q := "SELECT " + replyColumns + ", " + threadHeadColumns + replyFrom + " JOIN threads t ON t.id = r.thread_id WHERE r.id = ? AND " + vis.sql
	if !v.Moderator {
		q += " AND r.deleted_at IS NULL"
	}
	r, t := &allmenning.Reply{}, &allmenning.Thread{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, q, append([]any{id}, vis.args...)...).Scan(append(replyDest(r), threadHeadDest(t)...)...)
	})
	if err != nil {
		return nil, nil, notFound(err, "error.post.not_found")
	}
	return r, t, nil
}

// FindReplies returns replies of a thread the viewer may see, by number.
// Moderators get deleted replies whole. Others get them as placeholders
// (DeletedAt set, Body and BodyHTML empty, no likes), so that the numbering
// stays whole and replies to them still make sense. Limit is 100 by
// default and at most 1000.
func (db *DB) FindReplies(ctx context.Context, v allmenning.Viewer, threadID int64, offset, limit int) ([]*allmenning.Reply, error) {
	var list []*allmenning.Reply
	err := db.inReadTx(ctx, func(tx *Tx) error {
		if err := checkPostVisible(ctx, tx, v, allmenning.PostThread, threadID, true); err != nil {
			return err
		}
		var err error
		list, err = findReplies(ctx, tx, v, threadID, offset, limit)
		return err
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// findReplies reads replies of a thread by number, filled for the viewer as
// FindReplies describes; the caller has checked that the viewer may see the
// thread. What every viewer sees alike comes from the replies cache
// (replycache.go); whether the viewer liked each reply, and blanking deleted
// ones for viewers who are not moderators, is done per request.
func findReplies(ctx context.Context, tx *Tx, v allmenning.Viewer, threadID int64, offset, limit int) ([]*allmenning.Reply, error) {
	if limit <= 0 {
		limit = defaultReplyLimit
	}
	limit = min(limit, maxReplyLimit)
	shared, err := cachedReplies(ctx, tx, threadID, max(offset, 0), limit)
	if err != nil {
		return nil, err
	}
	return forViewer(ctx, tx, v, shared)
}

// forViewer copies shared replies and fills them for the viewer: whether
// they liked each (one query), and deleted ones blanked unless the viewer
// is a moderator.
func forViewer(ctx context.Context, tx *Tx, v allmenning.Viewer, shared []allmenning.Reply) ([]*allmenning.Reply, error) {
	list := make([]*allmenning.Reply, len(shared))
	ids := make([]int64, len(shared))
	for i := range shared {
		r := shared[i]
		list[i], ids[i] = &r, r.ID
	}
	liked, err := likedByMe(ctx, tx, v.MemberID, allmenning.PostReply, ids)
	if err != nil {
		return nil, err
	}
	for _, r := range list {
		r.LikedByMe = liked[r.ID]
	}
	blankDeleted(v, list)
	return list, nil
}

// queryReplies reads replies of a thread by number as every viewer sees
// them: deleted ones included, LikedByMe unset. The clamped limit is
// written into the SQL: with LIMIT ? SQLite plans by the bound value and
// prepares the statement again on every run.
func queryReplies(ctx context.Context, tx *Tx, threadID int64, offset, limit int) ([]allmenning.Reply, error) {
	rows, err := tx.query(ctx, "SELECT "+replyColumns+replyFrom+
		" WHERE r.thread_id = ? ORDER BY r.number LIMIT "+strconv.Itoa(limit)+" OFFSET ?", threadID, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []allmenning.Reply{}
	for rows.Next() {
		var r allmenning.Reply
		if err := rows.Scan(replyDest(&r)...); err != nil {
			return nil, err
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

// fillReplies sets LikedByMe in one query and blanks deleted replies for
// viewers who are not moderators.
func fillReplies(ctx context.Context, tx *Tx, v allmenning.Viewer, list []*allmenning.Reply) error {
	ids := make([]int64, len(list))
	for i, r := range list {
		ids[i] = r.ID
	}
	liked, err := likedByMe(ctx, tx, v.MemberID, allmenning.PostReply, ids)
	if err != nil {
		return err
	}
	for _, r := range list {
		r.LikedByMe = liked[r.ID]
	}
	blankDeleted(v, list)
	return nil
}

// blankDeleted empties deleted replies for viewers who are not moderators.
func blankDeleted(v allmenning.Viewer, list []*allmenning.Reply) {
	for _, r := range list {
		if r.DeletedAt != nil && !v.Moderator {
			r.Body, r.BodyHTML, r.LikeCount, r.LikedByMe, r.EditedAt = "", "", 0, false, nil
		}
	}
}

// findReply returns a reply the viewer may see: its thread visible, and for
// anyone but moderators neither thread nor reply deleted.
func findReply(ctx context.Context, tx *Tx, v allmenning.Viewer, id int64) (*allmenning.Reply, error) {
	vis := visibleCond("t.", v, true)
	q := "SELECT " + replyColumns + replyFrom + " JOIN threads t ON t.id = r.thread_id WHERE r.id = ? AND " + vis.sql
	if !v.Moderator {
		q += " AND r.deleted_at IS NULL"
	}
	r, err := scanReply(tx.queryRow(ctx, q, append([]any{id}, vis.args...)...))
	if err != nil {
		return nil, notFound(err, "error.post.not_found")
	}
	return r, fillReplies(ctx, tx, v, []*allmenning.Reply{r})
}

// FindReplyByID returns a reply and its thread, both filled for the viewer.
// A deleted reply is found by moderators only (FindReplies shows others a
// placeholder).
func (db *DB) FindReplyByID(ctx context.Context, v allmenning.Viewer, id int64) (*allmenning.Reply, *allmenning.Thread, error) {
	var r *allmenning.Reply
	var t *allmenning.Thread
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		if r, err = findReply(ctx, tx, v, id); err != nil {
			return err
		}
		t, err = findThread(ctx, tx, v, r.ThreadID)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return r, t, nil
}

// UpdateReply edits a reply the editor may see. A changed body is saved as
// a new revision and sets EditedAt; the mentions are replaced.
func (db *DB) UpdateReply(ctx context.Context, editor *allmenning.Member, id int64, body, bodyHTML string, mentions []int64) (*allmenning.Reply, error) {
	v := allmenning.ViewerOf(editor)
	if v.Anonymous() {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	n := allmenning.NewReply{Body: body}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var r *allmenning.Reply
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := findReply(ctx, tx, v, id)
		if err != nil {
			return err
		}
		now := db.now()
		bumpThread(tx, old.ThreadID)
		if old.Body != n.Body {
			if err := addRevision(ctx, tx, allmenning.PostReply, id, editor.ID, "", n.Body, now); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, "UPDATE replies SET body = ?, body_html = ?, edited_at = ? WHERE id = ?", n.Body, bodyHTML, now, id); err != nil {
				return err
			}
		} else if _, err := tx.exec(ctx, "UPDATE replies SET body_html = ? WHERE id = ?", bodyHTML, id); err != nil {
			return err
		}
		if err := setMentions(ctx, tx, allmenning.PostReply, id, mentions); err != nil {
			return err
		}
		if err := db.indexReply(ctx, tx, id); err != nil {
			return err
		}
		r, err = findReply(ctx, tx, v, id)
		return err
	})
	return r, err
}

// DeleteReply hides a reply (soft delete), noting who did it; the thread's
// reply count drops by one. Deleting a deleted reply changes nothing.
func (db *DB) DeleteReply(ctx context.Context, by *allmenning.Member, id int64) error {
	if by == nil {
		return allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := setReplyDeleted(ctx, tx, id, true, by.ID); err != nil {
			return err
		}
		return db.indexReply(ctx, tx, id)
	})
}

// RestoreReply brings a deleted reply back and counts it again.
func (db *DB) RestoreReply(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := setReplyDeleted(ctx, tx, id, false, 0); err != nil {
			return err
		}
		return db.indexReply(ctx, tx, id)
	})
}

func setReplyDeleted(ctx context.Context, tx *Tx, id int64, deleted bool, by int64) error {
	q, args, delta := "UPDATE replies SET deleted_at = NULL, deleted_by = NULL WHERE id = ? AND deleted_at IS NOT NULL RETURNING thread_id, author_id", []any{id}, 1
	if deleted {
		q, args, delta = "UPDATE replies SET deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL RETURNING thread_id, author_id", []any{tx.db.now(), by, id}, -1
	}
	var threadID, author int64
	err := tx.queryRow(ctx, q, args...).Scan(&threadID, &author)
	if err := postChanged(ctx, tx, err, "replies", id, "error.post.not_found", author, delta); err != nil {
		return err
	}
	bumpThread(tx, threadID)
	_, err = tx.exec(ctx, "UPDATE threads SET reply_count = reply_count + ? WHERE id = ?", delta, threadID)
	return err
}
