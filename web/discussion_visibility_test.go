package web_test

// The core promise: a member of another municipality never sees a
// municipality-only thread, in any list, count, search hit, snippet, API
// answer, reply, like or revision; an anonymous visitor sees only public
// threads. The fixture's municipality-only thread (Trondheim) and its reply
// carry two nonsense words; no answer to an outsider may contain them.

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// listPages are the pages that list or count threads, and whether the
// municipality's own members see the secret thread there.
func listPages() map[string]bool {
	pages := map[string]bool{
		"/":                                    true,
		"/omrader":                             false,
		"/omrader/krise":                       true,
		"/omrader/beredskap":                   true,
		"/omrader/krise?emne=paske":            true,
		"/diskusjoner":                         true,
		"/diskusjoner?emne=paske":              true,
		"/diskusjoner?emne=skole":              true,
		"/diskusjoner?emne=paske&emne=jul":     true,
		"/diskusjoner?emne=skole&emne=paske":   true,
		"/diskusjoner?omrade=beredskap":        true,
		"/diskusjoner?omrade=krise&emne=jul":   false,
		"/diskusjoner?ulest=1":                 false,
		"/diskusjoner?side=2":                  false,
		"/sok?q=beredskapsplanen":              true,
		"/sok?q=beredskapsplanene&type=thread": true,
		"/sok?q=enig&type=reply":               true,
		"/sok?q=passer+fint":                   true,
		"/sok?q=beredskapsplan&omrade=krise":   true,
		"/sok?q=beredskapsplan&kommune=5001":   true,
		"/sok?q=planlegger&emne=paske":         true,
	}
	for _, s := range []string{"siste", "nye", "aktive", "mest-lest", "topp"} {
		for _, p := range []string{"uke", "maned", "ar", "alt"} {
			pages["/diskusjoner?sortering="+s+"&periode="+p] = true
			pages["/omrader/krise?sortering="+s+"&periode="+p] = true
		}
	}
	return pages
}

// apiLists are API answers that list, count or find threads.
func apiLists() map[string]bool {
	lists := map[string]bool{
		"/api/v1/threads":                               true,
		"/api/v1/threads?area=beredskap":                true,
		"/api/v1/threads?area=krise":                    true,
		"/api/v1/threads?tag=paske":                     true,
		"/api/v1/threads?tag=skole&tag=paske":           true,
		"/api/v1/threads?municipality=5001":             true,
		"/api/v1/threads?unread=true":                   false,
		"/api/v1/threads?limit=1&offset=1":              false,
		"/api/v1/search?q=beredskapsplanen":             true,
		"/api/v1/search?q=passer&type=reply":            true,
		"/api/v1/search?q=beredskapsplan&area=krise":    true,
		"/api/v1/search?q=planlegger&municipality=5001": true,
		"/api/v1/search?q=planlegger&tag=paske":         true,
	}
	for _, s := range []string{"latest", "active", "most-read", "top", "new-threads"} {
		for _, p := range []string{"week", "month", "year", "all"} {
			lists["/api/v1/threads?sort="+s+"&period="+p] = true
		}
	}
	return lists
}

func hasSecret(body string) bool {
	b := strings.ToLower(body)
	return strings.Contains(b, secretWord) || strings.Contains(b, secretWord2)
}

