package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/allmenning/allmenning"
)

// Reputation is kept as events (reputation_events) and their running sum
// (members.reputation), written in the same transaction as the vote, like or
// acceptance that causes them. Whoever writes events for a member locks the
// member's row first (lockMembers), so that the daily cap, computed from the
// day's events, holds under concurrent writes on PostgreSQL; SQLite has one
// writer anyway.
//
// An event is keyed by its receiver, reason, post and actor. A reversal
// records minus the net points of the key's events, so it takes back
// exactly what was given, however the cap cut it; a key is active while it
// has more awards than reversals.

// anyActor matches events of every actor (accepting is keyed by the answer alone).
const anyActor int64 = -1

// repState returns the net points and the number of awards not reversed of
// a key's events.
func repState(ctx context.Context, tx *Tx, memberID int64, reason, postKind string, postID, actorID int64) (net, active int, err error) {
	q := `SELECT COALESCE(SUM(points), 0), COALESCE(SUM(CASE WHEN reversal THEN -1 ELSE 1 END), 0) FROM reputation_events
		WHERE member_id = ? AND reason = ? AND post_kind = ? AND post_id = ?`
	args := []any{memberID, reason, postKind, postID}
	if actorID != anyActor {
		q += " AND actor_id = ?"
		args = append(args, actorID)
	}
	err = tx.queryRow(ctx, q, args...).Scan(&net, &active)
	return net, active, err
}

// earnedToday is the net of a member's capped events on now's date in Norway.
func earnedToday(ctx context.Context, tx *Tx, memberID int64, now time.Time) (int, error) {
	var n int
	err := tx.queryRow(ctx, "SELECT COALESCE(SUM(points), 0) FROM reputation_events WHERE member_id = ? AND day = ? AND capped", memberID, osloDay(now)).Scan(&n)
	return n, err
}

// awardReputation records an event of reason for a member, worth what
// allmenning.ReputationAward allows under the daily cap (possibly 0, which
// is recorded too, so that the history shows it and a reversal finds it).
// The member's row must be locked.
func (db *DB) awardReputation(ctx context.Context, tx *Tx, memberID int64, reason, postKind string, postID, actorID int64, now time.Time) error {
	earned := 0
	if allmenning.ReputationCapped(reason) {
		var err error
		if earned, err = earnedToday(ctx, tx, memberID, now); err != nil {
			return err
		}
	}
	return insertRepEvent(ctx, tx, memberID, allmenning.ReputationAward(earned, reason), reason, false, postKind, postID, actorID, now)
}

// reverseReputation takes back what a key's events gave, when it is active.
// actorID may be anyActor. The member's row must be locked.
func (db *DB) reverseReputation(ctx context.Context, tx *Tx, memberID int64, reason, postKind string, postID, actorID int64, now time.Time) error {
	net, active, err := repState(ctx, tx, memberID, reason, postKind, postID, actorID)
	if err != nil || active <= 0 {
		return err
	}
	if actorID == anyActor {
		actorID = 0
	}
	return insertRepEvent(ctx, tx, memberID, -net, reason, true, postKind, postID, actorID, now)
}

