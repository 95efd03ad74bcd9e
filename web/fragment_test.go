package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

var allCSRFInputs = regexp.MustCompile(`name="csrf_token"\s+value="([^"]*)"`)

// ownTokensOnly fails unless every CSRF token on the page is the visitor's own.
func ownTokensOnly(t *testing.T, c *client, r *response) {
	t.Helper()
	want := c.cookieValue("alm_csrf")
	ms := allCSRFInputs.FindAllStringSubmatch(r.Body, -1)
	if len(ms) == 0 || want == "" {
		t.Fatalf("no CSRF token on the page (cookie %q)", want)
	}
	for _, m := range ms {
		if m[1] != want {
			t.Fatalf("the page carries the CSRF token %q, the visitor's is %q", m[1], want)
		}
	}
}

// replyEntry is the part of the thread page that shows reply number n.
func replyEntry(t *testing.T, r *response, n string) string {
	t.Helper()
	start := strings.Index(r.Body, `id="svar-`+n+`"`)
	if start < 0 {
		t.Fatalf("reply #%s is not on the page", n)
	}
	start = strings.LastIndex(r.Body[:start], "<li")
	rest := r.Body[start:]
	end := strings.Index(rest, "</li>")
	return rest[:end]
}

// TestThreadPageRepliesAreExact: replies are rendered once and kept
// (fragment_replies.go); every viewer still gets their own buttons and their
// own CSRF token, and every change to a reply — written through another
// node — shows on the next page view.
func TestThreadPageRepliesAreExact(t *testing.T) {
	dbtest.EachNodes(t, func(t *testing.T, db, other2 *store.DB) {
		e := newEnv(t, db)
		seedTaxonomy(t, e)
		mari, ola, mod := e.as(t, member), e.as(t, other), e.as(t, moderator)
		th := mari.newThread("Hjemmekontor i kommunen", "Hvordan gjør dere det?", "etikk", "public")
		rep := ola.newReply(th.ID, "Vi har **fast** hjemmekontordag.")
		page := "/diskusjoner/" + itoa(th.ID)
		rid := itoa(rep.ID)
		like, edit, del, restore := `id="like-reply-`+rid+`"`, `href="/svar/`+rid+`/rediger"`, `action="/svar/`+rid+`/slett"`, `action="/svar/`+rid+`/gjenopprett"`
		quote := `svar-til=1#svar-skjema`

		anon := e.as(t, anonymous)
		anon.csrf()
		view := func(c *client) string {
			t.Helper()
			r := c.get(page)
			mustStatus(t, r, http.StatusOK)
			ownTokensOnly(t, c, r)
			return replyEntry(t, r, "1")
		}
		expect := func(who string, entry string, want, absent []string) {
			t.Helper()
			for _, w := range want {
				if !strings.Contains(entry, w) {
					t.Errorf("%s: reply lacks %s:\n%s", who, w, entry)
				}
			}
			for _, a := range absent {
				if strings.Contains(entry, a) {
					t.Errorf("%s: reply shows %s:\n%s", who, a, entry)
				}
			}
		}
		// Twice each, in turns, so that later views come from the cache.
		for range 2 {
			expect("the thread's author", view(mari), []string{like, quote, "<strong>fast</strong>"}, []string{edit, del, restore})
			expect("the reply's author", view(ola), []string{edit, del, quote, `class="like-static"`}, []string{like, restore})
			expect("a moderator", view(mod), []string{like, edit, del, quote}, []string{restore})
			expect("a visitor", view(anon), []string{`class="like-static"`, "<strong>fast</strong>"}, []string{like, edit, del, quote, restore})
		}

		olaM, modM := e.members[other], e.members[moderator]

		// A like (through the form) shows at once, for the liker and others.
		mustStatus(t, mari.post("/svar/"+rid+"/lik", url.Values{"on": {"1"}, "next": {page}}), http.StatusSeeOther)
		expect("the liker", view(mari), []string{`aria-pressed="true"`, "1 liker"}, nil)
		expect("the author after a like", view(ola), []string{"1 liker"}, []string{"0 liker"})

		// An edit through the other node.
		if _, err := other2.UpdateReply(ctx, olaM, rep.ID, "Vi har to dager.", "<p>Vi har to dager.</p>", nil); err != nil {
			t.Fatal(err)
		}
		expect("after an edit", view(mari), []string{"Vi har to dager.", `href="/svar/` + rid + `/historikk"`}, []string{"<strong>fast</strong>"})
		expect("a visitor after an edit", view(anon), []string{"Vi har to dager."}, []string{"<strong>fast</strong>"})

		// Deleted: a placeholder for members, the body and a restore button for moderators.
		if err := other2.DeleteReply(ctx, olaM, rep.ID); err != nil {
			t.Fatal(err)
		}
		expect("after a delete", view(mari), []string{"reply--deleted"}, []string{"Vi har to dager.", like, quote})
		expect("a moderator after a delete", view(mod), []string{"reply--deleted", restore, "Vi har to dager."}, []string{like, edit, del})
		if err := other2.RestoreReply(ctx, rep.ID); err != nil {
			t.Fatal(err)
		}
		expect("after a restore", view(mari), []string{"Vi har to dager.", like}, []string{"reply--deleted"})
		expect("a moderator after a restore", view(mod), []string{edit, del}, []string{restore, "reply--deleted"})

		// A rename of the reply's author.
		u := profileWithLanguage(e.reload(olaM.ID), "nb")
		u.Name = "Ola Omdøpt"
		if _, err := other2.UpdateProfile(ctx, olaM.ID, u); err != nil {
			t.Fatal(err)
		}
		expect("after a rename", view(anon), []string{"Ola Omdøpt"}, []string{"Ola Oslosen"})

		// A moderator who loses the role loses the buttons.
		if err := other2.RevokeRole(ctx, modM.ID, allmenning.Grant{Role: allmenning.RoleModerator}); err != nil {
			t.Fatal(err)
		}
		expect("a former moderator", view(mod), []string{like, quote}, []string{edit, del})
	})
}

