package web_test

// Follows, notifications and Atom feeds through the real routes on both
// databases: the follow API, the pages and buttons, the unread count in the
// header, and feeds that parse as Atom and hold nothing private.

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
	"github.com/mmcdole/gofeed"
)

type followJSON struct {
	Kind string `json:"kind"`
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type followListJSON struct {
	Follows []followJSON `json:"follows"`
}

func (l followListJSON) has(kind string, id int64) bool {
	for _, f := range l.Follows {
		if f.Kind == kind && f.ID == id {
			return true
		}
	}
	return false
}

func TestFollowAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		fx := seedDiscussions(t, e)
		mari, ola := e.as(t, member), e.as(t, other)
		e.client(t).getJSON("/api/v1/follows", http.StatusUnauthorized, nil)
		r := e.client(t).sendJSON(http.MethodPost, "/api/v1/follows", map[string]any{"kind": "area", "id": "etikk"})
		mustStatus(t, r, http.StatusUnauthorized)

		// Threads you start or reply to are followed automatically.
		var l followListJSON
		ola.mustJSON(http.MethodGet, "/api/v1/follows", nil, http.StatusOK, &l)
		if len(l.Follows) != 1 || !l.has("thread", fx.pub) {
			t.Errorf("Ola, who replied in {t:pub}, follows %+v", l.Follows)
		}
		mari.mustJSON(http.MethodGet, "/api/v1/follows", nil, http.StatusOK, &l)
		if len(l.Follows) != 3 || !l.has("thread", fx.muni) {
			t.Errorf("Mari, who started three threads, follows %+v", l.Follows)
		}

		tests := []struct {
			who    string
			body   any
			status int
			name   string
		}{
			{member, map[string]any{"kind": "area", "id": "etikk"}, 201, "Etikk"},
			{member, map[string]any{"kind": "area", "id": fx.expand("{area:krise}")}, 201, "Krise"},
			{member, `{"kind":"area","id":` + fx.expand("{area:beredskap}") + `}`, 201, "Beredskap"},
			{member, `{"kind":"tag","id":` + fx.expand("{tag:jul}") + `}`, 201, "Jul"},
			{member, map[string]any{"kind": "member", "id": e.members[other].ID}, 201, "Ola Oslosen"},
			{member, map[string]any{"kind": "thread", "id": 999999}, 404, ""},
			{member, map[string]any{"kind": "area", "id": "finnes-ikke"}, 404, ""},
			{member, map[string]any{"kind": "area", "id": 999999}, 404, ""},
			{member, map[string]any{"kind": "tag", "id": "nisse"}, 404, ""},
			{member, map[string]any{"kind": "member", "id": 999999}, 404, ""},
			{member, map[string]any{"kind": "member", "id": e.members[member].ID}, 422, ""},
			{member, map[string]any{"kind": "gruppe", "id": 1}, 422, ""},
			{member, map[string]any{"kind": "thread", "id": "abc"}, 422, ""},
			{member, map[string]any{"kind": "area"}, 422, ""},
			{member, `{"kind":"area","id":"etikk","extra":1}`, 422, ""},
			{other, map[string]any{"kind": "thread", "id": fx.muni}, 404, ""},
			{other, map[string]any{"kind": "thread", "id": fx.mem}, 201, memTitle},
		}
		for _, tt := range tests {
			r := e.as(t, tt.who).sendJSON(http.MethodPost, "/api/v1/follows", tt.body)
			if r.StatusCode != tt.status {
				t.Errorf("%s POST %v: status %d, want %d; %.300s", tt.who, tt.body, r.StatusCode, tt.status, r.Body)
				continue
			}
			if tt.status == 201 {
				var f followJSON
				r.json(t, &f)
				if f.Name != tt.name || f.ID == 0 || f.URL == "" {
					t.Errorf("%s POST %v: %+v, want name %q", tt.who, tt.body, f, tt.name)
				}
			} else {
				mustNotContain(t, r, secretWord, muniTitle)
			}
		}
		mari.mustJSON(http.MethodGet, "/api/v1/follows", nil, http.StatusOK, &l)
		var kinds []string
		for _, f := range l.Follows {
			kinds = append(kinds, f.Kind+":"+f.Name)
		}
		want := []string{"area:Beredskap", "area:Etikk", "area:Krise", "tag:Jul", "thread:" + memTitle, "thread:" + muniTitle, "thread:" + pubTitle, "member:Ola Oslosen"}
		if strings.Join(kinds, "|") != strings.Join(want, "|") {
			t.Errorf("Mari follows\n %q\nwant\n %q", kinds, want)
		}

		// Unfollow by slug or id; unknown targets are 404; twice is fine.
		mari.mustJSON(http.MethodDelete, "/api/v1/follows/area/etikk", nil, http.StatusOK, nil)
		mari.mustJSON(http.MethodDelete, "/api/v1/follows/area/"+fx.expand("{area:krise}"), nil, http.StatusOK, nil)
		mari.mustJSON(http.MethodDelete, "/api/v1/follows/area/etikk", nil, http.StatusOK, nil)
		mari.mustJSON(http.MethodDelete, "/api/v1/follows/thread/"+itoa(fx.pub), nil, http.StatusOK, nil)
		mari.mustJSON(http.MethodDelete, "/api/v1/follows/thread/999999", nil, http.StatusNotFound, nil)
		mari.mustJSON(http.MethodDelete, "/api/v1/follows/gruppe/1", nil, http.StatusUnprocessableEntity, nil)
		ola.mustJSON(http.MethodDelete, "/api/v1/follows/thread/"+itoa(fx.muni), nil, http.StatusNotFound, nil)
		mari.mustJSON(http.MethodGet, "/api/v1/follows", nil, http.StatusOK, &l)
		if l.has("area", 0) || len(l.Follows) != 5 || l.has("thread", fx.pub) {
			t.Errorf("after unfollowing Mari follows %+v", l.Follows)
		}
	})
}

