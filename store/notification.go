package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
)

const notificationColumns = `n.id, n.member_id, n.kind, n.thread_id, COALESCE(n.reply_id, 0), COALESCE(n.actor_id, 0), n.actor_count, n.group_key,
	n.created_at, n.updated_at, n.read_at, n.mailed_at, COALESCE(am.name, ''), t.title, COALESCE(r.number, 0)`

const notificationFrom = ` FROM notifications n JOIN threads t ON t.id = n.thread_id
	LEFT JOIN members am ON am.id = n.actor_id LEFT JOIN replies r ON r.id = n.reply_id`

func scanNotification(s scanner) (*allmenning.Notification, error) {
	n := &allmenning.Notification{}
	err := s.Scan(&n.ID, &n.MemberID, &n.Kind, &n.ThreadID, &n.ReplyID, &n.ActorID, &n.ActorCount, &n.GroupKey,
		timeScan{&n.CreatedAt}, timeScan{&n.UpdatedAt}, nullTime{&n.ReadAt}, nullTime{&n.MailedAt}, &n.ActorName, &n.ThreadTitle, &n.ReplyNumber)
	return n, err
}

func queryNotifications(ctx context.Context, tx *Tx, rest string, args ...any) ([]*allmenning.Notification, error) {
	rows, err := tx.query(ctx, "SELECT "+notificationColumns+notificationFrom+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*allmenning.Notification{}
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, n)
	}
	return list, rows.Err()
}

// FindNotifySubject loads a thread and a reply whatever their visibility.
func (db *DB) FindNotifySubject(ctx context.Context, threadID, replyID int64) (*allmenning.Thread, *allmenning.Reply, error) {
	var t *allmenning.Thread
	var r *allmenning.Reply
	err := db.inReadTx(ctx, func(tx *Tx) error {
		t = &allmenning.Thread{}
		if err := tx.queryRow(ctx, "SELECT "+threadColumns+threadFrom+" WHERE t.id = ?", threadID).Scan(threadDest(t)...); err != nil {
			return notFound(err, "error.thread.not_found")
		}
		if err := fillThreads(ctx, tx, allmenning.Viewer{}, []*allmenning.Thread{t}); err != nil {
			return err
		}
		if replyID == 0 {
			return nil
		}
		var err error
		r, err = scanReply(tx.queryRow(ctx, "SELECT "+replyColumns+replyFrom+" WHERE r.id = ? AND r.thread_id = ?", replyID, threadID))
		return notFound(err, "error.post.not_found")
	})
	if err != nil {
		return nil, nil, err
	}
	return t, r, nil
}

// CreateNotifications stores notifications in one transaction, grouping
// likes, and returns those created or regrouped. Notifications of other
// kinds (an event's fan-out to its followers) are written a batch of rows
// per statement, and read back for the caller after commit, so that the
// turn at the writer stays short however many are told.
func (db *DB) CreateNotifications(ctx context.Context, list []allmenning.NewNotification) ([]*allmenning.Notification, error) {
	var ids []int64
	err := db.inTx(ctx, func(tx *Tx) error {
		now := db.now()
		var batch []allmenning.NewNotification
		for _, n := range list {
			if n.Kind != allmenning.NotifyLike {
				batch = append(batch, n)
				continue
			}
			id, changed, err := createNotification(ctx, tx, n, now)
			if err != nil {
				return err
			}
			if changed {
				ids = append(ids, id)
			}
		}
		created, err := insertNotifications(ctx, tx, batch, now)
		ids = append(ids, created...)
		return err
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	var out []*allmenning.Notification
	err = db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		out, err = queryNotifications(ctx, tx, " WHERE n.id IN ("+placeholders(len(ids))+") ORDER BY n.id", int64Args(ids)...)
		return err
	})
	return out, err
}

// notificationBatch is how many notifications one INSERT writes: modernc's
// SQLite binds many parameters slowly, so statements stay under 100.
const notificationBatch = 10

