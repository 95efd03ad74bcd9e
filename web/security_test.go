package web_test

// Security properties of the HTTP layer: headers, cookies, CSRF, sessions,
// login answers and rate limits.

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
	"github.com/allmenning/allmenning/web"
)

func TestSecurityHeaders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		anon := e.client(t)
		mem := e.as(t, member)
		pages := []struct {
			c      *client
			path   string
			status int
		}{
			{anon, "/", 200},
			{anon, "/logg-inn", 200},
			{anon, "/kommuner/5001", 200},
			{anon, "/finnes-ikke", 404},
			{anon, "/medlemmer", 303},
			{mem, "/medlemmer", 200},
			{mem, "/admin", 403},
			{anon, "/api/v1/municipalities/5001", 200},
			{anon, "/api/v1/me", 401},
		}
		for _, p := range pages {
			r := p.c.get(p.path)
			mustStatus(t, r, p.status)
			csp := r.Header.Get("Content-Security-Policy")
			directives := map[string]string{}
			for _, d := range strings.Split(csp, ";") {
				name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
				directives[name] = value
			}
			if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("%s: CSP allows unsafe code: %q", p.path, csp)
			}
			for name, want := range map[string]string{
				"default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
				"frame-ancestors": "'none'", "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'",
			} {
				if directives[name] != want {
					t.Errorf("%s: CSP %s = %q, want %q (CSP %q)", p.path, name, directives[name], want, csp)
				}
			}
			for name, want := range map[string]string{
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        "strict-origin-when-cross-origin",
				"X-Frame-Options":        "DENY",
			} {
				if got := r.Header.Get(name); got != want {
					t.Errorf("%s: %s = %q, want %q", p.path, name, got, want)
				}
			}
			if r.Header.Get("X-Request-ID") == "" {
				t.Errorf("%s: no X-Request-ID", p.path)
			}
			if h := r.Header.Get("Strict-Transport-Security"); h != "" {
				t.Errorf("%s: HSTS %q sent over plain HTTP", p.path, h)
			}
			// Pages with personal content must not be cached.
			if r.StatusCode != http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") && r.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: Cache-Control = %q, want no-store", p.path, r.Header.Get("Cache-Control"))
			}
		}
		// The pages carry no inline script or style, which the CSP would block.
		for _, path := range []string{"/", "/logg-inn", "/registrer", "/kommuner/5001"} {
			body := anon.get(path).Body
			for _, bad := range []string{"<script>", " style=\"", "onclick=", "javascript:"} {
				if strings.Contains(body, bad) {
					t.Errorf("%s: inline %q would be blocked by the CSP", path, bad)
				}
			}
		}
		// A request ID sent by a proxy is kept; an overlong one is replaced.
		if got := anon.get("/healthz", "X-Request-ID", "abc-123").Header.Get("X-Request-ID"); got != "abc-123" {
			t.Errorf("X-Request-ID = %q, want the one sent", got)
		}
		if got := anon.get("/healthz", "X-Request-ID", strings.Repeat("x", 65)).Header.Get("X-Request-ID"); len(got) > 64 || got == "" {
			t.Errorf("overlong X-Request-ID came back as %q", got)
		}
	})
}

// checkCookie checks the flags of a cookie the server set.
func checkCookie(t *testing.T, c *http.Cookie, name string, secure bool) {
	t.Helper()
	if c == nil {
		t.Fatalf("no %s cookie was set", name)
	}
	if !c.HttpOnly {
		t.Errorf("%s: not HttpOnly", name)
	}
	if c.SameSite != http.SameSiteLaxMode {
		t.Errorf("%s: SameSite = %v, want Lax", name, c.SameSite)
	}
	if c.Secure != secure {
		t.Errorf("%s: Secure = %v, want %v", name, c.Secure, secure)
	}
	if c.Path != "/" {
		t.Errorf("%s: Path = %q, want /", name, c.Path)
	}
}

