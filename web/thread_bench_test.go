package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/account"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/password"
	"github.com/allmenning/allmenning/scale"
	"github.com/allmenning/allmenning/smtp"
	"github.com/allmenning/allmenning/web"
)

// benchServer is the real handler on a generated dataset (package scale),
// with the session cookie of the member the load benchmark uses.
type benchServer struct {
	h      http.Handler
	cookie *http.Cookie
	thread int64   // a thread with 20 replies the member may see
	write  []int64 // threads to reply to
}

func newBenchServer(b *testing.B, kind string) *benchServer {
	b.Helper()
	db := dbtest.Open(b, kind)
	if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
		b.Fatal(err)
	}
	cfg := scale.Full().Fraction(0.02)
	cfg.Until = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	if _, err := scale.Generate(ctx, db, cfg); err != nil {
		b.Fatal(err)
	}
	cat, err := i18n.Load()
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	accounts := &account.Service{Store: db, Mailer: smtp.LogMailer{Log: log}, Catalog: cat, Password: password.Default, Log: log}
	srv, err := web.New(web.Config{BaseURL: "http://127.0.0.1"}, db, accounts, cat, log)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	me, err := db.FindMemberByEmail(ctx, scale.LoginEmail)
	if err != nil {
		b.Fatal(err)
	}
	secret, err := accounts.StartSession(ctx, me.ID)
	if err != nil {
		b.Fatal(err)
	}
	targets, err := scale.FindTargets(ctx, db, me)
	if err != nil {
		b.Fatal(err)
	}
	return &benchServer{h: srv.Handler(), cookie: &http.Cookie{Name: "alm_session", Value: secret}, thread: targets.Thread, write: targets.Write}
}

func (s *benchServer) get(b *testing.B, path string) {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.AddCookie(s.cookie)
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("GET %s: %d", path, w.Code)
	}
}

// BenchmarkThreadPage renders a thread with 20 replies for a logged-in
// member through the whole handler (middleware, store, templates); and, for
// comparison, the front page, a search and the trivial health check.
func BenchmarkThreadPage(b *testing.B) {
	for _, kind := range dbtest.Kinds {
		b.Run(kind, func(b *testing.B) {
			s := newBenchServer(b, kind)
			for _, p := range []struct{ name, path string }{
				{"thread-20-replies", "/diskusjoner/" + strconv.FormatInt(s.thread, 10)},
				{"front-page", "/"},
				{"search", "/sok?q=" + url.QueryEscape("kommunene planlegger")},
				{"healthz", "/healthz"},
			} {
				b.Run(p.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						s.get(b, p.path)
					}
				})
			}
		})
	}
}

// BenchmarkReplyPost posts replies through the whole handler (CSRF,
// validation, Markdown, the store's transaction, notifications).
func BenchmarkReplyPost(b *testing.B) {
	for _, kind := range dbtest.Kinds {
		b.Run(kind, func(b *testing.B) {
			s := newBenchServer(b, kind)
			csrf := strings.Repeat("c", 43)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				id := s.write[i%len(s.write)]
				i++
				body := url.Values{"body": {"Takk for innspillet, vi i kommunen har prøvd det samme (" + strconv.Itoa(i) + ")."}}.Encode()
				r := httptest.NewRequest(http.MethodPost, "/diskusjoner/"+strconv.FormatInt(id, 10)+"/svar", strings.NewReader(body))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				r.Header.Set("X-CSRF-Token", csrf)
				r.AddCookie(s.cookie)
				r.AddCookie(&http.Cookie{Name: "alm_csrf", Value: csrf})
				w := httptest.NewRecorder()
				s.h.ServeHTTP(w, r)
				if w.Code != http.StatusSeeOther {
					b.Fatalf("POST reply: %d %s", w.Code, w.Body.String())
				}
			}
		})
	}
}
