// Package account runs the flows around an account: registration under a
// verified municipal e-mail domain, confirmation, invitations, login, password
// reset, sessions and API tokens. It ties the store, the mailer and the
// password hasher together so that web handlers and CLI commands share one path.
package account

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/password"
)

// Service runs account flows.
type Service struct {
	Store    allmenning.Store
	Mailer   allmenning.Mailer
	Catalog  *i18n.Catalog
	BaseURL  string // e.g. https://allmenning.example.no, no trailing slash
	Password password.Params
	Log      *slog.Logger
	Now      func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) link(path string, token string) string {
	return s.BaseURL + path + "?token=" + url.QueryEscape(token)
}

// Register starts a registration: the address must be under a verified
// municipal domain; a confirmation link is sent to it. When the address
// already has an account, a password-reset link is sent instead, so that the
// answer on screen never tells whether an address is registered.
func (s *Service) Register(ctx context.Context, r allmenning.Registration, lang string) error {
	if err := r.Validate(); err != nil {
		return err
	}
	muni, err := s.Store.FindMunicipalityByDomain(ctx, allmenning.EmailDomain(r.Email))
	if allmenning.ErrorCode(err) == allmenning.ENOTFOUND {
		return &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"email": "error.email.domain_not_allowed"}}
	} else if err != nil {
		return err
	}
	l := s.Catalog.For(lang)
	if existing, err := s.Store.FindMemberByEmail(ctx, r.Email); err == nil {
		return s.sendReset(ctx, existing, s.Catalog.For(existing.Language))
	} else if allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
		return err
	}
	secret, hash := allmenning.NewSecret()
	now := s.now()
	if err := s.Store.CreateEmailToken(ctx, allmenning.EmailToken{
		Hash: hash, Purpose: allmenning.PurposeConfirm, Email: r.Email, Municipality: muni.Number,
		CreatedAt: now, ExpiresAt: now.Add(allmenning.TokenLifetime(allmenning.PurposeConfirm)),
	}); err != nil {
		return err
	}
	link := s.link("/registrer/bekreft", secret)
	return s.Mailer.Send(ctx, allmenning.Mail{
		To:      r.Email,
		Subject: l.T("mail.confirm.subject"),
		Text:    l.T("mail.confirm.body", muni.DisplayName(), link, 48),
	})
}

// Invite sends an invitation to join the inviter's municipality (an operator
// or the municipality's admin may invite to another). The invited person may
// use any address.
func (s *Service) Invite(ctx context.Context, inviter *allmenning.Member, inv allmenning.Invitation) error {
	if err := allmenning.Authorize(inviter, allmenning.ActInvite, allmenning.Target{}); err != nil {
		return err
	}
	if inv.Municipality == "" {
		inv.Municipality = inviter.Municipality
	}
	if err := inv.Validate(); err != nil {
		return err
	}
	if inv.Municipality != inviter.Municipality && !inviter.IsOperator() && !inviter.AdminOf(inv.Municipality) {
		return &allmenning.Error{Code: allmenning.EFORBIDDEN, Message: "error.form", Fields: map[string]string{"municipality": "error.invite.other_municipality"}}
	}
	muni, err := s.Store.FindMunicipalityByNumber(ctx, inv.Municipality)
	if err != nil {
		return &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"municipality": "error.municipality.not_found"}}
	}
	if _, err := s.Store.FindMemberByEmail(ctx, inv.Email); err == nil {
		return &allmenning.Error{Code: allmenning.ECONFLICT, Message: "error.form", Fields: map[string]string{"email": "error.invite.already_member"}}
	}
	secret, hash := allmenning.NewSecret()
	now := s.now()
	if err := s.Store.CreateEmailToken(ctx, allmenning.EmailToken{
		Hash: hash, Purpose: allmenning.PurposeInvite, Email: inv.Email, MemberID: inviter.ID, Municipality: muni.Number,
		CreatedAt: now, ExpiresAt: now.Add(allmenning.TokenLifetime(allmenning.PurposeInvite)),
	}); err != nil {
		return err
	}
	l := s.Catalog.For(muni.DefaultLanguage())
	return s.Mailer.Send(ctx, allmenning.Mail{
		To:      inv.Email,
		Subject: l.T("mail.invite.subject", inviter.Name),
		Text:    l.T("mail.invite.body", inviter.Name, muni.DisplayName(), s.link("/invitasjon", secret), 14),
	})
}

