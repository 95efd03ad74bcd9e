package store_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// cet is a zone other than UTC, to check that times are compared as instants.
var cet = time.FixedZone("CET", 3600)

func mustSession(t *testing.T, db *store.DB, memberID int64, created time.Time, lifetime time.Duration) string {
	t.Helper()
	_, hash := allmenning.NewSecret()
	if err := db.CreateSession(ctx, allmenning.Session{Hash: hash, MemberID: memberID, CreatedAt: created, ExpiresAt: created.Add(lifetime)}); err != nil {
		t.Fatal(err)
	}
	return hash
}

func TestSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		m := mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001")
		start := now().In(cet)
		end := start.Add(allmenning.SessionLifetime)
		hash := mustSession(t, db, m.ID, start, allmenning.SessionLifetime)

		s, err := db.FindSession(ctx, hash, start.UTC())
		if err != nil {
			t.Fatal(err)
		}
		if s.Hash != hash || s.MemberID != m.ID || !sameTime(s.CreatedAt, start) || !sameTime(s.ExpiresAt, end) {
			t.Errorf("session = %+v, want member %d from %v to %v", s, m.ID, start, end)
		}
		tests := []struct {
			name string
			hash string
			at   time.Time
			ok   bool
		}{
			{"just created", hash, start, true},
			{"in UTC", hash, start.UTC().Add(time.Hour), true},
			{"a microsecond before expiry", hash, end.Add(-time.Microsecond), true},
			{"a microsecond before expiry, other zone", hash, end.Add(-time.Microsecond).In(time.FixedZone("X", -10*3600)), true},
			{"at expiry", hash, end, false},
			{"after expiry", hash, end.Add(time.Second), false},
			{"after expiry, other zone", hash, end.Add(time.Second).In(time.FixedZone("X", 10*3600)), false},
			{"unknown", allmenning.HashSecret("nope"), start, false},
			{"empty", "", start, false},
		}
		for _, tt := range tests {
			_, err := db.FindSession(ctx, tt.hash, tt.at)
			if tt.ok && err != nil {
				t.Errorf("%s: %v", tt.name, err)
			} else if !tt.ok && allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
				t.Errorf("%s: %v, want %s", tt.name, err, allmenning.ENOTFOUND)
			}
		}

		other := mustSession(t, db, m.ID, start, time.Hour)
		if err := db.DeleteSession(ctx, hash); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindSession(ctx, hash, start); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("deleted session: %v", err)
		}
		if _, err := db.FindSession(ctx, other, start); err != nil {
			t.Errorf("deleting one session ended another: %v", err)
		}
		if err := db.DeleteSession(ctx, hash); err != nil {
			t.Errorf("deleting a deleted session: %v", err)
		}
	})
}

// Creating a session clears the member's expired sessions and no others.
func TestSessionsExpiredCleared(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		m := mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001")
		other := mustMember(t, db, "ola@trondheim.kommune.no", "Ola Nordmann", "5001")
		t0 := now().Add(-48 * time.Hour)
		expired := mustSession(t, db, m.ID, t0, time.Hour)
		live := mustSession(t, db, m.ID, t0, 72*time.Hour)
		othersExpired := mustSession(t, db, other.ID, t0, time.Hour)
		mustSession(t, db, m.ID, now(), time.Hour)
		// Looked up at a time when all three were valid: only the member's expired one is gone.
		at := t0.Add(time.Minute)
		if _, err := db.FindSession(ctx, expired, at); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("expired session kept: %v", err)
		}
		if _, err := db.FindSession(ctx, live, at); err != nil {
			t.Errorf("live session removed: %v", err)
		}
		if _, err := db.FindSession(ctx, othersExpired, at); err != nil {
			t.Errorf("another member's session removed: %v", err)
		}
	})
}

