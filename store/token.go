package store

import (
	"context"
	"time"

	"github.com/allmenning/allmenning"
)

// CreateEmailToken stores a single-use e-mail token.
func (db *DB) CreateEmailToken(ctx context.Context, t allmenning.EmailToken) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var memberID any
		if t.MemberID != 0 {
			memberID = t.MemberID
		}
		_, err := tx.exec(ctx, `INSERT INTO email_tokens (hash, purpose, email, member_id, municipality, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, t.Hash, t.Purpose, t.Email, memberID, t.Municipality, t.CreatedAt, t.ExpiresAt)
		return err
	})
}

// FindEmailToken returns an unused, unexpired token.
func (db *DB) FindEmailToken(ctx context.Context, hash, purpose string, now time.Time) (*allmenning.EmailToken, error) {
	var t *allmenning.EmailToken
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		t, err = findEmailToken(ctx, tx, hash, purpose, now)
		return err
	})
	return t, err
}

func findEmailToken(ctx context.Context, tx *Tx, hash, purpose string, now time.Time) (*allmenning.EmailToken, error) {
	t := &allmenning.EmailToken{Hash: hash}
	var memberID *int64
	err := tx.queryRow(ctx, `SELECT purpose, email, member_id, municipality, created_at, expires_at FROM email_tokens
		WHERE hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?`, hash, purpose, now).
		Scan(&t.Purpose, &t.Email, &memberID, &t.Municipality, timeScan{&t.CreatedAt}, timeScan{&t.ExpiresAt})
	if err != nil {
		return nil, notFound(err, "error.token.invalid")
	}
	if memberID != nil {
		t.MemberID = *memberID
	}
	return t, nil
}

// useEmailToken marks a token used; it fails when another request used it first.
func useEmailToken(ctx context.Context, tx *Tx, hash, purpose string, now time.Time) (*allmenning.EmailToken, error) {
	t, err := findEmailToken(ctx, tx, hash, purpose, now)
	if err != nil {
		return nil, err
	}
	res, err := tx.exec(ctx, "UPDATE email_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL", now, hash)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, allmenning.Errorf(allmenning.ENOTFOUND, "error.token.invalid")
	}
	return t, nil
}

// CompleteSignup uses a confirm or invite token and creates the member.
// The e-mail address comes from the token; for a confirmation so does the municipality.
func (db *DB) CompleteSignup(ctx context.Context, hash, purpose string, now time.Time, n allmenning.NewMember) (*allmenning.Member, error) {
	var m *allmenning.Member
	err := db.inTx(ctx, func(tx *Tx) error {
		t, err := useEmailToken(ctx, tx, hash, purpose, now)
		if err != nil {
			return err
		}
		n.Email = t.Email
		if t.Municipality != "" {
			n.Municipality = t.Municipality
		}
		if err := n.Validate(); err != nil {
			return err
		}
		m, err = createMember(ctx, tx, n, now)
		return err
	})
	return m, err
}

// ResetPassword uses a reset token, sets the password and ends every session of the member.
func (db *DB) ResetPassword(ctx context.Context, hash string, now time.Time, passwordHash string) (*allmenning.Member, error) {
	var m *allmenning.Member
	err := db.inTx(ctx, func(tx *Tx) error {
		t, err := useEmailToken(ctx, tx, hash, allmenning.PurposeReset, now)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE members SET password_hash = ?, updated_at = ? WHERE id = ?", passwordHash, now, t.MemberID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE member_id = ?", t.MemberID); err != nil {
			return err
		}
		// Other reset links for the same member stop working too.
		if _, err := tx.exec(ctx, "UPDATE email_tokens SET used_at = ? WHERE member_id = ? AND purpose = ? AND used_at IS NULL", now, t.MemberID, allmenning.PurposeReset); err != nil {
			return err
		}
		m, err = findMember(ctx, tx, t.MemberID)
		return err
	})
	return m, err
}

// CreateAPIToken stores a personal API token and sets its ID.
func (db *DB) CreateAPIToken(ctx context.Context, t *allmenning.APIToken) error {
	return db.inTx(ctx, func(tx *Tx) error {
		id, err := tx.insertID(ctx, "INSERT INTO api_tokens (member_id, name, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?)",
			t.MemberID, t.Name, t.Prefix, t.Hash, t.CreatedAt)
		t.ID = id
		return err
	})
}

// FindAPITokens lists a member's API tokens, newest first.
func (db *DB) FindAPITokens(ctx context.Context, memberID int64) ([]*allmenning.APIToken, error) {
	var list []*allmenning.APIToken
	err := db.inReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT id, member_id, name, prefix, created_at, last_used_at FROM api_tokens WHERE member_id = ? ORDER BY id DESC", memberID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t := &allmenning.APIToken{}
			if err := rows.Scan(&t.ID, &t.MemberID, &t.Name, &t.Prefix, timeScan{&t.CreatedAt}, nullTime{&t.LastUsedAt}); err != nil {
				return err
			}
			list = append(list, t)
		}
		return rows.Err()
	})
	return list, err
}

// DeleteAPIToken revokes one of a member's tokens.
func (db *DB) DeleteAPIToken(ctx context.Context, memberID, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM api_tokens WHERE id = ? AND member_id = ?", id, memberID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return allmenning.Errorf(allmenning.ENOTFOUND, "error.token.not_found")
		}
		return nil
	})
}

// FindMemberByAPIToken returns the active member a token belongs to and records its use.
func (db *DB) FindMemberByAPIToken(ctx context.Context, hash string, now time.Time) (*allmenning.Member, error) {
	var m *allmenning.Member
	var lastUsed *time.Time
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var id int64
		err := tx.queryRow(ctx, `SELECT t.member_id, t.last_used_at FROM api_tokens t JOIN members m ON m.id = t.member_id
			WHERE t.hash = ? AND m.status = 'active'`, hash).Scan(&id, nullTime{&lastUsed})
		if err != nil {
			return notFound(err, "error.token.invalid")
		}
		m, err = findMember(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	// Record use at most once a minute, so that API reads do not each become a write.
	if lastUsed == nil || now.Sub(*lastUsed) > time.Minute {
		err = db.inTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE hash = ?", now, hash)
			return err
		})
	}
	return m, err
}
