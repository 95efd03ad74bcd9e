package web

import (
	"net/http"
	"strings"

	"github.com/allmenning/allmenning"
)

// safeNext keeps a post-login redirect on this site. Control characters are
// refused outright: browsers drop tabs and newlines from a Location, so that
// "/<tab>/evil.example" would become "//evil.example", another site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	return next
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if MemberFrom(r.Context()) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	f := newForm(r, "email", "password")
	f.Set("next", safeNext(r.URL.Query().Get("neste")))
	return s.render(w, r, http.StatusOK, "login", s.withForm(r, "login.title", f))
}

func (s *Server) withForm(r *http.Request, titleKey string, f *Form) *Page {
	p := s.newPage(r, localizerFrom(r.Context()).T(titleKey), nil)
	p.Form = f
	return p
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := newForm(r, "email", "password")
	f.Set("next", safeNext(r.PostFormValue("next")))
	email := allmenning.NormalizeEmail(f.Get("email"))
	show := func(status int) error {
		return s.render(w, r, status, "login", s.withForm(r, "login.title", f))
	}
	if email == "" {
		f.Errors["email"] = "error.email.required"
	}
	if f.Get("password") == "" {
		f.Errors["password"] = "error.password.required"
	}
	if f.HasErrors() {
		return show(http.StatusUnprocessableEntity)
	}
	if !s.loginIP.Allow(clientIP(r)) || !s.loginAccount.Allow(email) {
		f.Error = "error.ratelimit.login"
		w.Header().Set("Retry-After", "900")
		return show(http.StatusTooManyRequests)
	}
	m, err := s.accounts.Login(ctx, email, f.Get("password"))
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		return show(http.StatusUnauthorized)
	}
	s.loginAccount.Reset(email)
	secret, err := s.accounts.StartSession(ctx, m.ID)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, secret)
	redirect(w, r, f.Get("next"), "")
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.accounts.EndSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.clearCookie(w, sessionCookie)
	redirect(w, r, "/", "notice.logged_out")
	return nil
}

func (s *Server) registerForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "register", s.withForm(r, "register.title", newForm(r, "email")))
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r, "email")
	if !s.registerIP.Allow(clientIP(r)) {
		f.Error = "error.ratelimit.register"
		w.Header().Set("Retry-After", "3600")
		return s.render(w, r, http.StatusTooManyRequests, "register", s.withForm(r, "register.title", f))
	}
	err := s.accounts.Register(r.Context(), allmenning.Registration{Email: f.Get("email")}, localizerFrom(r.Context()).Lang)
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "register", s.withForm(r, "register.title", f))
	}
	p := s.newPage(r, localizerFrom(r.Context()).T("register.sent.title"), map[string]string{"Email": allmenning.NormalizeEmail(f.Get("email"))})
	return s.render(w, r, http.StatusOK, "register_sent", p)
}

type signupData struct {
	Purpose      string
	Action       string
	Token        string
	Email        string
	Municipality *allmenning.Municipality
	Choose       []*allmenning.Municipality // when the token does not fix the municipality
}

func signupPath(purpose string) string {
	if purpose == allmenning.PurposeInvite {
		return "/invitasjon"
	}
	return "/registrer/bekreft"
}

func (s *Server) signupPage(r *http.Request, purpose, secret string, f *Form) (*Page, error) {
	t, err := s.accounts.PendingSignup(r.Context(), secret, purpose)
	if err != nil {
		return nil, err
	}
	d := &signupData{Purpose: purpose, Action: signupPath(purpose), Token: secret, Email: t.Email}
	if t.Municipality != "" {
		if d.Municipality, err = s.store.FindMunicipalityByNumber(r.Context(), t.Municipality); err != nil {
			return nil, err
		}
	} else if d.Choose, err = s.store.FindMunicipalities(r.Context(), allmenning.MunicipalityFilter{}); err != nil {
		return nil, err
	}
	p := s.withForm(r, "signup.title", f)
	p.Data = d
	return p, nil
}

func (s *Server) signupForm(purpose string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := s.signupPage(r, purpose, r.URL.Query().Get("token"), newForm(r, "name", "municipality", "password", "password_confirm"))
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, "signup", p)
	}
}

