// Package web serves Allmenning over HTTP: server-rendered pages (progressively
// enhanced with htmx), the JSON API under /api/v1, health and metrics.
// Handlers parse input, call the domain and the services, and render; they
// hold no SQL and make no authorisation decisions of their own beyond asking
// allmenning.Authorize.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/account"
	"github.com/allmenning/allmenning/discuss"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/notify"
	"github.com/allmenning/allmenning/qa"
	"github.com/allmenning/allmenning/ratelimit"
	"github.com/prometheus/client_golang/prometheus"
)

// Config holds what the web layer needs to know about its deployment.
type Config struct {
	BaseURL string // public address, e.g. https://allmenning.example.no
	// Limits on login, registration and reset attempts; zero values take the defaults.
	LoginPerIP, LoginPerAccount, RegisterPerIP, ResetPerIP int
}

// Server is the HTTP face of the application.
type Server struct {
	cfg      Config
	store    allmenning.Store
	accounts *account.Service
	// discussions is nil when the store keeps no discussions; their routes are then absent.
	discussions *discuss.Service
	// questions is nil when the store keeps no questions; their routes are then absent.
	questions *qa.Service
	// notify is nil when the store keeps no notifications (or no discussions).
	notify *notify.Service
	// events hands the events of discussions and questions to notify in
	// batches, after the requests that caused them (nil with notify).
	events   *notify.Dispatcher
	catalog  *i18n.Catalog
	log      *slog.Logger
	assets   *assets
	pages    *templates
	registry *prometheus.Registry
	metrics  *metrics
	secure   bool
	now      func() time.Time

	loginIP, loginAccount, registerIP, resetIP *ratelimit.Limiter
}

// New builds a Server.
func New(cfg Config, store allmenning.Store, accounts *account.Service, catalog *i18n.Catalog, log *slog.Logger) (*Server, error) {
	a, err := newAssets()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, store: store, accounts: accounts, catalog: catalog, log: log, assets: a,
		secure:   strings.HasPrefix(cfg.BaseURL, "https://"),
		registry: prometheus.NewRegistry(),
		now:      time.Now,
	}
	if ds, ok := store.(allmenning.DiscussionStore); ok {
		s.discussions = discuss.New(ds)
		if qs, ok := store.(allmenning.QuestionStore); ok {
			s.questions = qa.New(s.discussions, qs)
		}
		if ns, ok := store.(allmenning.NotificationStore); ok {
			s.notify = notify.New(ns, log)
			s.events = notify.NewDispatcher(s.notify)
			s.discussions.Events = s.events
			if s.questions != nil {
				s.questions.Events = s.events
			}
		}
	}
	s.metrics = newMetrics(s.registry)
	if s.pages, err = parseTemplates(a); err != nil {
		return nil, err
	}
	or := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	s.loginIP = ratelimit.New(or(cfg.LoginPerIP, 30), 15*time.Minute)
	s.loginAccount = ratelimit.New(or(cfg.LoginPerAccount, 10), 15*time.Minute)
	s.registerIP = ratelimit.New(or(cfg.RegisterPerIP, 10), time.Hour)
	s.resetIP = ratelimit.New(or(cfg.ResetPerIP, 10), time.Hour)
	return s, nil
}

// WaitEvents returns when what follows the requests answered so far is
// done: their notifications stored, their mail queued and their replies
// searchable.
func (s *Server) WaitEvents() {
	if s.events != nil {
		s.events.Wait()
	}
	if q, ok := s.store.(allmenning.SearchQueue); ok {
		if err := q.IndexPending(context.Background()); err != nil {
			s.log.Warn("search queue", "err", err)
		}
	}
}

// Close handles the events still queued and stops handing them over; an
// event published later is handled at once. Call it after the HTTP server
// has shut down and before the store closes.
func (s *Server) Close() {
	if s.events != nil {
		s.events.Close()
	}
}

// Registry returns the server's Prometheus registry, for further collectors.
func (s *Server) Registry() *prometheus.Registry { return s.registry }

// Handler returns the complete HTTP handler with all middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	var h http.Handler = mux
	h = s.exemptOneClickUnsubscribe(s.csrf(h), mux)
	h = s.authenticate(h)
	h = s.securityHeaders(h)
	h = s.observe(h)
	return h
}

