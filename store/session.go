package store

import (
	"context"
	"slices"
	"strconv"
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
	err := db.readRow(ctx, []any{&s.MemberID, timeScan{&s.CreatedAt}, timeScan{&s.ExpiresAt}}, `SELECT s.member_id, s.created_at, s.expires_at FROM sessions s
		JOIN members m ON m.id = s.member_id WHERE s.hash = ? AND s.expires_at > ? AND m.status = 'active'`, hash, now)
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
// FindSession and then FindMemberByID would: every request of a logged-in
// member asks for it. The session itself is looked up every time, so a
// login ended on any node ends at once; the member comes from a cache at
// the profiles version, which every write to a member's profile, roles or
// status changes (version.go).
func (db *DB) FindSessionMember(ctx context.Context, hash string, now time.Time) (*allmenning.Member, error) {
	var m *allmenning.Member
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var id, version int64
		err := tx.queryRow(ctx, `SELECT s.member_id, COALESCE((SELECT version FROM data_versions WHERE name = ?), 0)
			FROM sessions s WHERE s.hash = ? AND s.expires_at > ?`, versionProfiles, hash, now).Scan(&id, &version)
		if err != nil {
			return notFound(err, "error.session.not_found")
		}
		m, err = db.sessionMembers.get(ctx, strconv.FormatInt(id, 10), version, func() (*allmenning.Member, error) {
			m, err := scanMember(tx.queryRow(ctx, "SELECT "+memberColumns+memberFrom+" WHERE m.id = ? AND m.status = 'active'", id))
			if err != nil {
				return nil, notFound(err, "error.session.not_found")
			}
			return m, attachDetails(ctx, tx, []*allmenning.Member{m})
		})
		return err
	})
	return m, err
}

// sessionMemberEntries bounds the members kept for FindSessionMember: a
// few hundred bytes each.
const sessionMemberEntries = 8192

// cloneMember copies a member and its slices, so that a caller's changes
// do not reach the cache.
func cloneMember(m *allmenning.Member) *allmenning.Member {
	c := *m
	c.Competences, c.Roles = slices.Clone(m.Competences), slices.Clone(m.Roles)
	return &c
}
