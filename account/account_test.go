package account_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/account"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/internal/mailtest"
	"github.com/allmenning/allmenning/password"
	"github.com/allmenning/allmenning/smtp"
	"github.com/allmenning/allmenning/store"
)

const (
	baseURL  = "http://allmenning.test"
	wait     = 5 * time.Second
	goodPass = "riktig-hest-batteri"
	trondhm  = "5001"
	oslo     = "0301"
)

var ctx = context.Background()

// env is a Service on a real database, sending through a real SMTP server.
type env struct {
	svc  *account.Service
	db   *store.DB
	mail *mailtest.Server
	now  time.Time
}

func setup(t *testing.T, db *store.DB) *env {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv := mailtest.Start(t)
	e := &env{db: db, mail: srv, now: time.Now().UTC().Truncate(time.Second)}
	e.svc = &account.Service{
		Store:    db,
		Mailer:   smtp.New(smtp.Config{Host: srv.Host, Port: srv.Port, From: "Allmenning <noreply@allmenning.test>", TLS: "none"}),
		Catalog:  cat,
		BaseURL:  baseURL,
		Password: password.Params{Memory: 1024, Time: 1, Threads: 1},
		Now:      func() time.Time { return e.now },
	}
	return e
}

// advance moves the service's clock.
func (e *env) advance(d time.Duration) { e.now = e.now.Add(d) }

// member creates an active member, with roles if given, and returns it as loaded from the store.
func (e *env) member(t *testing.T, email, name, muni string, roles ...allmenning.Grant) *allmenning.Member {
	t.Helper()
	m, err := e.svc.CreateMember(ctx, allmenning.NewMember{Email: email, Name: name, Municipality: muni}, goodPass)
	if err != nil {
		t.Fatalf("CreateMember(%s): %v", email, err)
	}
	for _, g := range roles {
		if err := e.db.GrantRole(ctx, m.ID, g); err != nil {
			t.Fatalf("GrantRole(%s, %v): %v", email, g, err)
		}
	}
	return e.reload(t, m)
}