var unreadBadge = regexp.MustCompile(`<a href="/varsler" class="notify-link"[^>]*>Varsler(?: <span class="notify-count">\(([0-9]+) uleste?\)</span>)?</a>`)

// unread reads the count from the header of a page.
func unread(t *testing.T, r *response) int {
	t.Helper()
	m := unreadBadge.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("%s: no notification link in the header", r.Request.URL.Path)
	}
	if m[1] == "" {
		return 0
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n
}

var notificationLink = regexp.MustCompile(`<a class="ds-link" href="(/varsler/[0-9]+)">([^<]*)</a>`)

func TestNotificationPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		fx := seedDiscussions(t, e)
		mari, ola, anne := e.as(t, member), e.as(t, other), e.as(t, muniAdmin)

		// Anonymous visitors have no notifications and no buttons.
		anon := e.client(t)
		mustRedirect(t, anon.get("/varsler"), "/logg-inn")
		mustRedirect(t, anon.get("/folger"), "/logg-inn")
		for _, p := range []string{"/", "/omrader/etikk", "/diskusjoner?emne=jul", "/diskusjoner/" + itoa(fx.pub)} {
			mustNotContain(t, anon.get(p), `class="notify-link"`, `action="/folger"`)
		}

		// The pages offer to follow what they show.
		mustContain(t, ola.get("/omrader/etikk"), `action="/folger"`, "Følg området «Etikk»")
		mustContain(t, ola.get("/diskusjoner?emne=jul"), "Følg emnet «Jul»")
		mustContain(t, ola.get("/diskusjoner/"+itoa(fx.pub)), "Slutt å følge diskusjonen «"+html.EscapeString(pubTitle)+"»", "Demp diskusjonen")
		mustContain(t, ola.get("/medlemmer/"+e.id(member)), "Følg Mari Medlem", "Demp Mari Medlem")
		mustNotContain(t, mari.get("/medlemmer/"+e.id(member)), "Følg Mari Medlem")

		// Follow a tag with the plain form: back to the page with a notice.
		r := ola.post("/folger", url.Values{"kind": {"tag"}, "id": {fx.expand("{tag:jul}")}, "on": {"1"}, "next": {"/diskusjoner?emne=jul#folger-tag-1"}})
		mustRedirect(t, r, "/diskusjoner?emne=jul&melding=notice.notify_followed#folger-tag-1")
		mustContain(t, ola.get("/diskusjoner?emne=jul"), "Slutt å følge emnet «Jul»")
		// With htmx the answer is the new button alone.
		r = ola.post("/folger", url.Values{"kind": {"area"}, "id": {fx.expand("{area:beredskap}")}, "on": {"1"}, "next": {"/omrader/beredskap"}}, "HX-Request", "true")
		mustStatus(t, r, http.StatusOK)
		mustContain(t, r, `<form method="post" action="/folger"`, "Slutt å følge området «Beredskap»", `name="on" value="0"`)
		mustNotContain(t, r, "<html")
		if got := unread(t, ola.get("/")); got != 0 {
			t.Fatalf("Ola has %d unread before anything happened", got)
		}

		// Mari posts with the tag: Ola is told, with the count in the header.
		th := mari.newThread("Julebord og sosiale medier", "Hva poster dere før jul?", "kampanje", "members", "jul")
		home := ola.get("/")
		if got := unread(t, home); got != 1 {
			t.Errorf("Ola's header shows %d unread, want 1", got)
		}
		mustContain(t, home, "Varsler <span class=\"notify-count\">(1 ulest)</span>")
		// A municipality-only thread in Trondheim with the tag and in the
		// area Ola follows tells him nothing.
		anne.newThread("Intern jul "+secretWord, "Bare for Trondheim.", "beredskap", "municipality", "jul")
		page := ola.get("/varsler")
		mustStatus(t, page, http.StatusOK)
		mustNotContain(t, page, secretWord)
		links := notificationLink.FindAllStringSubmatch(page.Body, -1)
		if len(links) != 1 || html.UnescapeString(links[0][2]) != "Mari Medlem startet «Julebord og sosiale medier»" {
			t.Fatalf("Ola's notifications: %q", links)
		}
		mustContain(t, page, "Ulest", "Merk alle som lest", "Du har 1 ulest varsel.")

		// Opening the notification reads it and leads to the thread.
		mustRedirect(t, ola.get(links[0][1]), "/diskusjoner/"+itoa(th.ID))
		if got := unread(t, ola.get("/varsler")); got != 0 {
			t.Errorf("after opening, %d unread", got)
		}
		mustStatus(t, mari.get(links[0][1]), http.StatusNotFound) // not hers

		// Replies notify the thread's followers; «mark all read» clears the count.
		ola.newReply(th.ID, "Vi lager en julekalender.")
		e.as(t, moderator).newReply(th.ID, "Husk @"+e.members[other].Handle+" sin idé.")
		// The fixture's three threads each got a reply, and now two more.
		if got := unread(t, mari.get("/")); got != 5 {
			t.Errorf("Mari has %d unread after five replies to her threads, want 5", got)
		}
		if got := unread(t, ola.get("/")); got != 1 {
			t.Errorf("Ola has %d unread after being mentioned, want 1", got)
		}
		mustContain(t, ola.get("/varsler"), "Mons Moderator nevnte deg i «Julebord og sosiale medier»")
		mustRedirect(t, mari.post("/varsler/lest", nil), "/varsler?melding=notice.notify_all_read")
		if got := unread(t, mari.get("/")); got != 0 {
			t.Errorf("after «mark all read» Mari has %d unread", got)
		}

		// Muting the thread from its page silences it.
		mustRedirect(t, mari.post("/demp", url.Values{"kind": {"thread"}, "id": {itoa(th.ID)}, "on": {"1"}, "next": {"/diskusjoner/" + itoa(th.ID)}}), "/diskusjoner/"+itoa(th.ID))
		ola.newReply(th.ID, "Enda et svar.")
		if got := unread(t, mari.get("/")); got != 0 {
			t.Errorf("a muted thread gave Mari %d unread", got)
		}
		f := mari.get("/folger")
		mustContain(t, f, "Du har dempet", "Opphev demping av diskusjonen «Julebord og sosiale medier»", "Du følger", "Slutt å følge diskusjonen «"+pubTitle+"»")
	})
}