// TestQuestionPageAnswersAreExact: the answers of a question page, kept as
// rendered fragments, follow votes, acceptance and comments at once, and
// each viewer gets their own buttons and CSRF token.
func TestQuestionPageAnswersAreExact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		seedTaxonomy(t, e)
		mari, ola, mod := e.as(t, member), e.as(t, other), e.as(t, moderator)
		var q threadJSON
		mari.mustJSON(http.MethodPost, "/api/v1/questions", map[string]any{
			"title": "Hvordan arkiverer dere SMS?", "body": "Vi lurer på rutinene.", "area": "arkivering", "tags": []string{}, "visibility": "members",
		}, http.StatusCreated, &q)
		page := "/sporsmal/" + itoa(q.ID)
		r := ola.post(page+"/svar", url.Values{"body": {"Vi bruker Noark-eksport."}})
		mustStatus(t, r, http.StatusSeeOther)
		answers, err := db.FindReplies(ctx, allmenning.ViewerOf(e.members[member]), q.ID, 0, 10)
		if err != nil || len(answers) != 1 {
			t.Fatalf("answers: %v, %v", answers, err)
		}
		aid := itoa(answers[0].ID)
		accept, vote := `action="/svar/`+aid+`/aksepter"`, `id="vote-up-`+aid+`"`
		view := func(c *client) string {
			t.Helper()
			r := c.get(page)
			mustStatus(t, r, http.StatusOK)
			ownTokensOnly(t, c, r)
			return replyEntry(t, r, "1")
		}
		for range 2 {
			if a := view(mari); !strings.Contains(a, accept) || !strings.Contains(a, vote) {
				t.Errorf("the asker sees no accept or vote button:\n%s", a)
			}
			if a := view(ola); strings.Contains(a, accept) || strings.Contains(a, vote) || !strings.Contains(a, `href="/svar/`+aid+`/rediger"`) {
				t.Errorf("the answer's author sees the wrong buttons:\n%s", a)
			}
			if a := view(mod); !strings.Contains(a, `action="/svar/`+aid+`/slett"`) {
				t.Errorf("the moderator sees no delete button:\n%s", a)
			}
		}
		mustStatus(t, mari.post("/svar/"+aid+"/stem", url.Values{"vote": {"1"}}), http.StatusSeeOther)
		if a := view(ola); !strings.Contains(a, `id="vote-score-`+aid+`">1 `) {
			t.Errorf("the vote does not show:\n%s", a)
		}
		mustStatus(t, mari.post("/svar/"+aid+"/aksepter", nil), http.StatusSeeOther)
		if a := view(mod); !strings.Contains(a, "answer--accepted") {
			t.Errorf("the acceptance does not show:\n%s", a)
		}
		if a := view(mari); strings.Contains(a, accept) {
			t.Errorf("the accepted answer still has an accept button:\n%s", a)
		}
		mustStatus(t, mod.post("/svar/"+aid+"/kommenter", url.Values{"comment": {"Husk journalføring."}}), http.StatusSeeOther)
		if a := view(ola); !strings.Contains(a, "Husk journalføring.") {
			t.Errorf("the comment does not show:\n%s", a)
		}
		// A comment too long is shown again at its own field, for its writer only.
		long := strings.Repeat("x", allmenning.CommentMaxLength+1)
		r = mod.post("/svar/"+aid+"/kommenter", url.Values{"comment": {long}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `aria-describedby="comment-`+aid+`-error" value="`+long+`"`) {
			t.Errorf("the failed comment is not shown again (%d)", r.StatusCode)
		}
		if a := view(mari); strings.Contains(a, long) || strings.Contains(a, "comment-"+aid+"-error") {
			t.Errorf("another viewer sees the failed comment:\n%s", a)
		}
	})
}