func (e *env) reload(t *testing.T, m *allmenning.Member) *allmenning.Member {
	t.Helper()
	m, err := e.db.FindMemberByID(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// noMail fails the test when any message has been sent.
func (e *env) noMail(t *testing.T) {
	t.Helper()
	if msgs := e.mail.Messages(); len(msgs) > 0 {
		t.Errorf("%d message(s) sent, want none; first to %v: %q", len(msgs), msgs[0].To, msgs[0].Subject)
	}
}

// tokenFrom waits for a message to addr and returns the token of its first
// link under pathPrefix, failing when there is none.
func (e *env) tokenFrom(t *testing.T, addr, pathPrefix string) (string, mailtest.Message) {
	t.Helper()
	msg := e.mail.WaitFor(t, addr, wait)
	link := msg.Link(pathPrefix)
	if link == "" {
		t.Fatalf("message to %s (%q) has no %s link:\n%s", addr, msg.Subject, pathPrefix, msg.Text)
	}
	if !strings.HasPrefix(link, baseURL+pathPrefix+"?") {
		t.Errorf("link %q is not under %s%s", link, baseURL, pathPrefix)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	token := u.Query().Get("token")
	if len(token) < 40 {
		t.Fatalf("link %q has no proper token", link)
	}
	return token, msg
}

func setupForm(name string) allmenning.AccountSetup {
	return allmenning.AccountSetup{Name: name, Password: goodPass, PasswordConfirm: goodPass}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := allmenning.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

func wantField(t *testing.T, err error, code, field, message string) {
	t.Helper()
	wantCode(t, err, code)
	if got := allmenning.Fields(err)[field]; got != message {
		t.Fatalf("error %v: field %q = %q, want %q", err, field, got, message)
	}
}

func TestRegisterAndConfirm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		if err := e.svc.Register(ctx, allmenning.Registration{Email: "  Kari@Trondheim.Kommune.no "}, "nb"); err != nil {
			t.Fatalf("Register: %v", err)
		}
		token, msg := e.tokenFrom(t, "kari@trondheim.kommune.no", "/registrer/bekreft")
		if msg.To[0] != "kari@trondheim.kommune.no" {
			t.Errorf("sent to %v", msg.To)
		}
		if msg.Subject != "Bekreft e-postadressen din i Allmenning" {
			t.Errorf("Subject = %q", msg.Subject)
		}
		if !strings.Contains(msg.Text, "ansatt i Trondheim") || !strings.Contains(msg.Text, "48 timer") {
			t.Errorf("body does not name the municipality and lifetime:\n%s", msg.Text)
		}

		p, err := e.svc.PendingSignup(ctx, token, allmenning.PurposeConfirm)
		if err != nil {
			t.Fatalf("PendingSignup: %v", err)
		}
		if p.Email != "kari@trondheim.kommune.no" || p.Municipality != trondhm {
			t.Errorf("pending signup = %s in %s", p.Email, p.Municipality)
		}
		// A confirmation link is no invitation, and a made-up token is nothing.
		_, err = e.svc.PendingSignup(ctx, token, allmenning.PurposeInvite)
		wantCode(t, err, allmenning.ENOTFOUND)
		_, err = e.svc.PendingSignup(ctx, token+"x", allmenning.PurposeConfirm)
		wantCode(t, err, allmenning.ENOTFOUND)
		_, err = e.svc.PendingSignup(ctx, "", allmenning.PurposeConfirm)
		wantCode(t, err, allmenning.ENOTFOUND)

		// The municipality comes from the address, not from the form.
		form := setupForm("  Kari   Nordmann ")
		form.Municipality = oslo
		m, err := e.svc.CompleteSignup(ctx, token, allmenning.PurposeConfirm, form, "nb")
		if err != nil {
			t.Fatalf("CompleteSignup: %v", err)
		}
		if m.Email != "kari@trondheim.kommune.no" || m.Municipality != trondhm || m.Name != "Kari Nordmann" || m.Status != allmenning.StatusActive || m.Language != "nb" {
			t.Errorf("member = %+v", m)
		}
		if m.HasRole(allmenning.RoleModerator) || m.IsOperator() || m.HasRole(allmenning.RoleMunicipalityAdmin) {
			t.Errorf("new member has roles %v", m.Roles)
		}
		if got, err := e.svc.Login(ctx, "KARI@trondheim.kommune.no", goodPass); err != nil || got.ID != m.ID {
			t.Errorf("Login after signup: %v, %v", got, err)
		}

		// The link works once.
		_, err = e.svc.CompleteSignup(ctx, token, allmenning.PurposeConfirm, setupForm("Kari Igjen"), "nb")
		wantCode(t, err, allmenning.ENOTFOUND)
		_, err = e.svc.PendingSignup(ctx, token, allmenning.PurposeConfirm)
		wantCode(t, err, allmenning.ENOTFOUND)
		if n := len(e.mail.Messages()); n != 1 {
			t.Errorf("%d messages sent, want 1", n)
		}
	})
}

func TestRegisterLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		tests := []struct{ lang, subject, body string }{
			{"nb", "Bekreft e-postadressen din i Allmenning", "Bekreft adressen"},
			{"nn", "Stadfest e-postadressa di i Allmenning", "Stadfest adressa"},
			{"en", "Confirm your e-mail address for Allmenning", "Confirm the address"},
			{"", "Bekreft e-postadressen din i Allmenning", "Bekreft adressen"},
			{"de", "Bekreft e-postadressen din i Allmenning", "Bekreft adressen"},
		}
		for i, tt := range tests {
			addr := "person" + string(rune('a'+i)) + "@trondheim.kommune.no"
			if err := e.svc.Register(ctx, allmenning.Registration{Email: addr}, tt.lang); err != nil {
				t.Fatalf("Register(%q): %v", tt.lang, err)
			}
			msg := e.mail.WaitFor(t, addr, wait)
			if msg.Subject != tt.subject {
				t.Errorf("lang %q: subject %q, want %q", tt.lang, msg.Subject, tt.subject)
			}
			if !strings.Contains(msg.Text, tt.body) {
				t.Errorf("lang %q: body lacks %q:\n%s", tt.lang, tt.body, msg.Text)
			}
		}
	})
}

