package web_test

// What the thread lists promise: most read counts unique readers per day,
// unread markers lead to the first new reply, tag filters are AND across
// facets and OR within one with facet counts that match the totals, and
// Markdown from members is shown inert on every page.

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

var (
	listTotalRe = regexp.MustCompile(`role="status">(\d+) diskusjon`)
	facetTermRe = regexp.MustCompile(`<a class="ds-link" href="([^"]+)"( aria-current="true")?>(?:<span aria-hidden="true">✓ </span>)?([^<]+) <span class="count">\((\d+)\)</span></a>`)
)

// pageTotal reads the number of threads a list page announces.
func pageTotal(t *testing.T, r *response) int {
	t.Helper()
	m := listTotalRe.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("%s: no thread count on the page: %.2000s", r.Request.URL, r.Body)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

type facetTerm struct {
	url, name string
	selected  bool
	count     int
}

func facetTerms(r *response) []facetTerm {
	var out []facetTerm
	for _, m := range facetTermRe.FindAllStringSubmatch(r.Body, -1) {
		n, _ := strconv.Atoi(m[4])
		out = append(out, facetTerm{url: html.UnescapeString(m[1]), name: html.UnescapeString(m[3]), selected: m[2] != "", count: n})
	}
	return out
}

// checkFacetCounts follows every term of a list's facets: the count shown
// for a term not chosen is the total of the list with the term added; for
// a chosen term it is the list's own total. It returns the terms by name.
func checkFacetCounts(t *testing.T, c *client, p string) map[string]facetTerm {
	t.Helper()
	r := c.get(p)
	mustStatus(t, r, 200)
	total := pageTotal(t, r)
	terms := facetTerms(r)
	if total > 0 && len(terms) == 0 {
		t.Errorf("%s: %d threads but no facet terms", p, total)
	}
	byName := map[string]facetTerm{}
	for _, term := range terms {
		byName[term.name] = term
		if term.selected {
			if term.count != total {
				t.Errorf("%s: chosen term %s shows %d, the list has %d", p, term.name, term.count, total)
			}
			continue
		}
		if term.count == 0 {
			t.Errorf("%s: term %s is offered with 0 threads", p, term.name)
		}
		next := c.get(term.url)
		mustStatus(t, next, 200)
		if got := pageTotal(t, next); got != term.count {
			t.Errorf("%s: term %s shows (%d), but %s lists %d", p, term.name, term.count, term.url, got)
		}
	}
	return byName
}

func TestDiscussionTagFilter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		seedTaxonomy(t, e)
		mari := e.as(t, member)
		titles := map[string]string{
			"A": "Julekampanje på skolene", "B": "Julehilsen fra helsetjenesten", "C": "Påskeferie og skolestart",
			"D": "Påskeåpningstider", "E": "Uten emneknagger her",
		}
		ids := map[string]int64{}
		ids["A"] = mari.newThread(titles["A"], "Tekst", "kampanje", "members", "jul", "skole").ID
		ids["B"] = mari.newThread(titles["B"], "Tekst", "kampanje", "members", "jul", "helse").ID
		ids["C"] = mari.newThread(titles["C"], "Tekst", "etikk", "members", "paske", "skole").ID
		ids["D"] = mari.newThread(titles["D"], "Tekst", "etikk", "members", "paske").ID
		ids["E"] = mari.newThread(titles["E"], "Tekst", "etikk", "members").ID
		anne := e.as(t, muniAdmin)

		cases := []struct {
			tags []string
			want string
		}{
			{nil, "ABCDE"},
			{[]string{"jul"}, "AB"},
			{[]string{"jul", "paske"}, "ABCD"},                  // OR within a facet
			{[]string{"jul", "skole"}, "A"},                     // AND across facets
			{[]string{"jul", "paske", "skole"}, "AC"},           // both at once
			{[]string{"skole", "helse"}, "ABC"},                 // OR within fagområde
			{[]string{"skole", "helse", "paske"}, "C"},          //
			{[]string{"paske", "jul", "helse", "skole"}, "ABC"}, // order does not matter
			{[]string{"Påske"}, "CD"},                           // a term's name works too
			{[]string{"finnes-ikke"}, ""},
			{[]string{"jul", "finnes-ikke"}, ""},
		}
		for _, c := range cases {
			q := url.Values{"emne": c.tags}
			p := "/diskusjoner"
			if len(c.tags) > 0 {
				p += "?" + q.Encode()
			}
			r := anne.get(p)
			mustStatus(t, r, 200)
			if got := pageTotal(t, r); got != len(c.want) {
				t.Errorf("%s: %d threads, want %d", p, got, len(c.want))
			}
			for k, title := range titles {
				if in := strings.Contains(r.Body, html.EscapeString(title)); in != strings.Contains(c.want, k) {
					t.Errorf("%s: thread %s listed %v, want %v", p, k, in, !in)
				}
			}
			if len(c.tags) > 0 && c.want != "" {
				mustContain(t, r, "Fjern alle filtre")
			}
			checkFacetCounts(t, anne, p)

			// The API gives the same answer.
			l := anne.threads("?" + url.Values{"tag": c.tags}.Encode())
			if l.Total != len(c.want) {
				t.Errorf("API %v: total %d, want %d", c.tags, l.Total, len(c.want))
			}
			for k, id := range ids {
				if l.has(id) != strings.Contains(c.want, k) {
					t.Errorf("API %v: thread %s listed %v", c.tags, k, l.has(id))
				}
			}
		}

		// The counts themselves, without and with a filter.
		terms := checkFacetCounts(t, anne, "/diskusjoner")
		for name, n := range map[string]int{"Jul": 2, "Påske": 2, "Skole": 2, "Helse": 1} {
			if terms[name].count != n {
				t.Errorf("unfiltered: %s (%d), want %d", name, terms[name].count, n)
			}
		}
		if _, ok := terms["Barnehage"]; ok {
			t.Error("a term no thread has is offered")
		}
		terms = checkFacetCounts(t, anne, "/diskusjoner?emne=jul")
		for name, n := range map[string]int{"Jul": 2, "Påske": 4, "Skole": 1, "Helse": 1} {
			if terms[name].count != n || terms[name].selected != (name == "Jul") {
				t.Errorf("emne=jul: %s %+v, want (%d)", name, terms[name], n)
			}
		}
		checkFacetCounts(t, anne, "/omrader/operativ?emne=skole")
		checkFacetCounts(t, anne, "/diskusjoner?emne=paske&emne=skole&sortering=topp&periode=uke")
	})
}

func TestDiscussionMostRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		seedTaxonomy(t, e)
		mari := e.as(t, member)
		a := mari.newThread("Mest lest tråd Alfa", "Tekst", "etikk", "members")
		b := mari.newThread("Mest lest tråd Beta", "Tekst", "etikk", "members")
		c := mari.newThread("Mest lest tråd Gamma", "Tekst", "etikk", "public")

		reads := func(want map[int64]int) {
			t.Helper()
			for _, period := range []string{"week", "month", "year", "all"} {
				l := mari.threads("?sort=most-read&period=" + period)
				got := map[int64]int{}
				for _, th := range l.Threads {
					got[th.ID] = th.ReadCount
				}
				for id, n := range want {
					if got[id] != n {
						t.Errorf("period %s: thread %d read by %d, want %d", period, id, got[id], n)
					}
				}
				for i := 1; i < len(l.Threads); i++ {
					if l.Threads[i-1].ReadCount < l.Threads[i].ReadCount {
						t.Errorf("period %s: most-read is not in order: %v", period, got)
					}
				}
			}
		}
		view := func(role string, id int64) {
			t.Helper()
			mustStatus(t, e.as(t, role).get(threadURLOf(id)), 200)
		}
		reads(map[int64]int{a.ID: 0, b.ID: 0, c.ID: 0})

		// One member twice the same day: one reader.
		view(muniAdmin, a.ID)
		view(muniAdmin, a.ID)
		reads(map[int64]int{a.ID: 1, b.ID: 0})
		// A second member: two.
		view(other, a.ID)
		reads(map[int64]int{a.ID: 2, b.ID: 0})
		view(moderator, b.ID)
		view(moderator, b.ID)
		view(moderator, b.ID)
		reads(map[int64]int{a.ID: 2, b.ID: 1})
		// Anonymous visitors are not counted as readers.
		for i := 0; i < 3; i++ {
			mustStatus(t, e.client(t).get(threadURLOf(c.ID)), 200)
		}
		reads(map[int64]int{a.ID: 2, b.ID: 1, c.ID: 0})

		for _, p := range []string{"alt", "uke", "maned", "ar"} {
			page := e.as(t, operator).get("/diskusjoner?sortering=mest-lest&periode=" + p)
			mustStatus(t, page, 200)
			mustContain(t, page, "2 lesere", "1 leser", `aria-current="page">Mest lest</a>`)
			ia, ib, ic := strings.Index(page.Body, "Mest lest tråd Alfa"), strings.Index(page.Body, "Mest lest tråd Beta"), strings.Index(page.Body, "Mest lest tråd Gamma")
			if ia < 0 || ib < 0 || ic < 0 || !(ia < ib && ib < ic) {
				t.Errorf("periode %s: most read not in order (%d, %d, %d)", p, ia, ib, ic)
			}
		}
	})
}