func TestDiscussionVisibility(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		fx := seedDiscussions(t, e)
		// More activity on the secret thread: a like, readers, an edit (a
		// second revision) and an edited reply, so that the counts, the most
		// read and top lists and the histories all have something to leak.
		insider := e.as(t, member)
		colleague := e.as(t, muniAdmin)
		colleague.mustJSON("POST", "/api/v1/threads/"+itoa(fx.muni)+"/like", nil, 200, nil)
		insider.mustJSON("POST", "/api/v1/replies/"+itoa(fx.rMuni)+"/like", nil, 200, nil)
		mustStatus(t, colleague.get(threadURLOf(fx.muni)), 200)
		mustRedirect(t, insider.post(threadURLOf(fx.muni)+"/rediger", form("title", muniTitle+" i mai", "body", muniBody+" Oppdatert "+secretWord2+".", "tags", "paske", "tags", "skole")), threadURLOf(fx.muni))
		mustRedirect(t, colleague.post("/svar/"+itoa(fx.rMuni)+"/rediger", form("body", rMuniBody+" Endret.")), threadURLOf(fx.muni))
		insider.newReply(fx.muni, "Et svar til om "+secretWord+".")

		// The municipality's own members see it: the checks below can fail.
		for p, sees := range listPages() {
			r := insider.get(p)
			mustStatus(t, r, 200)
			if sees && !hasSecret(r.Body) {
				t.Errorf("member of 5001: %s lacks the municipality's thread", p)
			}
		}
		for p, sees := range apiLists() {
			r := colleague.get(p)
			mustStatus(t, r, 200)
			if sees && !hasSecret(r.Body) {
				t.Errorf("member of 5001: %s lacks the municipality's thread", p)
			}
		}
		mustContain(t, insider.get("/omrader"), areaCount("beredskap", "Beredskap", 1))
		mustContain(t, insider.get("/diskusjoner"), listTotal(3), `Påske <span class="count">(1)</span>`, `Skole <span class="count">(2)</span>`)

		muni := itoa(fx.muni)
		rMuni := itoa(fx.rMuni)
		for _, role := range []string{other, moderator, operator} {
			t.Run(role, func(t *testing.T) {
				c := e.as(t, role)
				clean := func(r *response) {
					t.Helper()
					if hasSecret(r.Body) {
						t.Errorf("%s %s as %s shows the municipality-only thread: %.1500s", r.Request.Method, r.Request.URL, role, r.Body)
					}
				}
				for p := range listPages() {
					r := c.get(p)
					mustStatus(t, r, 200)
					clean(r)
				}
				for p := range apiLists() {
					r := c.get(p)
					mustStatus(t, r, 200)
					clean(r)
				}
				// Counts: areas, lists and facets leave the thread out.
				r := c.get("/omrader")
				mustContain(t, r, areaCount("beredskap", "Beredskap", 0), `(0 diskusjoner)`)
				r = c.get("/diskusjoner")
				mustContain(t, r, listTotal(2), `Skole <span class="count">(1)</span>`)
				mustNotContain(t, r, "emne=paske", "Påske")
				mustContain(t, c.get("/diskusjoner?emne=paske"), listTotal(0))
				// The counts shown agree with the lists they lead to.
				checkFacetCounts(t, c, "/diskusjoner")
				checkFacetCounts(t, c, "/diskusjoner?emne=skole")
				checkFacetCounts(t, c, "/omrader/krise")
				mustContain(t, c.get("/omrader/beredskap"), listTotal(0))
				mustContain(t, c.get("/sok?q=beredskapsplanen"), "1 treff")
				var areas []areaJSON
				c.getJSON("/api/v1/areas", 200, &areas)
				if got := threadCounts(areas); got["beredskap"] != 0 || got["krise"] != 0 || got["etikk"] != 1 || got["arkivering"] != 1 {
					t.Errorf("area thread counts: %v", got)
				}
				if l := c.threads("?tag=paske"); l.Total != 0 || len(l.Threads) != 0 {
					t.Errorf("tag=paske: %d", l.Total)
				}
				if l := c.threads(""); l.Total != 2 || l.has(fx.muni) {
					t.Errorf("threads: %d", l.Total)
				}
				var res searchJSON
				c.getJSON("/api/v1/search?q="+secretWord, 200, &res)
				if res.Total != 0 || len(res.Results) != 0 {
					t.Errorf("search for the secret word: %+v", res)
				}
				res = searchJSON{}
				c.getJSON("/api/v1/search?q=beredskapsplanen", 200, &res)
				if res.Total != 1 || len(res.Results) != 1 || res.Results[0].ID != fx.pub {
					t.Errorf("search beredskapsplanen: %+v", res)
				}
				r = c.get("/sok?q=" + secretWord)
				mustContain(t, r, "0 treff")
				mustNotContain(t, r, secretWord2, "/diskusjoner/"+muni)

				// The thread, its reply and their histories are not found.
				for _, p := range []string{
					"/diskusjoner/" + muni, "/diskusjoner/" + muni + "/ulest", "/diskusjoner/" + muni + "/rediger",
					"/diskusjoner/" + muni + "/historikk", "/svar/" + rMuni + "/rediger", "/svar/" + rMuni + "/historikk",
					"/diskusjoner/" + muni + "?svar-til=1",
				} {
					r := c.get(p)
					mustStatus(t, r, http.StatusNotFound)
					clean(r)
				}
				r = c.get("/api/v1/threads/" + muni)
				mustStatus(t, r, http.StatusNotFound)
				clean(r)

				// Nor can anything be done to them.
				for _, p := range []string{
					"/diskusjoner/" + muni + "/svar", "/diskusjoner/" + muni + "/lik", "/diskusjoner/" + muni + "/rediger",
					"/diskusjoner/" + muni + "/slett", "/diskusjoner/" + muni + "/gjenopprett",
					"/svar/" + rMuni + "/lik", "/svar/" + rMuni + "/rediger", "/svar/" + rMuni + "/slett", "/svar/" + rMuni + "/gjenopprett",
				} {
					r := c.post(p, url.Values{"body": {"Innbrudd"}, "title": {"Innbrudd her"}})
					mustStatus(t, r, http.StatusNotFound)
					clean(r)
				}
				for _, req := range []struct{ method, path string }{
					{"POST", "/api/v1/threads/" + muni + "/replies"},
					{"POST", "/api/v1/threads/" + muni + "/like"}, {"DELETE", "/api/v1/threads/" + muni + "/like"},
					{"POST", "/api/v1/replies/" + rMuni + "/like"}, {"DELETE", "/api/v1/replies/" + rMuni + "/like"},
				} {
					var body any
					if strings.HasSuffix(req.path, "/replies") {
						body = map[string]any{"body": "Innbrudd"}
					}
					r := c.sendJSON(req.method, req.path, body)
					mustStatus(t, r, http.StatusNotFound)
					clean(r)
				}
			})
		}
		// Nothing the outsiders tried changed the thread.
		th := insider.thread(fx.muni)
		if th.ReplyCount != 2 || th.LikeCount != 1 || th.Title != muniTitle+" i mai" || th.DeletedAt != nil {
			t.Errorf("the thread changed: %+v", th)
		}
		if rp := replyState(t, e, fx.rMuni); rp.LikeCount != 1 || rp.DeletedAt != nil || !strings.HasSuffix(rp.Body, "Endret.") {
			t.Errorf("the reply changed: %+v", rp)
		}

		// Anonymous visitors see only public threads.
		t.Run(anonymous, func(t *testing.T) {
			c := e.client(t)
			for p := range listPages() {
				r := c.get(p)
				mustStatus(t, r, 200)
				if hasSecret(r.Body) || strings.Contains(r.Body, memTitle) || strings.Contains(r.Body, rMemBody) {
					t.Errorf("%s shows a thread that is not public", p)
				}
			}
			for p := range apiLists() {
				if strings.Contains(p, "unread") {
					continue
				}
				r := c.get(p)
				mustStatus(t, r, 200)
				if hasSecret(r.Body) || strings.Contains(r.Body, memTitle) {
					t.Errorf("%s shows a thread that is not public", p)
				}
			}
			mustContain(t, c.get("/omrader"), areaCount("arkivering", "Arkivering", 0), areaCount("etikk", "Etikk", 1))
			mustContain(t, c.get("/diskusjoner"), listTotal(1), `Jul <span class="count">(1)</span>`)
			if l := c.threads(""); l.Total != 1 || !l.has(fx.pub) {
				t.Errorf("anonymous threads: %+v", l)
			}
			for _, id := range []int64{fx.mem, fx.muni} {
				for _, p := range []string{threadURLOf(id), threadURLOf(id) + "/historikk", threadURLOf(id) + "/ulest"} {
					r := c.get(p)
					mustRedirect(t, r, "/logg-inn?neste="+url.QueryEscape(p))
				}
				r := c.get("/api/v1/threads/" + itoa(id))
				mustStatus(t, r, http.StatusUnauthorized)
				if hasSecret(r.Body) || strings.Contains(r.Body, memTitle) {
					t.Errorf("the API's 401 shows the thread")
				}
			}
			for _, id := range []int64{fx.rMem, fx.rMuni} {
				p := "/svar/" + itoa(id) + "/historikk"
				mustRedirect(t, c.get(p), "/logg-inn?neste="+url.QueryEscape(p))
				mustStatus(t, c.sendJSON("POST", "/api/v1/replies/"+itoa(id)+"/like", nil), http.StatusUnauthorized)
			}
			mustStatus(t, c.get(threadURLOf(fx.pub)), 200)
			mustStatus(t, c.get("/api/v1/threads/"+itoa(fx.pub)), 200)
		})
	})
}
