package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/i18n"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const (
	sessionCookie = "alm_session"
	csrfCookie    = "alm_csrf"
	langCookie    = "alm_lang"
	csrfField     = "csrf_token"
	csrfHeader    = "X-CSRF-Token"
	maxFormBytes  = 1 << 20
)

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "allmenning_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "allmenning_http_request_duration_seconds", Help: "HTTP request duration by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (s *Server) metricsHandler() http.Handler {
	return promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request an ID, logs it, counts it and recovers from panics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-ID", id)
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		// The mux records the matched pattern on the request it is given, a
		// copy made further in; recordRoute passes it back out through this.
		route := new(string)
		ctx = context.WithValue(ctx, routeKey{}, route)
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.log.ErrorContext(ctx, "panic", "request_id", id, "panic", p)
				if sw.status == 0 {
					http.Error(sw, "internal error", http.StatusInternalServerError)
				}
			}
			route := *route
			if route == "" {
				route = "unmatched"
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			elapsed := time.Since(start)
			s.metrics.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
			s.metrics.duration.WithLabelValues(route).Observe(elapsed.Seconds())
			// The path only: query strings may hold one-time tokens.
			s.log.InfoContext(ctx, "request", "request_id", id, "method", r.Method, "path", r.URL.Path,
				"status", status, "duration_ms", float64(elapsed.Microseconds())/1000)
		}()
		next.ServeHTTP(sw, r)
	})
}

type routeKey struct{}

// recordRoute wraps the mux: once it has served a request, the pattern it
// matched is handed to observe for the metrics' route label.
func recordRoute(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if route, ok := r.Context().Value(routeKey{}).(*string); ok && r.Pattern != "" {
				*route = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// authenticate finds the member behind a session cookie or an API token and
// picks the language for the request.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var me *allmenning.Member
		if auth := r.Header.Get("Authorization"); auth != "" && strings.HasPrefix(r.URL.Path, "/api/") {
			secret, ok := strings.CutPrefix(auth, "Bearer ")
			m, err := s.accounts.TokenMember(ctx, strings.TrimSpace(secret))
			if !ok || err != nil {
				if err != nil && allmenning.ErrorCode(err) != allmenning.EUNAUTHORIZED {
					s.log.ErrorContext(ctx, "token lookup", "err", err)
				}
				s.apiError(w, r.WithContext(context.WithValue(ctx, localizerKey, s.catalog.For(i18n.Negotiate(r.Header.Get("Accept-Language"))))),
					allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.token.invalid"))
				return
			}
			me = m
			ctx = context.WithValue(ctx, viaTokenKey, true)
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			m, err := s.accounts.SessionMember(ctx, c.Value)
			switch {
			case err == nil:
				me = m
			case allmenning.ErrorCode(err) == allmenning.ENOTFOUND:
				s.clearCookie(w, sessionCookie)
			default:
				s.log.ErrorContext(ctx, "session lookup", "err", err)
			}
		}
		lang := ""
		if me != nil {
			lang = me.Language
		} else if c, err := r.Cookie(langCookie); err == nil && allmenning.ValidLanguage(c.Value) {
			lang = c.Value
		} else {
			lang = i18n.Negotiate(r.Header.Get("Accept-Language"))
		}
		ctx = withMember(ctx, me)
		ctx = context.WithValue(ctx, localizerKey, s.catalog.For(lang))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// csrf requires a token that matches the visitor's CSRF cookie on every
// state-changing request, from a form field or the X-CSRF-Token header.
// Requests authenticated by an API token carry no cookies and are exempt.
// Go's cross-origin protection (Sec-Fetch-Site / Origin) adds a second check.
func (s *Server) csrf(next http.Handler) http.Handler {
	next = recordRoute(next) // csrf is the innermost middleware: next is the mux
	cop := http.NewCrossOriginProtection()
	if u := strings.TrimSuffix(s.cfg.BaseURL, "/"); u != "" {
		cop.AddTrustedOrigin(u)
	}
	checked := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, issued := "", false
		if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
			token = c.Value
		} else {
			issued = true
			b := make([]byte, 32)
			rand.Read(b)
			token = base64.RawURLEncoding.EncodeToString(b)
			http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
		}
		r = r.WithContext(context.WithValue(r.Context(), csrfCtxKey{}, token))
		if isUnsafe(r.Method) && !viaToken(r.Context()) {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			sent := r.Header.Get(csrfHeader)
			if sent == "" && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				sent = r.PostFormValue(csrfField)
			}
			if subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 || issued {
				s.fail(w, r, allmenning.Errorf(allmenning.EFORBIDDEN, "error.csrf"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if viaToken(r.Context()) {
			next.ServeHTTP(w, r)
			return
		}
		if err := cop.Check(r); err != nil {
			s.fail(w, r, allmenning.Errorf(allmenning.EFORBIDDEN, "error.csrf"))
			return
		}
		checked.ServeHTTP(w, r)
	})
}

type csrfCtxKey struct{}

func csrfToken(ctx context.Context) string {
	t, _ := ctx.Value(csrfCtxKey{}).(string)
	return t
}

func isUnsafe(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

func (s *Server) setSessionCookie(w http.ResponseWriter, value string) {
	replaceCookie(w, &http.Cookie{
		Name: sessionCookie, Value: value, Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
		MaxAge: int(allmenning.SessionLifetime.Seconds()),
	})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	replaceCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// replaceCookie sets a cookie, dropping one of the same name set earlier in
// the response (authenticate clears a stale session cookie before a login
// sets the new one), so that a response never sets a cookie twice.
func replaceCookie(w http.ResponseWriter, c *http.Cookie) {
	h := w.Header()
	var kept []string
	for _, v := range h.Values("Set-Cookie") {
		if !strings.HasPrefix(v, c.Name+"=") {
			kept = append(kept, v)
		}
	}
	h.Del("Set-Cookie")
	for _, v := range kept {
		h.Add("Set-Cookie", v)
	}
	http.SetCookie(w, c)
}

// clientIP is the remote address; a proxy in front should be trusted explicitly before using X-Forwarded-For.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