func TestDiscussionUnread(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		seedTaxonomy(t, e)
		th := e.as(t, member).newThread("Uleste svar i denne tråden", "Tekst", "etikk", "members")
		id := itoa(th.ID)
		anne := e.as(t, muniAdmin)
		unreadLink := func(n int) string {
			word := "nye svar"
			if n == 1 {
				word = "nytt svar"
			}
			return `<a class="ds-link unread" href="/diskusjoner/` + id + `/ulest">` + strconv.Itoa(n) + " " + word + `</a>`
		}
		jump := func(c *client, want string) {
			t.Helper()
			r := c.get("/diskusjoner/" + id + "/ulest")
			mustStatus(t, r, http.StatusSeeOther)
			if r.Location() != want {
				t.Errorf("ulest → %q, want %q", r.Location(), want)
			}
		}
		api := func(c *client, count, first int) {
			t.Helper()
			got := c.thread(th.ID)
			if got.UnreadCount != count || got.FirstUnread != first {
				t.Errorf("unread_count %d, first_unread %d; want %d, %d", got.UnreadCount, got.FirstUnread, count, first)
			}
		}

		// Never opened: marked new, no count of new replies.
		list := anne.get("/diskusjoner")
		mustContain(t, list, `unread-new`, ">Ny</span>")
		mustNotContain(t, list, "/diskusjoner/"+id+"/ulest")
		api(anne, -1, 0)
		jump(anne, "/diskusjoner/"+id)

		// Read, then another member replies.
		mustStatus(t, anne.get("/diskusjoner/"+id), 200)
		list = anne.get("/diskusjoner")
		mustNotContain(t, list, "/diskusjoner/"+id+"/ulest", "unread-new")
		api(anne, 0, 0)
		ola := e.as(t, other)
		ola.newReply(th.ID, "Første svar")
		mustContain(t, anne.get("/diskusjoner"), unreadLink(1))
		mustContain(t, anne.get("/diskusjoner?ulest=1"), listTotal(1))
		if l := anne.threads("?unread=true"); l.Total != 1 || !l.has(th.ID) {
			t.Errorf("unread=true: %+v", l)
		}
		api(anne, 1, 1)
		jump(anne, "/diskusjoner/"+id+"#svar-1")

		// A second reply: two new, still starting at the first.
		mons := e.as(t, moderator)
		second := mons.newReply(th.ID, "Andre svar")
		mustContain(t, anne.get("/diskusjoner"), unreadLink(2))
		jump(anne, "/diskusjoner/"+id+"#svar-1")
		// The one who replied first has read up to his own reply.
		mustContain(t, ola.get("/diskusjoner"), unreadLink(1))
		jump(ola, "/diskusjoner/"+id+"#svar-2")
		// A deleted reply is not new.
		mustRedirect(t, mons.post("/svar/"+itoa(second.ID)+"/slett", nil), "/diskusjoner/"+id)
		mustContain(t, anne.get("/diskusjoner"), unreadLink(1))
		mustContain(t, ola.get("/diskusjoner?ulest=1"), listTotal(0))

		// Opening the thread offers the jump and then marks everything read.
		page := anne.get("/diskusjoner/" + id)
		mustContain(t, page, `href="#svar-1">Hopp til første uleste svar</a>`)
		list = anne.get("/diskusjoner")
		mustNotContain(t, list, "/diskusjoner/"+id+"/ulest", "nytt svar", "nye svar")
		mustContain(t, anne.get("/diskusjoner?ulest=1"), listTotal(0))
		api(anne, 0, 0)
		jump(anne, "/diskusjoner/"+id)

		// Anonymous visitors get no markers.
		pub := e.as(t, member).newThread("Offentlig tråd uten markører", "Tekst", "etikk", "public")
		e.as(t, other).newReply(pub.ID, "Svar")
		mustNotContain(t, e.client(t).get("/diskusjoner"), "unread", ">Ny</span>")
	})
}