// PendingSignup returns the token behind a confirmation or invitation link, so
// that the form can show the address and municipality before it is submitted.
func (s *Service) PendingSignup(ctx context.Context, secret, purpose string) (*allmenning.EmailToken, error) {
	if secret == "" {
		return nil, allmenning.Errorf(allmenning.ENOTFOUND, "error.token.invalid")
	}
	return s.Store.FindEmailToken(ctx, allmenning.HashSecret(secret), purpose, s.now())
}

// CompleteSignup uses the link and creates the member.
func (s *Service) CompleteSignup(ctx context.Context, secret, purpose string, a allmenning.AccountSetup, lang string) (*allmenning.Member, error) {
	t, err := s.PendingSignup(ctx, secret, purpose)
	if err != nil {
		return nil, err
	}
	if err := a.Validate(t.Municipality == ""); err != nil {
		return nil, err
	}
	hash, err := password.Hash(a.Password, s.Password)
	if err != nil {
		return nil, err
	}
	return s.Store.CompleteSignup(ctx, allmenning.HashSecret(secret), purpose, s.now(), allmenning.NewMember{
		Name: a.Name, Municipality: a.Municipality, PasswordHash: hash, Language: lang,
	})
}

// ErrBadLogin is the one answer to a wrong address and a wrong password alike.
var ErrBadLogin = &allmenning.Error{Code: allmenning.EUNAUTHORIZED, Message: "error.login.failed"}

// Login checks an address and password. A wrong address takes as long as a wrong password.
func (s *Service) Login(ctx context.Context, email, pw string) (*allmenning.Member, error) {
	m, err := s.Store.FindMemberByEmail(ctx, email)
	if err != nil {
		if allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			return nil, err
		}
		password.VerifyDummy(pw)
		return nil, ErrBadLogin
	}
	hash, err := s.Store.FindPasswordHash(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	ok, err := password.Verify(pw, hash)
	if err != nil && !errors.Is(err, password.ErrMalformed) {
		return nil, err
	}
	if !ok || m.Status != allmenning.StatusActive {
		return nil, ErrBadLogin
	}
	return m, nil
}

// RequestReset sends a reset link when the address has an account. It always
// succeeds, so that the answer does not tell which addresses are registered.
func (s *Service) RequestReset(ctx context.Context, email string) error {
	email = allmenning.NormalizeEmail(email)
	if !allmenning.ValidEmail(email) {
		return &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"email": "error.email.invalid"}}
	}
	m, err := s.Store.FindMemberByEmail(ctx, email)
	if allmenning.ErrorCode(err) == allmenning.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	return s.sendReset(ctx, m, s.Catalog.For(m.Language))
}

func (s *Service) sendReset(ctx context.Context, m *allmenning.Member, l *i18n.Localizer) error {
	secret, hash := allmenning.NewSecret()
	now := s.now()
	if err := s.Store.CreateEmailToken(ctx, allmenning.EmailToken{
		Hash: hash, Purpose: allmenning.PurposeReset, Email: m.Email, MemberID: m.ID,
		CreatedAt: now, ExpiresAt: now.Add(allmenning.TokenLifetime(allmenning.PurposeReset)),
	}); err != nil {
		return err
	}
	return s.Mailer.Send(ctx, allmenning.Mail{
		To:      m.Email,
		Subject: l.T("mail.reset.subject"),
		Text:    l.T("mail.reset.body", m.Name, s.link("/nytt-passord", secret)),
	})
}

// ResetPassword sets a new password from a reset link and ends all sessions.
func (s *Service) ResetPassword(ctx context.Context, secret string, r allmenning.PasswordReset) (*allmenning.Member, error) {
	if _, err := s.Store.FindEmailToken(ctx, allmenning.HashSecret(secret), allmenning.PurposeReset, s.now()); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	hash, err := password.Hash(r.Password, s.Password)
	if err != nil {
		return nil, err
	}
	return s.Store.ResetPassword(ctx, allmenning.HashSecret(secret), s.now(), hash)
}

