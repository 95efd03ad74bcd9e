package store

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
)

// FindMailPrefs returns a member's e-mail choices, with defaults for what is
// not stored.
func (db *DB) FindMailPrefs(ctx context.Context, memberID int64) (*allmenning.MailPrefs, error) {
	var p *allmenning.MailPrefs
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		p, err = findMailPrefs(ctx, tx, memberID)
		return err
	})
	return p, err
}

func findMailPrefs(ctx context.Context, tx *Tx, memberID int64) (*allmenning.MailPrefs, error) {
	p := allmenning.DefaultMailPrefs(memberID)
	rows, err := tx.query(ctx, "SELECT kind, setting FROM mail_prefs WHERE member_id = ?", memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, setting string
		if err := rows.Scan(&kind, &setting); err != nil {
			return nil, err
		}
		if slices.Contains(allmenning.MailKinds, kind) {
			p.Kinds[kind] = setting
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var freq string
	err = tx.queryRow(ctx, "SELECT frequency FROM digest_state WHERE member_id = ?", memberID).Scan(&freq)
	if err == nil {
		p.Digest = freq
	} else if allmenning.ErrorCode(notFound(err, "")) != allmenning.ENOTFOUND {
		return nil, err
	}
	return p, nil
}

// SaveMailPrefs stores every kind's setting and the digest frequency.
func (db *DB) SaveMailPrefs(ctx context.Context, p *allmenning.MailPrefs) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		for _, kind := range allmenning.MailKinds {
			if err := setMailPref(ctx, tx, p.MemberID, kind, p.Kinds[kind]); err != nil {
				return err
			}
		}
		return setDigestFrequency(ctx, tx, p.MemberID, p.Digest)
	})
}

func setMailPref(ctx context.Context, tx *Tx, memberID int64, kind, setting string) error {
	_, err := tx.exec(ctx, `INSERT INTO mail_prefs (member_id, kind, setting) VALUES (?, ?, ?)
		ON CONFLICT (member_id, kind) DO UPDATE SET setting = excluded.setting`, memberID, kind, setting)
	return err
}

func setDigestFrequency(ctx context.Context, tx *Tx, memberID int64, frequency string) error {
	_, err := tx.exec(ctx, `INSERT INTO digest_state (member_id, frequency) VALUES (?, ?)
		ON CONFLICT (member_id) DO UPDATE SET frequency = excluded.frequency`, memberID, frequency)
	return err
}

// CreateUnsubscribeToken stores the hash of a new unsubscribe link.
func (db *DB) CreateUnsubscribeToken(ctx context.Context, t allmenning.UnsubscribeToken) error {
	if !allmenning.ValidUnsubscribe(t.What) {
		return allmenning.Errorf(allmenning.EINVALID, "mail.unsub.invalid")
	}
	return db.inTx(ctx, func(tx *Tx) error { return insertUnsubscribeToken(ctx, tx, t) })
}

// insertUnsubscribeToken is CreateUnsubscribeToken in a transaction of the caller's.
func insertUnsubscribeToken(ctx context.Context, tx *Tx, t allmenning.UnsubscribeToken) error {
	_, err := tx.exec(ctx, "INSERT INTO unsubscribe_tokens (hash, member_id, what, created_at) VALUES (?, ?, ?, ?)",
		t.Hash, t.MemberID, t.What, t.CreatedAt)
	return err
}

// FindUnsubscribeToken returns the token with the hash, used or not.
func (db *DB) FindUnsubscribeToken(ctx context.Context, hash string) (*allmenning.UnsubscribeToken, error) {
	var t *allmenning.UnsubscribeToken
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		t, err = findUnsubscribeToken(ctx, tx, hash)
		return err
	})
	return t, err
}

func findUnsubscribeToken(ctx context.Context, tx *Tx, hash string) (*allmenning.UnsubscribeToken, error) {
	t := &allmenning.UnsubscribeToken{Hash: hash}
	err := tx.queryRow(ctx, "SELECT member_id, what, created_at, used_at FROM unsubscribe_tokens WHERE hash = ?", hash).
		Scan(&t.MemberID, &t.What, timeScan{&t.CreatedAt}, nullTime{&t.UsedAt})
	if err != nil {
		return nil, notFound(err, "mail.unsub.invalid")
	}
	return t, nil
}

// Unsubscribe turns off what the token names and notes the first use.
func (db *DB) Unsubscribe(ctx context.Context, hash string, now time.Time) (*allmenning.UnsubscribeToken, error) {
	var t *allmenning.UnsubscribeToken
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if t, err = findUnsubscribeToken(ctx, tx, hash); err != nil {
			return err
		}
		if t.What == allmenning.UnsubscribeDigest {
			err = setDigestFrequency(ctx, tx, t.MemberID, allmenning.DigestNever)
		} else {
			err = setMailPref(ctx, tx, t.MemberID, t.What, allmenning.MailOff)
		}
		if err != nil {
			return err
		}
		if t.UsedAt == nil {
			if _, err := tx.exec(ctx, "UPDATE unsubscribe_tokens SET used_at = ? WHERE hash = ?", now, hash); err != nil {
				return err
			}
			t.UsedAt = &now
		}
		return nil
	})
	return t, err
}

