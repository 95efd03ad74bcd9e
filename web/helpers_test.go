package web_test

// The test harness: the real server (web.New) on a fresh SQLite or
// PostgreSQL database, sending mail through a real SMTP test server, with a
// member for every role and an HTTP client per visitor that keeps cookies and
// the CSRF token as a browser does.

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/account"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/internal/mailtest"
	"github.com/allmenning/allmenning/password"
	"github.com/allmenning/allmenning/smtp"
	"github.com/allmenning/allmenning/store"
	"github.com/allmenning/allmenning/web"
)

var ctx = context.Background()

const (
	goodPass = "riktig-hest-batteri"
	trondhm  = "5001"
	oslo     = "0301"
	mailWait = 5 * time.Second
)

// Roles of the test visitors. Each but anonymous is a member created by newEnv.
const (
	anonymous = "anonymous"
	member    = "member"    // a member in Trondheim (5001)
	other     = "other"     // a member in Oslo (0301)
	muniAdmin = "admin"     // municipality admin of Trondheim (5001)
	moderator = "moderator" // a moderator in Bergen (4601)
	operator  = "operator"  // an operator in Lillestrøm (3205)
)

// roles lists every visitor role, anonymous first.
var roles = []string{anonymous, member, other, muniAdmin, moderator, operator}

type person struct {
	email, name, municipality string
	grants                    []allmenning.Grant
}

var people = map[string]person{
	member:    {"mari.medlem@trondheim.kommune.no", "Mari Medlem", trondhm, nil},
	other:     {"ola.oslo@oslo.kommune.no", "Ola Oslosen", oslo, nil},
	muniAdmin: {"anne.admin@trondheim.kommune.no", "Anne Administrator", trondhm, []allmenning.Grant{{Role: allmenning.RoleMunicipalityAdmin, Municipality: trondhm}}},
	moderator: {"mons.moderator@bergen.kommune.no", "Mons Moderator", "4601", []allmenning.Grant{{Role: allmenning.RoleModerator}}},
	operator:  {"olga.operator@lillestrom.kommune.no", "Olga Operatør", "3205", []allmenning.Grant{{Role: allmenning.RoleOperator}}},
}

// env is one running server on one fresh database.
type env struct {
	t        *testing.T
	db       *store.DB
	accounts *account.Service
	catalog  *i18n.Catalog
	srv      *web.Server
	ts       *httptest.Server
	mail     *mailtest.Server
	logs     *logRecorder
	members  map[string]*allmenning.Member // by role

	mu      sync.Mutex
	clients map[string]*client // logged-in clients by role, made on first use
}

type envOption func(*envConfig)

type envConfig struct {
	web web.Config
	tls bool
}

// withConfig sets the web.Config (rate limits, BaseURL).
func withConfig(c web.Config) envOption { return func(e *envConfig) { e.web = c } }

// withTLS serves over HTTPS (httptest's TLS server), for Secure cookies.
func withTLS() envOption { return func(e *envConfig) { e.tls = true } }