func insertRepEvent(ctx context.Context, tx *Tx, memberID int64, points int, reason string, reversal bool, postKind string, postID, actorID int64, now time.Time) error {
	if _, err := tx.exec(ctx, `INSERT INTO reputation_events (member_id, points, reason, reversal, capped, post_kind, post_id, actor_id, created_at, day)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, memberID, points, reason, reversal, allmenning.ReputationCapped(reason), postKind, postID, actorID, now, osloDay(now)); err != nil {
		return err
	}
	if points == 0 {
		return nil
	}
	_, err := tx.exec(ctx, "UPDATE members SET reputation = reputation + ? WHERE id = ?", points, memberID)
	return err
}

// SyncLikeReputation brings the reputation of a like in line with whether
// liker likes the post: call it after SetLike. The post's author gets the
// like's points when the like exists and has not given them, and loses
// exactly what it gave when it is gone. Liking one's own post gives
// nothing. Calling it again changes nothing.
func (db *DB) SyncLikeReputation(ctx context.Context, liker *allmenning.Member, postKind string, postID int64) error {
	if liker == nil {
		return allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	table := "threads"
	switch postKind {
	case allmenning.PostThread:
	case allmenning.PostReply:
		table = "replies"
	default:
		return allmenning.Errorf(allmenning.ENOTFOUND, "error.post.not_found")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var authorID int64
		if err := tx.queryRow(ctx, "SELECT author_id FROM "+table+" WHERE id = ?", postID).Scan(&authorID); err != nil {
			return notFound(err, "error.post.not_found")
		}
		if authorID == liker.ID {
			return nil
		}
		if err := lockMembers(ctx, tx, authorID); err != nil {
			return err
		}
		var liked int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM likes WHERE post_kind = ? AND post_id = ? AND member_id = ?", postKind, postID, liker.ID).Scan(&liked); err != nil {
			return err
		}
		_, active, err := repState(ctx, tx, authorID, allmenning.RepLike, postKind, postID, liker.ID)
		if err != nil {
			return err
		}
		now := db.now()
		switch {
		case liked > 0 && active <= 0:
			return db.awardReputation(ctx, tx, authorID, allmenning.RepLike, postKind, postID, liker.ID, now)
		case liked == 0 && active > 0:
			return db.reverseReputation(ctx, tx, authorID, allmenning.RepLike, postKind, postID, liker.ID, now)
		}
		return nil
	})
}

// Page sizes of reputation history.
const (
	defaultRepLimit = 20
	maxRepLimit     = 100
)

// FindReputation returns a member's total reputation, what they earned
// today from capped events, and a page of their history, newest first
// (20 by default, at most 100). An event's thread id and title are given
// only when the viewer may see the post (and it is not deleted); who voted
// is never given.
func (db *DB) FindReputation(ctx context.Context, v allmenning.Viewer, memberID int64, offset, limit int) (*allmenning.Reputation, error) {
	if limit <= 0 {
		limit = defaultRepLimit
	}
	limit = min(limit, maxRepLimit)
	rep := &allmenning.Reputation{MemberID: memberID, Events: []*allmenning.ReputationEvent{}}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, "SELECT reputation FROM members WHERE id = ?", memberID).Scan(&rep.Total); err != nil {
			return notFound(err, "error.member.not_found")
		}
		var err error
		if rep.Today, err = earnedToday(ctx, tx, memberID, db.now()); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM reputation_events WHERE member_id = ?", memberID).Scan(&rep.Count); err != nil {
			return err
		}
		vis := visibleCond("t.", v, false)
		args := append(append(append([]any{}, vis.args...), vis.args...), memberID, limit, max(offset, 0))
		rows, err := tx.query(ctx, `SELECT e.id, e.member_id, e.points, e.reason, e.reversal, e.post_kind, e.post_id,
				CASE WHEN `+vis.sql+` THEN t.id ELSE 0 END, CASE WHEN `+vis.sql+` THEN t.title ELSE '' END, e.created_at, e.day
			FROM reputation_events e
			LEFT JOIN replies r ON e.post_kind = 'reply' AND r.id = e.post_id AND r.deleted_at IS NULL
			LEFT JOIN threads t ON t.id = CASE WHEN e.post_kind = 'thread' THEN e.post_id WHEN r.id IS NOT NULL THEN r.thread_id END
			WHERE e.member_id = ? ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := &allmenning.ReputationEvent{}
			var threadID sql.NullInt64
			var title sql.NullString
			if err := rows.Scan(&e.ID, &e.MemberID, &e.Points, &e.Reason, &e.Reversal, &e.PostKind, &e.PostID, &threadID, &title, timeScan{&e.CreatedAt}, &e.Day); err != nil {
				return err
			}
			e.ThreadID, e.ThreadTitle = threadID.Int64, title.String
			rep.Events = append(rep.Events, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// FindTrustLevel returns a member's trust level: computed from their
// reputation, posts (threads and replies, not deleted) and whole days since
// joining, at the store's clock, with the thresholds in force, unless a
// moderator has set it.
func (db *DB) FindTrustLevel(ctx context.Context, memberID int64) (*allmenning.TrustStatus, error) {
	var s *allmenning.TrustStatus
	err := db.inReadTx(ctx, func(tx *Tx) error {
		// One query, and no counting: a thread or question page asks for
		// the trust level on every request (post_count is kept by the writes).
		var a allmenning.TrustActivity
		var override sql.NullInt64
		var joined time.Time
		var thresholds sql.NullString
		if err := tx.queryRow(ctx, `SELECT m.reputation, m.trust_override, m.created_at, m.post_count,
			(SELECT value FROM settings WHERE key = ?)
			FROM members m WHERE m.id = ?`, settingTrustThresholds, memberID).
			Scan(&a.Reputation, &override, timeScan{&joined}, &a.Posts, &thresholds); err != nil {
			return notFound(err, "error.member.not_found")
		}
		a.Days = allmenning.DaysSince(joined, db.now())
		th, err := parseTrustThresholds(thresholds.String, thresholds.Valid)
		if err != nil {
			return err
		}
		var ov *int
		if override.Valid {
			l := int(override.Int64)
			ov = &l
		}
		s = allmenning.NewTrustStatus(memberID, a, th, ov)
		return nil
	})
	return s, err
}

// SetTrustOverride sets a member's trust level by hand (0 to 3), or with
// nil lets it be computed again.
func (db *DB) SetTrustOverride(ctx context.Context, memberID int64, level *int) error {
	var arg any
	if level != nil {
		if !allmenning.ValidTrustLevel(*level) {
			return fieldError(allmenning.EINVALID, "trust_level", "error.trust.level_invalid")
		}
		arg = *level
	}
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE members SET trust_override = ? WHERE id = ?", arg, memberID)
		if err != nil {
			return err
		}
		return affectedOrExists(ctx, tx, res, "members", memberID, "error.member.not_found")
	})
}

// settingTrustThresholds is the settings key of the trust thresholds.
const settingTrustThresholds = "trust_thresholds"

// SetTrustThresholds sets the thresholds of the trust levels.
func (db *DB) SetTrustThresholds(ctx context.Context, th allmenning.TrustThresholds) error {
	if err := th.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(th)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		return setSetting(ctx, tx, settingTrustThresholds, string(b), db.now())
	})
}