// FindDueDigests returns active members with the frequency whose digest of
// the period has not been made, by id after afterID.
func (db *DB) FindDueDigests(ctx context.Context, frequency, period string, afterID int64, limit int) ([]allmenning.DigestDue, error) {
	if limit <= 0 {
		limit = 500
	}
	var out []allmenning.DigestDue
	err := db.inReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT m.id, d.last_sent_at FROM members m LEFT JOIN digest_state d ON d.member_id = m.id
			WHERE m.status = 'active' AND COALESCE(d.frequency, 'weekly') = ? AND COALESCE(d.last_period, '') <> ? AND m.id > ?
			ORDER BY m.id LIMIT ?`, frequency, period, afterID, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d := allmenning.DigestDue{Frequency: frequency}
			if err := rows.Scan(&d.MemberID, nullTime{&d.LastSentAt}); err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// RecordDigest notes that the member's digest of the period was made, and
// when it was sent when there was something to send.
func (db *DB) RecordDigest(ctx context.Context, memberID int64, period string, sentAt *time.Time) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO digest_state (member_id, last_period) VALUES (?, ?)
			ON CONFLICT (member_id) DO UPDATE SET last_period = excluded.last_period`, memberID, period); err != nil {
			return err
		}
		if sentAt != nil {
			_, err := tx.exec(ctx, "UPDATE digest_state SET last_sent_at = ? WHERE member_id = ?", *sentAt, memberID)
			return err
		}
		return nil
	})
}

// FindLastDigest returns when the member's last digest was sent, nil when never.
func (db *DB) FindLastDigest(ctx context.Context, memberID int64) (*time.Time, error) {
	var last *time.Time
	err := db.inReadTx(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT last_sent_at FROM digest_state WHERE member_id = ?", memberID).Scan(nullTime{&last})
		if allmenning.ErrorCode(notFound(err, "")) == allmenning.ENOTFOUND {
			return nil
		}
		return err
	})
	return last, err
}

// unansweredCandidates bounds how many recent unanswered questions are
// matched against a member's competences.
const unansweredCandidates = 300

// FindUnansweredMatching returns recent questions without replies that v may
// see, not asked by the member, whose tags or title match a competence.
// Matching is done here in Go rather than in SQL, so that case folding of
// æ, ø and å works alike on both databases.
func (db *DB) FindUnansweredMatching(ctx context.Context, v allmenning.Viewer, memberID int64, competences []string, since time.Time, limit int) ([]*allmenning.Thread, error) {
	if len(competences) == 0 || v.Anonymous() {
		return nil, nil
	}
	v.Moderator = false // never deleted questions
	var out []*allmenning.Thread
	err := db.inReadTx(ctx, func(tx *Tx) error {
		vis := visibleCond("t.", v, false)
		args := append([]any{allmenning.KindQuestion, since, memberID}, vis.args...)
		rows, err := tx.query(ctx, "SELECT "+threadColumns+threadFrom+`
			WHERE t.kind = ? AND t.reply_count = 0 AND t.created_at >= ? AND t.author_id <> ? AND `+vis.sql+`
			ORDER BY t.created_at DESC, t.id DESC LIMIT `+strconv.Itoa(unansweredCandidates), args...)
		if err != nil {
			return err
		}
		var cands []*allmenning.Thread
		for rows.Next() {
			t := &allmenning.Thread{}
			if err := rows.Scan(threadDest(t)...); err != nil {
				rows.Close()
				return err
			}
			cands = append(cands, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := fillThreads(ctx, tx, v, cands); err != nil {
			return err
		}
		for _, t := range cands {
			if matchesCompetence(t, competences) {
				out = append(out, t)
				if limit > 0 && len(out) == limit {
					break
				}
			}
		}
		return nil
	})
	return out, err
}

// matchesCompetence reports whether a thread's tags name a competence, or
// its title contains one.
func matchesCompetence(t *allmenning.Thread, competences []string) bool {
	title := strings.ToLower(t.Title)
	for _, c := range competences {
		c = strings.ToLower(strings.TrimSpace(c))
		if c == "" {
			continue
		}
		slug := allmenning.Slugify(c)
		for _, tag := range t.Tags {
			if strings.ToLower(tag.Name) == c || tag.Slug == slug {
				return true
			}
		}
		if strings.Contains(title, c) {
			return true
		}
	}
	return false
}