var layoutScript = regexp.MustCompile(`<script src="/assets/[0-9a-f]{12}/vendor/htmx\.min\.js" defer></script>`)

// assertInert fails if the page holds an element or attribute that can run
// script, apart from the layout's own htmx. With text, the words of the
// payload may not appear even as text (where the page shows rendered HTML only).
func assertInert(t *testing.T, label, body string, text bool) {
	t.Helper()
	b := strings.ToLower(layoutScript.ReplaceAllString(body, ""))
	bad := []string{"<script", "<iframe", "<svg", "<object", "<embed", "<math"}
	if text {
		bad = append(bad, "onerror", "onload", "javascript:")
	}
	for _, s := range bad {
		if i := strings.Index(b, s); i >= 0 {
			t.Errorf("%s has %q: …%s…", label, s, b[max(0, i-200):min(len(b), i+200)])
		}
	}
	// An image may stay, but without a source or handlers.
	for _, img := range imgTag.FindAllString(b, -1) {
		if imgAttr.MatchString(img) {
			t.Errorf("%s has an active image: %s", label, img)
		}
	}
}

var (
	imgTag  = regexp.MustCompile(`<img\b[^>]*>`)
	imgAttr = regexp.MustCompile(`\s(src|srcset|on[a-z]+)\s*=`)
)