// firstPost is the part of the thread page from the breadcrumbs to the end
// of the first post.
func firstPost(t *testing.T, r *response) string {
	t.Helper()
	start := strings.Index(r.Body, `class="ds-breadcrumbs"`)
	end := strings.Index(r.Body, "</article>")
	if start < 0 || end < start {
		t.Fatalf("no first post on the page:\n%s", r.Body)
	}
	return r.Body[start:end]
}

// TestThreadPageFirstPostIsExact: the first post is kept as rendered
// fragments too; every viewer gets their own buttons and CSRF token, and
// every change to the thread — written through another node — shows on the
// next page view.
func TestThreadPageFirstPostIsExact(t *testing.T) {
	dbtest.EachNodes(t, func(t *testing.T, db, other2 *store.DB) {
		e := newEnv(t, db)
		seedTaxonomy(t, e)
		mari, ola, mod := e.as(t, member), e.as(t, other), e.as(t, moderator)
		th := mari.newThread("Hjemmekontor i kommunen", "Hvordan gjør **dere** det?", "etikk", "public", "jul")
		id := itoa(th.ID)
		page := "/diskusjoner/" + id
		like, edit, del, restore := `id="like-thread-`+id+`"`, `href="/diskusjoner/`+id+`/rediger"`, `action="/diskusjoner/`+id+`/slett"`, `action="/diskusjoner/`+id+`/gjenopprett"`
		quote := `svar-til=0#svar-skjema`

		anon := e.as(t, anonymous)
		anon.csrf()
		view := func(c *client) string {
			t.Helper()
			r := c.get(page)
			mustStatus(t, r, http.StatusOK)
			ownTokensOnly(t, c, r)
			return firstPost(t, r)
		}
		expect := func(who string, post string, want, absent []string) {
			t.Helper()
			for _, w := range want {
				if !strings.Contains(post, w) {
					t.Errorf("%s: first post lacks %s:\n%s", who, w, post)
				}
			}
			for _, a := range absent {
				if strings.Contains(post, a) {
					t.Errorf("%s: first post shows %s:\n%s", who, a, post)
				}
			}
		}
		for range 2 {
			expect("the author", view(mari), []string{edit, del, quote, `class="like-static"`, "<strong>dere</strong>", "emne=jul"}, []string{like, restore})
			expect("another member", view(ola), []string{like, quote, "Hjemmekontor i kommunen"}, []string{edit, del, restore})
			expect("a moderator", view(mod), []string{like, edit, del, quote}, []string{restore})
			expect("a visitor", view(anon), []string{`class="like-static"`, "<strong>dere</strong>"}, []string{like, edit, del, quote, restore})
		}

		mustStatus(t, ola.post(page+"/lik", url.Values{"on": {"1"}, "next": {page}}), http.StatusSeeOther)
		expect("the liker", view(ola), []string{`aria-pressed="true"`, "1 liker"}, nil)
		expect("the author after a like", view(mari), []string{"1 liker"}, []string{"0 liker"})

		mariM, modM := e.members[member], e.members[moderator]
		if _, err := other2.UpdateThread(ctx, mariM, th.ID, allmenning.ThreadUpdate{Title: "Hjemmekontor endret", Body: "Nå to dager.", Tags: []string{"skole"}}, "<p>Nå to dager.</p>", nil); err != nil {
			t.Fatal(err)
		}
		expect("after an edit", view(anon), []string{"Hjemmekontor endret", "Nå to dager.", page + "/historikk", "emne=skole"},
			[]string{"Hjemmekontor i kommunen", "<strong>dere</strong>", "emne=jul"})

		u := profileWithLanguage(e.reload(mariM.ID), "nb")
		u.Name = "Mari Omdøpt"
		if _, err := other2.UpdateProfile(ctx, mariM.ID, u); err != nil {
			t.Fatal(err)
		}
		expect("after a rename", view(ola), []string{"Mari Omdøpt"}, nil)

		if err := other2.DeleteThread(ctx, modM, th.ID); err != nil {
			t.Fatal(err)
		}
		expect("a moderator after a delete", view(mod), []string{restore, "Nå to dager."}, []string{del})
		if err := other2.RestoreThread(ctx, th.ID); err != nil {
			t.Fatal(err)
		}
		expect("a moderator after a restore", view(mod), []string{del, edit}, []string{restore})

		if err := other2.RevokeRole(ctx, modM.ID, allmenning.Grant{Role: allmenning.RoleModerator}); err != nil {
			t.Fatal(err)
		}
		expect("a former moderator", view(mod), []string{like, quote}, []string{edit, del})
	})
}

