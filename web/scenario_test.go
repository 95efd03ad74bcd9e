package web_test

// Scenario tables: every route in server.go and api.go, for every role whose
// answer differs. Each scenario names the request, the visitor, the status,
// where a redirect goes, and what the body must and must not contain.
// GET scenarios share one server per database; a scenario that changes
// state gets a fresh server and database of its own.

import (
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

type scenario struct {
	name    string
	method  string // GET when empty
	url     string // placeholders: {id:ROLE}, {email:ROLE}, {assets}
	role    string
	form    url.Values
	headers []string // name, value pairs
	noCSRF  bool     // post the form without the CSRF token

	status   int
	location string   // the Location header must start with this (after expansion)
	contains []string // the body must contain each (after expansion)
	absent   []string // the body must contain none

	before func(t *testing.T, e *env)
	after  func(t *testing.T, e *env, r *response)
}

func (sc scenario) mutates() bool {
	return sc.method != "" && sc.method != http.MethodGet || sc.before != nil
}

var placeholder = regexp.MustCompile(`\{(id|email|name):([a-z]+)\}|\{assets\}`)

// expand replaces the placeholders of a scenario with this server's values.
func (e *env) expand(t *testing.T, s string) string {
	return placeholder.ReplaceAllStringFunc(s, func(p string) string {
		if p == "{assets}" {
			return e.assetPrefix(t)
		}
		m := placeholder.FindStringSubmatch(p)
		mem := e.members[m[2]]
		if mem == nil {
			t.Fatalf("placeholder %s: no member with role %q", p, m[2])
		}
		switch m[1] {
		case "id":
			return e.id(m[2])
		case "email":
			return mem.Email
		default:
			return mem.Name
		}
	})
}

var assetLink = regexp.MustCompile(`/assets/[0-9a-f]{12}/`)

// assetPrefix is the hashed prefix of the static files, as the pages link to them.
func (e *env) assetPrefix(t *testing.T) string {
	r := e.client(t).get("/")
	p := assetLink.FindString(r.Body)
	if p == "" {
		t.Fatalf("the home page links to no asset under /assets/<hash>/")
	}
	return p
}

func (sc scenario) run(t *testing.T, e *env) {
	t.Helper()
	if sc.before != nil {
		sc.before(t, e)
	}
	c := e.as(t, sc.role)
	target := e.expand(t, sc.url)
	var headers []string
	for _, h := range sc.headers {
		headers = append(headers, e.expand(t, h))
	}
	var r *response
	switch sc.method {
	case "", http.MethodGet:
		r = c.get(target, headers...)
	case http.MethodPost:
		form := url.Values{}
		for k, vs := range sc.form {
			for _, v := range vs {
				form.Add(k, e.expand(t, v))
			}
		}
		if sc.noCSRF {
			r = c.postRaw(target, form, headers...)
		} else {
			r = c.post(target, form, headers...)
		}
	default:
		r = c.do(c.request(sc.method, target, nil))
	}
	if r.StatusCode != sc.status {
		t.Fatalf("%s %s as %s: status %d, want %d; Location %q; body: %.1500s", r.Request.Method, target, sc.role, r.StatusCode, sc.status, r.Location(), r.Body)
	}
	if sc.location != "" {
		want := e.expand(t, sc.location)
		if loc := r.Location(); !strings.HasPrefix(loc, want) {
			t.Errorf("Location = %q, want prefix %q", loc, want)
		}
	}
	for _, s := range sc.contains {
		if s = e.expand(t, s); !strings.Contains(r.Body, s) {
			t.Errorf("body lacks %q; body: %.3000s", s, r.Body)
		}
	}
	for _, s := range sc.absent {
		if s = e.expand(t, s); strings.Contains(r.Body, s) {
			t.Errorf("body has %q, which it must not", s)
		}
	}
	if sc.after != nil {
		sc.after(t, e, r)
	}
}

// runScenarios runs each scenario on both databases.
func runScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	seen := map[string]bool{}
	for _, sc := range scenarios {
		if seen[sc.name] {
			t.Fatalf("two scenarios are named %q", sc.name)
		}
		seen[sc.name] = true
	}
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		kind := path.Base(t.Name())
		shared := newEnv(t, db)
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				e := shared
				if sc.mutates() {
					// Its own server and database: it may run beside the others.
					t.Parallel()
					e = newEnv(t, dbtest.Open(t, kind))
				}
				sc.run(t, e)
			})
		}
	})
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// hasRole checks a member's roles in the store.
func hasGrant(t *testing.T, e *env, role string, g allmenning.Grant) bool {
	t.Helper()
	m := e.reload(e.members[role].ID)
	for _, h := range m.Roles {
		if h == g {
			return true
		}
	}
	return false
}

const (
	msgForbidden    = "Du har ikke tilgang til dette."
	msgLoginNeeded  = "Du må logge inn for å se dette."
	msgCSRF         = "Skjemaet var utløpt eller kom fra et annet nettsted."
	msgNotFound     = "Siden finnes ikke, eller den er flyttet."
	msgTokenInvalid = "Lenken eller tokenet er ugyldig, utløpt eller allerede brukt."
	msgSummary      = "Dette må rettes før du kan gå videre:"
	adminLink       = `href="/admin"`
	domainForm      = `action="/kommuner/5001/domener"`
)