// insertNotifications creates the notifications (none of them likes) that
// their recipients do not have yet, by GroupKey, and returns their ids.
func insertNotifications(ctx context.Context, tx *Tx, list []allmenning.NewNotification, now time.Time) ([]int64, error) {
	type recipient struct {
		member int64
		key    string
	}
	if len(list) == 0 {
		return nil, nil
	}
	// What the recipients have already: an event handled twice notifies once.
	have := map[recipient]bool{}
	// One probe of the (member_id, group_key) index per pair: a batch of
	// events has many recipients and keys, and crossing them would probe
	// every recipient for every key.
	var pairs []any
	seen := map[recipient]bool{}
	for _, n := range list {
		r := recipient{n.MemberID, n.GroupKey()}
		if !seen[r] {
			seen[r] = true
			pairs = append(pairs, r.member, r.key)
		}
	}
	for pc := range slices.Chunk(pairs, 2*100) {
		q := "SELECT member_id, group_key FROM notifications WHERE " +
			strings.TrimSuffix(strings.Repeat("(member_id = ? AND group_key = ?) OR ", len(pc)/2), " OR ")
		rows, err := tx.query(ctx, q, pc...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r recipient
			if err := rows.Scan(&r.member, &r.key); err != nil {
				rows.Close()
				return nil, err
			}
			have[r] = true
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	var todo []allmenning.NewNotification
	for _, n := range list {
		r := recipient{n.MemberID, n.GroupKey()}
		if have[r] {
			continue
		}
		have[r] = true
		if n.At.IsZero() {
			n.At = now
		}
		todo = append(todo, n)
	}
	var ids []int64
	for chunk := range slices.Chunk(todo, notificationBatch) {
		var b strings.Builder
		args := make([]any, 0, 8*len(chunk))
		for i, n := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, 1, ?, ?, ?)")
			args = append(args, n.MemberID, n.Kind, n.ThreadID, nullID(n.ReplyID), nullID(n.ActorID), n.GroupKey(), n.At, n.At)
		}
		rows, err := tx.query(ctx, `INSERT INTO notifications (member_id, kind, thread_id, reply_id, actor_id, actor_count, group_key, created_at, updated_at)
			VALUES `+b.String()+" RETURNING id, member_id, group_key", args...)
		if err != nil {
			return nil, err
		}
		// RETURNING promises no order: each row is known by its recipient.
		created := map[recipient]int64{}
		for rows.Next() {
			var id int64
			var r recipient
			if err := rows.Scan(&id, &r.member, &r.key); err != nil {
				rows.Close()
				return nil, err
			}
			created[r] = id
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		b.Reset()
		args = args[:0]
		for _, n := range chunk {
			id, ok := created[recipient{n.MemberID, n.GroupKey()}]
			if !ok {
				return nil, errors.New("store: notification not returned by its INSERT")
			}
			ids = append(ids, id)
			if n.ActorID == 0 {
				continue
			}
			if len(args) > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?)")
			args = append(args, id, n.ActorID)
		}
		if len(args) > 0 {
			if _, err := tx.exec(ctx, "INSERT INTO notification_actors (notification_id, actor_id) VALUES "+b.String(), args...); err != nil {
				return nil, err
			}
		}
	}
	return ids, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func createNotification(ctx context.Context, tx *Tx, n allmenning.NewNotification, now time.Time) (int64, bool, error) {
	if n.At.IsZero() {
		n.At = now
	}
	key := n.GroupKey()
	var id int64
	if n.Kind == allmenning.NotifyLike {
		err := tx.queryRow(ctx, "SELECT id FROM notifications WHERE member_id = ? AND group_key = ? AND read_at IS NULL ORDER BY id DESC LIMIT 1", n.MemberID, key).Scan(&id)
		if err == nil {
			res, err := tx.exec(ctx, "INSERT INTO notification_actors (notification_id, actor_id) VALUES (?, ?) ON CONFLICT DO NOTHING", id, n.ActorID)
			if err != nil {
				return 0, false, err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return id, false, nil // this member's like is already counted
			}
			_, err = tx.exec(ctx, "UPDATE notifications SET actor_id = ?, actor_count = actor_count + 1, updated_at = ? WHERE id = ?", nullID(n.ActorID), n.At, id)
			return id, err == nil, err
		} else if !errors.Is(err, sql.ErrNoRows) {
			return 0, false, err
		}
	} else {
		var one int
		err := tx.queryRow(ctx, "SELECT 1 FROM notifications WHERE member_id = ? AND group_key = ?", n.MemberID, key).Scan(&one)
		if err == nil {
			return 0, false, nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return 0, false, err
		}
	}
	id, err := tx.insertID(ctx, `INSERT INTO notifications (member_id, kind, thread_id, reply_id, actor_id, actor_count, group_key, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`, n.MemberID, n.Kind, n.ThreadID, nullID(n.ReplyID), nullID(n.ActorID), key, n.At, n.At)
	if err != nil {
		return 0, false, err
	}
	if n.ActorID != 0 {
		if _, err := tx.exec(ctx, "INSERT INTO notification_actors (notification_id, actor_id) VALUES (?, ?)", id, n.ActorID); err != nil {
			return 0, false, err
		}
	}
	return id, true, nil
}

// ownVisible is the condition on notifications n of viewer v on threads t
// that v may still see.
func ownVisible(v allmenning.Viewer) cond {
	vis := visibleCond("t.", v, false)
	return cond{"n.member_id = ? AND " + vis.sql, append([]any{v.MemberID}, vis.args...)}
}

// FindNotifications returns the viewer's notifications on threads they may
// still see, most recently updated first, and how many of those are unread.
func (db *DB) FindNotifications(ctx context.Context, v allmenning.Viewer, offset, limit int) ([]*allmenning.Notification, int, error) {
	if v.Anonymous() {
		return nil, 0, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var list []*allmenning.Notification
	var unread int
	err := db.inReadTx(ctx, func(tx *Tx) error {
		c := ownVisible(v)
		var err error
		if list, err = queryNotifications(ctx, tx, " WHERE "+c.sql+" ORDER BY n.updated_at DESC, n.id DESC LIMIT ? OFFSET ?",
			append(c.args, limit, max(offset, 0))...); err != nil {
			return err
		}
		unread, err = countUnread(ctx, tx, v)
		return err
	})
	return list, unread, err
}

func countUnread(ctx context.Context, tx *Tx, v allmenning.Viewer) (int, error) {
	c := ownVisible(v)
	var n int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM notifications n JOIN threads t ON t.id = n.thread_id WHERE n.read_at IS NULL AND "+c.sql, c.args...).Scan(&n)
	return n, err
}

// CountUnreadNotifications counts the viewer's unread notifications on threads they may see.
func (db *DB) CountUnreadNotifications(ctx context.Context, v allmenning.Viewer) (int, error) {
	if v.Anonymous() {
		return 0, nil
	}
	var n int
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		n, err = countUnread(ctx, tx, v)
		return err
	})
	return n, err
}