// siteHeader is the page's header element.
func siteHeader(t *testing.T, r *response) string {
	t.Helper()
	start := strings.Index(r.Body, `<header class="site-header">`)
	end := strings.Index(r.Body, `</header>`)
	if start < 0 || end < start {
		t.Fatalf("%s: no site header", r.Request.URL.Path)
	}
	return r.Body[start:end]
}

// TestPageChromeIsExact: the header and footer are rendered once per
// language, member and state and kept (chrome.go); every page still marks
// its own navigation item, every visitor gets their own name, rights and
// CSRF token, and a rename, a role, an unread notification or another
// language shows on the next page.
func TestPageChromeIsExact(t *testing.T) {
	dbtest.EachNodes(t, func(t *testing.T, db, other2 *store.DB) {
		e := newEnv(t, db)
		seedTaxonomy(t, e)
		mari, ola, mod, anon := e.as(t, member), e.as(t, other), e.as(t, moderator), e.as(t, anonymous)
		anon.csrf()
		th := mari.newThread("Felles rutiner", "Hvordan gjør dere det?", "etikk", "public")
		view := func(c *client, path string) (*response, string) {
			t.Helper()
			r := c.get(path)
			mustStatus(t, r, http.StatusOK)
			ownTokensOnly(t, c, r)
			return r, siteHeader(t, r)
		}
		current := regexp.MustCompile(`<a href="([^"]*)" aria-current="page">`)
		for range 2 { // the second round comes from the cache
			for path, want := range map[string]string{"/diskusjoner": "/diskusjoner", "/sok": "/sok", "/": "/"} {
				for _, c := range []*client{mari, anon} {
					_, h := view(c, path)
					if m := current.FindAllStringSubmatch(h, -1); len(m) != 1 || m[0][1] != want {
						t.Errorf("%s: current navigation items %v, want %s", path, m, want)
					}
				}
			}
			_, h := view(mari, "/diskusjoner")
			mustContainStr(t, h, "Mari Medlem", `action="/logg-ut"`)
			mustNotContainStr(t, h, "Ola Oslosen", `href="/moderering"`, `href="/logg-inn"`)
			_, h = view(ola, "/diskusjoner")
			mustContainStr(t, h, "Ola Oslosen")
			mustNotContainStr(t, h, "Mari Medlem")
			_, h = view(mod, "/diskusjoner")
			mustContainStr(t, h, `href="/moderering"`)
			_, h = view(anon, "/diskusjoner")
			mustContainStr(t, h, `href="/logg-inn"`)
			mustNotContainStr(t, h, `action="/logg-ut"`, "Mari Medlem")
		}

		// The footer's language form returns to the page it is on.
		for _, path := range []string{"/diskusjoner", "/diskusjoner/" + itoa(th.ID)} {
			r, _ := view(mari, path)
			mustContain(t, r, `name="next" value="`+path+`"`)
		}

		// A reply by Ola notifies Mari: her header counts it at once.
		_, before := view(mari, "/diskusjoner")
		ola.newReply(th.ID, "Vi har felles rutiner.")
		r, after := view(mari, "/diskusjoner")
		if before == after || unread(t, r) != 1 {
			t.Errorf("unread after a reply = %d; header changed %v", unread(t, r), before != after)
		}

		// A rename through the other node, and a role taken away.
		marim := e.members[member]
		u := profileWithLanguage(e.reload(marim.ID), "nb")
		u.Name = "Mari Omdøpt"
		if _, err := other2.UpdateProfile(ctx, marim.ID, u); err != nil {
			t.Fatal(err)
		}
		_, h := view(mari, "/diskusjoner")
		mustContainStr(t, h, "Mari Omdøpt")
		mustNotContainStr(t, h, "Mari Medlem")
		if err := other2.RevokeRole(ctx, e.members[moderator].ID, allmenning.Grant{Role: allmenning.RoleModerator}); err != nil {
			t.Fatal(err)
		}
		_, h = view(mod, "/diskusjoner")
		mustNotContainStr(t, h, `href="/moderering"`)

		// Another language: another header and footer.
		u.Language = "en"
		if _, err := other2.UpdateProfile(ctx, marim.ID, u); err != nil {
			t.Fatal(err)
		}
		r, h = view(mari, "/diskusjoner")
		mustContainStr(t, h, ">Discussions<", ">Search<")
		mustContain(t, r, ">Language<")
	})
}

func mustContainStr(t *testing.T, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("lacks %q in:\n%s", w, s)
		}
	}
}

func mustNotContainStr(t *testing.T, s string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(s, w) {
			t.Errorf("shows %q in:\n%s", w, s)
		}
	}
}
