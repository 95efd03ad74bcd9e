package web_test

// The discussion API's contract: the names and shapes external clients rely
// on, validation errors, likes, search, and both ways of authenticating.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

func apiDiscussionScenarios() []dscenario {
	secret := []string{secretWord, secretWord2}
	newThread := `{"title":"Hvordan måler dere rekkevidde?","body":"Vi bruker **innsikt** fra plattformene.","area":"kampanje","tags":["jul"],"visibility":"members"}`
	return []dscenario{
		{name: "areas anonymous", url: "/api/v1/areas", role: anonymous, status: 200,
			contains: []string{`"slug":"krise"`, `"name":"Krise"`, `"children":[`, `"slug":"beredskap"`},
			check:    areaCounts(map[string]int{"etikk": 1, "arkivering": 0, "beredskap": 0, "krise": 0, "operativ": 1})},
		{name: "areas member", url: "/api/v1/areas", role: member, status: 200,
			check: areaCounts(map[string]int{"etikk": 1, "arkivering": 1, "beredskap": 1, "krise": 1, "operativ": 2})},
		{name: "areas other municipality", url: "/api/v1/areas", role: other, status: 200,
			check: areaCounts(map[string]int{"arkivering": 1, "beredskap": 0, "krise": 0})},
		{name: "areas moderator", url: "/api/v1/areas", role: moderator, status: 200, check: areaCounts(map[string]int{"beredskap": 0})},
		{name: "facets anonymous", url: "/api/v1/facets", role: anonymous, status: 200,
			contains: []string{`"slug":"hoytid"`, `"name":"Høytid"`, `"slug":"paske"`, `"name":"Påske"`}},

		{name: "facets member", url: "/api/v1/facets", role: member, status: 200, contains: []string{`"slug":"skole"`, `"name":"Skole"`, `"tags":[`}},

		{name: "threads anonymous", url: "/api/v1/threads", role: anonymous, status: 200,
			contains: []string{`"total":1`, pubTitle}, absent: append([]string{memTitle}, secret...)},
		{name: "threads member", url: "/api/v1/threads", role: member, status: 200, contains: []string{`"total":3`, pubTitle, memTitle, muniTitle}},
		{name: "threads colleague", url: "/api/v1/threads?tag=paske", role: muniAdmin, status: 200, contains: []string{`"total":1`, muniTitle}},
		{name: "threads other municipality", url: "/api/v1/threads", role: other, status: 200, contains: []string{`"total":2`, pubTitle, memTitle}, absent: secret},
		{name: "threads moderator", url: "/api/v1/threads?sort=top&period=week", role: moderator, status: 200, contains: []string{`"total":2`}, absent: secret},
		{name: "threads operator", url: "/api/v1/threads?area=krise", role: operator, status: 200, contains: []string{`"total":0`}, absent: secret},
		{name: "threads unknown sort", url: "/api/v1/threads?sort=popular", role: member, status: 422, contains: []string{`"code":"invalid"`, `"sort"`}},
		{name: "threads unknown period", url: "/api/v1/threads?sort=top&period=decade", role: member, status: 422, contains: []string{`"code":"invalid"`, `"period"`}},

		{name: "create anonymous", method: "POST", url: "/api/v1/threads", role: anonymous, json: newThread, status: 401,
			contains: []string{`"code":"unauthorized"`, msgLoginNeeded}, check: wantTotal(member, "", 3)},
		{name: "create member", method: "POST", url: "/api/v1/threads", role: member, json: newThread, status: 201,
			contains: []string{`"id":`, `"url":"http`, `"title":"Hvordan måler dere rekkevidde?"`, `"area":"kampanje"`, `"visibility":"members"`, `"slug":"jul"`, `\u003cstrong\u003einnsikt\u003c/strong\u003e`},
			check:    wantTotal(other, "", 3)},
		{name: "create municipality-only by other municipality", method: "POST", url: "/api/v1/threads", role: other, status: 201,
			json:  `{"title":"Bare for Oslo kommune","body":"Intern sak.","area":"etikk","visibility":"municipality"}`,
			check: all(wantTotal(member, "", 3), wantTotal(other, "", 3))},
		{name: "create moderator", method: "POST", url: "/api/v1/threads", role: moderator, json: newThread, status: 201},
		{name: "create operator", method: "POST", url: "/api/v1/threads", role: operator, json: newThread, status: 201},
		{name: "create invalid", method: "POST", url: "/api/v1/threads", role: member, json: `{"title":"","body":"","area":"","visibility":"alle"}`,
			status: 422, contains: []string{`"code":"invalid"`, `"title":"Skriv en tittel."`, `"body":"Skriv en tekst."`, `"area":"Velg et kunnskapsområde."`, `"visibility":"Velg hvem som skal se diskusjonen."`},
			check: wantTotal(member, "", 3)},
		{name: "create unknown field", method: "POST", url: "/api/v1/threads", role: member, json: `{"title":"Hei på deg alle","body":"Tekst","area":"etikk","tittel":"x"}`,
			status: 422, contains: []string{`"code":"invalid"`}, check: wantTotal(member, "", 3)},
		{name: "create without csrf", method: "POST", url: "/api/v1/threads", role: member, json: newThread, noCSRF: true,
			status: 403, contains: []string{`"code":"forbidden"`}, check: wantTotal(member, "", 3)},

		{name: "thread public anonymous", url: "/api/v1/threads/{t:pub}", role: anonymous, status: 200,
			contains: []string{pubTitle, `"replies":[`, rPubBody, `"url":"http`}},
		{name: "thread members anonymous", url: "/api/v1/threads/{t:mem}", role: anonymous, status: 401, contains: []string{`"code":"unauthorized"`}, absent: []string{memTitle}},
		{name: "thread municipality anonymous", url: "/api/v1/threads/{t:muni}", role: anonymous, status: 401, absent: secret},
		{name: "thread municipality author", url: "/api/v1/threads/{t:muni}", role: member, status: 200,
			contains: []string{muniTitle, secretWord2, `"visibility":"municipality"`, `"municipality":"5001"`}},
		{name: "thread municipality other municipality", url: "/api/v1/threads/{t:muni}", role: other, status: 404,
			contains: []string{`"code":"not_found"`, msgThreadNotFound}, absent: secret},
		{name: "thread municipality moderator", url: "/api/v1/threads/{t:muni}", role: moderator, status: 404, absent: secret},
		{name: "thread members other municipality", url: "/api/v1/threads/{t:mem}", role: other, status: 200, contains: []string{memTitle, rMemBody}},
		{name: "thread unknown", url: "/api/v1/threads/999999", role: member, status: 404, contains: []string{`"code":"not_found"`}},

		{name: "reply member", method: "POST", url: "/api/v1/threads/{t:pub}/replies", role: member, json: `{"body":"Takk for svaret!","reply_to":1}`,
			status: 201, contains: []string{`"number":2`, `"url":"http`, `/diskusjoner/{t:pub}#svar-2"`}, check: wantReplies(pubOf, 2)},
		{name: "reply colleague", method: "POST", url: "/api/v1/threads/{t:muni}/replies", role: muniAdmin, json: `{"body":"Ett svar til."}`,
			status: 201, contains: []string{`"number":2`}, check: wantReplies(muniOf, 2)},
		{name: "reply other municipality", method: "POST", url: "/api/v1/threads/{t:muni}/replies", role: other, json: `{"body":"Hei"}`,
			status: 404, contains: []string{`"code":"not_found"`}, absent: secret, check: wantReplies(muniOf, 1)},
		{name: "reply anonymous", method: "POST", url: "/api/v1/threads/{t:pub}/replies", role: anonymous, json: `{"body":"Hei"}`,
			status: 401, check: wantReplies(pubOf, 1)},
		{name: "reply anonymous members thread", method: "POST", url: "/api/v1/threads/{t:mem}/replies", role: anonymous, json: `{"body":"Hei"}`,
			status: 401, absent: []string{memTitle}, check: wantReplies(memOf, 1)},
		{name: "reply empty", method: "POST", url: "/api/v1/threads/{t:pub}/replies", role: member, json: `{"body":" "}`,
			status: 422, contains: []string{`"body":"Skriv en tekst."`}, check: wantReplies(pubOf, 1)},
		{name: "reply to unknown post", method: "POST", url: "/api/v1/threads/{t:pub}/replies", role: member, json: `{"body":"Hei","reply_to":7}`,
			status: 422, contains: []string{`"reply_to":`}, check: wantReplies(pubOf, 1)},
		{name: "reply unknown field", method: "POST", url: "/api/v1/threads/{t:pub}/replies", role: member, json: `{"body":"Hei","svar_til":1}`,
			status: 422, contains: []string{`"code":"invalid"`}, check: wantReplies(pubOf, 1)},
		{name: "reply without csrf", method: "POST", url: "/api/v1/threads/{t:pub}/replies", role: member, json: `{"body":"Hei"}`, noCSRF: true,
			status: 403, check: wantReplies(pubOf, 1)},

		{name: "like own thread", method: "POST", url: "/api/v1/threads/{t:pub}/like", role: member, status: 403,
			contains: []string{`"code":"forbidden"`, msgOwnLike}, check: wantThreadLikes(pubOf, 0)},
		{name: "like thread", method: "POST", url: "/api/v1/threads/{t:pub}/like", role: other, status: 200,
			contains: []string{`"liked":true`, `"like_count":1`}, check: wantThreadLikes(pubOf, 1)},
		{name: "like thread of other municipality", method: "POST", url: "/api/v1/threads/{t:muni}/like", role: other, status: 404,
			absent: secret, check: wantThreadLikes(muniOf, 0)},
		{name: "like thread anonymous", method: "POST", url: "/api/v1/threads/{t:pub}/like", role: anonymous, status: 401, check: wantThreadLikes(pubOf, 0)},
		{name: "like members thread anonymous", method: "POST", url: "/api/v1/threads/{t:mem}/like", role: anonymous, status: 401, check: wantThreadLikes(memOf, 0)},
		{name: "unlike thread", method: "DELETE", url: "/api/v1/threads/{t:pub}/like", role: other, status: 200,
			setup: func(t *testing.T, e *env, fx *discFixture) {
				e.as(t, other).mustJSON("POST", "/api/v1/threads/"+itoa(fx.pub)+"/like", nil, 200, nil)
			},
			contains: []string{`"liked":false`, `"like_count":0`}, check: wantThreadLikes(pubOf, 0)},
		{name: "unlike own thread", method: "DELETE", url: "/api/v1/threads/{t:pub}/like", role: member, status: 403, contains: []string{msgOwnLike}},
		{name: "unlike thread of other municipality", method: "DELETE", url: "/api/v1/threads/{t:muni}/like", role: other, status: 404, absent: secret},
		{name: "unlike thread anonymous", method: "DELETE", url: "/api/v1/threads/{t:pub}/like", role: anonymous, status: 401},
		{name: "unlike without csrf", method: "DELETE", url: "/api/v1/threads/{t:pub}/like", role: other, noCSRF: true, status: 403,
			setup: func(t *testing.T, e *env, fx *discFixture) {
				e.as(t, other).mustJSON("POST", "/api/v1/threads/"+itoa(fx.pub)+"/like", nil, 200, nil)
			},
			check: wantThreadLikes(pubOf, 1)},

		{name: "like own reply", method: "POST", url: "/api/v1/replies/{r:pub}/like", role: other, status: 403, contains: []string{msgOwnLike}, check: wantReplyLikes(rPubOf, 0)},
		{name: "like reply", method: "POST", url: "/api/v1/replies/{r:pub}/like", role: member, status: 200,
			contains: []string{`"liked":true`, `"like_count":1`}, check: wantReplyLikes(rPubOf, 1)},
		{name: "like reply of colleague", method: "POST", url: "/api/v1/replies/{r:muni}/like", role: member, status: 200, check: wantReplyLikes(rMuniOf, 1)},
		{name: "like reply of other municipality", method: "POST", url: "/api/v1/replies/{r:muni}/like", role: other, status: 404, absent: secret, check: wantReplyLikes(rMuniOf, 0)},
		{name: "like reply anonymous", method: "POST", url: "/api/v1/replies/{r:pub}/like", role: anonymous, status: 401, check: wantReplyLikes(rPubOf, 0)},
		{name: "like reply in members thread anonymous", method: "POST", url: "/api/v1/replies/{r:mem}/like", role: anonymous, status: 401,
			contains: []string{`"code":"unauthorized"`}},
		{name: "like reply unknown", method: "POST", url: "/api/v1/replies/999999/like", role: member, status: 404},
		{name: "unlike reply", method: "DELETE", url: "/api/v1/replies/{r:pub}/like", role: member, status: 200,
			setup: func(t *testing.T, e *env, fx *discFixture) {
				e.as(t, member).mustJSON("POST", "/api/v1/replies/"+itoa(fx.rPub)+"/like", nil, 200, nil)
			},
			contains: []string{`"liked":false`, `"like_count":0`}, check: wantReplyLikes(rPubOf, 0)},
		{name: "unlike reply of other municipality", method: "DELETE", url: "/api/v1/replies/{r:muni}/like", role: other, status: 404, absent: secret},
		{name: "unlike reply anonymous", method: "DELETE", url: "/api/v1/replies/{r:pub}/like", role: anonymous, status: 401},

		{name: "search anonymous", url: "/api/v1/search?q=beredskapsplanen", role: anonymous, status: 200,
			contains: []string{`"total":1`, `/diskusjoner/{t:pub}"`}, absent: secret},
		{name: "search member", url: "/api/v1/search?q=beredskapsplanen", role: member, status: 200,
			contains: []string{`"total":2`, `/diskusjoner/{t:muni}"`, `\u003cmark\u003e`}},
		{name: "search other municipality", url: "/api/v1/search?q=beredskapsplanen", role: other, status: 200,
			contains: []string{`"total":1`}, absent: append([]string{`/diskusjoner/{t:muni}"`}, secret...)},
		{name: "search secret other municipality", url: "/api/v1/search?q=" + secretWord, role: other, status: 200,
			contains: []string{`{"results":[],"total":0}`}},
		{name: "search empty", url: "/api/v1/search?q=", role: member, status: 422, contains: []string{`"code":"invalid"`, `"q":"Skriv hva du leter etter."`}},
	}
}