func TestRegisterRejected(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		tests := []struct{ email, message string }{
			{"kari@gmail.com", "error.email.domain_not_allowed"},
			{"kari@kommune.no", "error.email.domain_not_allowed"},
			{"kari@ikke.trondheim.kommune.no", "error.email.domain_not_allowed"},
			{"ikke-en-adresse", "error.email.invalid"},
			{"Kari <kari@trondheim.kommune.no>", "error.email.invalid"},
			{"", "error.email.required"},
		}
		for _, tt := range tests {
			err := e.svc.Register(ctx, allmenning.Registration{Email: tt.email}, "nb")
			wantField(t, err, allmenning.EINVALID, "email", tt.message)
		}
		e.noMail(t)
	})
}

func TestRegisterExistingAddressSendsReset(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		m, err := e.svc.CreateMember(ctx, allmenning.NewMember{Email: "kari@trondheim.kommune.no", Name: "Kari Nordmann", Municipality: trondhm, Language: "en"}, goodPass)
		if err != nil {
			t.Fatal(err)
		}
		// The answer is the same as for a new address.
		if err := e.svc.Register(ctx, allmenning.Registration{Email: "kari@trondheim.kommune.no"}, "nb"); err != nil {
			t.Fatalf("Register of a registered address: %v", err)
		}
		token, msg := e.tokenFrom(t, "kari@trondheim.kommune.no", "/nytt-passord")
		if l := msg.Link("/registrer/bekreft"); l != "" {
			t.Errorf("reset mail has a confirmation link %s", l)
		}
		// The member's own language, not the one of the registration form.
		if msg.Subject != "New password for Allmenning" || !strings.Contains(msg.Text, "Hello Kari Nordmann") {
			t.Errorf("mail %q:\n%s", msg.Subject, msg.Text)
		}
		got, err := e.svc.ResetPassword(ctx, token, allmenning.PasswordReset{Password: "nytt-passord-123", PasswordConfirm: "nytt-passord-123"})
		if err != nil || got.ID != m.ID {
			t.Fatalf("ResetPassword: %v, %v", got, err)
		}
		if _, err := e.svc.Login(ctx, "kari@trondheim.kommune.no", "nytt-passord-123"); err != nil {
			t.Errorf("Login with the new password: %v", err)
		}
	})
}

func TestLinksExpire(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		inviter := e.member(t, "ola@trondheim.kommune.no", "Ola Nordmann", trondhm)

		if err := e.svc.Register(ctx, allmenning.Registration{Email: "kari@trondheim.kommune.no"}, "nb"); err != nil {
			t.Fatal(err)
		}
		confirm, _ := e.tokenFrom(t, "kari@trondheim.kommune.no", "/registrer/bekreft")
		if err := e.svc.RequestReset(ctx, "ola@trondheim.kommune.no"); err != nil {
			t.Fatal(err)
		}
		reset, _ := e.tokenFrom(t, "ola@trondheim.kommune.no", "/nytt-passord")
		if err := e.svc.Invite(ctx, inviter, allmenning.Invitation{Email: "venn@gmail.com"}); err != nil {
			t.Fatal(err)
		}
		invite, _ := e.tokenFrom(t, "venn@gmail.com", "/invitasjon")
		newPass := allmenning.PasswordReset{Password: "nytt-passord-123", PasswordConfirm: "nytt-passord-123"}

		// Just before the end of their lifetimes all three work.
		e.advance(59 * time.Minute)
		if _, err := e.svc.PendingSignup(ctx, confirm, allmenning.PurposeConfirm); err != nil {
			t.Errorf("confirm link after 59 min: %v", err)
		}
		// The reset link lives one hour.
		e.advance(2 * time.Minute)
		_, err := e.svc.ResetPassword(ctx, reset, newPass)
		wantCode(t, err, allmenning.ENOTFOUND)
		if _, err := e.svc.Login(ctx, "ola@trondheim.kommune.no", goodPass); err != nil {
			t.Errorf("expired reset link changed the password: %v", err)
		}

		// The confirmation link lives 48 hours.
		e.advance(47*time.Hour - 2*time.Minute)
		if _, err := e.svc.PendingSignup(ctx, confirm, allmenning.PurposeConfirm); err != nil {
			t.Errorf("confirm link after 47h59m: %v", err)
		}
		e.advance(2 * time.Minute)
		_, err = e.svc.PendingSignup(ctx, confirm, allmenning.PurposeConfirm)
		wantCode(t, err, allmenning.ENOTFOUND)
		_, err = e.svc.CompleteSignup(ctx, confirm, allmenning.PurposeConfirm, setupForm("Kari Nordmann"), "nb")
		wantCode(t, err, allmenning.ENOTFOUND)

		// The invitation lives 14 days.
		if _, err := e.svc.PendingSignup(ctx, invite, allmenning.PurposeInvite); err != nil {
			t.Errorf("invitation after two days: %v", err)
		}
		e.advance(12 * 24 * time.Hour)
		_, err = e.svc.CompleteSignup(ctx, invite, allmenning.PurposeInvite, setupForm("Venn Vennesen"), "nb")
		wantCode(t, err, allmenning.ENOTFOUND)

		if _, err := db.FindMemberByEmail(ctx, "kari@trondheim.kommune.no"); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("member created from an expired link: %v", err)
		}
		if _, err := db.FindMemberByEmail(ctx, "venn@gmail.com"); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("member created from an expired invitation: %v", err)
		}
	})
}

func TestLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		m := e.member(t, "kari@trondheim.kommune.no", "Kari Nordmann", trondhm)

		got, err := e.svc.Login(ctx, "kari@trondheim.kommune.no", goodPass)
		if err != nil || got.ID != m.ID {
			t.Fatalf("Login: %v, %v", got, err)
		}
		_, wrongPass := e.svc.Login(ctx, "kari@trondheim.kommune.no", goodPass+"x")
		_, unknown := e.svc.Login(ctx, "ukjent@trondheim.kommune.no", goodPass)
		_, empty := e.svc.Login(ctx, "kari@trondheim.kommune.no", "")
		for _, err := range []error{wrongPass, unknown, empty} {
			if err != account.ErrBadLogin {
				t.Errorf("bad login gave %v, want account.ErrBadLogin", err)
			}
		}
		wantCode(t, wrongPass, allmenning.EUNAUTHORIZED)
		if wrongPass.Error() != unknown.Error() {
			t.Errorf("wrong password %q and unknown address %q differ", wrongPass, unknown)
		}

		// Sessions.
		secret, err := e.svc.StartSession(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		other, err := e.svc.StartSession(ctx, m.ID)
		if err != nil || other == secret {
			t.Fatalf("second session %q, %v", other, err)
		}
		if got, err := e.svc.SessionMember(ctx, secret); err != nil || got.ID != m.ID {
			t.Fatalf("SessionMember: %v, %v", got, err)
		}
		if err := e.svc.EndSession(ctx, secret); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.SessionMember(ctx, secret)
		wantCode(t, err, allmenning.ENOTFOUND)
		if _, err := e.svc.SessionMember(ctx, other); err != nil {
			t.Errorf("logging out ended the other session: %v", err)
		}
		e.advance(allmenning.SessionLifetime + time.Minute)
		_, err = e.svc.SessionMember(ctx, other)
		wantCode(t, err, allmenning.ENOTFOUND)
	})
}

func TestPasswordRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		if err := e.svc.Register(ctx, allmenning.Registration{Email: "kari@trondheim.kommune.no"}, "nb"); err != nil {
			t.Fatal(err)
		}
		token, _ := e.tokenFrom(t, "kari@trondheim.kommune.no", "/registrer/bekreft")

		short := "123456789" // 9 characters
		_, err := e.svc.CompleteSignup(ctx, token, allmenning.PurposeConfirm, allmenning.AccountSetup{Name: "Kari Nordmann", Password: short, PasswordConfirm: short}, "nb")
		wantField(t, err, allmenning.EINVALID, "password", "error.password.short")
		_, err = e.svc.CompleteSignup(ctx, token, allmenning.PurposeConfirm, allmenning.AccountSetup{Name: "Kari Nordmann", Password: goodPass, PasswordConfirm: goodPass + "!"}, "nb")
		wantField(t, err, allmenning.EINVALID, "password_confirm", "error.password.mismatch")
		_, err = e.svc.CompleteSignup(ctx, token, allmenning.PurposeConfirm, allmenning.AccountSetup{Name: "", Password: goodPass, PasswordConfirm: goodPass}, "nb")
		wantField(t, err, allmenning.EINVALID, "name", "error.name.required")

		// Ten characters, counted as letters rather than bytes, are enough;
		// the refused attempts did not use up the link.
		ten := "æøåæøåæøåæ"
		m, err := e.svc.CompleteSignup(ctx, token, allmenning.PurposeConfirm, allmenning.AccountSetup{Name: "Kari Nordmann", Password: ten, PasswordConfirm: ten}, "nb")
		if err != nil {
			t.Fatalf("CompleteSignup with a 10-letter password: %v", err)
		}
		if _, err := e.svc.Login(ctx, m.Email, ten); err != nil {
			t.Errorf("Login: %v", err)
		}

		_, err = e.svc.CreateMember(ctx, allmenning.NewMember{Email: "ola@trondheim.kommune.no", Name: "Ola Nordmann", Municipality: trondhm}, short)
		wantField(t, err, allmenning.EINVALID, "password", "error.password.short")

		if err := e.svc.RequestReset(ctx, m.Email); err != nil {
			t.Fatal(err)
		}
		reset, _ := e.tokenFrom(t, m.Email, "/nytt-passord")
		_, err = e.svc.ResetPassword(ctx, reset, allmenning.PasswordReset{Password: short, PasswordConfirm: short})
		wantField(t, err, allmenning.EINVALID, "password", "error.password.short")
		if _, err := e.svc.Login(ctx, m.Email, ten); err != nil {
			t.Errorf("refused reset changed the password: %v", err)
		}
	})
}

func TestRequestReset(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		m := e.member(t, "kari@trondheim.kommune.no", "Kari Nordmann", trondhm)

		if err := e.svc.RequestReset(ctx, "ukjent@trondheim.kommune.no"); err != nil {
			t.Errorf("RequestReset for an unknown address: %v", err)
		}
		if err := e.svc.RequestReset(ctx, "ukjent@gmail.com"); err != nil {
			t.Errorf("RequestReset for an unknown address: %v", err)
		}
		e.noMail(t)
		err := e.svc.RequestReset(ctx, "ikke en adresse")
		wantField(t, err, allmenning.EINVALID, "email", "error.email.invalid")

		session, err := e.svc.StartSession(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.RequestReset(ctx, " Kari@Trondheim.kommune.no"); err != nil {
			t.Fatalf("RequestReset: %v", err)
		}
		first, msg := e.tokenFrom(t, "kari@trondheim.kommune.no", "/nytt-passord")
		if msg.Subject != "Nytt passord i Allmenning" || !strings.Contains(msg.Text, "Hei, Kari Nordmann!") {
			t.Errorf("mail %q:\n%s", msg.Subject, msg.Text)
		}
		if err := e.svc.RequestReset(ctx, "kari@trondheim.kommune.no"); err != nil {
			t.Fatal(err)
		}
		second, _ := e.tokenFrom(t, "kari@trondheim.kommune.no", "/nytt-passord")

		newPass := "et-helt-nytt-passord"
		got, err := e.svc.ResetPassword(ctx, second, allmenning.PasswordReset{Password: newPass, PasswordConfirm: newPass})
		if err != nil || got.ID != m.ID {
			t.Fatalf("ResetPassword: %v, %v", got, err)
		}
		_, err = e.svc.Login(ctx, m.Email, goodPass)
		if err != account.ErrBadLogin {
			t.Errorf("old password after reset: %v", err)
		}
		if _, err := e.svc.Login(ctx, m.Email, newPass); err != nil {
			t.Errorf("new password after reset: %v", err)
		}
		// Existing sessions end.
		_, err = e.svc.SessionMember(ctx, session)
		wantCode(t, err, allmenning.ENOTFOUND)
		// Neither this link nor the earlier one can be used again.
		for _, token := range []string{second, first} {
			_, err = e.svc.ResetPassword(ctx, token, allmenning.PasswordReset{Password: goodPass, PasswordConfirm: goodPass})
			wantCode(t, err, allmenning.ENOTFOUND)
		}
		if _, err := e.svc.Login(ctx, m.Email, newPass); err != nil {
			t.Errorf("password changed by a used link: %v", err)
		}
	})
}