// CreateMember creates an active member directly (CLI and demo data).
func (s *Service) CreateMember(ctx context.Context, n allmenning.NewMember, pw string) (*allmenning.Member, error) {
	fe := allmenning.FieldErrors{}
	if len([]rune(pw)) < allmenning.PasswordMinLength {
		fe.Add("password", "error.password.short")
	}
	if err := n.Validate(); err != nil {
		for k, v := range allmenning.Fields(err) {
			fe.Add(k, v)
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	hash, err := password.Hash(pw, s.Password)
	if err != nil {
		return nil, err
	}
	n.PasswordHash = hash
	return s.Store.CreateMember(ctx, n)
}

// StartSession creates a new session and returns the cookie value.
// A new value at every login prevents session fixation.
func (s *Service) StartSession(ctx context.Context, memberID int64) (string, error) {
	secret, hash := allmenning.NewSecret()
	now := s.now()
	err := s.Store.CreateSession(ctx, allmenning.Session{Hash: hash, MemberID: memberID, CreatedAt: now, ExpiresAt: now.Add(allmenning.SessionLifetime)})
	return secret, err
}

// SessionMember returns the member logged in with a session cookie value.
func (s *Service) SessionMember(ctx context.Context, secret string) (*allmenning.Member, error) {
	if sm, ok := s.Store.(sessionMemberFinder); ok {
		return sm.FindSessionMember(ctx, allmenning.HashSecret(secret), s.now())
	}
	sess, err := s.Store.FindSession(ctx, allmenning.HashSecret(secret), s.now())
	if err != nil {
		return nil, err
	}
	return s.Store.FindMemberByID(ctx, sess.MemberID)
}

// sessionMemberFinder is a store that finds a session's member in one step
// (store.DB.FindSessionMember); every request of a member asks for it.
type sessionMemberFinder interface {
	FindSessionMember(ctx context.Context, hash string, now time.Time) (*allmenning.Member, error)
}

// EndSession logs out.
func (s *Service) EndSession(ctx context.Context, secret string) error {
	return s.Store.DeleteSession(ctx, allmenning.HashSecret(secret))
}

// CreateAPIToken makes a personal API token; the secret is shown once.
func (s *Service) CreateAPIToken(ctx context.Context, m *allmenning.Member, name string) (string, *allmenning.APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "API"
	}
	if len([]rune(name)) > 80 {
		return "", nil, &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"name": "error.token.name_long"}}
	}
	secret, _ := allmenning.NewSecret()
	secret = allmenning.APITokenPrefix + secret
	t := &allmenning.APIToken{MemberID: m.ID, Name: name, Prefix: secret[:10], Hash: allmenning.HashSecret(secret), CreatedAt: s.now()}
	if err := s.Store.CreateAPIToken(ctx, t); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// TokenMember returns the member a bearer token belongs to.
func (s *Service) TokenMember(ctx context.Context, secret string) (*allmenning.Member, error) {
	if !strings.HasPrefix(secret, allmenning.APITokenPrefix) {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.token.invalid")
	}
	m, err := s.Store.FindMemberByAPIToken(ctx, allmenning.HashSecret(secret), s.now())
	if allmenning.ErrorCode(err) == allmenning.ENOTFOUND {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.token.invalid")
	}
	return m, err
}

// SetRole grants or revokes a role after checking the policy.
func (s *Service) SetRole(ctx context.Context, actor *allmenning.Member, memberID int64, g allmenning.Grant, grant bool) error {
	target, err := s.Store.FindMemberByID(ctx, memberID)
	if err != nil {
		return err
	}
	if !isGrantable(g.Role) {
		return &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"role": "error.role.invalid"}}
	}
	if g.Role == allmenning.RoleMunicipalityAdmin && g.Municipality == "" {
		g.Municipality = target.Municipality
	}
	if err := allmenning.Authorize(actor, allmenning.ActManageRole, allmenning.Target{Member: target, Municipality: g.Municipality, Role: g.Role}); err != nil {
		return err
	}
	if !grant && g.Role == allmenning.RoleOperator && actor.ID == memberID {
		return &allmenning.Error{Code: allmenning.ECONFLICT, Message: "error.role.last_operator"}
	}
	if grant {
		return s.Store.GrantRole(ctx, memberID, g)
	}
	return s.Store.RevokeRole(ctx, memberID, g)
}

func isGrantable(role string) bool {
	for _, r := range allmenning.GrantableRoles() {
		if r == role {
			return true
		}
	}
	return false
}

// String describes the service for logs.
func (s *Service) String() string { return fmt.Sprintf("account.Service(%s)", s.BaseURL) }

// PendingReset checks a password-reset link before the form is shown.
func (s *Service) PendingReset(ctx context.Context, secret string) (*allmenning.EmailToken, error) {
	return s.PendingSignup(ctx, secret, allmenning.PurposeReset)
}