// areaCounts checks thread_count of areas (top-level or child) in /api/v1/areas.
func areaCounts(want map[string]int) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		var areas []areaJSON
		r.json(t, &areas)
		got := threadCounts(areas)
		for slug, n := range want {
			if c, ok := got[slug]; !ok || c != n {
				t.Errorf("area %s: thread_count %d (listed %v), want %d", slug, c, ok, n)
			}
		}
	}
}

// threadCounts is thread_count by slug, for every area in the tree.
func threadCounts(areas []areaJSON) map[string]int {
	got := map[string]int{}
	for _, a := range areas {
		got[a.Slug] = a.ThreadCount
		for slug, n := range threadCounts(a.Children) {
			got[slug] = n
		}
	}
	return got
}

type areaJSON struct {
	Slug        string     `json:"slug"`
	Name        string     `json:"name"`
	Children    []areaJSON `json:"children"`
	ThreadCount int        `json:"thread_count"`
}

type searchJSON struct {
	Results []struct {
		Type    string `json:"type"`
		ID      int64  `json:"id"`
		Title   string `json:"title"`
		URL     string `json:"url"`
		Snippet string `json:"snippet"`
	} `json:"results"`
	Total int `json:"total"`
}

func TestDiscussionAPIContract(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		seedTaxonomy(t, e)
		secret, _, err := e.accounts.CreateAPIToken(ctx, e.members[member], "Integrasjon")
		if err != nil {
			t.Fatal(err)
		}
		bearer := e.client(t)
		bearer.headers.Set("Authorization", "Bearer "+secret)
		session := e.as(t, member)

		// Areas: an array of top-level areas, each with slug, name and children,
		// also an area without children.
		mustRedirect(t, e.as(t, operator).post("/admin/omrader", form("action", "create", "name", "Digitale flater", "parent", "0")), "/admin/omrader")
		var raw []map[string]json.RawMessage
		e.client(t).getJSON("/api/v1/areas", 200, &raw)
		if len(raw) != 4 {
			t.Fatalf("%d top-level areas, want 4", len(raw))
		}
		var checkAreas func(list []map[string]json.RawMessage, depth int)
		checkAreas = func(list []map[string]json.RawMessage, depth int) {
			for _, a := range list {
				var slug, name string
				var children []map[string]json.RawMessage
				if json.Unmarshal(a["slug"], &slug) != nil || slug == "" || json.Unmarshal(a["name"], &name) != nil || name == "" {
					t.Errorf("area without slug or name: %s", a["slug"])
				}
				if _, ok := a["children"]; !ok {
					t.Errorf("area %s has no children property", slug)
				} else if err := json.Unmarshal(a["children"], &children); err != nil || children == nil {
					t.Errorf("area %s: children %s is not an array", slug, a["children"])
				}
				if depth == 0 {
					checkAreas(children, 1)
				} else if len(children) > 0 {
					t.Errorf("area %s at the second level has children", slug)
				}
			}
		}
		checkAreas(raw, 0)

		// Create with a bearer token: 201, the thread with id and an absolute url.
		var created threadJSON
		r := bearer.mustJSON("POST", "/api/v1/threads", map[string]any{
			"title": "Hvordan svarer kommunene på kommentarer?", "body": "Vi lurer på hvordan **kommunene** svarer.",
			"area": "etikk", "tags": []string{"jul", "Skole"}, "visibility": "municipality",
		}, http.StatusCreated, &created)
		if created.ID == 0 || created.Title != "Hvordan svarer kommunene på kommentarer?" || created.Area != "etikk" || created.Visibility != "municipality" ||
			created.Municipality != trondhm || created.AuthorID != e.members[member].ID || len(created.Tags) != 2 {
			t.Errorf("created = %+v", created)
		}
		if want := e.ts.URL + "/diskusjoner/" + itoa(created.ID); created.URL != want {
			t.Errorf("url = %q, want %q", created.URL, want)
		}
		if !strings.Contains(created.BodyHTML, "<strong>kommunene</strong>") {
			t.Errorf("body_html = %q", created.BodyHTML)
		}
		for _, k := range []string{`"id"`, `"url"`, `"title"`, `"body"`, `"area"`, `"tags"`, `"visibility"`} {
			if !strings.Contains(r.Body, k+":") {
				t.Errorf("created thread lacks %s: %s", k, r.Body)
			}
		}
		page := session.get(created.URL)
		mustStatus(t, page, 200)
		mustContain(t, page, "Hvordan svarer kommunene på kommentarer?")
		mustStatus(t, e.as(t, other).get(created.URL), 404)

		// The same with the session cookie and the CSRF header; without the header 403.
		var second threadJSON
		session.mustJSON("POST", "/api/v1/threads", map[string]any{"title": "Sommerferie og beredskap", "body": "Hvem har vakt i juli?", "area": "beredskap", "tags": []string{"sommerferie"}, "visibility": "public"}, 201, &second)
		r = session.sendJSON("POST", "/api/v1/threads", map[string]any{"title": "Uten CSRF-token", "body": "x", "area": "etikk"}, "X-CSRF-Token", "")
		mustStatus(t, r, http.StatusForbidden)
		var ae apiError
		r.json(t, &ae)
		if ae.Code != "forbidden" {
			t.Errorf("without CSRF: %+v", ae)
		}
		r = session.sendJSON("POST", "/api/v1/threads", map[string]any{"title": "Med feil CSRF-token", "body": "x", "area": "etikk"}, "X-CSRF-Token", "feil-token-feil-token-feil-token-00")
		mustStatus(t, r, http.StatusForbidden)
		if l := session.threads(""); l.Total != 2 {
			t.Errorf("%d threads after the refused posts, want 2", l.Total)
		}

		// Invalid input: 422, code invalid, fields naming what is wrong.
		invalid := []struct {
			body  string
			field string
		}{
			{`{"title":"","body":"Tekst","area":"etikk"}`, "title"},
			{`{"title":"Kort","body":"Tekst","area":"etikk"}`, "title"},
			{`{"title":"` + strings.Repeat("x", 201) + `","body":"Tekst","area":"etikk"}`, "title"},
			{`{"title":"En god tittel","body":"","area":"etikk"}`, "body"},
			{`{"title":"En god tittel","body":"Tekst","area":""}`, "area"},
			{`{"title":"En god tittel","body":"Tekst","area":"finnes-ikke"}`, "area"},
			{`{"title":"En god tittel","body":"Tekst","area":"etikk","visibility":"alle"}`, "visibility"},
			{`{"title":"En god tittel","body":"Tekst","area":"etikk","tags":["finnes-ikke"]}`, "tags"},
			{`{"title":"En god tittel","body":"Tekst","area":"etikk","tags":["a","b","c","d","e","f","g","h","i","j","k"]}`, "tags"},
		}
		for _, c := range invalid {
			for _, cl := range []*client{bearer, session} {
				r := cl.sendJSON("POST", "/api/v1/threads", c.body)
				mustStatus(t, r, http.StatusUnprocessableEntity)
				var ae apiError
				r.json(t, &ae)
				if ae.Code != "invalid" || ae.Fields[c.field] == "" {
					t.Errorf("%s: %+v, want code invalid and fields.%s", c.body, ae, c.field)
				}
			}
		}
		for _, body := range []string{`{"title":"En god tittel","body":"Tekst","area":"etikk","owner":1}`, `{"title":`, `[]`, ``} {
			r := bearer.sendJSON("POST", "/api/v1/threads", body)
			mustStatus(t, r, http.StatusUnprocessableEntity)
			var ae apiError
			r.json(t, &ae)
			if ae.Code != "invalid" || ae.Message == "" {
				t.Errorf("%q: %+v", body, ae)
			}
		}
		if l := session.threads(""); l.Total != 2 {
			t.Errorf("%d threads after the invalid posts, want 2", l.Total)
		}

		// Replies: 201 with number and url; the thread lists them.
		colleague := e.as(t, muniAdmin)
		var rep replyJSON
		colleague.mustJSON("POST", "/api/v1/threads/"+itoa(created.ID)+"/replies", map[string]any{"body": "Vi svarer innen en time."}, 201, &rep)
		if rep.Number != 1 || rep.ThreadID != created.ID || rep.URL != created.URL+"#svar-1" {
			t.Errorf("reply = %+v", rep)
		}
		var rep2 replyJSON
		bearer.mustJSON("POST", "/api/v1/threads/"+itoa(created.ID)+"/replies", map[string]any{"body": "Takk!", "reply_to": 1}, 201, &rep2)
		got := bearer.thread(created.ID)
		if len(got.Replies) != 2 || got.ReplyCount != 2 || got.Replies[0].Body != "Vi svarer innen en time." || got.Replies[1].Number != 2 {
			t.Errorf("thread with replies = %+v", got)
		}
		var withReplyTo map[string]any
		bearer.mustJSON("GET", "/api/v1/threads/"+itoa(created.ID), nil, 200, &withReplyTo)
		if rs := asSlice(withReplyTo["replies"]); len(rs) != 2 || asMap(rs[1])["reply_to_number"] != 1.0 {
			t.Errorf("replies = %v", withReplyTo["replies"])
		}

		// Likes are idempotent and answer {"liked","like_count"}.
		like := func(c *client, method, p string, liked bool, count int) {
			t.Helper()
			var v map[string]any
			r := c.mustJSON(method, p, nil, 200, &v)
			if len(v) != 2 || v["liked"] != liked || v["like_count"] != float64(count) {
				t.Errorf("%s %s: %s, want liked %v and like_count %d", method, p, r.Body, liked, count)
			}
		}
		tp := "/api/v1/threads/" + itoa(created.ID) + "/like"
		like(colleague, "POST", tp, true, 1)
		like(colleague, "POST", tp, true, 1)
		if th := colleague.thread(created.ID); !th.LikedByMe || th.LikeCount != 1 {
			t.Errorf("after like: liked_by_me %v, like_count %d", th.LikedByMe, th.LikeCount)
		}
		like(e.as(t, operator), "POST", "/api/v1/threads/"+itoa(second.ID)+"/like", true, 1)
		like(colleague, "DELETE", tp, false, 0)
		like(colleague, "DELETE", tp, false, 0)
		rp := "/api/v1/replies/" + itoa(rep.ID) + "/like"
		like(bearer, "POST", rp, true, 1)
		like(bearer, "POST", rp, true, 1)
		like(e.as(t, muniAdmin), "POST", "/api/v1/replies/"+itoa(rep2.ID)+"/like", true, 1)
		like(bearer, "DELETE", rp, false, 0)
		like(bearer, "DELETE", rp, false, 0)
		r = bearer.sendJSON("POST", tp, nil)
		mustStatus(t, r, http.StatusForbidden)
		mustContain(t, r, msgOwnLike)

		// Filters and sorts of the list.
		for _, s := range []string{"latest", "active", "most-read", "top", "new-threads"} {
			for _, p := range []string{"week", "month", "year", "all"} {
				l := session.threads("?sort=" + s + "&period=" + p)
				if l.Total != 2 || len(l.Threads) != 2 {
					t.Errorf("sort %s, period %s: total %d, %d threads", s, p, l.Total, len(l.Threads))
				}
			}
		}
		if l := session.threads("?sort=new-threads"); len(l.Threads) == 2 && l.Threads[0].ID != second.ID {
			t.Errorf("new-threads does not put the newest first: %d", l.Threads[0].ID)
		}
		if l := session.threads("?sort=active"); len(l.Threads) == 2 && l.Threads[0].ID != created.ID {
			t.Errorf("active does not put the thread with replies first: %d", l.Threads[0].ID)
		}
		for q, want := range map[string]int{
			"?area=etikk": 1, "?area=operativ": 1, "?area=krise": 1, "?area=beredskap": 1,
			"?tag=jul": 1, "?tag=skole": 1, "?tag=jul&tag=sommerferie": 2, "?tag=jul&tag=skole": 1,
			"?tag=skole&tag=sommerferie": 0, "?tag=finnes-ikke": 0, "?limit=1": 2,
		} {
			l := session.threads(q)
			if l.Total != want {
				t.Errorf("%s: total %d, want %d", q, l.Total, want)
			}
			if q == "?limit=1" && len(l.Threads) != 1 {
				t.Errorf("limit=1 gave %d threads", len(l.Threads))
			}
		}
		if l := e.client(t).threads(""); l.Total != 1 || !l.has(second.ID) {
			t.Errorf("anonymous sees %d threads", l.Total)
		}
		if l := e.as(t, other).threads(""); l.Total != 1 || l.has(created.ID) {
			t.Errorf("Oslo sees %d threads", l.Total)
		}

		// Search: an inflected Norwegian query finds the thread.
		var res searchJSON
		session.mustJSON("GET", "/api/v1/search?q="+url.QueryEscape("kommunen"), nil, 200, &res)
		found := false
		for _, hit := range res.Results {
			if hit.Type == "" || hit.ID == 0 || hit.Title == "" || hit.URL == "" {
				t.Errorf("incomplete hit %+v", hit)
			}
			if hit.Type == "thread" && hit.ID == created.ID {
				found = true
				if hit.URL != created.URL || !strings.Contains(hit.Snippet, "<mark>") {
					t.Errorf("hit = %+v", hit)
				}
			}
		}
		if !found || res.Total != len(res.Results) || res.Total < 1 {
			t.Errorf("search kommunen: %+v", res)
		}
		res = searchJSON{}
		bearer.mustJSON("GET", "/api/v1/search?q=vakter&type=thread", nil, 200, &res)
		if res.Total != 1 || len(res.Results) != 1 || res.Results[0].ID != second.ID {
			t.Errorf("search vakter (the thread says vakt): %+v", res)
		}
		res = searchJSON{}
		e.as(t, other).mustJSON("GET", "/api/v1/search?q=kommunene", nil, 200, &res)
		for _, hit := range res.Results {
			if hit.ID == created.ID {
				t.Errorf("Oslo finds the municipality-only thread: %+v", hit)
			}
		}
		for _, q := range []string{"", "%20%20", "&type=thread"} {
			r := session.get("/api/v1/search?q=" + q)
			mustStatus(t, r, http.StatusUnprocessableEntity)
			var ae apiError
			r.json(t, &ae)
			if ae.Code != "invalid" || ae.Fields["q"] == "" {
				t.Errorf("q=%q: %+v", q, ae)
			}
		}
		r = session.get("/api/v1/search")
		mustStatus(t, r, http.StatusUnprocessableEntity)
	})
}
