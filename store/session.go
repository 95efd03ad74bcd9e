package store

import (
	"context"
	"time"

	"github.com/allmenning/allmenning"
)

// CreateSession stores a login.
func (db *DB) CreateSession(ctx context.Context, s allmenning.Session) error {
	return db.inTx(ctx, func(tx *Tx) error {
		// Expired sessions of this member are cleared on the way.
		if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE member_id = ? AND expires_at < ?", s.MemberID, s.CreatedAt); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO sessions (hash, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)", s.Hash, s.MemberID, s.CreatedAt, s.ExpiresAt)
		return err
	})
}

// FindSession returns a live session of an active member.
func (db *DB) FindSession(ctx context.Context, hash string, now time.Time) (*allmenning.Session, error) {
	s := &allmenning.Session{Hash: hash}
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT s.member_id, s.created_at, s.expires_at FROM sessions s
		JOIN members m ON m.id = s.member_id WHERE s.hash = ? AND s.expires_at > ? AND m.status = 'active'`), db.args([]any{hash, now})...).
		Scan(&s.MemberID, timeScan{&s.CreatedAt}, timeScan{&s.ExpiresAt})
	if err != nil {
		return nil, notFound(err, "error.session.not_found")
	}
	return s, nil
}

// DeleteSession ends a login.
func (db *DB) DeleteSession(ctx context.Context, hash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM sessions WHERE hash = ?", hash)
		return err
	})
}

// FindSessionMember returns the active member of a live session, as
// FindSession and then FindMemberByID would, in one read transaction: every
// request of a logged-in member asks for it.
func (db *DB) FindSessionMember(ctx context.Context, hash string, now time.Time) (*allmenning.Member, error) {
	var m *allmenning.Member
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		m, err = scanMember(tx.queryRow(ctx, "SELECT "+memberColumns+memberFrom+` JOIN sessions s ON s.member_id = m.id
			WHERE s.hash = ? AND s.expires_at > ? AND m.status = 'active'`, hash, now))
		if err != nil {
			return notFound(err, "error.session.not_found")
		}
		return attachDetails(ctx, tx, []*allmenning.Member{m})
	})
	return m, err
}