var feedLinkTag = regexp.MustCompile(`<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">`)

// feed fetches an Atom feed and parses it with a real feed parser.
func feed(t *testing.T, c *client, path string) (*gofeed.Feed, *response) {
	t.Helper()
	r := c.get(path)
	mustStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	f, err := gofeed.NewParser().ParseString(r.Body)
	if err != nil {
		t.Fatalf("%s does not parse: %v\n%.500s", path, err, r.Body)
	}
	if f.FeedType != "atom" || f.Title == "" || f.UpdatedParsed == nil {
		t.Errorf("%s: type %q, title %q, updated %v", path, f.FeedType, f.Title, f.Updated)
	}
	for _, it := range f.Items {
		if it.Title == "" || it.Link == "" || it.GUID == "" || it.UpdatedParsed == nil || len(it.Authors) == 0 {
			t.Errorf("%s: incomplete entry %+v", path, it)
		}
	}
	return f, r
}

func titles(f *gofeed.Feed) []string {
	var out []string
	for _, it := range f.Items {
		out = append(out, it.Title)
	}
	return out
}

func TestFeeds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		fx := seedDiscussions(t, e)
		anon := e.client(t)
		public := []struct {
			path string
			want []string
		}{
			{"/atom/siste", []string{pubTitle}},
			{"/atom/omrader/etikk", []string{pubTitle}},
			{"/atom/omrader/operativ", []string{pubTitle}},
			{"/atom/omrader/arkivering", nil},
			{"/atom/omrader/beredskap", nil},
			{"/atom/emner/jul", []string{pubTitle}},
			{"/atom/emner/skole", []string{pubTitle}},
			{"/atom/emner/paske", nil},
		}
		for _, p := range public {
			// Whoever asks, a public feed holds public threads only.
			for _, c := range []*client{anon, e.as(t, member)} {
				f, r := feed(t, c, p.path)
				if strings.Join(titles(f), "|") != strings.Join(p.want, "|") {
					t.Errorf("%s: entries %q, want %q", p.path, titles(f), p.want)
				}
				mustNotContain(t, r, secretWord, secretWord2, memTitle, memBody, rMemBody)
				if len(f.Items) > 0 && (f.Items[0].Link != e.ts.URL+"/diskusjoner/"+itoa(fx.pub) || !strings.Contains(f.Items[0].Content, "kommentarer")) {
					t.Errorf("%s: entry %+v", p.path, f.Items[0])
				}
			}
		}
		for _, p := range []string{"/atom/omrader/finnes-ikke", "/atom/emner/nisse", "/atom/personlig/almf_feil", "/atom/personlig/"} {
			if r := anon.get(p); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", p, r.StatusCode)
			}
		}

		// Every page with a feed advertises it, the front page included.
		for page, want := range map[string]string{
			"/":                                "/atom/siste",
			"/diskusjoner":                     "/atom/siste",
			"/omrader/etikk":                   "/atom/omrader/etikk",
			"/diskusjoner?omrade=beredskap":    "/atom/omrader/beredskap",
			"/diskusjoner?emne=jul":            "/atom/emner/jul",
			"/diskusjoner?emne=jul&emne=skole": "/atom/emner/skole",
		} {
			r := anon.get(page)
			var hrefs []string
			for _, m := range feedLinkTag.FindAllStringSubmatch(r.Body, -1) {
				hrefs = append(hrefs, m[1])
			}
			found := false
			for _, h := range hrefs {
				found = found || h == want
			}
			if !found {
				t.Errorf("%s advertises %q, want %s", page, hrefs, want)
			}
			if !strings.Contains(r.Body[:strings.Index(r.Body, "</head>")], "application/atom+xml") {
				t.Errorf("%s: the feed link is not in <head>", page)
			}
		}

		// Personal feeds: what the member follows, as the member may see it.
		personal := func(role string) string {
			t.Helper()
			c := e.as(t, role)
			for _, a := range []string{"etikk", "arkivering", "beredskap"} {
				c.mustJSON(http.MethodPost, "/api/v1/follows", map[string]any{"kind": "area", "id": a}, http.StatusCreated, nil)
			}
			r := c.post("/folger/feed", nil)
			mustStatus(t, r, http.StatusOK)
			m := regexp.MustCompile(`<code class="token" id="feed-url">([^<]+)</code>`).FindStringSubmatch(r.Body)
			if m == nil {
				t.Fatalf("no feed address on the page: %.2000s", r.Body)
			}
			mustNotContain(t, c.get("/folger"), m[1]) // shown once
			return strings.TrimPrefix(html.UnescapeString(m[1]), e.ts.URL)
		}
		anneFeed, olaFeed := personal(muniAdmin), personal(other)
		f, r := feed(t, anon, anneFeed)
		if got := strings.Join(titles(f), "|"); !strings.Contains(got, muniTitle) || !strings.Contains(got, memTitle) || !strings.Contains(got, pubTitle) {
			t.Errorf("Anne's (Trondheim) feed: %q", titles(f))
		}
		if r.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("personal feed Cache-Control %q", r.Header.Get("Cache-Control"))
		}
		f, r = feed(t, anon, olaFeed)
		if got := strings.Join(titles(f), "|"); got != memTitle+"|"+pubTitle && got != pubTitle+"|"+memTitle {
			t.Errorf("Ola's (Oslo) feed: %q", titles(f))
		}
		mustNotContain(t, r, secretWord, secretWord2)

		// Revoking: the old address is 404.
		ola := e.as(t, other)
		mustContain(t, ola.get("/folger"), "Trekk tilbake feedadressen")
		mustRedirect(t, ola.post("/folger/feed/slett", nil), "/folger?melding=notice.notify_feed_revoked")
		if r := anon.get(olaFeed); r.StatusCode != http.StatusNotFound {
			t.Errorf("revoked feed: status %d, want 404", r.StatusCode)
		}
		mustNotContain(t, ola.get("/folger"), "Trekk tilbake feedadressen")
		if r := anon.get(anneFeed); r.StatusCode != http.StatusOK {
			t.Errorf("Anne's feed after Ola revoked his: %d", r.StatusCode)
		}
	})
}