func publicScenarios() []scenario {
	return []scenario{
		{name: "healthz", url: "/healthz", role: anonymous, status: 200, contains: []string{"ok"}},
		{name: "readyz", url: "/readyz", role: anonymous, status: 200, contains: []string{"ready"}},
		{name: "metrics", url: "/metrics", role: anonymous, status: 200,
			before: func(t *testing.T, e *env) {
				c := e.client(t)
				mustStatus(t, c.get("/kommuner"), 200)
				metricsEventually(t, c, `route="GET /kommuner"`)
			},
			contains: []string{"allmenning_http_requests_total", `route="GET /kommuner"`, "allmenning_http_request_duration_seconds"}},
		{name: "asset served with hashed prefix", url: "{assets}app.css", role: anonymous, status: 200,
			after: func(t *testing.T, e *env, r *response) {
				if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
					t.Errorf("Cache-Control = %q, want immutable", cc)
				}
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
					t.Errorf("Content-Type = %q", ct)
				}
			}},
		{name: "vendored design system served", url: "{assets}vendor/designsystemet.css", role: anonymous, status: 200, contains: []string{".ds-button"}},
		{name: "asset under an old hash is not found", url: "/assets/000000000000/app.css", role: anonymous, status: 404},
		{name: "unknown asset is not found", url: "{assets}finnes-ikke.css", role: anonymous, status: 404},
		{name: "favicon redirects to the hashed svg", url: "/favicon.ico", role: anonymous, status: 301, location: "{assets}favicon.svg"},

		{name: "home anonymous", url: "/", role: anonymous, status: 200,
			contains: []string{`<html lang="nb"`, "Nettsamfunnet for kommunikasjon i kommunene", `href="/registrer"`, `href="/logg-inn"`},
			absent:   []string{"Velkommen,", adminLink, `href="/medlemmer"`}},
		{name: "home member", url: "/", role: member, status: 200,
			contains: []string{"Velkommen, Mari Medlem", `href="/medlemmer"`, "Trondheim", "Logg ut"},
			absent:   []string{adminLink, "Nettsamfunnet for kommunikasjon i kommunene"}},
		{name: "home other municipality", url: "/", role: other, status: 200, contains: []string{"Velkommen, Ola Oslosen", "Oslo"}, absent: []string{adminLink}},
		{name: "home moderator has no admin link", url: "/", role: moderator, status: 200, contains: []string{"Velkommen, Mons Moderator"}, absent: []string{adminLink}},
		{name: "home municipality admin has admin link", url: "/", role: muniAdmin, status: 200, contains: []string{adminLink}},
		{name: "home operator has admin link", url: "/", role: operator, status: 200, contains: []string{adminLink}},
		{name: "accessibility statement", url: "/tilgjengelighet", role: anonymous, status: 200, contains: []string{"Tilgjengelighetserklæring", "WCAG 2.1"}},

		{name: "unknown path is a Norwegian 404 page", url: "/finnes-ikke", role: anonymous, status: 404,
			contains: []string{`<html lang="nb"`, "Fant ikke siden", msgNotFound}},
		{name: "unknown path for a member", url: "/finnes/ikke/heller", role: member, status: 404, contains: []string{"Fant ikke siden", msgNotFound}},
		{name: "unknown path posted", method: "POST", url: "/finnes-ikke", role: member, status: 404, contains: []string{msgNotFound}},
		{name: "delete method on a page route is not allowed", method: "DELETE", url: "/medlemmer", role: member, status: 403, contains: []string{msgCSRF}},

		{name: "language set for anonymous", method: "POST", url: "/sprak", role: anonymous, form: form("lang", "nn", "next", "/kommuner"),
			status: 303, location: "/kommuner",
			after: func(t *testing.T, e *env, r *response) {
				c := r.cookie("alm_lang")
				if c == nil || c.Value != "nn" {
					t.Fatalf("alm_lang cookie = %v, want nn", c)
				}
			}},
		{name: "language keeps redirect on site", method: "POST", url: "/sprak", role: anonymous, form: form("lang", "en", "next", "//evil.example/x"),
			status: 303, location: "/", after: func(t *testing.T, e *env, r *response) {
				if r.Location() != "/" {
					t.Errorf("Location = %q, want /", r.Location())
				}
			}},
		{name: "language refuses next with control characters", method: "POST", url: "/sprak", role: anonymous, form: form("lang", "en", "next", "/\n\t/evil.example"),
			status: 303, after: func(t *testing.T, e *env, r *response) {
				if r.Location() != "/" {
					t.Errorf("Location = %q, want /", r.Location())
				}
			}},
		{name: "language invalid", method: "POST", url: "/sprak", role: anonymous, form: form("lang", "de"), status: 422,
			contains: []string{"Velg bokmål, nynorsk eller engelsk."}},
		{name: "language saved on member profile", method: "POST", url: "/sprak", role: member, form: form("lang", "en", "next", "/medlemmer"),
			status: 303, location: "/medlemmer", after: func(t *testing.T, e *env, r *response) {
				if got := e.reload(e.members[member].ID).Language; got != "en" {
					t.Errorf("member language = %q, want en", got)
				}
			}},
		{name: "language without csrf", method: "POST", url: "/sprak", role: anonymous, form: form("lang", "nn"), noCSRF: true, status: 403, contains: []string{msgCSRF}},
	}
}

func TestScenariosPublicAndOps(t *testing.T) { runScenarios(t, publicScenarios()) }