func TestDiscussionMarkdownSafety(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		seedTaxonomy(t, e)
		payload := "Trygg tekst før angrepet.\n\n" +
			"<script>alert(1)</script>\n\n" +
			"<img src=x onerror=alert(1)>\n\n" +
			"[x](javascript:alert(1))\n\n" +
			"Inline <script>alert(2)</script> og <img src=y onerror=alert(2)> og [klikk](javascript:alert(3)) og <a href=\"javascript:alert(4)\">a</a>.\n\n" +
			"[stor](JaVaScRiPt:alert(5)) og <svg onload=alert(6)></svg> og <iframe src=\"https://evil.example\"></iframe>\n\n" +
			"![bilde](javascript:alert(7))\n\n" +
			"<div onmouseover=\"alert(8)\">hover</div>\n\n**Trygg fet tekst.**"
		title := `Farlig <b>tittel</b> <script>alert("t")</script> & "sitat"`
		mari := e.as(t, member)

		// Through the form.
		r := mari.post("/diskusjoner", form("title", title, "body", payload, "area", "etikk", "visibility", "public", "tags", "jul"))
		mustRedirect(t, r, "/diskusjoner/")
		loc, _, _ := strings.Cut(r.Location(), "?")
		id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/diskusjoner/"), 10, 64)
		if err != nil {
			t.Fatalf("Location %q", r.Location())
		}
		mustRedirect(t, e.as(t, other).post(threadURLOf(id)+"/svar", form("body", payload)), threadURLOf(id)+"#svar-1")
		// Through the API.
		e.as(t, muniAdmin).newReply(id, payload)
		viaAPI := mari.newThread(title, payload, "etikk", "public")

		// Stored as written: the source is kept, only the HTML is cleaned.
		got := mari.thread(id)
		if got.Title != title || got.Body != strings.TrimSpace(payload) {
			t.Errorf("stored title %q, body %q", got.Title, got.Body)
		}
		htmls := []string{got.BodyHTML, mari.thread(viaAPI.ID).BodyHTML}
		for _, rep := range got.Replies {
			htmls = append(htmls, rep.BodyHTML)
		}
		if len(htmls) != 4 {
			t.Fatalf("%d bodies", len(htmls))
		}
		for i, h := range htmls {
			assertInert(t, "body_html "+strconv.Itoa(i), h, true)
			if !strings.Contains(h, "Trygg tekst før angrepet.") || !strings.Contains(h, "<strong>Trygg fet tekst.</strong>") || !strings.Contains(h, "klikk") {
				t.Errorf("body_html %d lost the harmless text: %s", i, h)
			}
			if strings.Contains(strings.ToLower(h), "onmouseover") {
				t.Errorf("body_html %d keeps an event handler: %s", i, h)
			}
		}

		escapedTitle := html.EscapeString(title)
		for _, p := range []int64{id, viaAPI.ID} {
			for _, role := range []string{anonymous, member, moderator} {
				page := e.as(t, role).get(threadURLOf(p))
				mustStatus(t, page, 200)
				assertInert(t, role+" "+threadURLOf(p), page.Body, true)
				mustContain(t, page, "Trygg tekst før angrepet.", "<strong>Trygg fet tekst.</strong>", escapedTitle, "<title>"+escapedTitle)
				mustNotContain(t, page, "<b>tittel</b>", "onmouseover")
			}
		}
		// The other pages that show the title or the text.
		for _, p := range []string{"/", "/diskusjoner", "/omrader/etikk", "/diskusjoner?emne=jul", "/sok?q=angrepet", "/sok?q=tittel", "/sok?q=klikk&type=reply"} {
			page := mari.get(p)
			mustStatus(t, page, 200)
			assertInert(t, p, page.Body, false)
			mustNotContain(t, page, "<b>tittel</b>")
			if strings.HasPrefix(p, "/sok?q=tittel") {
				mustContain(t, page, "2 treff", escapedTitle)
			} else if strings.HasPrefix(p, "/sok") {
				mustContain(t, page, "<mark>")
			} else {
				mustContain(t, page, escapedTitle)
			}
		}
		// Where the source is shown for editing or quoting, it is text.
		for _, p := range []string{threadURLOf(id) + "/rediger", threadURLOf(id) + "?svar-til=0", threadURLOf(id) + "?svar-til=1", threadURLOf(id) + "/historikk"} {
			page := mari.get(p)
			mustStatus(t, page, 200)
			assertInert(t, p, page.Body, false)
			mustContain(t, page, "&lt;script&gt;alert(1)&lt;/script&gt;")
		}
		// The API answers are JSON: the text is data, and the HTML is clean.
		var list threadListJSON
		mari.getJSON("/api/v1/threads", 200, &list)
		for _, th := range list.Threads {
			assertInert(t, "list body_html", th.BodyHTML, true)
		}
		var res searchJSON
		mari.getJSON("/api/v1/search?q=angrepet", 200, &res)
		if res.Total == 0 {
			t.Error("search found nothing")
		}
		for _, hit := range res.Results {
			assertInert(t, "snippet", hit.Snippet, false)
			assertInert(t, "title", html.EscapeString(hit.Title), false)
		}
		raw := mari.get("/api/v1/threads/" + itoa(id))
		if strings.Contains(raw.Body, "<script") || !json.Valid([]byte(raw.Body)) {
			t.Errorf("the JSON answer has raw markup: %.500s", raw.Body)
		}
	})
}