func (s *Server) signup(purpose string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		f := newForm(r, "name", "municipality", "password", "password_confirm")
		secret := r.PostFormValue("token")
		m, err := s.accounts.CompleteSignup(ctx, secret, purpose, allmenning.AccountSetup{
			Name: f.Get("name"), Municipality: f.Get("municipality"),
			Password: f.Get("password"), PasswordConfirm: f.Get("password_confirm"),
		}, localizerFrom(ctx).Lang)
		if err != nil {
			if allmenning.ErrorCode(err) == allmenning.ENOTFOUND || !f.Absorb(err) {
				return err
			}
			p, perr := s.signupPage(r, purpose, secret, f)
			if perr != nil {
				return perr
			}
			return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "signup", p)
		}
		session, err := s.accounts.StartSession(ctx, m.ID)
		if err != nil {
			return err
		}
		s.setSessionCookie(w, session)
		redirect(w, r, "/profil/rediger", "notice.welcome")
		return nil
	}
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "forgot", s.withForm(r, "forgot.title", newForm(r, "email")))
}

func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r, "email")
	if !s.resetIP.Allow(clientIP(r)) {
		f.Error = "error.ratelimit.reset"
		w.Header().Set("Retry-After", "3600")
		return s.render(w, r, http.StatusTooManyRequests, "forgot", s.withForm(r, "forgot.title", f))
	}
	if err := s.accounts.RequestReset(r.Context(), f.Get("email")); err != nil {
		if !f.Absorb(err) {
			return err
		}
		return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "forgot", s.withForm(r, "forgot.title", f))
	}
	p := s.newPage(r, localizerFrom(r.Context()).T("forgot.sent.title"), map[string]string{"Email": allmenning.NormalizeEmail(f.Get("email"))})
	return s.render(w, r, http.StatusOK, "forgot_sent", p)
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	secret := r.URL.Query().Get("token")
	if _, err := s.accounts.PendingReset(r.Context(), secret); err != nil {
		return err
	}
	f := newForm(r, "password", "password_confirm")
	f.Set("token", secret)
	return s.render(w, r, http.StatusOK, "reset", s.withForm(r, "reset.title", f))
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r, "password", "password_confirm")
	f.Set("token", r.PostFormValue("token"))
	_, err := s.accounts.ResetPassword(r.Context(), f.Get("token"), allmenning.PasswordReset{Password: f.Get("password"), PasswordConfirm: f.Get("password_confirm")})
	if err != nil {
		if allmenning.ErrorCode(err) == allmenning.ENOTFOUND || !f.Absorb(err) {
			return err
		}
		return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "reset", s.withForm(r, "reset.title", f))
	}
	s.clearCookie(w, sessionCookie)
	redirect(w, r, "/logg-inn", "notice.password_changed")
	return nil
}

type inviteData struct {
	Municipalities []*allmenning.Municipality // empty when the member may only invite to their own
}

func (s *Server) invitePage(r *http.Request, f *Form) (*Page, error) {
	me := MemberFrom(r.Context())
	if err := allmenning.Authorize(me, allmenning.ActInvite, allmenning.Target{}); err != nil {
		return nil, err
	}
	d := &inviteData{}
	if me.IsOperator() {
		list, err := s.store.FindMunicipalities(r.Context(), allmenning.MunicipalityFilter{})
		if err != nil {
			return nil, err
		}
		d.Municipalities = list
	}
	if f.Get("municipality") == "" {
		f.Set("municipality", me.Municipality)
	}
	p := s.withForm(r, "invite.title", f)
	p.Data = d
	p.Nav = "invite"
	return p, nil
}

func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.invitePage(r, newForm(r, "email", "municipality"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "invite", p)
}

func (s *Server) invite(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r, "email", "municipality")
	p, err := s.invitePage(r, f)
	if err != nil {
		return err
	}
	err = s.accounts.Invite(r.Context(), MemberFrom(r.Context()), allmenning.Invitation{Email: f.Get("email"), Municipality: f.Get("municipality")})
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "invite", p)
	}
	redirect(w, r, "/inviter", "notice.invited")
	return nil
}