func mustEmailToken(t *testing.T, db *store.DB, purpose, email, municipality string, memberID int64, created time.Time) string {
	t.Helper()
	_, hash := allmenning.NewSecret()
	err := db.CreateEmailToken(ctx, allmenning.EmailToken{
		Hash: hash, Purpose: purpose, Email: email, MemberID: memberID, Municipality: municipality,
		CreatedAt: created, ExpiresAt: created.Add(allmenning.TokenLifetime(purpose)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return hash
}

func TestFindEmailToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		inviter := mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001")
		t0 := now().In(cet)
		confirm := mustEmailToken(t, db, allmenning.PurposeConfirm, "ola@trondheim.kommune.no", "5001", 0, t0)
		invite := mustEmailToken(t, db, allmenning.PurposeInvite, "per@malvik.kommune.no", "5031", inviter.ID, t0)
		tok, err := db.FindEmailToken(ctx, confirm, allmenning.PurposeConfirm, t0)
		if err != nil {
			t.Fatal(err)
		}
		if tok.Hash != confirm || tok.Purpose != allmenning.PurposeConfirm || tok.Email != "ola@trondheim.kommune.no" ||
			tok.Municipality != "5001" || tok.MemberID != 0 || !sameTime(tok.CreatedAt, t0) || !sameTime(tok.ExpiresAt, t0.Add(48*time.Hour)) {
			t.Errorf("confirm token = %+v", tok)
		}
		tok, err = db.FindEmailToken(ctx, invite, allmenning.PurposeInvite, t0)
		if err != nil {
			t.Fatal(err)
		}
		if tok.MemberID != inviter.ID || tok.Municipality != "5031" || tok.Email != "per@malvik.kommune.no" {
			t.Errorf("invite token = %+v", tok)
		}
		tests := []struct {
			name, hash, purpose string
			at                  time.Time
			ok                  bool
		}{
			{"before expiry", confirm, allmenning.PurposeConfirm, t0.Add(48*time.Hour - time.Microsecond), true},
			{"at expiry", confirm, allmenning.PurposeConfirm, t0.Add(48 * time.Hour), false},
			{"after expiry, in UTC", confirm, allmenning.PurposeConfirm, t0.Add(49 * time.Hour).UTC(), false},
			{"wrong purpose", confirm, allmenning.PurposeReset, t0, false},
			{"wrong purpose for invite", invite, allmenning.PurposeConfirm, t0, false},
			{"invite after two weeks less a second", invite, allmenning.PurposeInvite, t0.Add(14*24*time.Hour - time.Second), true},
			{"unknown", allmenning.HashSecret("x"), allmenning.PurposeConfirm, t0, false},
		}
		for _, tt := range tests {
			_, err := db.FindEmailToken(ctx, tt.hash, tt.purpose, tt.at)
			if tt.ok && err != nil {
				t.Errorf("%s: %v", tt.name, err)
			} else if !tt.ok && allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
				t.Errorf("%s: %v, want %s", tt.name, err, allmenning.ENOTFOUND)
			}
		}
	})
}