// newEnv starts the real server on db with a member for every role.
func newEnv(t *testing.T, db *store.DB, opts ...envOption) *env {
	t.Helper()
	var cfg envConfig
	for _, o := range opts {
		o(&cfg)
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	mail := mailtest.Start(t)
	logs := &logRecorder{}
	log := slog.New(logs)
	accounts := &account.Service{
		Store:    db,
		Mailer:   smtp.New(smtp.Config{Host: mail.Host, Port: mail.Port, From: "Allmenning <noreply@allmenning.test>", TLS: "none"}),
		Catalog:  cat,
		Password: password.Params{Memory: 1024, Time: 1, Threads: 1},
		Log:      log,
	}
	// The server's address is known before it starts, so that the server is
	// configured with its own public address, as in production.
	var handler http.Handler
	var srv *web.Server
	// The events of a request are handled after it answers; waiting for
	// them before the response is complete lets a test look for the
	// notifications and mail a request caused as soon as it returns.
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler.ServeHTTP(w, r)
		srv.WaitEvents()
	}))
	scheme := "http://"
	if cfg.tls {
		scheme = "https://"
	}
	addr := scheme + ts.Listener.Addr().String()
	if cfg.web.BaseURL == "" {
		cfg.web.BaseURL = addr
	}
	srv, err = web.New(cfg.web, db, accounts, cat, log)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	t.Cleanup(srv.Close)
	handler = srv.Handler()
	if cfg.tls {
		ts.StartTLS()
	} else {
		ts.Start()
	}
	t.Cleanup(ts.Close)
	if ts.URL != addr {
		t.Fatalf("test server at %s, expected %s", ts.URL, addr)
	}
	// Links in e-mail point at the running test server.
	accounts.BaseURL = ts.URL
	e := &env{
		t: t, db: db, accounts: accounts, catalog: cat, srv: srv, ts: ts, mail: mail, logs: logs,
		members: map[string]*allmenning.Member{}, clients: map[string]*client{},
	}
	for _, role := range roles[1:] {
		p := people[role]
		m, err := accounts.CreateMember(ctx, allmenning.NewMember{Email: p.email, Name: p.name, Municipality: p.municipality}, goodPass)
		if err != nil {
			t.Fatalf("CreateMember(%s): %v", p.email, err)
		}
		for _, g := range p.grants {
			if err := db.GrantRole(ctx, m.ID, g); err != nil {
				t.Fatalf("GrantRole(%s): %v", p.email, err)
			}
		}
		e.members[role] = e.reload(m.ID)
	}
	// A server error is a bug unless the test says it expects one.
	t.Cleanup(func() {
		if !logs.allowErrors {
			for _, r := range logs.errors() {
				t.Errorf("server logged an error: %s", r)
			}
		}
	})
	return e
}

// reload reads a member from the store.
func (e *env) reload(id int64) *allmenning.Member {
	e.t.Helper()
	m, err := e.db.FindMemberByID(ctx, id)
	if err != nil {
		e.t.Fatalf("FindMemberByID(%d): %v", id, err)
	}
	return m
}

// id returns the member ID of a role as a string.
func (e *env) id(role string) string { return strconv.FormatInt(e.members[role].ID, 10) }

// as returns a client for the role, logged in once through the login form.
// The anonymous client is a fresh one on every call.
func (e *env) as(t *testing.T, role string) *client {
	t.Helper()
	if role == anonymous {
		return e.client(t)
	}
	e.mu.Lock()
	c := e.clients[role]
	e.mu.Unlock()
	if c == nil {
		c = e.client(t)
		c.login(people[role].email, goodPass)
		e.mu.Lock()
		e.clients[role] = c
		e.mu.Unlock()
	}
	// The same browser (cookie jar), reporting to this test.
	cc := *c
	cc.t = t
	cc.headers = http.Header{}
	return &cc
}

// profileWithLanguage is m's profile with another interface language.
func profileWithLanguage(m *allmenning.Member, lang string) allmenning.ProfileUpdate {
	return allmenning.ProfileUpdate{Name: m.Name, JobTitle: m.JobTitle, Bio: m.Bio, Competences: m.Competences, Language: lang}
}

// client is one visitor's browser: a cookie jar, no automatic redirects.
type client struct {
	t       *testing.T
	e       *env
	hc      *http.Client
	headers http.Header // sent with every request
}

// client returns a new anonymous visitor.
func (e *env) client(t *testing.T) *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{
		Jar:     jar,
		Timeout: 30 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	if tr, ok := e.ts.Client().Transport.(*http.Transport); ok && e.ts.TLS != nil {
		hc.Transport = tr
	} else {
		hc.Transport = &http.Transport{TLSClientConfig: &tls.Config{}}
	}
	return &client{t: t, e: e, hc: hc, headers: http.Header{}}
}

// response is what the server answered.
type response struct {
	*http.Response
	Body string
}