func TestInvite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		kari := e.member(t, "kari@trondheim.kommune.no", "Kari Nordmann", trondhm)

		if err := e.svc.Invite(ctx, kari, allmenning.Invitation{Email: " Venn@Gmail.com "}); err != nil {
			t.Fatalf("Invite: %v", err)
		}
		token, msg := e.tokenFrom(t, "venn@gmail.com", "/invitasjon")
		if msg.Subject != "Kari Nordmann inviterer deg til Allmenning" || !strings.Contains(msg.Text, "medlem fra Trondheim") {
			t.Errorf("mail %q:\n%s", msg.Subject, msg.Text)
		}
		p, err := e.svc.PendingSignup(ctx, token, allmenning.PurposeInvite)
		if err != nil {
			t.Fatalf("PendingSignup: %v", err)
		}
		if p.Email != "venn@gmail.com" || p.Municipality != trondhm || p.MemberID != kari.ID {
			t.Errorf("pending invitation = %+v", p)
		}
		_, err = e.svc.PendingSignup(ctx, token, allmenning.PurposeConfirm)
		wantCode(t, err, allmenning.ENOTFOUND)

		m, err := e.svc.CompleteSignup(ctx, token, allmenning.PurposeInvite, setupForm("Venn Vennesen"), "nn")
		if err != nil {
			t.Fatalf("CompleteSignup: %v", err)
		}
		if m.Email != "venn@gmail.com" || m.Municipality != trondhm || m.Language != "nn" {
			t.Errorf("invited member = %+v", m)
		}
		_, err = e.svc.CompleteSignup(ctx, token, allmenning.PurposeInvite, setupForm("Venn Vennesen"), "nn")
		wantCode(t, err, allmenning.ENOTFOUND)

		// Members cannot be invited again.
		for _, addr := range []string{"venn@gmail.com", "KARI@trondheim.kommune.no"} {
			err = e.svc.Invite(ctx, kari, allmenning.Invitation{Email: addr})
			wantField(t, err, allmenning.ECONFLICT, "email", "error.invite.already_member")
		}
		// A plain member invites only to their own municipality.
		err = e.svc.Invite(ctx, kari, allmenning.Invitation{Email: "per@oslo.kommune.no", Municipality: oslo})
		wantCode(t, err, allmenning.EFORBIDDEN)
		// Nobody invites without logging in.
		err = e.svc.Invite(ctx, nil, allmenning.Invitation{Email: "per@oslo.kommune.no"})
		wantCode(t, err, allmenning.EUNAUTHORIZED)
		err = e.svc.Invite(ctx, kari, allmenning.Invitation{Email: "ikke en adresse"})
		wantField(t, err, allmenning.EINVALID, "email", "error.email.invalid")
		if n := len(e.mail.Messages()); n != 1 {
			t.Errorf("%d messages sent, want 1", n)
		}

		// An operator and a municipality's admin may invite to it.
		op := e.member(t, "op@trondheim.kommune.no", "Olga Operatør", trondhm, allmenning.Grant{Role: allmenning.RoleOperator})
		admin := e.member(t, "admin@trondheim.kommune.no", "Anne Admin", trondhm, allmenning.Grant{Role: allmenning.RoleMunicipalityAdmin, Municipality: oslo})
		for _, inviter := range []*allmenning.Member{op, admin} {
			addr := "gjest." + strings.Split(inviter.Email, "@")[0] + "@example.org"
			if err := e.svc.Invite(ctx, inviter, allmenning.Invitation{Email: addr, Municipality: oslo}); err != nil {
				t.Fatalf("Invite by %s: %v", inviter.Email, err)
			}
			token, _ := e.tokenFrom(t, addr, "/invitasjon")
			m, err := e.svc.CompleteSignup(ctx, token, allmenning.PurposeInvite, setupForm("Gjest Gjestesen"), "nb")
			if err != nil || m.Municipality != oslo {
				t.Errorf("signup invited by %s: %v, %v", inviter.Email, m, err)
			}
		}
		err = e.svc.Invite(ctx, op, allmenning.Invitation{Email: "x@example.org", Municipality: "9999"})
		wantField(t, err, allmenning.EINVALID, "municipality", "error.municipality.not_found")
	})
}