func TestCompleteSignup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		existing := mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001")
		t0 := now()
		confirm := mustEmailToken(t, db, allmenning.PurposeConfirm, "ola@trondheim.kommune.no", "5001", 0, t0)
		m, err := db.CompleteSignup(ctx, confirm, allmenning.PurposeConfirm, t0.Add(time.Hour), allmenning.NewMember{
			Email: "someone.else@oslo.kommune.no", Municipality: "0301", Name: " Ola  Nordmann ", PasswordHash: "h", Language: "nn",
		})
		if err != nil {
			t.Fatal(err)
		}
		// The address and, for a confirmation, the municipality come from the token.
		if m.Email != "ola@trondheim.kommune.no" || m.Municipality != "5001" || m.Name != "Ola Nordmann" || m.Language != "nn" ||
			!sameTime(m.CreatedAt, t0.Add(time.Hour)) {
			t.Errorf("signed up member = %+v", m)
		}
		if h, _ := db.FindPasswordHash(ctx, m.ID); h != "h" {
			t.Errorf("password hash %q", h)
		}
		// Single use.
		_, err = db.CompleteSignup(ctx, confirm, allmenning.PurposeConfirm, t0.Add(2*time.Hour), allmenning.NewMember{Name: "Ola To", PasswordHash: "h2"})
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
		_, err = db.FindEmailToken(ctx, confirm, allmenning.PurposeConfirm, t0.Add(2*time.Hour))
		wantCode(t, err, allmenning.ENOTFOUND, "", "")

		// An invitation with no municipality takes the one given.
		open := mustEmailToken(t, db, allmenning.PurposeInvite, "per@bergen.kommune.no", "", existing.ID, t0)
		p, err := db.CompleteSignup(ctx, open, allmenning.PurposeInvite, t0, allmenning.NewMember{Name: "Per Hansen", Municipality: "4601"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Email != "per@bergen.kommune.no" || p.Municipality != "4601" {
			t.Errorf("invited member = %+v", p)
		}

		// Failures leave the token unused and create nobody.
		failures := []struct {
			name                 string
			purpose, email, muni string
			usePurpose           string
			at                   time.Duration
			n                    allmenning.NewMember
			code, field, message string
		}{
			{"expired", allmenning.PurposeConfirm, "a@trondheim.kommune.no", "5001", allmenning.PurposeConfirm, 49 * time.Hour,
				allmenning.NewMember{Name: "Anne A"}, allmenning.ENOTFOUND, "", ""},
			{"wrong purpose", allmenning.PurposeReset, "b@trondheim.kommune.no", "5001", allmenning.PurposeConfirm, 0,
				allmenning.NewMember{Name: "Berit B"}, allmenning.ENOTFOUND, "", ""},
			{"address taken", allmenning.PurposeInvite, "KARI@trondheim.kommune.no", "5001", allmenning.PurposeInvite, 0,
				allmenning.NewMember{Name: "Kari Igjen"}, allmenning.ECONFLICT, "email", "error.email.taken"},
			{"invalid name", allmenning.PurposeConfirm, "c@trondheim.kommune.no", "5001", allmenning.PurposeConfirm, 0,
				allmenning.NewMember{Name: " "}, allmenning.EINVALID, "name", "error.name.required"},
			{"unknown municipality", allmenning.PurposeInvite, "d@trondheim.kommune.no", "", allmenning.PurposeInvite, 0,
				allmenning.NewMember{Name: "Dag D", Municipality: "9999"}, allmenning.EINVALID, "municipality", "error.municipality.not_found"},
			{"no municipality", allmenning.PurposeInvite, "e@trondheim.kommune.no", "", allmenning.PurposeInvite, 0,
				allmenning.NewMember{Name: "Eva E"}, allmenning.EINVALID, "municipality", "error.municipality.required"},
		}
		for _, f := range failures {
			t.Run(f.name, func(t *testing.T) {
				hash := mustEmailToken(t, db, f.purpose, f.email, f.muni, existing.ID, t0)
				_, err := db.CompleteSignup(ctx, hash, f.usePurpose, t0.Add(f.at), f.n)
				wantCode(t, err, f.code, f.field, f.message)
				if _, err := db.FindEmailToken(ctx, hash, f.purpose, t0); err != nil {
					t.Errorf("token used up by a failed signup: %v", err)
				}
				if f.code != allmenning.ECONFLICT {
					if _, err := db.FindMemberByEmail(ctx, f.email); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
						t.Errorf("member created by a failed signup: %v", err)
					}
				}
			})
		}
		// After a failure for a fixable reason the same link still works.
		retry := mustEmailToken(t, db, allmenning.PurposeInvite, "f@trondheim.kommune.no", "", existing.ID, t0)
		if _, err := db.CompleteSignup(ctx, retry, allmenning.PurposeInvite, t0, allmenning.NewMember{Name: "Frida F"}); allmenning.ErrorCode(err) != allmenning.EINVALID {
			t.Fatalf("first try: %v", err)
		}
		if _, err := db.CompleteSignup(ctx, retry, allmenning.PurposeInvite, t0, allmenning.NewMember{Name: "Frida F", Municipality: "5001"}); err != nil {
			t.Fatalf("second try: %v", err)
		}
		_, total, err := db.FindMembers(ctx, allmenning.MemberFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 4 {
			t.Errorf("%d members, want 4", total)
		}
	})
}