func authScenarios() []scenario {
	return []scenario{
		{name: "login form", url: "/logg-inn", role: anonymous, status: 200,
			contains: []string{"Logg inn", `name="csrf_token"`, `name="email"`, `name="password"`, `href="/glemt-passord"`}},
		{name: "login form keeps next", url: "/logg-inn?neste=%2Fmedlemmer%3Fq%3Dx", role: anonymous, status: 200, contains: []string{`value="/medlemmer?q=x"`}},
		{name: "login form refuses offsite next", url: "/logg-inn?neste=%2F%2Fevil.example", role: anonymous, status: 200,
			contains: []string{`name="next" value="/"`}, absent: []string{"evil.example"}},
		{name: "login form for member redirects home", url: "/logg-inn", role: member, status: 303, location: "/"},

		{name: "login succeeds", method: "POST", url: "/logg-inn", role: anonymous, form: form("email", "{email:member}", "password", goodPass),
			status: 303, location: "/", after: func(t *testing.T, e *env, r *response) {
				if r.cookie("alm_session") == nil {
					t.Fatal("no session cookie")
				}
			}},
		{name: "login with upper-case address", method: "POST", url: "/logg-inn", role: anonymous, form: form("email", " MARI.Medlem@Trondheim.Kommune.no ", "password", goodPass), status: 303},
		{name: "login follows next", method: "POST", url: "/logg-inn", role: anonymous, form: form("email", "{email:member}", "password", goodPass, "next", "/medlemmer"),
			status: 303, location: "/medlemmer"},
		{name: "login refuses offsite next", method: "POST", url: "/logg-inn", role: anonymous, form: form("email", "{email:member}", "password", goodPass, "next", "https://evil.example/"),
			status: 303, after: func(t *testing.T, e *env, r *response) {
				if r.Location() != "/" {
					t.Errorf("Location = %q, want /", r.Location())
				}
			}},
		{name: "login refuses next with a tab (browsers drop it: //host)", method: "POST", url: "/logg-inn", role: anonymous,
			form: form("email", "{email:member}", "password", goodPass, "next", "/\t/evil.example"), status: 303,
			after: func(t *testing.T, e *env, r *response) {
				if r.Location() != "/" {
					t.Errorf("Location = %q, want /", r.Location())
				}
			}},
		{name: "login refuses next with a backslash", method: "POST", url: "/logg-inn", role: anonymous,
			form: form("email", "{email:member}", "password", goodPass, "next", "/\\evil.example"), status: 303,
			after: func(t *testing.T, e *env, r *response) {
				if r.Location() != "/" {
					t.Errorf("Location = %q, want /", r.Location())
				}
			}},
		{name: "login wrong password", method: "POST", url: "/logg-inn", role: anonymous, form: form("email", "{email:member}", "password", "feil-passord-her"),
			status: 401, contains: []string{"Feil e-postadresse eller passord.", `value="{email:member}"`}, absent: []string{"feil-passord-her"}},
		{name: "login unknown address", method: "POST", url: "/logg-inn", role: anonymous, form: form("email", "ukjent@trondheim.kommune.no", "password", goodPass),
			status: 401, contains: []string{"Feil e-postadresse eller passord.", `value="ukjent@trondheim.kommune.no"`}},
		{name: "login empty", method: "POST", url: "/logg-inn", role: anonymous, form: form("email", "", "password", ""),
			status: 422, contains: []string{msgSummary, "Skriv inn e-postadressen.", "Skriv inn passordet."}},
		{name: "login without csrf", method: "POST", url: "/logg-inn", role: anonymous, form: form("email", "{email:member}", "password", goodPass), noCSRF: true,
			status: 403, contains: []string{msgCSRF}, after: func(t *testing.T, e *env, r *response) {
				if r.cookie("alm_session") != nil {
					t.Error("a login without CSRF token set a session cookie")
				}
			}},

		{name: "logout", method: "POST", url: "/logg-ut", role: member, status: 303, location: "/?melding=notice.logged_out",
			after: func(t *testing.T, e *env, r *response) {
				if c := r.cookie("alm_session"); c == nil || c.MaxAge >= 0 {
					t.Errorf("logout did not clear the session cookie: %v", c)
				}
				mustRedirect(t, e.as(t, member).get("/medlemmer"), "/logg-inn")
			}},
		{name: "logout anonymous", method: "POST", url: "/logg-ut", role: anonymous, status: 303, location: "/"},
		{name: "logout without csrf", method: "POST", url: "/logg-ut", role: member, noCSRF: true, status: 403,
			after: func(t *testing.T, e *env, r *response) { mustStatus(t, e.as(t, member).get("/medlemmer"), 200) }},

		{name: "register form", url: "/registrer", role: anonymous, status: 200, contains: []string{"Bli medlem", "E-postadresse på jobben", `name="email"`}},
		{name: "register municipal address", method: "POST", url: "/registrer", role: anonymous, form: form("email", "kari@trondheim.kommune.no"),
			status: 200, contains: []string{"Sjekk e-posten din", "kari@trondheim.kommune.no"},
			after: func(t *testing.T, e *env, r *response) {
				msg := e.waitMail(t, "kari@trondheim.kommune.no")
				if msg.Link("/registrer/bekreft") == "" {
					t.Errorf("no confirmation link in %q", msg.Text)
				}
			}},
		{name: "register gmail refused", method: "POST", url: "/registrer", role: anonymous, form: form("email", "kari@gmail.com"),
			status: 422, contains: []string{msgSummary, "Adressen må høre til en kommune eller fylkeskommune.", `value="kari@gmail.com"`}},
		{name: "register invalid address", method: "POST", url: "/registrer", role: anonymous, form: form("email", "ikke en adresse"),
			status: 422, contains: []string{"Skriv e-postadressen på formen navn@kommune.no.", `value="ikke en adresse"`}},
		{name: "register empty", method: "POST", url: "/registrer", role: anonymous, form: form("email", ""), status: 422, contains: []string{"Skriv inn e-postadressen."}},
		{name: "register known address looks the same", method: "POST", url: "/registrer", role: anonymous, form: form("email", "{email:member}"),
			status: 200, contains: []string{"Sjekk e-posten din", "{email:member}"},
			after: func(t *testing.T, e *env, r *response) {
				msg := e.waitMail(t, e.members[member].Email)
				if msg.Link("/nytt-passord") == "" || msg.Link("/registrer/bekreft") != "" {
					t.Errorf("a registered address should get a reset link, got %q", msg.Text)
				}
			}},
		{name: "register without csrf", method: "POST", url: "/registrer", role: anonymous, form: form("email", "kari@trondheim.kommune.no"), noCSRF: true, status: 403},

		{name: "confirm without token", url: "/registrer/bekreft", role: anonymous, status: 404, contains: []string{msgTokenInvalid}},
		{name: "confirm with unknown token", url: "/registrer/bekreft?token=abc", role: anonymous, status: 404, contains: []string{msgTokenInvalid}},
		{name: "confirm post with unknown token", method: "POST", url: "/registrer/bekreft", role: anonymous,
			form: form("token", "abc", "name", "Kari Nordmann", "password", goodPass, "password_confirm", goodPass), status: 404, contains: []string{msgTokenInvalid}},
		{name: "invitation without token", url: "/invitasjon", role: anonymous, status: 404, contains: []string{msgTokenInvalid}},
		{name: "invitation post with unknown token", method: "POST", url: "/invitasjon", role: anonymous,
			form: form("token", "abc", "name", "Kari Nordmann", "password", goodPass, "password_confirm", goodPass), status: 404, contains: []string{msgTokenInvalid}},

		{name: "forgot form", url: "/glemt-passord", role: anonymous, status: 200, contains: []string{"Glemt passord", `name="email"`}},
		{name: "forgot known address", method: "POST", url: "/glemt-passord", role: anonymous, form: form("email", "{email:member}"),
			status: 200, contains: []string{"Sjekk e-posten din"},
			after: func(t *testing.T, e *env, r *response) {
				if e.waitMail(t, e.members[member].Email).Link("/nytt-passord") == "" {
					t.Error("no reset link")
				}
			}},
		{name: "forgot unknown address looks the same", method: "POST", url: "/glemt-passord", role: anonymous, form: form("email", "ukjent@trondheim.kommune.no"),
			status: 200, contains: []string{"Sjekk e-posten din", "ukjent@trondheim.kommune.no"}},
		{name: "forgot invalid address", method: "POST", url: "/glemt-passord", role: anonymous, form: form("email", "tull"),
			status: 422, contains: []string{"Skriv e-postadressen på formen navn@kommune.no.", `value="tull"`}},
		{name: "reset form without token", url: "/nytt-passord", role: anonymous, status: 404, contains: []string{msgTokenInvalid}},
		{name: "reset post with unknown token", method: "POST", url: "/nytt-passord", role: anonymous,
			form: form("token", "abc", "password", goodPass+"2", "password_confirm", goodPass+"2"), status: 404, contains: []string{msgTokenInvalid}},
	}
}

func TestScenariosAuth(t *testing.T) { runScenarios(t, authScenarios()) }