func TestInviteLanguageOfMunicipality(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		// Bjerkreim writes nynorsk.
		inviter := e.member(t, "kari@bjerkreim.kommune.no", "Kari Nordmann", "1114")
		if err := e.svc.Invite(ctx, inviter, allmenning.Invitation{Email: "venn@gmail.com"}); err != nil {
			t.Fatal(err)
		}
		msg := e.mail.WaitFor(t, "venn@gmail.com", wait)
		if !strings.Contains(msg.Text, "Tak imot invitasjonen") || !strings.Contains(msg.Text, "14 dagar") {
			t.Errorf("invitation to a nynorsk municipality is not in nynorsk:\n%s", msg.Text)
		}
	})
}

func TestSetRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		op := e.member(t, "op@trondheim.kommune.no", "Olga Operatør", trondhm, allmenning.Grant{Role: allmenning.RoleOperator})
		kari := e.member(t, "kari@trondheim.kommune.no", "Kari Nordmann", trondhm)
		ola := e.member(t, "ola@trondheim.kommune.no", "Ola Nordmann", trondhm)
		per := e.member(t, "per@oslo.kommune.no", "Per Hansen", oslo)
		mod := allmenning.Grant{Role: allmenning.RoleModerator}
		muniAdmin := allmenning.Grant{Role: allmenning.RoleMunicipalityAdmin}

		// An operator grants moderator.
		if err := e.svc.SetRole(ctx, op, kari.ID, mod, true); err != nil {
			t.Fatalf("operator grants moderator: %v", err)
		}
		if !e.reload(t, kari).IsModerator() {
			t.Error("kari is not a moderator")
		}
		// A plain member, and a moderator, cannot.
		err := e.svc.SetRole(ctx, ola, per.ID, mod, true)
		wantCode(t, err, allmenning.EFORBIDDEN)
		err = e.svc.SetRole(ctx, e.reload(t, kari), ola.ID, mod, true)
		wantCode(t, err, allmenning.EFORBIDDEN)
		err = e.svc.SetRole(ctx, ola, ola.ID, allmenning.Grant{Role: allmenning.RoleOperator}, true)
		wantCode(t, err, allmenning.EFORBIDDEN)
		if e.reload(t, per).IsModerator() || e.reload(t, ola).IsOperator() {
			t.Error("a plain member granted a role")
		}

		// The operator makes Kari admin of Trondheim (the member's municipality by default).
		if err := e.svc.SetRole(ctx, op, kari.ID, muniAdmin, true); err != nil {
			t.Fatalf("operator grants municipality admin: %v", err)
		}
		kari = e.reload(t, kari)
		if !kari.AdminOf(trondhm) || kari.AdminOf(oslo) {
			t.Fatalf("kari's roles = %v", kari.Roles)
		}
		// Kari appoints a colleague in Trondheim…
		if err := e.svc.SetRole(ctx, kari, ola.ID, muniAdmin, true); err != nil {
			t.Fatalf("admin appoints an admin of their municipality: %v", err)
		}
		if !e.reload(t, ola).AdminOf(trondhm) {
			t.Error("ola is not admin of Trondheim")
		}
		// …but not a member of Oslo, whichever municipality is named…
		for _, m := range []string{"", trondhm, oslo} {
			err = e.svc.SetRole(ctx, kari, per.ID, allmenning.Grant{Role: allmenning.RoleMunicipalityAdmin, Municipality: m}, true)
			wantCode(t, err, allmenning.EFORBIDDEN)
		}
		if len(e.reload(t, per).Roles) != 0 {
			t.Errorf("per's roles = %v", e.reload(t, per).Roles)
		}
		// …nor grant other roles, …
		err = e.svc.SetRole(ctx, kari, ola.ID, mod, true)
		wantCode(t, err, allmenning.EFORBIDDEN)
		// …and may remove an admin of their municipality.
		if err := e.svc.SetRole(ctx, kari, ola.ID, muniAdmin, false); err != nil {
			t.Fatalf("admin removes an admin of their municipality: %v", err)
		}
		if e.reload(t, ola).AdminOf(trondhm) {
			t.Error("ola is still admin")
		}

		// An operator cannot revoke their own operator role…
		err = e.svc.SetRole(ctx, op, op.ID, allmenning.Grant{Role: allmenning.RoleOperator}, false)
		wantCode(t, err, allmenning.ECONFLICT)
		if !e.reload(t, op).IsOperator() {
			t.Fatal("the operator lost the role")
		}
		// …but another operator's.
		op2 := e.member(t, "op2@oslo.kommune.no", "Otto Operatør", oslo, allmenning.Grant{Role: allmenning.RoleOperator})
		if err := e.svc.SetRole(ctx, op, op2.ID, allmenning.Grant{Role: allmenning.RoleOperator}, false); err != nil {
			t.Fatalf("operator revokes another operator: %v", err)
		}
		if e.reload(t, op2).IsOperator() {
			t.Error("op2 is still operator")
		}

		// Only grantable roles, for members that exist.
		err = e.svc.SetRole(ctx, op, kari.ID, allmenning.Grant{Role: allmenning.RoleMember}, true)
		wantField(t, err, allmenning.EINVALID, "role", "error.role.invalid")
		err = e.svc.SetRole(ctx, op, 999999, mod, true)
		wantCode(t, err, allmenning.ENOTFOUND)
	})
}

func TestAPITokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		kari := e.member(t, "kari@trondheim.kommune.no", "Kari Nordmann", trondhm)
		ola := e.member(t, "ola@trondheim.kommune.no", "Ola Nordmann", trondhm)

		secret, tok, err := e.svc.CreateAPIToken(ctx, kari, "  Rapport-skript ")
		if err != nil {
			t.Fatalf("CreateAPIToken: %v", err)
		}
		if !strings.HasPrefix(secret, "alm_") || len(secret) < 40 {
			t.Errorf("secret %q", secret)
		}
		if tok.ID == 0 || tok.MemberID != kari.ID || tok.Name != "Rapport-skript" || tok.Prefix != secret[:10] || tok.Hash == secret {
			t.Errorf("token = %+v", tok)
		}
		olaSecret, _, err := e.svc.CreateAPIToken(ctx, ola, "")
		if err != nil {
			t.Fatal(err)
		}
		if olaSecret == secret {
			t.Fatal("two tokens with the same secret")
		}

		if m, err := e.svc.TokenMember(ctx, secret); err != nil || m.ID != kari.ID {
			t.Fatalf("TokenMember: %v, %v", m, err)
		}
		if m, err := e.svc.TokenMember(ctx, olaSecret); err != nil || m.ID != ola.ID {
			t.Fatalf("TokenMember(ola): %v, %v", m, err)
		}
		for _, wrong := range []string{secret + "x", secret[:len(secret)-1], "alm_" + strings.Repeat("A", 43), strings.TrimPrefix(secret, "alm_"), ""} {
			_, err := e.svc.TokenMember(ctx, wrong)
			wantCode(t, err, allmenning.EUNAUTHORIZED)
		}

		list, err := db.FindAPITokens(ctx, kari.ID)
		if err != nil || len(list) != 1 || list[0].LastUsedAt == nil {
			t.Errorf("FindAPITokens = %v, %v (last use should be recorded)", list, err)
		}
		if err := db.DeleteAPIToken(ctx, kari.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.TokenMember(ctx, secret)
		wantCode(t, err, allmenning.EUNAUTHORIZED)

		_, _, err = e.svc.CreateAPIToken(ctx, kari, strings.Repeat("n", 81))
		wantField(t, err, allmenning.EINVALID, "name", "error.token.name_long")
	})
}