// MarkNotificationRead marks one of the viewer's notifications read (the
// first reading counts) and returns it; another member's is ENOTFOUND.
func (db *DB) MarkNotificationRead(ctx context.Context, v allmenning.Viewer, id int64, at time.Time) (*allmenning.Notification, error) {
	var n *allmenning.Notification
	err := db.inTx(ctx, func(tx *Tx) error {
		c := ownVisible(v)
		list, err := queryNotifications(ctx, tx, " WHERE n.id = ? AND "+c.sql, append([]any{id}, c.args...)...)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return allmenning.Errorf(allmenning.ENOTFOUND, "notify.error.not_found")
		}
		n = list[0]
		if n.ReadAt == nil {
			if _, err := tx.exec(ctx, "UPDATE notifications SET read_at = ? WHERE id = ?", at, id); err != nil {
				return err
			}
			n.ReadAt = &at
		}
		return nil
	})
	return n, err
}

// MarkAllNotificationsRead marks every unread notification of a member read
// and returns how many there were.
func (db *DB) MarkAllNotificationsRead(ctx context.Context, memberID int64, at time.Time) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE notifications SET read_at = ? WHERE member_id = ? AND read_at IS NULL", at, memberID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// memberVisible is visibleCond for the member whose id is n.member_id,
// read from the members table: for mail, where no Viewer is at hand.
const memberVisible = `t.deleted_at IS NULL AND rm.status = 'active' AND (t.visibility IN ('public', 'members')
	OR (t.visibility = 'municipality' AND t.municipality = rm.municipality))`