// Several requests with one link at once: exactly one creates the member.
func TestCompleteSignupConcurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		t0 := now()
		hash := mustEmailToken(t, db, allmenning.PurposeConfirm, "ola@trondheim.kommune.no", "5001", 0, t0)
		const n = 6
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := db.CompleteSignup(ctx, hash, allmenning.PurposeConfirm, t0, allmenning.NewMember{Name: "Ola Nordmann", PasswordHash: "h"})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		ok := 0
		for err := range errs {
			if err == nil {
				ok++
			} else if code := allmenning.ErrorCode(err); code != allmenning.ENOTFOUND && code != allmenning.ECONFLICT {
				t.Errorf("concurrent signup: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d concurrent signups with one token succeeded, want 1", ok)
		}
	})
}

func TestResetPassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		m := mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001")
		other := mustMember(t, db, "ola@trondheim.kommune.no", "Ola Nordmann", "5001")
		t0 := now()
		s1 := mustSession(t, db, m.ID, t0, time.Hour)
		s2 := mustSession(t, db, m.ID, t0, time.Hour)
		s3 := mustSession(t, db, other.ID, t0, time.Hour)
		r1 := mustEmailToken(t, db, allmenning.PurposeReset, m.Email, "", m.ID, t0)
		r2 := mustEmailToken(t, db, allmenning.PurposeReset, m.Email, "", m.ID, t0)
		r3 := mustEmailToken(t, db, allmenning.PurposeReset, other.Email, "", other.ID, t0)
		inv := mustEmailToken(t, db, allmenning.PurposeInvite, "ny@trondheim.kommune.no", "5001", m.ID, t0)

		// Tokens that may not reset: expired, of another purpose, unknown.
		expired := mustEmailToken(t, db, allmenning.PurposeReset, m.Email, "", m.ID, t0.Add(-2*time.Hour))
		for name, hash := range map[string]string{"expired": expired, "invite": inv, "unknown": allmenning.HashSecret("x")} {
			_, err := db.ResetPassword(ctx, hash, t0.Add(time.Minute), "bad")
			if allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
				t.Errorf("reset with %s token: %v, want %s", name, err, allmenning.ENOTFOUND)
			}
		}
		if h, _ := db.FindPasswordHash(ctx, m.ID); h != "hash-"+m.Email {
			t.Fatalf("password changed by a refused reset: %q", h)
		}

		at := t0.Add(time.Minute)
		got, err := db.ResetPassword(ctx, r1, at, "new-hash")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != m.ID || got.Email != m.Email {
			t.Errorf("reset returned %+v", got)
		}
		if h, _ := db.FindPasswordHash(ctx, m.ID); h != "new-hash" {
			t.Errorf("password hash %q after reset", h)
		}
		if h, _ := db.FindPasswordHash(ctx, other.ID); h != "hash-"+other.Email {
			t.Errorf("other member's password hash %q after reset", h)
		}
		for name, hash := range map[string]string{"s1": s1, "s2": s2} {
			if _, err := db.FindSession(ctx, hash, at); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
				t.Errorf("session %s survived the reset: %v", name, err)
			}
		}
		if _, err := db.FindSession(ctx, s3, at); err != nil {
			t.Errorf("other member's session ended: %v", err)
		}
		if _, err := db.FindEmailToken(ctx, r2, allmenning.PurposeReset, at); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("second reset link still valid: %v", err)
		}
		if _, err := db.FindEmailToken(ctx, r3, allmenning.PurposeReset, at); err != nil {
			t.Errorf("other member's reset link killed: %v", err)
		}
		if _, err := db.FindEmailToken(ctx, inv, allmenning.PurposeInvite, at); err != nil {
			t.Errorf("invitation killed by a reset: %v", err)
		}
		for name, hash := range map[string]string{"same": r1, "second": r2} {
			if _, err := db.ResetPassword(ctx, hash, at, "again"); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
				t.Errorf("reset with %s link again: %v", name, err)
			}
		}
		if h, _ := db.FindPasswordHash(ctx, m.ID); h != "new-hash" {
			t.Errorf("password hash %q after refused resets", h)
		}
		// Logging in again after the reset works.
		s4 := mustSession(t, db, m.ID, at, time.Hour)
		if _, err := db.FindSession(ctx, s4, at); err != nil {
			t.Errorf("new session after reset: %v", err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		m := mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001")
		other := mustMember(t, db, "ola@trondheim.kommune.no", "Ola Nordmann", "5001")
		t0 := now()
		newToken := func(member int64, name string, created time.Time) *allmenning.APIToken {
			secret, hash := allmenning.NewSecret()
			tok := &allmenning.APIToken{MemberID: member, Name: name, Prefix: allmenning.APITokenPrefix + secret[:6], Hash: hash, CreatedAt: created}
			if err := db.CreateAPIToken(ctx, tok); err != nil {
				t.Fatal(err)
			}
			if tok.ID == 0 {
				t.Fatal("no id set")
			}
			return tok
		}
		t1 := newToken(m.ID, "Skript", t0)
		t2 := newToken(m.ID, "Rapport", t0.Add(time.Second))
		t3 := newToken(other.ID, "Ola sitt", t0)
		t4 := newToken(m.ID, "Tredje", t0.Add(2*time.Second))

		list, err := db.FindAPITokens(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []*allmenning.APIToken{t4, t2, t1}
		if len(list) != len(want) {
			t.Fatalf("%d tokens listed, want %d", len(list), len(want))
		}
		for i, w := range want {
			g := list[i]
			if g.ID != w.ID || g.MemberID != m.ID || g.Name != w.Name || g.Prefix != w.Prefix || !sameTime(g.CreatedAt, w.CreatedAt) ||
				g.LastUsedAt != nil || g.Hash != "" {
				t.Errorf("token %d = %+v, want %+v without hash", i, g, w)
			}
		}
		if list, err := db.FindAPITokens(ctx, other.ID+1000); err != nil || len(list) != 0 {
			t.Errorf("tokens of nobody: %v, %v", list, err)
		}

		// Using a token finds its member and records the use at most once a minute.
		uses := []struct {
			name     string
			at       time.Duration
			lastUsed time.Duration
		}{
			{"first use", 10 * time.Minute, 10 * time.Minute},
			{"30 s later", 10*time.Minute + 30*time.Second, 10 * time.Minute},
			{"a minute later", 11 * time.Minute, 10 * time.Minute},
			{"61 s later", 11*time.Minute + time.Second, 11*time.Minute + time.Second},
			{"an hour later", 71 * time.Minute, 71 * time.Minute},
		}
		for _, u := range uses {
			got, err := db.FindMemberByAPIToken(ctx, t2.Hash, t0.Add(u.at).In(cet))
			if err != nil {
				t.Fatalf("%s: %v", u.name, err)
			}
			if got.ID != m.ID || got.Email != m.Email {
				t.Errorf("%s: member %+v", u.name, got)
			}
			list, err := db.FindAPITokens(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, tok := range list {
				switch {
				case tok.ID == t2.ID && (tok.LastUsedAt == nil || !sameTime(*tok.LastUsedAt, t0.Add(u.lastUsed))):
					t.Errorf("%s: last used %v, want %v", u.name, tok.LastUsedAt, t0.Add(u.lastUsed))
				case tok.ID != t2.ID && tok.LastUsedAt != nil:
					t.Errorf("%s: token %s marked used", u.name, tok.Name)
				}
			}
		}
		if _, err := db.FindMemberByAPIToken(ctx, allmenning.HashSecret("nope"), t0); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("unknown token: %v", err)
		}

		// Only the owner may delete a token.
		deletes := []struct {
			name       string
			member, id int64
			code       string
		}{
			{"another member's token", m.ID, t3.ID, allmenning.ENOTFOUND},
			{"by another member", other.ID, t1.ID, allmenning.ENOTFOUND},
			{"unknown", m.ID, t4.ID + 1000, allmenning.ENOTFOUND},
			{"own", m.ID, t1.ID, ""},
			{"own again", m.ID, t1.ID, allmenning.ENOTFOUND},
		}
		for _, d := range deletes {
			if err := db.DeleteAPIToken(ctx, d.member, d.id); allmenning.ErrorCode(err) != d.code {
				t.Errorf("delete %s: %v, want code %q", d.name, err, d.code)
			}
		}
		list, err = db.FindAPITokens(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != t4.ID || list[1].ID != t2.ID {
			t.Errorf("after delete: %v", list)
		}
		if list, _ := db.FindAPITokens(ctx, other.ID); len(list) != 1 || list[0].ID != t3.ID {
			t.Errorf("other member's tokens after delete: %v", list)
		}
		if _, err := db.FindMemberByAPIToken(ctx, t1.Hash, t0); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("deleted token still works: %v", err)
		}
		if got, err := db.FindMemberByAPIToken(ctx, t3.Hash, t0); err != nil || got.ID != other.ID {
			t.Errorf("other member's token: %v, %v", got, err)
		}
	})
}