func (s *Server) routes(mux *http.ServeMux) {
	mux.Handle("GET /assets/", s.assets.handler())
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metricsHandler())
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, s.assets.URL("favicon.svg"), http.StatusMovedPermanently)
	})

	mux.HandleFunc("GET /{$}", s.page(s.home))
	mux.HandleFunc("GET /tilgjengelighet", s.page(s.accessibility))
	mux.HandleFunc("POST /sprak", s.page(s.setLanguage))

	mux.HandleFunc("GET /logg-inn", s.page(s.loginForm))
	mux.HandleFunc("POST /logg-inn", s.page(s.login))
	mux.HandleFunc("POST /logg-ut", s.page(s.logout))
	mux.HandleFunc("GET /registrer", s.page(s.registerForm))
	mux.HandleFunc("POST /registrer", s.page(s.register))
	mux.HandleFunc("GET /registrer/bekreft", s.page(s.signupForm(allmenning.PurposeConfirm)))
	mux.HandleFunc("POST /registrer/bekreft", s.page(s.signup(allmenning.PurposeConfirm)))
	mux.HandleFunc("GET /invitasjon", s.page(s.signupForm(allmenning.PurposeInvite)))
	mux.HandleFunc("POST /invitasjon", s.page(s.signup(allmenning.PurposeInvite)))
	mux.HandleFunc("GET /glemt-passord", s.page(s.forgotForm))
	mux.HandleFunc("POST /glemt-passord", s.page(s.forgot))
	mux.HandleFunc("GET /nytt-passord", s.page(s.resetForm))
	mux.HandleFunc("POST /nytt-passord", s.page(s.reset))
	mux.HandleFunc("GET /inviter", s.page(s.inviteForm))
	mux.HandleFunc("POST /inviter", s.page(s.invite))

	mux.HandleFunc("GET /profil", s.page(s.myProfile))
	mux.HandleFunc("GET /profil/rediger", s.page(s.profileEditForm))
	mux.HandleFunc("POST /profil/rediger", s.page(s.profileEdit))
	mux.HandleFunc("POST /profil/tokens", s.page(s.tokenCreate))
	mux.HandleFunc("POST /profil/tokens/{id}/slett", s.page(s.tokenDelete))
	mux.HandleFunc("GET /medlemmer", s.page(s.memberList))
	mux.HandleFunc("GET /medlemmer/{id}", s.page(s.memberShow))
	mux.HandleFunc("GET /kommuner", s.page(s.municipalityList))
	mux.HandleFunc("GET /kommuner/{number}", s.page(s.municipalityShow))
	mux.HandleFunc("POST /kommuner/{number}/domener", s.page(s.domainAdd))
	mux.HandleFunc("POST /kommuner/{number}/domener/slett", s.page(s.domainRemove))
	mux.HandleFunc("GET /admin", s.page(s.adminRoles))
	mux.HandleFunc("POST /admin/roller", s.page(s.adminSetRole))

	if s.discussions != nil {
		s.discussionRoutes(mux)
	}
	if s.questions != nil {
		s.questionRoutes(mux)
		s.questionAPIRoutes(mux)
	}
	s.mailRoutes(mux)
	s.notifyRoutes(mux)
	s.apiRoutes(mux)
	mux.HandleFunc("/", s.page(func(w http.ResponseWriter, r *http.Request) error {
		return allmenning.Errorf(allmenning.ENOTFOUND, "error.page.not_found")
	}))
}

func (s *Server) discussionRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /omrader", s.page(s.areaIndex))
	mux.HandleFunc("GET /omrader/{slug}", s.page(s.areaShow))
	mux.HandleFunc("GET /diskusjoner", s.page(s.threadIndex))
	mux.HandleFunc("GET /diskusjoner/ny", s.page(s.threadNewForm))
	mux.HandleFunc("POST /diskusjoner", s.page(s.threadCreate))
	mux.HandleFunc("GET /diskusjoner/{id}", s.page(s.threadShow))
	mux.HandleFunc("GET /diskusjoner/{id}/ulest", s.page(s.threadUnread))
	mux.HandleFunc("GET /diskusjoner/{id}/rediger", s.page(s.threadEditForm))
	mux.HandleFunc("POST /diskusjoner/{id}/rediger", s.page(s.threadEdit))
	mux.HandleFunc("POST /diskusjoner/{id}/slett", s.page(s.threadSetDeleted(true)))
	mux.HandleFunc("POST /diskusjoner/{id}/gjenopprett", s.page(s.threadSetDeleted(false)))
	mux.HandleFunc("GET /diskusjoner/{id}/historikk", s.page(s.history(allmenning.PostThread)))
	mux.HandleFunc("POST /diskusjoner/{id}/lik", s.page(s.like(allmenning.PostThread)))
	mux.HandleFunc("POST /diskusjoner/{id}/svar", s.page(s.replyCreate))
	mux.HandleFunc("GET /svar/{id}/rediger", s.page(s.replyEditForm))
	mux.HandleFunc("POST /svar/{id}/rediger", s.page(s.replyEdit))
	mux.HandleFunc("POST /svar/{id}/slett", s.page(s.replySetDeleted(true)))
	mux.HandleFunc("POST /svar/{id}/gjenopprett", s.page(s.replySetDeleted(false)))
	mux.HandleFunc("GET /svar/{id}/historikk", s.page(s.history(allmenning.PostReply)))
	mux.HandleFunc("POST /svar/{id}/lik", s.page(s.like(allmenning.PostReply)))
	mux.HandleFunc("GET /sok", s.page(s.search))
	mux.HandleFunc("GET /admin/omrader", s.page(s.adminAreas))
	mux.HandleFunc("POST /admin/omrader", s.page(s.adminAreaAction))
	mux.HandleFunc("GET /admin/emner", s.page(s.adminTags))
	mux.HandleFunc("POST /admin/emner", s.page(s.adminTagAction))

	mux.HandleFunc("GET /api/v1/areas", s.api(s.apiAreas))
	mux.HandleFunc("GET /api/v1/facets", s.api(s.apiFacets))
	mux.HandleFunc("GET /api/v1/threads", s.api(s.apiThreads))
	mux.HandleFunc("POST /api/v1/threads", s.api(s.apiThreadCreate))
	mux.HandleFunc("GET /api/v1/threads/{id}", s.api(s.apiThread))
	mux.HandleFunc("POST /api/v1/threads/{id}/replies", s.api(s.apiReplyCreate))
	mux.HandleFunc("POST /api/v1/threads/{id}/like", s.api(s.apiLike(allmenning.PostThread)))
	mux.HandleFunc("DELETE /api/v1/threads/{id}/like", s.api(s.apiLike(allmenning.PostThread)))
	mux.HandleFunc("POST /api/v1/replies/{id}/like", s.api(s.apiLike(allmenning.PostReply)))
	mux.HandleFunc("DELETE /api/v1/replies/{id}/like", s.api(s.apiLike(allmenning.PostReply)))
	mux.HandleFunc("GET /api/v1/search", s.api(s.apiSearch))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.store.Ping(ctx); err != nil {
		s.log.ErrorContext(ctx, "readiness check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}