// FindPendingMailNotifications returns a member's unread, unmailed
// notifications on threads the member may see, oldest first.
func (db *DB) FindPendingMailNotifications(ctx context.Context, memberID int64) ([]*allmenning.Notification, error) {
	var list []*allmenning.Notification
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		list, err = queryNotifications(ctx, tx, " JOIN members rm ON rm.id = n.member_id WHERE n.member_id = ? AND n.read_at IS NULL AND n.mailed_at IS NULL AND "+
			memberVisible+" ORDER BY n.created_at, n.id", memberID)
		return err
	})
	return list, err
}

// MarkNotificationsMailed records that notifications went out by e-mail.
func (db *DB) MarkNotificationsMailed(ctx context.Context, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE notifications SET mailed_at = ? WHERE id IN ("+placeholders(len(ids))+")", append([]any{at}, int64Args(ids)...)...)
		return err
	})
}

// QueueNotificationMails stores the unsubscribe token of each mail, queues
// its job and marks its notification mailed, all in one transaction, and
// returns how many of the jobs are new (a job key already queued is not
// queued twice).
func (db *DB) QueueNotificationMails(ctx context.Context, mails []allmenning.NotificationMail) (int, error) {
	for _, m := range mails {
		if !allmenning.ValidUnsubscribe(m.Token.What) {
			return 0, allmenning.Errorf(allmenning.EINVALID, "mail.unsub.invalid")
		}
	}
	created := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		for _, m := range mails {
			if err := insertUnsubscribeToken(ctx, tx, m.Token); err != nil {
				return err
			}
			_, isNew, err := enqueueJob(ctx, tx, m.Job)
			if err != nil {
				return err
			}
			if isNew {
				created++
			}
			if _, err := tx.exec(ctx, "UPDATE notifications SET mailed_at = ? WHERE id = ?", m.At, m.NotificationID); err != nil {
				return err
			}
		}
		return nil
	})
	return created, err
}

// followedCond matches threads t in what member follows: areas (with
// their children), tags and authors, and with threads also the threads
// followed; never threads or authors the member muted.
func followedCond(memberID int64, threads bool) cond {
	c := cond{sql: `(EXISTS (SELECT 1 FROM follows f WHERE f.member_id = ? AND f.kind = 'area'
			AND (f.target_id = t.area_id OR f.target_id = (SELECT pa.parent_id FROM areas pa WHERE pa.id = t.area_id)))
		OR EXISTS (SELECT 1 FROM follows f JOIN thread_tags ft ON ft.tag_id = f.target_id WHERE f.member_id = ? AND f.kind = 'tag' AND ft.thread_id = t.id)
		OR EXISTS (SELECT 1 FROM follows f WHERE f.member_id = ? AND f.kind = 'member' AND f.target_id = t.author_id)`,
		args: []any{memberID, memberID, memberID}}
	if threads {
		c.sql += " OR EXISTS (SELECT 1 FROM follows f WHERE f.member_id = ? AND f.kind = 'thread' AND f.target_id = t.id)"
		c.args = append(c.args, memberID)
	}
	c.sql += `) AND NOT EXISTS (SELECT 1 FROM mutes mt WHERE mt.member_id = ?
		AND ((mt.kind = 'thread' AND mt.target_id = t.id) OR (mt.kind = 'member' AND mt.target_id = t.author_id)))`
	c.args = append(c.args, memberID)
	return c
}

