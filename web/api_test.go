package web_test

// The JSON API under /api/v1: reference data, members, authentication by
// session cookie and by personal API token, and JSON errors.

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

type municipalityJSON struct {
	Number     string   `json:"number"`
	Kind       string   `json:"kind"`
	Name       string   `json:"name"`
	County     string   `json:"county"`
	CountyName string   `json:"county_name"`
	Population int      `json:"population"`
	Domains    []string `json:"domains"`
	Members    int      `json:"members"`
}

type apiError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

func TestAPIMunicipalities(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client(t)

		var raw []map[string]any
		c.getJSON("/api/v1/municipalities", 200, &raw)
		if len(raw) != 357 {
			t.Fatalf("%d municipalities, want 357", len(raw))
		}
		for _, m := range raw {
			for _, key := range []string{"number", "name", "county", "county_name", "kind", "domains", "members"} {
				if _, ok := m[key]; !ok {
					t.Fatalf("municipality %v lacks %q", m, key)
				}
			}
		}
		var list []municipalityJSON
		c.getJSON("/api/v1/municipalities", 200, &list)
		numbers := map[string]bool{}
		fourDigits := regexp.MustCompile(`^\d{4}$`)
		for _, m := range list {
			if !fourDigits.MatchString(m.Number) || m.Kind != allmenning.KindMunicipality || m.Name == "" ||
				m.County != m.Number[:2] || m.CountyName == "" {
				t.Errorf("bad municipality %+v", m)
			}
			if numbers[m.Number] {
				t.Errorf("municipality %s twice", m.Number)
			}
			numbers[m.Number] = true
		}
		for _, n := range []string{"0301", "5001", "4601", "1103", "5636"} {
			if !numbers[n] {
				t.Errorf("municipality %s missing", n)
			}
		}

		var one municipalityJSON
		c.getJSON("/api/v1/municipalities/5001", 200, &one)
		if one.Name != "Trondheim" || one.County != "50" || one.CountyName != "Trøndelag" || one.Population < 200000 {
			t.Errorf("5001 = %+v", one)
		}
		if !contains(one.Domains, "trondheim.kommune.no") {
			t.Errorf("5001 domains = %v", one.Domains)
		}
		// Two members of the test set work in Trondheim.
		if one.Members != 2 {
			t.Errorf("5001 members = %d, want 2", one.Members)
		}

		var counties []municipalityJSON
		c.getJSON("/api/v1/counties", 200, &counties)
		if len(counties) != 15 {
			t.Errorf("%d counties, want 15", len(counties))
		}
		for _, co := range counties {
			if co.Kind != allmenning.KindCounty || len(co.Number) != 2 {
				t.Errorf("bad county %+v", co)
			}
		}
		var trondelag []municipalityJSON
		c.getJSON("/api/v1/municipalities?county=50", 200, &trondelag)
		if len(trondelag) < 30 || len(trondelag) >= 357 {
			t.Errorf("%d municipalities in Trøndelag", len(trondelag))
		}
		for _, m := range trondelag {
			if m.County != "50" {
				t.Errorf("county filter let through %+v", m)
			}
		}
		var none []municipalityJSON
		r := c.getJSON("/api/v1/municipalities?county=99", 200, &none)
		if len(none) != 0 || strings.TrimSpace(r.Body) != "[]" {
			t.Errorf("unknown county: %q, want []", r.Body)
		}

		for _, path := range []string{"/api/v1/municipalities/9999", "/api/v1/municipalities/abc"} {
			var ae apiError
			c.getJSON(path, 404, &ae)
			if ae.Code != "not_found" || ae.Message != "Kommunen finnes ikke." {
				t.Errorf("%s: %+v", path, ae)
			}
		}
		var ae apiError
		c.getJSON("/api/v1/finnes-ikke", 404, &ae)
		if ae.Code != "not_found" || ae.Message == "" {
			t.Errorf("unknown API path: %+v", ae)
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestAPIAuthentication(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mari := e.members[member]
		ola := e.members[other]
		otherPath := "/api/v1/members/" + e.id(other)
		anon := e.client(t)

		unauthorized := func(c *client, path string, header ...string) {
			t.Helper()
			var ae apiError
			r := c.getJSON(path, http.StatusUnauthorized, &ae, header...)
			if ae.Code != "unauthorized" || ae.Message == "" {
				t.Errorf("%s: %+v, want code unauthorized and a message", path, ae)
			}
			mustNotContain(t, r, "Mari Medlem", "Ola Oslosen")
		}
		for _, path := range []string{"/api/v1/me", otherPath, "/api/v1/members"} {
			unauthorized(anon, path)
		}

		// A session cookie.
		sess := e.as(t, member)
		var me meJSON
		sess.getJSON("/api/v1/me", 200, &me)
		if me.ID != mari.ID || me.Email != mari.Email || me.Name != "Mari Medlem" {
			t.Errorf("/me = %+v", me)
		}
		var colleague map[string]any
		sess.getJSON(otherPath, 200, &colleague)
		if colleague["name"] != "Ola Oslosen" || colleague["municipality"] != oslo {
			t.Errorf("member = %v", colleague)
		}
		if _, ok := colleague["email"]; ok {
			t.Errorf("another member's e-mail is shown: %v", colleague)
		}

		// A token made with account.Service.
		secret, tok, err := e.accounts.CreateAPIToken(ctx, mari, "Skript")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, allmenning.APITokenPrefix) || !strings.HasPrefix(secret, tok.Prefix) {
			t.Fatalf("token %q, prefix %q", secret, tok.Prefix)
		}
		bearer := e.client(t)
		bearer.headers.Set("Authorization", "Bearer "+secret)
		me = meJSON{}
		bearer.getJSON("/api/v1/me", 200, &me)
		if me.ID != mari.ID || me.Email != mari.Email {
			t.Errorf("/me with token = %+v", me)
		}
		colleague = nil
		bearer.getJSON(otherPath, 200, &colleague)
		if colleague["name"] != "Ola Oslosen" || colleague["email"] != nil {
			t.Errorf("member with token = %v", colleague)
		}
		// A token authenticates only the API: it does not open the pages.
		mustRedirect(t, bearer.get("/medlemmer"), "/logg-inn")
		// Using a token sets no cookies.
		if r := bearer.get("/api/v1/me"); r.cookie("alm_session") != nil {
			t.Error("a token request got a session cookie")
		}
		// The token's use is recorded.
		tokens, err := db.FindAPITokens(ctx, mari.ID)
		if err != nil || len(tokens) != 1 || tokens[0].LastUsedAt == nil {
			t.Errorf("tokens after use: %+v, %v", tokens, err)
		}
		// A token request needs no CSRF token: a POST reaches the router (404 here, not 403).
		var ae apiError
		r := bearer.postRaw("/api/v1/members", url.Values{"x": {"y"}})
		mustStatus(t, r, http.StatusNotFound)
		r.json(t, &ae)
		if ae.Code != "not_found" {
			t.Errorf("POST with token: %+v", ae)
		}
		// The token wins over a session cookie of another member in the same request.
		both := e.as(t, operator)
		me = meJSON{}
		both.getJSON("/api/v1/me", 200, &me, "Authorization", "Bearer "+secret)
		if me.ID != mari.ID {
			t.Errorf("token and cookie: /me = %d, want the token's member %d", me.ID, mari.ID)
		}

		// Bad tokens.
		for _, h := range []string{
			"Bearer " + secret + "x",
			"Bearer " + strings.TrimPrefix(secret, allmenning.APITokenPrefix),
			"Bearer alm_",
			"Bearer ",
			"Token " + secret,
			"bearer" + secret,
		} {
			unauthorized(anon, "/api/v1/me", "Authorization", h)
		}
		// A bad token is refused even with a valid session cookie.
		unauthorized(sess, "/api/v1/me", "Authorization", "Bearer alm_wrong")

		// A token made on the profile page.
		page := sess.post("/profil/tokens", url.Values{"name": {"Intranett"}})
		mustStatus(t, page, http.StatusCreated)
		m := regexp.MustCompile(`<code class="token">(alm_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatalf("the new token is not shown: %.2000s", page.Body)
		}
		fromPage := m[1]
		me = meJSON{}
		anon.getJSON("/api/v1/me", 200, &me, "Authorization", "Bearer "+fromPage)
		if me.ID != mari.ID {
			t.Errorf("/me with the page's token = %+v", me)
		}
		// The profile lists both tokens by name and prefix, never the secret again.
		profile := sess.get("/medlemmer/" + e.id(member))
		mustContain(t, profile, "Skript", "Intranett", fromPage[:10])
		mustNotContain(t, profile, fromPage, secret)

		// Deleting a token on the profile page revokes it at once.
		tokens, _ = db.FindAPITokens(ctx, mari.ID)
		var pageTokenID int64
		for _, tk := range tokens {
			if tk.Name == "Intranett" {
				pageTokenID = tk.ID
			}
		}
		mustRedirect(t, sess.post("/profil/tokens/"+itoa(pageTokenID)+"/slett", nil), "/medlemmer/"+e.id(member))
		unauthorized(anon, "/api/v1/me", "Authorization", "Bearer "+fromPage)
		anon.getJSON("/api/v1/me", 200, nil, "Authorization", "Bearer "+secret)

		// Another member cannot delete Mari's token.
		r = e.as(t, other).post("/profil/tokens/"+itoa(tok.ID)+"/slett", nil)
		mustStatus(t, r, http.StatusNotFound)
		anon.getJSON("/api/v1/me", 200, nil, "Authorization", "Bearer "+secret)

		// Ola's view of Mari's token use is his own.
		olaSecret, _, err := e.accounts.CreateAPIToken(ctx, ola, "")
		if err != nil {
			t.Fatal(err)
		}
		me = meJSON{}
		anon.getJSON("/api/v1/me", 200, &me, "Authorization", "Bearer "+olaSecret)
		if me.ID != ola.ID {
			t.Errorf("Ola's token gave %+v", me)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestAPIMembers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		type listJSON struct {
			Members []map[string]any `json:"members"`
			Total   int              `json:"total"`
		}
		emails := func(l listJSON) map[string]bool {
			out := map[string]bool{}
			for _, m := range l.Members {
				if s, ok := m["email"].(string); ok {
					out[s] = true
				}
			}
			return out
		}
		want := func(role string, visible ...string) {
			t.Helper()
			var l listJSON
			e.as(t, role).getJSON("/api/v1/members", 200, &l)
			if l.Total != 5 || len(l.Members) != 5 {
				t.Fatalf("%s: total %d, %d members", role, l.Total, len(l.Members))
			}
			got := emails(l)
			if len(got) != len(visible) {
				t.Errorf("%s sees addresses %v, want those of %v", role, got, visible)
			}
			for _, v := range visible {
				if !got[people[v].email] {
					t.Errorf("%s does not see %s's address", role, v)
				}
			}
			for _, m := range l.Members {
				for _, key := range []string{"id", "name", "municipality", "roles", "competences"} {
					if _, ok := m[key]; !ok {
						t.Errorf("member %v lacks %q", m, key)
					}
				}
			}
		}
		want(member, member)
		want(other, other)
		want(moderator, moderator)
		want(muniAdmin, member, muniAdmin)
		want(operator, member, other, muniAdmin, moderator, operator)

		var l listJSON
		e.as(t, member).getJSON("/api/v1/members?county=50&limit=1", 200, &l)
		if l.Total != 2 || len(l.Members) != 1 {
			t.Errorf("county 50, limit 1: total %d, %d members", l.Total, len(l.Members))
		}
		e.as(t, member).getJSON("/api/v1/members?q=oslosen", 200, &l)
		if l.Total != 1 || l.Members[0]["name"] != "Ola Oslosen" {
			t.Errorf("q=oslosen: %+v", l)
		}

		// Single members follow the same rule.
		single := func(role, target string, wantEmail bool) {
			t.Helper()
			var m map[string]any
			e.as(t, role).getJSON("/api/v1/members/"+e.id(target), 200, &m)
			if _, has := m["email"]; has != wantEmail {
				t.Errorf("%s viewing %s: e-mail shown %v, want %v", role, target, has, wantEmail)
			}
		}
		single(member, member, true)
		single(member, muniAdmin, false)
		single(other, member, false)
		single(moderator, member, false)
		single(muniAdmin, member, true)
		single(muniAdmin, other, false)
		single(operator, other, true)

		var ae apiError
		e.as(t, member).getJSON("/api/v1/members/999999", 404, &ae)
		if ae.Code != "not_found" || ae.Message != "Medlemmet finnes ikke." {
			t.Errorf("unknown member: %+v", ae)
		}
	})
}
