package allmenning

import (
	"context"
	"time"
)

// Store is the persistence the application needs. The store package
// implements it for SQLite and PostgreSQL.
type Store interface {
	Ping(ctx context.Context) error

	FindMunicipalities(ctx context.Context, filter MunicipalityFilter) ([]*Municipality, error)
	FindMunicipalityByNumber(ctx context.Context, number string) (*Municipality, error)
	FindMunicipalityByDomain(ctx context.Context, domain string) (*Municipality, error)
	AddDomain(ctx context.Context, number, domain string) error
	RemoveDomain(ctx context.Context, number, domain string) error

	CreateMember(ctx context.Context, n NewMember) (*Member, error)
	FindMemberByID(ctx context.Context, id int64) (*Member, error)
	FindMemberByEmail(ctx context.Context, email string) (*Member, error)
	FindPasswordHash(ctx context.Context, memberID int64) (string, error)
	FindMembers(ctx context.Context, filter MemberFilter) ([]*Member, int, error)
	// CountMembers returns how many active members match, as FindMembers' total.
	CountMembers(ctx context.Context, filter MemberFilter) (int, error)
	UpdateProfile(ctx context.Context, id int64, u ProfileUpdate) (*Member, error)
	SetPassword(ctx context.Context, id int64, hash string) error
	GrantRole(ctx context.Context, memberID int64, g Grant) error
	RevokeRole(ctx context.Context, memberID int64, g Grant) error

	CreateSession(ctx context.Context, s Session) error
	FindSession(ctx context.Context, hash string, now time.Time) (*Session, error)
	DeleteSession(ctx context.Context, hash string) error

	CreateEmailToken(ctx context.Context, t EmailToken) error
	FindEmailToken(ctx context.Context, hash, purpose string, now time.Time) (*EmailToken, error)
	// CompleteSignup uses a confirm or invite token and creates the member in one transaction.
	CompleteSignup(ctx context.Context, hash, purpose string, now time.Time, n NewMember) (*Member, error)
	// ResetPassword uses a reset token, sets the password and ends all sessions in one transaction.
	ResetPassword(ctx context.Context, hash string, now time.Time, passwordHash string) (*Member, error)

	CreateAPIToken(ctx context.Context, t *APIToken) error
	FindAPITokens(ctx context.Context, memberID int64) ([]*APIToken, error)
	DeleteAPIToken(ctx context.Context, memberID, id int64) error
	FindMemberByAPIToken(ctx context.Context, hash string, now time.Time) (*Member, error)
}

// Mailer sends e-mail.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// Mail is one message with a plain-text and an optional HTML part.
type Mail struct {
	To      string
	Subject string
	Text    string
	HTML    string
	Headers map[string]string
}

// SearchQueue is a store that adds some writes to the search index a
// moment after they commit (new replies, in batches). IndexPending indexes
// what is queued and returns when it is searchable.
type SearchQueue interface {
	IndexPending(ctx context.Context) error
}

// Snapshotter is a store that can run several reads in one read transaction
// carried by the context, so that work which reads much at once waits for a
// connection once. Reads inside see the database as it was when the
// snapshot began, so fn should not read back what it writes.
type Snapshotter interface {
	Snapshot(ctx context.Context, fn func(ctx context.Context) error) error
}

// InSnapshot runs fn in a snapshot of store when it is a Snapshotter, else
// just runs it.
func InSnapshot(ctx context.Context, store any, fn func(ctx context.Context) error) error {
	if s, ok := store.(Snapshotter); ok {
		return s.Snapshot(ctx, fn)
	}
	return fn(ctx)
}

// EachInSnapshot calls fn for each item, all in one snapshot of store when
// it is a Snapshotter. An error can spoil the rest of a shared transaction
// (PostgreSQL aborts it), so the items whose fn failed in it are tried once
// more on their own; what fails then is returned. fn should record its
// result only when it returns nil.
func EachInSnapshot[T any](ctx context.Context, store any, items []T, fn func(ctx context.Context, item T) error) []error {
	var failed []T
	if err := InSnapshot(ctx, store, func(ctx context.Context) error {
		for _, it := range items {
			if fn(ctx, it) != nil {
				failed = append(failed, it)
			}
		}
		return nil
	}); err != nil { // no snapshot to be had: each read takes its own turn
		failed = items
	}
	var errs []error
	for _, it := range failed {
		if err := fn(ctx, it); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