func (db *DB) findThreadsWhere(ctx context.Context, v allmenning.Viewer, w *where, order string, limit int) ([]*allmenning.Thread, error) {
	if limit <= 0 || limit > maxThreadLimit {
		limit = defaultThreadLimit
	}
	list := []*allmenning.Thread{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT "+threadColumns+threadFrom+w.String()+" ORDER BY "+order+" LIMIT ?", append(w.args, limit)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t := &allmenning.Thread{}
			if err := rows.Scan(threadDest(t)...); err != nil {
				return err
			}
			list = append(list, t)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return fillThreads(ctx, tx, v, list)
	})
	return list, err
}

// FindFollowedThreads returns new threads since a time in the areas, tags
// and members a member follows, visible to v and not by the member, best
// first: most likes and replies, then newest.
func (db *DB) FindFollowedThreads(ctx context.Context, v allmenning.Viewer, memberID int64, since time.Time, limit int) ([]*allmenning.Thread, error) {
	w := &where{}
	w.addCond(visibleCond("t.", v, false))
	w.add("t.created_at >= ?", since)
	w.add("t.author_id <> ?", memberID)
	w.addCond(followedCond(memberID, false))
	return db.findThreadsWhere(ctx, v, w, "t.like_count + t.reply_count DESC, t.created_at DESC, t.id DESC", limit)
}

// FindFeedThreads returns the threads of a member's personal feed, newest
// activity first.
func (db *DB) FindFeedThreads(ctx context.Context, v allmenning.Viewer, memberID int64, limit int) ([]*allmenning.Thread, error) {
	w := &where{}
	w.addCond(visibleCond("t.", v, false))
	w.addCond(followedCond(memberID, true))
	return db.findThreadsWhere(ctx, v, w, "t.last_activity_at DESC, t.id DESC", limit)
}

// CreateFeedToken stores a member's feed token and revokes any earlier one.
func (db *DB) CreateFeedToken(ctx context.Context, t *allmenning.FeedToken) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM feed_tokens WHERE member_id = ?", t.MemberID); err != nil {
			return err
		}
		id, err := tx.insertID(ctx, "INSERT INTO feed_tokens (member_id, prefix, hash, created_at) VALUES (?, ?, ?, ?)", t.MemberID, t.Prefix, t.Hash, t.CreatedAt)
		t.ID = id
		return err
	})
}

// FindFeedToken returns a member's feed token, ENOTFOUND when there is none.
func (db *DB) FindFeedToken(ctx context.Context, memberID int64) (*allmenning.FeedToken, error) {
	t := &allmenning.FeedToken{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT id, member_id, prefix, created_at, last_used_at FROM feed_tokens WHERE member_id = ? ORDER BY id DESC LIMIT 1", memberID).
			Scan(&t.ID, &t.MemberID, &t.Prefix, timeScan{&t.CreatedAt}, nullTime{&t.LastUsedAt})
	})
	if err != nil {
		return nil, notFound(err, "notify.error.feed_not_found")
	}
	return t, nil
}

// DeleteFeedTokens revokes a member's feed address.
func (db *DB) DeleteFeedTokens(ctx context.Context, memberID int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM feed_tokens WHERE member_id = ?", memberID)
		return err
	})
}

// FindMemberByFeedToken returns the active member a feed token belongs to
// and records its use at most once an hour.
func (db *DB) FindMemberByFeedToken(ctx context.Context, hash string, now time.Time) (*allmenning.Member, error) {
	var m *allmenning.Member
	var lastUsed *time.Time
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var id int64
		err := tx.queryRow(ctx, `SELECT ft.member_id, ft.last_used_at FROM feed_tokens ft JOIN members m ON m.id = ft.member_id
			WHERE ft.hash = ? AND m.status = 'active'`, hash).Scan(&id, nullTime{&lastUsed})
		if err != nil {
			return notFound(err, "notify.error.feed_not_found")
		}
		m, err = findMember(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if lastUsed == nil || now.Sub(*lastUsed) > time.Hour {
		err = db.inTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, "UPDATE feed_tokens SET last_used_at = ? WHERE hash = ?", now, hash)
			return err
		})
	}
	return m, err
}

var _ allmenning.NotificationStore = (*DB)(nil)