// FindTrustThresholds returns the thresholds in force: the operator's, or the defaults.
func (db *DB) FindTrustThresholds(ctx context.Context) (allmenning.TrustThresholds, error) {
	var th allmenning.TrustThresholds
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		th, err = findTrustThresholds(ctx, tx)
		return err
	})
	return th, err
}

func findTrustThresholds(ctx context.Context, tx *Tx) (allmenning.TrustThresholds, error) {
	s, ok, err := findSetting(ctx, tx, settingTrustThresholds)
	if err != nil {
		return allmenning.DefaultTrustThresholds, err
	}
	return parseTrustThresholds(s, ok)
}

// parseTrustThresholds reads the stored thresholds; without a stored value
// (ok false) they are the defaults.
func parseTrustThresholds(s string, ok bool) (allmenning.TrustThresholds, error) {
	if !ok {
		return allmenning.DefaultTrustThresholds, nil
	}
	var th allmenning.TrustThresholds
	if err := json.Unmarshal([]byte(s), &th); err != nil {
		return allmenning.DefaultTrustThresholds, err
	}
	return th, nil
}

func findSetting(ctx context.Context, tx *Tx, key string) (string, bool, error) {
	var s string
	err := tx.queryRow(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return s, err == nil, err
}

func setSetting(ctx context.Context, tx *Tx, key, value string, now time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, now)
	return err
}