// The member of a session comes from a cache, and what another node
// changes is in the next lookup: a role granted or revoked, a new
// language, the login ended. A caller's changes to the member it got stay
// its own.
func TestSessionMemberAcrossNodes(t *testing.T) {
	dbtest.EachNodes(t, func(t *testing.T, a, b *store.DB) {
		anne := mustMember(t, a, "anne@trondheim.kommune.no", "Anne Aune", "5001", "plan")
		start := now()
		if err := a.CreateSession(ctx, allmenning.Session{Hash: "h-anne", MemberID: anne.ID, CreatedAt: start, ExpiresAt: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		lookup := func(step string) *allmenning.Member {
			t.Helper()
			m, err := a.FindSessionMember(ctx, "h-anne", now())
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			return m
		}
		m := lookup("first")
		if m.ID != anne.ID || m.Name != "Anne Aune" || m.MunicipalityName == "" || !slices.Equal(m.Competences, []string{"plan"}) {
			t.Fatalf("first lookup: %+v", m)
		}
		m.Roles = append(m.Roles, allmenning.Grant{Role: allmenning.RoleOperator})
		m.Competences[0] = "endret"
		if m := lookup("after a caller's change"); len(m.Roles) != 0 || m.Competences[0] != "plan" {
			t.Fatalf("a caller's change reached the cache: roles %v, competences %v", m.Roles, m.Competences)
		}

		if err := b.GrantRole(ctx, anne.ID, allmenning.Grant{Role: allmenning.RoleModerator}); err != nil {
			t.Fatal(err)
		}
		if m := lookup("role granted"); !m.HasRole(allmenning.RoleModerator) {
			t.Errorf("after the grant on the other node: roles %v", m.Roles)
		}
		if err := b.RevokeRole(ctx, anne.ID, allmenning.Grant{Role: allmenning.RoleModerator}); err != nil {
			t.Fatal(err)
		}
		if m := lookup("role revoked"); m.HasRole(allmenning.RoleModerator) {
			t.Errorf("after the revocation on the other node: roles %v", m.Roles)
		}
		if _, err := b.UpdateProfile(ctx, anne.ID, allmenning.ProfileUpdate{Name: "Anne Aune", Competences: []string{"plan"}, Language: "en"}); err != nil {
			t.Fatal(err)
		}
		if m := lookup("language changed"); m.Language != "en" {
			t.Errorf("after the language change: %q", m.Language)
		}

		if _, err := a.FindSessionMember(ctx, "h-anne", start.Add(2*time.Hour)); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("an expired session gives %v, want not found", err)
		}
		if err := b.DeleteSession(ctx, "h-anne"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.FindSessionMember(ctx, "h-anne", now()); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("after logging out on the other node the lookup gives %v, want not found", err)
		}
	})
}