func TestCookieFlags(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		for _, tc := range []struct {
			name   string
			opts   []envOption
			secure bool
		}{
			{"http", nil, false},
			{"https", []envOption{withTLS(), withConfig(web.Config{BaseURL: "https://allmenning.example.no"})}, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, dbtest.Open(t, kindOf(t)), tc.opts...)
				if tc.secure != strings.HasPrefix(e.ts.URL, "https://") {
					t.Fatalf("test server %s", e.ts.URL)
				}
				c := e.client(t)
				page := c.get("/logg-inn")
				mustStatus(t, page, 200)
				checkCookie(t, page.cookie("alm_csrf"), "alm_csrf", tc.secure)
				if hsts := page.Header.Get("Strict-Transport-Security"); tc.secure != strings.Contains(hsts, "max-age=") {
					t.Errorf("Strict-Transport-Security = %q with https=%v", hsts, tc.secure)
				}

				login := c.login(people[member].email, goodPass)
				session := login.cookie("alm_session")
				checkCookie(t, session, "alm_session", tc.secure)
				if session.MaxAge <= 0 {
					t.Errorf("alm_session MaxAge = %d, want a lasting login", session.MaxAge)
				}
				mustStatus(t, c.get("/medlemmer"), 200)

				lang := c.post("/sprak", url.Values{"lang": {"nn"}, "next": {"/"}})
				mustStatus(t, lang, http.StatusSeeOther)
				checkCookie(t, lang.cookie("alm_lang"), "alm_lang", tc.secure)

				out := c.post("/logg-ut", nil)
				mustStatus(t, out, http.StatusSeeOther)
				cleared := out.cookie("alm_session")
				checkCookie(t, cleared, "alm_session", tc.secure)
				if cleared.MaxAge >= 0 || cleared.Value != "" {
					t.Errorf("logout: alm_session = %+v, want it deleted", cleared)
				}
			})
		}
	})
}

// kindOf is the database kind of the dbtest.Each subtest that t runs under.
func kindOf(t *testing.T) string {
	for _, kind := range dbtest.Kinds {
		if strings.Contains(t.Name()+"/", "/"+kind+"/") {
			return kind
		}
	}
	t.Fatalf("%s does not run under dbtest.Each", t.Name())
	return ""
}

func TestCSRF(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		victim := e.as(t, member)
		attacker := e.client(t)
		attackerToken := attacker.csrf()
		if attackerToken == victim.csrf() {
			t.Fatal("two visitors got the same CSRF token")
		}
		edit := url.Values{"name": {"Hacket"}, "language": {"nb"}}
		unchanged := func() {
			t.Helper()
			if got := e.reload(e.members[member].ID).Name; got != "Mari Medlem" {
				t.Fatalf("profile name changed to %q", got)
			}
		}

		// No token at all.
		r := victim.postRaw("/profil/rediger", edit)
		mustStatus(t, r, http.StatusForbidden)
		mustContain(t, r, msgCSRF, "Ingen tilgang")
		unchanged()

		// A valid token, but one issued to another visitor's cookie.
		f := url.Values{"csrf_token": {attackerToken}}
		for k, v := range edit {
			f[k] = v
		}
		mustStatus(t, victim.postRaw("/profil/rediger", f), http.StatusForbidden)
		unchanged()
		// Likewise in the header.
		mustStatus(t, victim.postRaw("/profil/rediger", edit, "X-CSRF-Token", attackerToken), http.StatusForbidden)
		unchanged()

		// A token that matches a cookie the attacker planted in the same request
		// is refused when the cookie was not issued by the server (too short).
		planted := e.client(t)
		planted.setCookie("alm_csrf", "short")
		mustStatus(t, planted.postRaw("/sprak", url.Values{"lang": {"en"}, "csrf_token": {"short"}}), http.StatusForbidden)

		// The first request of a visitor without any cookie cannot succeed.
		fresh := e.client(t)
		r = fresh.postRaw("/logg-inn", url.Values{"email": {people[member].email}, "password": {goodPass}, "csrf_token": {attackerToken}})
		mustStatus(t, r, http.StatusForbidden)
		if r.cookie("alm_session") != nil {
			t.Error("a login without a CSRF cookie set a session")
		}

		// A cross-site request is refused even with the right token (Fetch metadata and Origin).
		r = victim.post("/profil/rediger", edit, "Sec-Fetch-Site", "cross-site")
		mustStatus(t, r, http.StatusForbidden)
		unchanged()
		r = victim.post("/profil/rediger", edit, "Origin", "https://evil.example")
		mustStatus(t, r, http.StatusForbidden)
		unchanged()

		// The right token works in the form field and in the header.
		mustRedirect(t, victim.post("/profil/rediger", edit), "/medlemmer/")
		if got := e.reload(e.members[member].ID).Name; got != "Hacket" {
			t.Fatalf("name = %q after a valid post", got)
		}
		edit.Set("name", "Mari Medlem")
		mustRedirect(t, victim.postRaw("/profil/rediger", edit, "X-CSRF-Token", victim.csrf()), "/medlemmer/")
		unchanged()
		// Same-origin fetch metadata is fine.
		mustRedirect(t, victim.post("/profil/rediger", edit, "Sec-Fetch-Site", "same-origin"), "/medlemmer/")

		// The API's JSON errors for a missing token.
		r = victim.postRaw("/api/v1/threads", nil, "Content-Type", "application/json")
		mustStatus(t, r, http.StatusForbidden)
		var body struct{ Code string }
		r.json(t, &body)
		if body.Code != "forbidden" {
			t.Errorf("code = %q, want forbidden", body.Code)
		}
	})
}

func TestSessionLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client(t)
		// A session ID planted before login (fixation) is not adopted: the
		// login answers with a new one, and only the new one is valid.
		const planted = "planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaa"
		tok := formToken(c.get("/logg-inn").Body)
		c.setCookie("alm_session", planted)
		login := c.postRaw("/logg-inn", url.Values{"email": {people[member].email}, "password": {goodPass}, "csrf_token": {tok}})
		mustRedirect(t, login, "/")
		first := login.cookie("alm_session").Value
		if first == planted || first == tok || len(first) < 32 {
			t.Fatalf("session cookie after login %q is a pre-login value or short", first)
		}
		mustStatus(t, c.get("/medlemmer"), 200)
		attacker := e.client(t)
		attacker.setCookie("alm_session", planted)
		mustRedirect(t, attacker.get("/medlemmer"), "/logg-inn")

		// A second login gets another ID; both are valid until logged out.
		other := e.client(t)
		second := other.login(people[member].email, goodPass).cookie("alm_session").Value
		if second == first {
			t.Fatal("two logins got the same session ID")
		}

		// Logging out ends that session on the server: the old cookie no longer works.
		mustRedirect(t, c.post("/logg-ut", nil), "/")
		replay := e.client(t)
		replay.setCookie("alm_session", first)
		r := replay.get("/api/v1/me")
		mustStatus(t, r, http.StatusUnauthorized)
		// The stale cookie is cleared.
		if ck := r.cookie("alm_session"); ck == nil || ck.MaxAge >= 0 {
			t.Errorf("a stale session cookie was not cleared: %v", ck)
		}
		replay.setCookie("alm_session", first)
		mustRedirect(t, replay.get("/medlemmer"), "/logg-inn?neste=")
		// The other login is untouched.
		mustStatus(t, other.get("/medlemmer"), 200)
		// Logging in again gives yet another ID.
		third := c.login(people[member].email, goodPass).cookie("alm_session").Value
		if third == first || third == second {
			t.Fatal("session ID reused")
		}
	})
}

func TestLoginAnswersAlike(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client(t)
		const placeholder = "ADDRESS"
		answer := func(email, pw string) (int, string) {
			r := c.post("/logg-inn", url.Values{"email": {email}, "password": {pw}})
			mustContain(t, r, "Feil e-postadresse eller passord.")
			if r.cookie("alm_session") != nil {
				t.Errorf("failed login for %s set a session", email)
			}
			return r.StatusCode, strings.ReplaceAll(r.Body, email, placeholder)
		}
		wrongPassStatus, wrongPass := answer(people[member].email, "feil-passord-1234")
		unknownStatus, unknown := answer("finnes.ikke@trondheim.kommune.no", "feil-passord-1234")
		if wrongPassStatus != http.StatusUnauthorized || unknownStatus != wrongPassStatus {
			t.Fatalf("statuses: wrong password %d, unknown address %d; want both 401", wrongPassStatus, unknownStatus)
		}
		if wrongPass != unknown {
			t.Errorf("the pages differ for a wrong password and an unknown address:\n%s\n----\n%s", wrongPass, unknown)
		}
		// English visitors get the same in English.
		c.headers.Set("Accept-Language", "en")
		r := c.post("/logg-inn", url.Values{"email": {"x@y.no"}, "password": {"zzzzzzzzzzzz"}})
		mustStatus(t, r, http.StatusUnauthorized)
		mustContain(t, r, "Wrong e-mail address or password.")
	})
}

func TestRateLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		t.Run("login per account, default limit", func(t *testing.T) {
			e := newEnv(t, dbtest.Open(t, kindOf(t)))
			c := e.client(t)
			for i := 1; i <= 10; i++ {
				r := c.post("/logg-inn", url.Values{"email": {people[member].email}, "password": {"feil-passord-1234"}})
				mustStatus(t, r, http.StatusUnauthorized)
			}
			// The 11th attempt within 15 minutes is refused, even with the right password.
			r := c.post("/logg-inn", url.Values{"email": {people[member].email}, "password": {goodPass}})
			mustStatus(t, r, http.StatusTooManyRequests)
			mustContain(t, r, "For mange innloggingsforsøk.", `value="`+people[member].email+`"`)
			if r.Header.Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
			if r.cookie("alm_session") != nil {
				t.Error("a rate-limited login set a session")
			}
			// Also with the address typed differently.
			mustStatus(t, c.post("/logg-inn", url.Values{"email": {strings.ToUpper(people[member].email)}, "password": {goodPass}}), http.StatusTooManyRequests)
			// Another account from the same address is not affected.
			r = c.post("/logg-inn", url.Values{"email": {people[other].email}, "password": {goodPass}})
			mustRedirect(t, r, "/")
		})
		t.Run("login per account, configured; success resets", func(t *testing.T) {
			e := newEnv(t, dbtest.Open(t, kindOf(t)), withConfig(web.Config{LoginPerAccount: 3}))
			c := e.client(t)
			fail := func(n int) {
				for i := 0; i < n; i++ {
					mustStatus(t, c.post("/logg-inn", url.Values{"email": {people[member].email}, "password": {"feil-passord-1234"}}), http.StatusUnauthorized)
				}
			}
			fail(2)
			mustRedirect(t, c.post("/logg-inn", url.Values{"email": {people[member].email}, "password": {goodPass}}), "/")
			c = e.client(t)
			fail(3)
			mustStatus(t, c.post("/logg-inn", url.Values{"email": {people[member].email}, "password": {goodPass}}), http.StatusTooManyRequests)
		})
		t.Run("login per IP", func(t *testing.T) {
			e := newEnv(t, dbtest.Open(t, kindOf(t)), withConfig(web.Config{LoginPerIP: 3}))
			c := e.client(t)
			for _, role := range []string{member, other, moderator} {
				mustStatus(t, c.post("/logg-inn", url.Values{"email": {people[role].email}, "password": {"feil-passord-1234"}}), http.StatusUnauthorized)
			}
			r := e.client(t).post("/logg-inn", url.Values{"email": {people[operator].email}, "password": {goodPass}})
			mustStatus(t, r, http.StatusTooManyRequests)
			mustContain(t, r, "For mange innloggingsforsøk.")
		})
		t.Run("registration per IP", func(t *testing.T) {
			e := newEnv(t, dbtest.Open(t, kindOf(t)), withConfig(web.Config{RegisterPerIP: 2}))
			c := e.client(t)
			mustStatus(t, c.post("/registrer", url.Values{"email": {"a@trondheim.kommune.no"}}), http.StatusOK)
			mustStatus(t, c.post("/registrer", url.Values{"email": {"b@gmail.com"}}), http.StatusUnprocessableEntity)
			r := e.client(t).post("/registrer", url.Values{"email": {"c@trondheim.kommune.no"}})
			mustStatus(t, r, http.StatusTooManyRequests)
			mustContain(t, r, "For mange registreringer fra denne adressen.", `value="c@trondheim.kommune.no"`)
			if r.Header.Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
			e.waitMail(t, "a@trondheim.kommune.no")
			for _, m := range e.mail.Messages() {
				if m.SentTo("c@trondheim.kommune.no") {
					t.Error("a rate-limited registration sent mail")
				}
			}
		})
		t.Run("reset per IP", func(t *testing.T) {
			e := newEnv(t, dbtest.Open(t, kindOf(t)), withConfig(web.Config{ResetPerIP: 2}))
			c := e.client(t)
			for i := 0; i < 2; i++ {
				mustStatus(t, c.post("/glemt-passord", url.Values{"email": {people[member].email}}), http.StatusOK)
			}
			r := c.post("/glemt-passord", url.Values{"email": {people[other].email}})
			mustStatus(t, r, http.StatusTooManyRequests)
			mustContain(t, r, "For mange forespørsler om nytt passord.")
			e.waitMail(t, people[member].email)
			e.waitMail(t, people[member].email)
			for _, m := range e.mail.Messages() {
				if m.SentTo(people[other].email) {
					t.Error("a rate-limited reset sent mail")
				}
			}
		})
	})
}

func TestLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		cases := []struct {
			accept, lang string
			has          []string
		}{
			{"", "nb", []string{"Forside", "Kommuner", "Bli medlem"}},
			{"nn-NO,nn;q=0.9,en;q=0.5", "nn", []string{"Framside", "Kommunar"}},
			{"en-GB,en;q=0.9", "en", []string{"Home", "Municipalities", "Join"}},
			{"no", "nb", []string{"Forside"}},
			{"de-DE,de;q=0.9", "nb", []string{"Forside"}},
		}
		for _, tc := range cases {
			c := e.client(t)
			c.headers.Set("Accept-Language", tc.accept)
			r := c.get("/")
			mustStatus(t, r, 200)
			mustContain(t, r, `<html lang="`+tc.lang+`"`)
			mustContain(t, r, tc.has...)
		}
		// The 404 page follows the language too.
		c := e.client(t)
		c.headers.Set("Accept-Language", "nn")
		r := c.get("/finst-ikkje")
		mustStatus(t, r, 404)
		mustContain(t, r, `<html lang="nn"`, "Fann ikkje sida", "Sida finst ikkje, eller ho er flytta.")
		// API error messages too.
		var apiErr struct{ Code, Message string }
		c.getJSON("/api/v1/me", 401, &apiErr)
		if apiErr.Code != "unauthorized" || apiErr.Message != e.catalog.For("nn").T("error.login_required") {
			t.Errorf("API error in nynorsk = %+v", apiErr)
		}

		// A member's preference wins over the browser's header.
		if _, err := e.db.UpdateProfile(ctx, e.members[other].ID, profileWithLanguage(e.members[other], "nn")); err != nil {
			t.Fatal(err)
		}
		m := e.as(t, other)
		m.headers.Set("Accept-Language", "en")
		r = m.get("/medlemmer")
		mustContain(t, r, `<html lang="nn"`, "Kommunar")
		mustNotContain(t, r, `<html lang="en"`)

		// An anonymous visitor's choice is kept in a cookie and wins over the header.
		v := e.client(t)
		v.headers.Set("Accept-Language", "nb")
		r = v.post("/sprak", url.Values{"lang": {"en"}, "next": {"/kommuner"}})
		mustRedirect(t, r, "/kommuner")
		if ck := r.cookie("alm_lang"); ck == nil || ck.Value != "en" || ck.MaxAge < 30*24*3600 {
			t.Fatalf("alm_lang = %+v", ck)
		}
		r = v.get("/kommuner")
		mustContain(t, r, `<html lang="en"`, "Municipalities")
		// A member's choice is saved on the profile and follows them to another browser.
		mem := e.as(t, member)
		mustRedirect(t, mem.post("/sprak", url.Values{"lang": {"nn"}, "next": {"/"}}), "/")
		again := e.client(t)
		again.headers.Set("Accept-Language", "en")
		again.login(people[member].email, goodPass)
		mustContain(t, again.get("/"), `<html lang="nn"`)
		// The language cookie cannot inject a language that does not exist.
		bad := e.client(t)
		bad.setCookie("alm_lang", "xx")
		mustContain(t, bad.get("/"), `<html lang="nb"`)
	})
}

func TestOperationalEndpoints(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client(t)
		r := c.get("/healthz")
		mustStatus(t, r, 200)
		if strings.TrimSpace(r.Body) != "ok" {
			t.Errorf("healthz body %q", r.Body)
		}
		mustStatus(t, c.get("/readyz"), 200)
		mustStatus(t, c.get("/medlemmer/1"), http.StatusSeeOther)
		mustStatus(t, c.get("/finnes-ikke"), 404)
		metricsEventually(t, c,
			"# TYPE allmenning_http_requests_total counter",
			`allmenning_http_requests_total{code="200",route="GET /healthz"} 1`,
			`allmenning_http_requests_total{code="303",route="GET /medlemmer/{id}"} 1`,
			`allmenning_http_requests_total{code="404",route="/"} 1`,
			`allmenning_http_request_duration_seconds_count{route="GET /readyz"} 1`,
			"go_goroutines",
		)
		// The query string (which may hold one-time tokens) is not a label.
		mustStatus(t, c.get("/nytt-passord?token=hemmelig"), 404)
		if strings.Contains(c.get("/metrics").Body, "hemmelig") {
			t.Error("a token from a URL leaked into the metrics")
		}

		// readyz reports a database that is gone.
		e.logs.allowErrors = true
		db.Close()
		r = c.get("/readyz")
		mustStatus(t, r, http.StatusServiceUnavailable)
		mustStatus(t, c.get("/healthz"), 200)
	})
}