// Location is the Location header, relative to the test server.
func (r *response) Location() string {
	return r.Header.Get("Location")
}

// cookie returns the cookie the response set, or nil.
func (r *response) cookie(name string) *http.Cookie {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// json decodes the body into v.
func (r *response) json(t *testing.T, v any) {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want application/json; body: %.300s", ct, r.Body)
	}
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode JSON: %v; body: %.300s", err, r.Body)
	}
}

// do sends a request to the test server.
func (c *client) do(req *http.Request) *response {
	c.t.Helper()
	for k, v := range c.headers {
		if req.Header.Get(k) == "" {
			req.Header[k] = v
		}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	seen := map[string]bool{}
	for _, ck := range resp.Cookies() {
		if seen[ck.Name] {
			c.t.Errorf("%s %s: the response sets cookie %s more than once: %q", req.Method, req.URL.Path, ck.Name, resp.Header.Values("Set-Cookie"))
		}
		seen[ck.Name] = true
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	return &response{Response: resp, Body: string(b)}
}

func (c *client) request(method, path string, body io.Reader) *http.Request {
	c.t.Helper()
	target := path
	if !strings.HasPrefix(path, "http://") && !strings.HasPrefix(path, "https://") {
		target = c.e.ts.URL + path
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		c.t.Fatal(err)
	}
	return req
}

// get fetches a path, with extra headers as "Name", "value" pairs.
func (c *client) get(path string, header ...string) *response {
	c.t.Helper()
	req := c.request(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// getJSON fetches an API path and decodes the answer, which must have the given status.
func (c *client) getJSON(path string, status int, v any, header ...string) *response {
	c.t.Helper()
	r := c.get(path, header...)
	if r.StatusCode != status {
		c.t.Fatalf("GET %s: status %d, want %d; body: %.500s", path, r.StatusCode, status, r.Body)
	}
	if v != nil {
		r.json(c.t, v)
	}
	return r
}

// postRaw posts a form exactly as given: no CSRF token is added.
func (c *client) postRaw(path string, form url.Values, header ...string) *response {
	c.t.Helper()
	req := c.request(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// post posts a form with this visitor's CSRF token, as the page's form would.
func (c *client) post(path string, form url.Values, header ...string) *response {
	c.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf_token", c.csrf())
	return c.postRaw(path, f, header...)
}

var csrfInput = regexp.MustCompile(`name="csrf_token"\s+value="([^"]+)"`)

// formToken returns the CSRF token embedded in a page's forms.
func formToken(body string) string {
	if m := csrfInput.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// csrf returns the token of the visitor's CSRF cookie, fetching a page with a
// form first when the visitor has none yet. The token is taken from the page,
// as a browser's form would carry it, and must match the cookie.
func (c *client) csrf() string {
	c.t.Helper()
	if v := c.cookieValue("alm_csrf"); v != "" {
		return v
	}
	r := c.get("/logg-inn")
	if r.StatusCode != http.StatusOK && r.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("GET /logg-inn: %d", r.StatusCode)
	}
	cookie := c.cookieValue("alm_csrf")
	if cookie == "" {
		c.t.Fatalf("GET /logg-inn set no alm_csrf cookie")
	}
	if r.StatusCode == http.StatusOK {
		if tok := formToken(r.Body); tok != cookie {
			c.t.Fatalf("the login form's csrf_token %q differs from the alm_csrf cookie %q", tok, cookie)
		}
	}
	return cookie
}

// cookieValue returns the value of a cookie in the jar for the test server.
func (c *client) cookieValue(name string) string {
	u, _ := url.Parse(c.e.ts.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// setCookie puts a cookie into the jar, as if the server had set it.
func (c *client) setCookie(name, value string) {
	u, _ := url.Parse(c.e.ts.URL)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// login logs in through the form: GET /logg-inn for the CSRF cookie and
// token, then POST /logg-inn. It fails the test unless the login succeeds.
func (c *client) login(email, pw string) *response {
	c.t.Helper()
	page := c.get("/logg-inn")
	if page.StatusCode != http.StatusOK {
		c.t.Fatalf("GET /logg-inn: status %d", page.StatusCode)
	}
	tok := formToken(page.Body)
	if tok == "" {
		c.t.Fatalf("GET /logg-inn: no csrf_token in the form")
	}
	r := c.postRaw("/logg-inn", url.Values{"email": {email}, "password": {pw}, "csrf_token": {tok}})
	if r.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login as %s: status %d, want 303; body: %.500s", email, r.StatusCode, r.Body)
	}
	if r.cookie("alm_session") == nil {
		c.t.Fatalf("login as %s set no session cookie", email)
	}
	return r
}

// mustStatus fails unless r has the status.
func mustStatus(t *testing.T, r *response, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body: %.800s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, r.Body)
	}
}

// mustContain fails unless the body has every string.
func mustContain(t *testing.T, r *response, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.Body, w) {
			t.Errorf("%s %s: body lacks %q; body: %.1500s", r.Request.Method, r.Request.URL.Path, w, r.Body)
		}
	}
}

// mustNotContain fails if the body has any of the strings.
func mustNotContain(t *testing.T, r *response, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(r.Body, w) {
			t.Errorf("%s %s: body has %q, which it must not", r.Request.Method, r.Request.URL.Path, w)
		}
	}
}

// mustRedirect fails unless r is a 303 to a location starting with prefix.
func mustRedirect(t *testing.T, r *response, prefix string) {
	t.Helper()
	mustStatus(t, r, http.StatusSeeOther)
	if loc := r.Location(); !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s %s: Location %q, want prefix %q", r.Request.Method, r.Request.URL.Path, loc, prefix)
	}
}

// waitMail waits for the next message to addr.
func (e *env) waitMail(t *testing.T, addr string) mailtest.Message {
	t.Helper()
	return e.mail.WaitFor(t, addr, mailWait)
}

// linkPath turns a link from an e-mail into a path and query on the test server.
func (e *env) linkPath(t *testing.T, link string) string {
	t.Helper()
	if link == "" {
		t.Fatal("no link in the message")
	}
	if !strings.HasPrefix(link, e.ts.URL+"/") {
		t.Fatalf("link %q does not point at the server %s", link, e.ts.URL)
	}
	return strings.TrimPrefix(link, e.ts.URL)
}

// registeredRoutes reads the package's source and returns the pattern of
// every mux.Handle and mux.HandleFunc call, sorted; with inFunc, only those
// inside the named functions.
func registeredRoutes(t *testing.T, inFunc func(name string) bool) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var routes []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil || (inFunc != nil && !inFunc(fn.Name.Name)) {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "mux" {
					return true
				}
				lit, ok := call.Args[0].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Errorf("%s: a route registered with a computed pattern", fset.Position(call.Pos()))
					return true
				}
				pattern, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				routes = append(routes, pattern)
				return true
			})
		}
	}
	sort.Strings(routes)
	return routes
}

// logRecorder is a slog.Handler that keeps error records, so that a test
// fails when the server logs an internal error it did not expect.
type logRecorder struct {
	mu          sync.Mutex
	errs        []string
	allowErrors bool
}

func (l *logRecorder) Enabled(_ context.Context, level slog.Level) bool {
	return level >= slog.LevelError
}

func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	l.mu.Lock()
	l.errs = append(l.errs, b.String())
	l.mu.Unlock()
	return nil
}

func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }

func (l *logRecorder) errors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.errs...)
}

// metricsEventually waits until /metrics shows every string. A request is
// counted after its handler returns, which can be just after the client has
// read the whole response, so a scrape made at once may miss it.
func metricsEventually(t *testing.T, c *client, want ...string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := c.get("/metrics")
		mustStatus(t, r, 200)
		var missing []string
		for _, w := range want {
			if !strings.Contains(r.Body, w) {
				missing = append(missing, w)
			}
		}
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics lack %q", missing)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