func memberScenarios() []scenario {
	return []scenario{
		{name: "directory anonymous redirects to login", url: "/medlemmer", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fmedlemmer"},
		{name: "directory with query redirects with query", url: "/medlemmer?q=arkiv", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fmedlemmer%3Fq%3Darkiv"},
		{name: "directory member", url: "/medlemmer", role: member, status: 200,
			contains: []string{"Medlemmer", "Mari Medlem", "Ola Oslosen", "Anne Administrator", "Mons Moderator", "Olga Operatør", "5 medlemmer funnet"},
			absent:   []string{"{email:other}", "{email:member}", "{email:admin}"}},
		{name: "directory filtered by municipality", url: "/medlemmer?kommune=0301", role: member, status: 200,
			contains: []string{"Ola Oslosen", "1 medlem funnet"}, absent: []string{"Anne Administrator"}},
		{name: "directory filtered by county", url: "/medlemmer?fylke=50", role: moderator, status: 200,
			contains: []string{"Mari Medlem", "Anne Administrator", "2 medlemmer funnet"}, absent: []string{"Ola Oslosen"}},
		{name: "directory operator sees no addresses in list", url: "/medlemmer", role: operator, status: 200, absent: []string{"{email:other}"}},

		{name: "profile anonymous redirects to login", url: "/medlemmer/{id:member}", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fmedlemmer%2F{id:member}"},
		{name: "own profile shows e-mail and tokens", url: "/medlemmer/{id:member}", role: member, status: 200,
			contains: []string{"Mari Medlem", "{email:member}", "API-tokener", `action="/profil/tokens"`, `href="/profil/rediger"`}},
		{name: "colleague profile hides e-mail", url: "/medlemmer/{id:admin}", role: member, status: 200,
			contains: []string{"Anne Administrator", "Kommuneadministrator"}, absent: []string{"{email:admin}", "API-tokener", `href="/profil/rediger"`}},
		{name: "other municipality profile hides e-mail", url: "/medlemmer/{id:member}", role: other, status: 200,
			contains: []string{"Mari Medlem"}, absent: []string{"{email:member}"}},
		{name: "moderator does not see e-mail", url: "/medlemmer/{id:member}", role: moderator, status: 200, absent: []string{"{email:member}"}},
		{name: "municipality admin sees e-mail in own municipality", url: "/medlemmer/{id:member}", role: muniAdmin, status: 200, contains: []string{"{email:member}"}},
		{name: "municipality admin does not see e-mail elsewhere", url: "/medlemmer/{id:other}", role: muniAdmin, status: 200,
			contains: []string{"Ola Oslosen"}, absent: []string{"{email:other}"}},
		{name: "operator sees e-mail but not tokens", url: "/medlemmer/{id:other}", role: operator, status: 200,
			contains: []string{"{email:other}"}, absent: []string{"API-tokener"}},
		{name: "unknown member", url: "/medlemmer/999999", role: member, status: 404, contains: []string{"Medlemmet finnes ikke."}},
		{name: "member id not a number", url: "/medlemmer/abc", role: member, status: 404, contains: []string{"Medlemmet finnes ikke."}},

		{name: "my profile anonymous", url: "/profil", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fprofil"},
		{name: "my profile member", url: "/profil", role: member, status: 303, location: "/medlemmer/{id:member}"},
		{name: "my profile operator", url: "/profil", role: operator, status: 303, location: "/medlemmer/{id:operator}"},

		{name: "profile edit form anonymous", url: "/profil/rediger", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fprofil%2Frediger"},
		{name: "profile edit form member", url: "/profil/rediger", role: member, status: 200,
			contains: []string{"Rediger profilen din", `value="Mari Medlem"`, `name="job_title"`}},
		{name: "profile edit saves", method: "POST", url: "/profil/rediger", role: member,
			form:   form("name", "  Mari   Medlem-Hansen ", "job_title", "Kommunikasjonsrådgiver", "competences", "Beredskap, facebook, beredskap", "bio", "Hei!", "language", "nn"),
			status: 303, location: "/medlemmer/{id:member}?melding=notice.profile_saved",
			after: func(t *testing.T, e *env, r *response) {
				m := e.reload(e.members[member].ID)
				if m.Name != "Mari Medlem-Hansen" || m.JobTitle != "Kommunikasjonsrådgiver" || m.Bio != "Hei!" || m.Language != "nn" ||
					strings.Join(m.Competences, "|") != "beredskap|facebook" {
					t.Errorf("saved profile = %+v", m)
				}
				page := e.as(t, member).get(r.Location())
				mustContain(t, page, "Profilen er lagra.", "Mari Medlem-Hansen", "Kommunikasjonsrådgiver")
			}},
		{name: "profile edit empty name", method: "POST", url: "/profil/rediger", role: member,
			form:   form("name", "  ", "job_title", "Rådgiver & arkiv", "competences", "arkivering, noark", "bio", "Min tekst", "language", "nb"),
			status: 422,
			contains: []string{msgSummary, "Skriv inn navnet ditt.", `href="#name"`, `aria-invalid="true"`,
				`value="Rådgiver &amp; arkiv"`, `value="arkivering, noark"`, "Min tekst"},
			after: func(t *testing.T, e *env, r *response) {
				if m := e.reload(e.members[member].ID); m.Name != "Mari Medlem" {
					t.Errorf("name changed to %q by an invalid form", m.Name)
				}
			}},
		{name: "profile edit short name and bad language", method: "POST", url: "/profil/rediger", role: member,
			form: form("name", "M", "language", "de"), status: 422,
			contains: []string{"Navnet må ha mellom 2 og 100 tegn.", "Velg bokmål, nynorsk eller engelsk.", `value="M"`}},
		{name: "profile edit long job title", method: "POST", url: "/profil/rediger", role: member,
			form: form("name", "Mari Medlem", "job_title", strings.Repeat("x", 121), "language", "nb"), status: 422,
			contains: []string{"Stillingstittelen kan ha høyst 120 tegn."}},
		{name: "profile edit anonymous", method: "POST", url: "/profil/rediger", role: anonymous, form: form("name", "Hacker", "language", "nb"),
			status: 401, contains: []string{msgLoginNeeded}},
		{name: "profile edit without csrf", method: "POST", url: "/profil/rediger", role: member, form: form("name", "Hacker", "language", "nb"), noCSRF: true,
			status: 403, contains: []string{msgCSRF}, after: func(t *testing.T, e *env, r *response) {
				if m := e.reload(e.members[member].ID); m.Name != "Mari Medlem" {
					t.Errorf("name changed to %q without a CSRF token", m.Name)
				}
			}},

		{name: "token create", method: "POST", url: "/profil/tokens", role: member, form: form("name", "Intranett"),
			status: 201, contains: []string{"Tokenet er laget.", "Kopier tokenet nå.", "Intranett", `class="token">alm_`}},
		{name: "token create anonymous", method: "POST", url: "/profil/tokens", role: anonymous, form: form("name", "x"), status: 401},
		{name: "token create name too long", method: "POST", url: "/profil/tokens", role: member, form: form("name", strings.Repeat("n", 81)),
			status: 422, contains: []string{"Navnet kan ha høyst 80 tegn."}},
		{name: "token delete own", method: "POST", url: "/profil/tokens/1/slett", role: member,
			before: func(t *testing.T, e *env) {
				if _, tok, err := e.accounts.CreateAPIToken(ctx, e.members[member], "Første"); err != nil || tok.ID != 1 {
					t.Fatalf("CreateAPIToken: %v, %+v", err, tok)
				}
			},
			status: 303, location: "/medlemmer/{id:member}?melding=notice.token_deleted",
			after: func(t *testing.T, e *env, r *response) {
				if list, _ := e.db.FindAPITokens(ctx, e.members[member].ID); len(list) != 0 {
					t.Errorf("token not deleted: %v", list)
				}
				page := e.as(t, member).get(r.Location())
				mustContain(t, page, "Tokenet er slettet.")
			}},
		{name: "token delete of another member's token", method: "POST", url: "/profil/tokens/1/slett", role: other,
			before: func(t *testing.T, e *env) {
				if _, _, err := e.accounts.CreateAPIToken(ctx, e.members[member], "Første"); err != nil {
					t.Fatal(err)
				}
			},
			status: 404, contains: []string{"Tokenet finnes ikke."},
			after: func(t *testing.T, e *env, r *response) {
				if list, _ := e.db.FindAPITokens(ctx, e.members[member].ID); len(list) != 1 {
					t.Errorf("another member deleted the token: %v", list)
				}
			}},
		{name: "token delete bad id", method: "POST", url: "/profil/tokens/x/slett", role: member, status: 404, contains: []string{"Tokenet finnes ikke."}},
		{name: "token delete anonymous", method: "POST", url: "/profil/tokens/1/slett", role: anonymous, status: 401},

		{name: "invite form anonymous", url: "/inviter", role: anonymous, status: 303, location: "/logg-inn?neste=%2Finviter"},
		{name: "invite form member", url: "/inviter", role: member, status: 200, contains: []string{"Inviter en kollega", `name="email"`}},
		{name: "invite by member", method: "POST", url: "/inviter", role: member, form: form("email", "per@gmail.com"),
			status: 303, location: "/inviter?melding=notice.invited",
			after: func(t *testing.T, e *env, r *response) {
				msg := e.waitMail(t, "per@gmail.com")
				if !strings.Contains(msg.Subject, "Mari Medlem") || msg.Link("/invitasjon") == "" {
					t.Errorf("invitation mail: %q %q", msg.Subject, msg.Text)
				}
			}},
		{name: "invite invalid address", method: "POST", url: "/inviter", role: member, form: form("email", "per@"),
			status: 422, contains: []string{"Skriv e-postadressen på formen navn@kommune.no.", `value="per@"`}},
		{name: "invite to another municipality refused", method: "POST", url: "/inviter", role: member, form: form("email", "per@gmail.com", "municipality", oslo),
			status: 403, contains: []string{"Du kan bare invitere til din egen kommune."}},
		{name: "invite to another municipality by operator", method: "POST", url: "/inviter", role: operator, form: form("email", "per@gmail.com", "municipality", oslo),
			status: 303, location: "/inviter?melding=notice.invited"},
		{name: "invite an existing member", method: "POST", url: "/inviter", role: member, form: form("email", "{email:other}"),
			status: 409, contains: []string{"Denne adressen er allerede medlem."}},
		{name: "invite anonymous", method: "POST", url: "/inviter", role: anonymous, form: form("email", "per@gmail.com"), status: 401, contains: []string{msgLoginNeeded}},
	}
}

func TestScenariosMembers(t *testing.T) { runScenarios(t, memberScenarios()) }

func municipalityScenarios() []scenario {
	return []scenario{
		{name: "list anonymous", url: "/kommuner", role: anonymous, status: 200, contains: []string{"Kommuner og fylkeskommuner", "Trondheim", "Oslo", "Trøndelag"}},
		{name: "list filtered by county", url: "/kommuner?fylke=50", role: member, status: 200, contains: []string{"Trondheim", "Steinkjer"}, absent: []string{">Bergen<"}},
		{name: "show anonymous", url: "/kommuner/5001", role: anonymous, status: 200,
			contains: []string{"Trondheim", "trondheim.kommune.no", "Logg inn for å se medlemmene."},
			absent:   []string{"Mari Medlem", domainForm, "/domener/slett"}},
		{name: "show member", url: "/kommuner/5001", role: member, status: 200,
			contains: []string{"Mari Medlem", "Anne Administrator"}, absent: []string{domainForm, "/domener/slett", "Ola Oslosen"}},
		{name: "show other municipality member", url: "/kommuner/5001", role: other, status: 200, contains: []string{"Mari Medlem"}, absent: []string{domainForm}},
		{name: "show moderator", url: "/kommuner/5001", role: moderator, status: 200, absent: []string{domainForm}},
		{name: "show municipality admin", url: "/kommuner/5001", role: muniAdmin, status: 200,
			contains: []string{domainForm, `action="/kommuner/5001/domener/slett"`, "Legg til domene"}},
		{name: "show municipality admin elsewhere", url: "/kommuner/0301", role: muniAdmin, status: 200, contains: []string{"Oslo", "Ola Oslosen"}, absent: []string{"Legg til domene"}},
		{name: "show operator", url: "/kommuner/0301", role: operator, status: 200, contains: []string{`action="/kommuner/0301/domener"`, "Legg til domene"}},
		{name: "show county", url: "/kommuner/50", role: anonymous, status: 200, contains: []string{"Trøndelag", "Kommuner i fylket", `href="/kommuner/5001"`}},
		{name: "show unknown", url: "/kommuner/9999", role: anonymous, status: 404, contains: []string{"Kommunen finnes ikke."}},

		{name: "domain add anonymous", method: "POST", url: "/kommuner/5001/domener", role: anonymous, form: form("domain", "skole.trondheim.no"), status: 401},
		{name: "domain add member", method: "POST", url: "/kommuner/5001/domener", role: member, form: form("domain", "skole.trondheim.no"),
			status: 403, contains: []string{"Ingen tilgang", msgForbidden}, after: domainAbsent("skole.trondheim.no")},
		{name: "domain add other municipality member", method: "POST", url: "/kommuner/5001/domener", role: other, form: form("domain", "skole.trondheim.no"), status: 403},
		{name: "domain add moderator", method: "POST", url: "/kommuner/5001/domener", role: moderator, form: form("domain", "skole.trondheim.no"), status: 403},
		{name: "domain add admin of another municipality", method: "POST", url: "/kommuner/0301/domener", role: muniAdmin, form: form("domain", "skole.oslo.no"),
			status: 403, after: domainAbsent("skole.oslo.no")},
		{name: "domain add municipality admin", method: "POST", url: "/kommuner/5001/domener", role: muniAdmin, form: form("domain", " Skole.Trondheim.no "),
			status: 303, location: "/kommuner/5001?melding=notice.domain_added",
			after: func(t *testing.T, e *env, r *response) {
				domainAt(t, e, "skole.trondheim.no", trondhm)
				page := e.as(t, muniAdmin).get(r.Location())
				mustContain(t, page, "Domenet er lagt til.", "skole.trondheim.no")
			}},
		{name: "domain add operator", method: "POST", url: "/kommuner/0301/domener", role: operator, form: form("domain", "skole.oslo.no"),
			status: 303, location: "/kommuner/0301", after: func(t *testing.T, e *env, r *response) { domainAt(t, e, "skole.oslo.no", oslo) }},
		{name: "domain add invalid", method: "POST", url: "/kommuner/5001/domener", role: muniAdmin, form: form("domain", "ikke et domene"),
			status: 422, contains: []string{msgSummary, "Skriv et gyldig domene, for eksempel skole.kommune.no.", `value="ikke et domene"`, `aria-invalid="true"`}},
		{name: "domain add taken", method: "POST", url: "/kommuner/5001/domener", role: muniAdmin, form: form("domain", "oslo.kommune.no"),
			status: 409, contains: []string{"Domenet hører allerede til en kommune.", `value="oslo.kommune.no"`},
			after: func(t *testing.T, e *env, r *response) { domainAt(t, e, "oslo.kommune.no", oslo) }},
		{name: "domain add unknown municipality", method: "POST", url: "/kommuner/9999/domener", role: operator, form: form("domain", "x.example.no"), status: 404},
		{name: "domain add without csrf", method: "POST", url: "/kommuner/5001/domener", role: muniAdmin, form: form("domain", "skole.trondheim.no"), noCSRF: true,
			status: 403, contains: []string{msgCSRF}, after: domainAbsent("skole.trondheim.no")},

		{name: "domain remove anonymous", method: "POST", url: "/kommuner/5001/domener/slett", role: anonymous, form: form("domain", "trondheim.kommune.no"), status: 401},
		{name: "domain remove member", method: "POST", url: "/kommuner/5001/domener/slett", role: member, form: form("domain", "trondheim.kommune.no"),
			status: 403, after: func(t *testing.T, e *env, r *response) { domainAt(t, e, "trondheim.kommune.no", trondhm) }},
		{name: "domain remove moderator", method: "POST", url: "/kommuner/5001/domener/slett", role: moderator, form: form("domain", "trondheim.kommune.no"), status: 403},
		{name: "domain remove other", method: "POST", url: "/kommuner/5001/domener/slett", role: other, form: form("domain", "trondheim.kommune.no"), status: 403},
		{name: "domain remove municipality admin", method: "POST", url: "/kommuner/5001/domener/slett", role: muniAdmin, form: form("domain", "trondheim.kommune.no"),
			status: 303, location: "/kommuner/5001?melding=notice.domain_removed",
			after: func(t *testing.T, e *env, r *response) {
				domainAbsent("trondheim.kommune.no")(t, e, r)
				mustContain(t, e.as(t, muniAdmin).get(r.Location()), "Domenet er fjernet.")
			}},
		{name: "domain remove operator", method: "POST", url: "/kommuner/0301/domener/slett", role: operator, form: form("domain", "oslo.kommune.no"),
			status: 303, after: domainAbsent("oslo.kommune.no")},
		{name: "domain remove of another municipality's domain", method: "POST", url: "/kommuner/5001/domener/slett", role: muniAdmin, form: form("domain", "oslo.kommune.no"),
			status: 404, contains: []string{"Domenet er ikke godkjent for noen kommune."},
			after: func(t *testing.T, e *env, r *response) { domainAt(t, e, "oslo.kommune.no", oslo) }},
	}
}

func TestScenariosMunicipalities(t *testing.T) { runScenarios(t, municipalityScenarios()) }

func domainAt(t *testing.T, e *env, domain, number string) {
	t.Helper()
	m, err := e.db.FindMunicipalityByDomain(ctx, domain)
	if err != nil || m.Number != number {
		t.Errorf("domain %s: %v, %v; want municipality %s", domain, m, err, number)
	}
}

func domainAbsent(domain string) func(t *testing.T, e *env, r *response) {
	return func(t *testing.T, e *env, r *response) {
		t.Helper()
		if m, err := e.db.FindMunicipalityByDomain(ctx, domain); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("domain %s: %v, %v; want not found", domain, m, err)
		}
	}
}

func grantCheck(role string, g allmenning.Grant, want bool) func(t *testing.T, e *env, r *response) {
	return func(t *testing.T, e *env, r *response) {
		t.Helper()
		if got := hasGrant(t, e, role, g); got != want {
			t.Errorf("%s holds %+v: %v, want %v", role, g, got, want)
		}
	}
}

func adminScenarios() []scenario {
	modGrant := allmenning.Grant{Role: allmenning.RoleModerator}
	adminTrd := allmenning.Grant{Role: allmenning.RoleMunicipalityAdmin, Municipality: trondhm}
	adminOslo := allmenning.Grant{Role: allmenning.RoleMunicipalityAdmin, Municipality: oslo}
	return []scenario{
		{name: "admin anonymous", url: "/admin", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fadmin"},
		{name: "admin member forbidden", url: "/admin", role: member, status: 403, contains: []string{"Ingen tilgang", msgForbidden}, absent: []string{"Roller og tilganger"}},
		{name: "admin other forbidden", url: "/admin", role: other, status: 403},
		{name: "admin moderator forbidden", url: "/admin", role: moderator, status: 403, contains: []string{msgForbidden}},
		{name: "admin municipality admin", url: "/admin", role: muniAdmin, status: 200,
			contains: []string{"Roller og tilganger", "Som kommuneadministrator", "Mari Medlem", "Anne Administrator", `value="municipality_admin"`},
			absent:   []string{"Ola Oslosen", "Mons Moderator", `value="operator"`}},
		{name: "admin operator", url: "/admin", role: operator, status: 200,
			contains: []string{"Som operatør", "Mari Medlem", "Ola Oslosen", "Mons Moderator", `value="operator"`, `value="moderator"`}},
		{name: "admin operator search", url: "/admin?q=Ola", role: operator, status: 200, contains: []string{"Ola Oslosen", "1 medlem funnet"}, absent: []string{"Mari Medlem"}},

		{name: "grant anonymous", method: "POST", url: "/admin/roller", role: anonymous, form: form("member", "{id:member}", "role", "moderator"),
			status: 401, after: grantCheck(member, modGrant, false)},
		{name: "grant by member", method: "POST", url: "/admin/roller", role: member, form: form("member", "{id:member}", "role", "moderator"),
			status: 403, contains: []string{msgForbidden}, after: grantCheck(member, modGrant, false)},
		{name: "grant by moderator", method: "POST", url: "/admin/roller", role: moderator, form: form("member", "{id:member}", "role", "moderator"),
			status: 403, after: grantCheck(member, modGrant, false)},
		{name: "grant by member of admin role in own municipality", method: "POST", url: "/admin/roller", role: member,
			form: form("member", "{id:member}", "role", "municipality_admin", "municipality", trondhm), status: 403, after: grantCheck(member, adminTrd, false)},
		{name: "grant moderator by operator", method: "POST", url: "/admin/roller", role: operator, form: form("member", "{id:member}", "role", "moderator", "action", "grant"),
			status: 303, location: "/admin?q=&melding=notice.role_granted", after: grantCheck(member, modGrant, true)},
		{name: "grant operator by operator", method: "POST", url: "/admin/roller", role: operator, form: form("member", "{id:other}", "role", "operator"),
			status: 303, after: grantCheck(other, allmenning.Grant{Role: allmenning.RoleOperator}, true)},
		{name: "grant municipality admin by operator defaults to member's municipality", method: "POST", url: "/admin/roller", role: operator,
			form: form("member", "{id:other}", "role", "municipality_admin"), status: 303, after: grantCheck(other, adminOslo, true)},
		{name: "grant keeps search in redirect", method: "POST", url: "/admin/roller", role: operator,
			form: form("member", "{id:member}", "role", "moderator", "q", "Mari & co"), status: 303, location: "/admin?q=Mari+%26+co&melding=notice.role_granted"},
		{name: "grant municipality admin in own municipality by admin", method: "POST", url: "/admin/roller", role: muniAdmin,
			form: form("member", "{id:member}", "role", "municipality_admin"), status: 303, location: "/admin?q=&melding=notice.role_granted", after: grantCheck(member, adminTrd, true)},
		{name: "grant municipality admin explicitly in own municipality by admin", method: "POST", url: "/admin/roller", role: muniAdmin,
			form: form("member", "{id:member}", "role", "municipality_admin", "municipality", trondhm), status: 303, after: grantCheck(member, adminTrd, true)},
		{name: "grant municipality admin to other municipality's member by admin", method: "POST", url: "/admin/roller", role: muniAdmin,
			form: form("member", "{id:other}", "role", "municipality_admin"), status: 403, after: grantCheck(other, adminOslo, false)},
		{name: "grant admin of own municipality to outsider by admin", method: "POST", url: "/admin/roller", role: muniAdmin,
			form:   form("member", "{id:other}", "role", "municipality_admin", "municipality", trondhm),
			status: 403, after: grantCheck(other, allmenning.Grant{Role: allmenning.RoleMunicipalityAdmin, Municipality: trondhm}, false)},
		{name: "grant admin of another municipality to own member by admin", method: "POST", url: "/admin/roller", role: muniAdmin,
			form: form("member", "{id:member}", "role", "municipality_admin", "municipality", oslo), status: 403,
			after: grantCheck(member, allmenning.Grant{Role: allmenning.RoleMunicipalityAdmin, Municipality: oslo}, false)},
		{name: "grant moderator by municipality admin", method: "POST", url: "/admin/roller", role: muniAdmin,
			form: form("member", "{id:member}", "role", "moderator"), status: 403, after: grantCheck(member, modGrant, false)},
		{name: "grant moderator scoped to own municipality by municipality admin", method: "POST", url: "/admin/roller", role: muniAdmin,
			form: form("member", "{id:member}", "role", "moderator", "municipality", trondhm), status: 403, after: grantCheck(member, modGrant, false)},
		{name: "grant operator scoped to own municipality by municipality admin", method: "POST", url: "/admin/roller", role: muniAdmin,
			form: form("member", "{id:member}", "role", "operator", "municipality", trondhm), status: 403, after: grantCheck(member, allmenning.Grant{Role: allmenning.RoleOperator}, false)},
		{name: "grant operator by municipality admin", method: "POST", url: "/admin/roller", role: muniAdmin,
			form: form("member", "{id:admin}", "role", "operator"), status: 403, after: grantCheck(muniAdmin, allmenning.Grant{Role: allmenning.RoleOperator}, false)},
		{name: "revoke municipality admin by operator", method: "POST", url: "/admin/roller", role: operator,
			form:   form("member", "{id:admin}", "role", "municipality_admin", "municipality", trondhm, "action", "revoke"),
			status: 303, location: "/admin?q=&melding=notice.role_revoked", after: grantCheck(muniAdmin, adminTrd, false)},
		{name: "revoke moderator by municipality admin", method: "POST", url: "/admin/roller", role: muniAdmin,
			form: form("member", "{id:moderator}", "role", "moderator", "action", "revoke"), status: 403, after: grantCheck(moderator, modGrant, true)},
		{name: "revoke own operator role", method: "POST", url: "/admin/roller", role: operator,
			form: form("member", "{id:operator}", "role", "operator", "action", "revoke"), status: 409,
			contains: []string{"Du kan ikke fjerne din egen operatørrolle."}, after: grantCheck(operator, allmenning.Grant{Role: allmenning.RoleOperator}, true)},
		{name: "revoke a role not held", method: "POST", url: "/admin/roller", role: operator,
			form: form("member", "{id:member}", "role", "moderator", "action", "revoke"), status: 404, contains: []string{"Medlemmet har ikke denne rollen."}},
		{name: "grant unknown role", method: "POST", url: "/admin/roller", role: operator, form: form("member", "{id:member}", "role", "konge"),
			status: 422, contains: []string{"Ukjent rolle."}},
		{name: "grant to unknown member anonymous", method: "POST", url: "/admin/roller", role: anonymous, form: form("member", "999999", "role", "moderator"),
			status: 401, absent: []string{"Medlemmet finnes ikke."}},
		{name: "grant to unknown member by member", method: "POST", url: "/admin/roller", role: member, form: form("member", "999999", "role", "konge"),
			status: 403, absent: []string{"Medlemmet finnes ikke.", "Ukjent rolle."}},
		{name: "grant to unknown member", method: "POST", url: "/admin/roller", role: operator, form: form("member", "999999", "role", "moderator"),
			status: 404, contains: []string{"Medlemmet finnes ikke."}},
		{name: "grant without csrf", method: "POST", url: "/admin/roller", role: operator, form: form("member", "{id:member}", "role", "moderator"), noCSRF: true,
			status: 403, contains: []string{msgCSRF}, after: grantCheck(member, modGrant, false)},
	}
}

func TestScenariosAdmin(t *testing.T) { runScenarios(t, adminScenarios()) }

func apiScenarios() []scenario {
	return []scenario{
		{name: "openapi document", url: "/api/v1/openapi.json", role: anonymous, status: 200, contains: []string{`"openapi"`, `"/api/v1/members/{id}"`}},
		{name: "municipalities anonymous", url: "/api/v1/municipalities", role: anonymous, status: 200, contains: []string{`"number":"5001"`, `"name":"Trondheim"`}, absent: []string{`"kind":"fylkeskommune"`}},
		{name: "municipalities of a county", url: "/api/v1/municipalities?county=50", role: member, status: 200,
			contains: []string{`"name":"Trondheim"`, `"name":"Steinkjer"`}, absent: []string{`"name":"Oslo"`}},
		{name: "counties", url: "/api/v1/counties", role: anonymous, status: 200, contains: []string{`"name":"Trøndelag"`, `"kind":"fylkeskommune"`}, absent: []string{`"kind":"kommune"`}},
		{name: "municipality", url: "/api/v1/municipalities/5001", role: anonymous, status: 200, contains: []string{`"name":"Trondheim"`, `"trondheim.kommune.no"`}},
		{name: "municipality unknown", url: "/api/v1/municipalities/9999", role: anonymous, status: 404, contains: []string{`"code":"not_found"`, `"message":"Kommunen finnes ikke."`}},
		{name: "members anonymous", url: "/api/v1/members", role: anonymous, status: 401, contains: []string{`"code":"unauthorized"`}, absent: []string{"Mari"}},
		{name: "members member", url: "/api/v1/members", role: member, status: 200,
			contains: []string{`"total":5`, `"name":"Ola Oslosen"`, `"email":"{email:member}"`}, absent: []string{"{email:other}", "{email:admin}"}},
		{name: "members municipality admin", url: "/api/v1/members", role: muniAdmin, status: 200,
			contains: []string{"{email:member}"}, absent: []string{"{email:other}", "{email:operator}"}},
		{name: "members operator", url: "/api/v1/members", role: operator, status: 200, contains: []string{"{email:other}", "{email:member}"}},
		{name: "members filtered", url: "/api/v1/members?municipality=0301", role: member, status: 200, contains: []string{`"total":1`, "Ola Oslosen"}, absent: []string{"Mari"}},
		{name: "member anonymous", url: "/api/v1/members/{id:other}", role: anonymous, status: 401, contains: []string{`"code":"unauthorized"`}},
		{name: "member member", url: "/api/v1/members/{id:other}", role: member, status: 200, contains: []string{`"name":"Ola Oslosen"`}, absent: []string{`"email"`}},
		{name: "member operator", url: "/api/v1/members/{id:other}", role: operator, status: 200, contains: []string{`"email":"{email:other}"`}},
		{name: "member unknown", url: "/api/v1/members/999999", role: member, status: 404, contains: []string{`"code":"not_found"`}},
		{name: "member id not a number", url: "/api/v1/members/abc", role: member, status: 404, contains: []string{`"code":"not_found"`}},
		{name: "me anonymous", url: "/api/v1/me", role: anonymous, status: 401, contains: []string{`"code":"unauthorized"`}},
		{name: "me member", url: "/api/v1/me", role: member, status: 200, contains: []string{`"email":"{email:member}"`, `"municipality":"5001"`}},
		{name: "me operator", url: "/api/v1/me", role: operator, status: 200, contains: []string{`"role":"operator"`}},
		{name: "me with bad bearer", url: "/api/v1/me", role: anonymous, headers: []string{"Authorization", "Bearer alm_nope"}, status: 401, contains: []string{`"code":"unauthorized"`}},
		{name: "me with basic auth", url: "/api/v1/me", role: anonymous, headers: []string{"Authorization", "Basic YTpi"}, status: 401, contains: []string{`"code":"unauthorized"`}},
		{name: "public route with bad bearer", url: "/api/v1/municipalities", role: anonymous, headers: []string{"Authorization", "Bearer x"}, status: 401, contains: []string{`"code":"unauthorized"`}},
		{name: "unknown api path", url: "/api/v1/finnes-ikke", role: member, status: 404, contains: []string{`"code":"not_found"`}},
		{name: "api post without csrf", method: "POST", url: "/api/v1/members", role: member, noCSRF: true, status: 403, contains: []string{`"code":"forbidden"`}},
	}
}

func TestScenariosAPI(t *testing.T) { runScenarios(t, apiScenarios()) }

// TestScenarioCoverage: every route that routes() and apiRoutes() register
// has at least one scenario, so a new route cannot go untested. (The
// discussion routes, registered by discussionRoutes, have their own tests.)
func TestScenarioCoverage(t *testing.T) {
	patterns := registeredRoutes(t, func(name string) bool { return name == "routes" || name == "apiRoutes" })
	if len(patterns) < 40 {
		t.Fatalf("found only %d routes: %v", len(patterns), patterns)
	}
	mux := http.NewServeMux()
	for _, p := range patterns {
		mux.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}
	fill := strings.NewReplacer("{assets}", "/assets/0123456789ab/")
	hit := map[string]int{}
	for _, table := range [][]scenario{publicScenarios(), authScenarios(), memberScenarios(), municipalityScenarios(), adminScenarios(), apiScenarios()} {
		for _, sc := range table {
			method := sc.method
			if method == "" {
				method = http.MethodGet
			}
			u := placeholder.ReplaceAllString(fill.Replace(sc.url), "1")
			req, err := http.NewRequest(method, "http://allmenning.test"+u, nil)
			if err != nil {
				t.Fatalf("scenario %q: %v", sc.name, err)
			}
			_, pattern := mux.Handler(req)
			hit[pattern]++
		}
	}
	for _, p := range patterns {
		if hit[p] == 0 {
			t.Errorf("route %q has no scenario", p)
		}
	}
}
