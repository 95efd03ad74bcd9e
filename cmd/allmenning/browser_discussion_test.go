package main

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning/demo"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/chromedp/chromedp"
)

// The discussion browser test: demo members start a discussion, get it wrong
// and right, like, quote, reply, edit, search and filter, in headless Chromium
// against the real server with its demo content. Every page is checked with
// axe-core and for sideways overflow at 1280 and 390 pixels (see
// browser_helpers_test.go).
func TestBrowserDiscussions(t *testing.T) {
	chromium := findChromium(t)
	axe := axeSource(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		discussionJourney(t, chromium, axe, "sqlite:"+filepath.Join(t.TempDir(), "a.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		discussionJourney(t, chromium, axe, dbtest.PostgresSchema(t))
	})
}

// Three demo members: the author, a colleague in another municipality, and
// the operator.
const (
	authorEmail   = "marit.olsen@rade.kommune.no" // Marit Olsen, Råde
	authorName    = "Marit Olsen"
	readerEmail   = "anne.solberg@fredrikstad.kommune.no" // Anne Solberg, Fredrikstad
	readerName    = "Anne Solberg"
	operatorEmail = "ingrid.haugen@trondheim.kommune.no"
)

const (
	threadTitle = "Julehilsen fra barnehager og skoler i kanalene våre"
	threadBody  = "Vi vil lage en felles julehilsen fra barnehager og skoler. Forslag:\n\n" +
		"- en kort video fra **hver** barnehage\n" +
		"- et bilde fra skolegården\n" +
		"- en tekst på bokmål og nynorsk\n\n" +
		"Hva mener du, @ola.nordmann?"
	secretTitle = "Solsikkeprosjektet i Råde: intern evaluering"
	secretWord  = "solsikkeprosjektet"
)

// login logs in through the form, reached from a link to next, and lands there.
func (b *browser) login(email, next string) {
	b.t.Helper()
	b.open("/logg-inn?neste="+url.QueryEscape(next), 200)
	b.fill("email", email)
	b.fill("password", demo.Password)
	b.click(`main form[action="/logg-inn"] button[type="submit"]`, 200)
	if loc := b.location(); loc != next {
		b.t.Fatalf("after logging in as %s, the browser is on %s, want %s", email, loc, next)
	}
}

var threadPath = regexp.MustCompile(`^/diskusjoner/(\d+)(\?|#|$)`)

// threadID returns the id of the thread the browser shows.
func (b *browser) threadID() string {
	b.t.Helper()
	m := threadPath.FindStringSubmatch(b.location())
	if m == nil {
		b.t.Fatalf("the browser is on %s, want a thread", b.location())
	}
	return m[1]
}

func discussionJourney(t *testing.T, chromium, axe, database string) {
	start := time.Now()
	srv := startServer(t, "--database", database, "--demo")
	// Each person has a tab with a browser context of their own in one Chromium.
	first := newBrowser(t, chromium, axe, srv.URL)

	// The author logs in and finds her way to a knowledge area.
	a := first.session("author")
	a.login(authorEmail, "/")
	a.click(`.site-nav a[href="/omrader"]`, 200)
	a.wantText("main h1", "Kunnskapsområder")
	a.click(`main a[href="/omrader/etikk"]`, 200)
	a.wantText("main h1", "Etikk")
	a.click(`main .page-head a[href="/diskusjoner/ny?omrade=etikk"]`, 200)
	a.wantText("main h1", "Start en diskusjon")
	if got := a.value("area"); got != "etikk" {
		t.Errorf("the new-thread form from Etikk has the area %q chosen, want etikk", got)
	}

	// She writes the text, picks tags in two facets and the audience, but
	// forgets the title.
	a.setText("body", threadBody)
	a.tick("tag-hoytid-jul")
	a.tick("tag-fagomrade-skole")
	a.do("choose the visibility", chromedp.Click(chromedp.CSS(`label[for="vis-members"]`), chromedp.NodeVisible))
	a.want(`document.getElementById("tag-hoytid-jul").checked && document.getElementById("tag-fagomrade-skole").checked`, "clicking the labels ticks the tags")
	a.click(`main form[action="/diskusjoner"] button[type="submit"]`, 422)
	a.wantText("#error-summary", "Skriv en tittel.")
	a.wantText("#title-error", "Skriv en tittel.")
	if got := a.value("body"); got != threadBody {
		t.Errorf("after the error, the body holds %q, want the typed text", got)
	}
	if got := a.value("area"); got != "etikk" {
		t.Errorf("after the error, the area is %q, want etikk", got)
	}
	a.want(`document.getElementById("tag-hoytid-jul").checked && document.getElementById("tag-fagomrade-skole").checked`, "the ticked tags are kept after the error")
	a.want(`document.getElementById("tag-hoytid-jul").closest("details").open && document.getElementById("tag-fagomrade-skole").closest("details").open`, "the facets with ticked tags are open, so that the choice is seen")
	a.want(`document.getElementById("vis-members").checked`, "the visibility is kept after the error")
	a.want(`document.title.startsWith("Feil: ")`, "the page with errors has a title that starts with «Feil: »")
	a.want(`document.activeElement && document.activeElement.id === "error-summary"`, "focus is on the error summary")
	a.want(`document.getElementById("title").getAttribute("aria-invalid") === "true"`, "the title field is marked invalid")

	// With a title, the thread is published.
	a.fill("title", threadTitle)
	a.click(`main form[action="/diskusjoner"] button[type="submit"]`, 200)
	id := a.threadID()
	thread := "/diskusjoner/" + id
	a.wantText("main h1", threadTitle)
	a.wantText("main .notice", "Diskusjonen er publisert.")
	a.want(`document.querySelectorAll(".thread .post-body ul > li").length === 3`, "the Markdown list is a list of three")
	a.want(`document.querySelector(".thread .post-body strong")?.textContent === "hver"`, "the bold word is <strong>")
	mention := a.js(`(document.querySelector(".thread .post-body a.mention") || {}).textContent + " " + (document.querySelector(".thread .post-body a.mention") || {}).pathname`)
	if !regexp.MustCompile(`^@ola\.nordmann /medlemmer/\d+$`).MatchString(mention) {
		t.Errorf("the mention is rendered as %q, want @ola.nordmann linking to a profile", mention)
	}
	if got := a.js(`[...document.querySelectorAll(".thread .tags a")].map(e => e.textContent.trim()).join("|")`); got != "Jul|Skole" {
		t.Errorf("the thread shows the tags %q, want Jul|Skole", got)
	}
	a.wantText(".thread .post-actions", "0 liker")

	// A second thread only for her municipality.
	a.open("/diskusjoner/ny", 200)
	a.fill("title", secretTitle)
	a.do("choose the area", chromedp.SetValue(chromedp.ID("area"), "juridisk"))
	a.setText("body", "Hvordan gikk "+secretWord+"? Bare for oss i Råde.")
	a.do("choose the visibility", chromedp.Click(chromedp.CSS(`label[for="vis-municipality"]`), chromedp.NodeVisible))
	a.click(`main form[action="/diskusjoner"] button[type="submit"]`, 200)
	secret := "/diskusjoner/" + a.threadID()
	a.wantText(".thread .post-meta", "Bare min kommune")

	// A colleague in another municipality finds the first thread and likes it.
	b := first.session("reader")
	b.login(readerEmail, "/diskusjoner")
	if b.count(`main a[href="`+secret+`"]`) != 0 || strings.Contains(b.text("main"), secretTitle) {
		t.Errorf("a member of another municipality sees the municipality-only thread in /diskusjoner")
	}
	b.click(`main .thread-list a[href="`+thread+`"]`, 200)
	b.wantText("main h1", threadTitle)
	like := `.thread .post-actions .like-form`
	b.wantText(like, "0 liker")
	b.want(`document.querySelector("`+like+` button").getAttribute("aria-pressed") === "false"`, "the like button is not pressed")
	b.do("like with htmx",
		chromedp.Evaluate[chromedp.Void](`window.stillHere = true`),
		chromedp.Click(chromedp.CSS(like+` button`), chromedp.NodeVisible),
		chromedp.Poll[chromedp.Void](`document.querySelector('`+like+` button[aria-pressed="true"]')`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	b.want(`window.stillHere === true`, "liking swaps the button in place, without loading the page")
	b.wantText(like, "1 liker")
	b.want(`document.activeElement === document.querySelector("`+like+` button")`, "focus stays on the like button after the swap")
	b.checkHere("like with htmx")
	// The new button works in its turn: unlike, and like again.
	b.do("unlike and like again with htmx",
		chromedp.Poll[chromedp.Void](`!document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")`, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Click(chromedp.CSS(like+` button`), chromedp.NodeVisible),
		chromedp.Poll[chromedp.Void](`document.querySelector('`+like+` button[aria-pressed="false"]')`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	b.wantText(like, "0 liker")
	b.do("like again with htmx",
		chromedp.Poll[chromedp.Void](`!document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")`, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Click(chromedp.CSS(like+` button`), chromedp.NodeVisible),
		chromedp.Poll[chromedp.Void](`document.querySelector('`+like+` button[aria-pressed="true"]')`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	b.want(`window.stillHere === true`, "liking and unliking stay on the page")
	b.load("reload", 200, chromedp.Reload())
	b.wantText(like, "1 liker")
	b.want(`document.querySelector("`+like+` button").getAttribute("aria-pressed") === "true"`, "after a reload, the like button is pressed")

	// She quotes the thread and replies.
	b.click(`.thread .post-actions a[href="`+thread+`?svar-til=0#svar-skjema"]`, 200)
	if got := b.value("body"); !strings.HasPrefix(got, "> **"+authorName+":**\n> Vi vil lage") {
		t.Errorf("«Siter og svar» prefills the reply with %q, want a quote of the thread", got)
	}
	b.typeAtEnd("body", "Godt forslag! Husk samtykke fra foreldrene.")
	b.click(`main form[action="`+thread+`/svar"] button[type="submit"]`, 200)
	b.wantText("#svar-1 .reply-number", "#1")
	b.wantText("#svar-1 .post-body", "Godt forslag! Husk samtykke fra foreldrene.")
	b.want(`document.querySelector("#svar-1 .post-body blockquote") !== null`, "the quote is a blockquote")
	b.want(`document.querySelector('#svar-1 a[href^="#svar-"]') === null`, "a reply to the thread itself has no «svar på» link")

	// The author sees the reply and likes it, without JavaScript.
	a.scripts(false)
	a.open(thread, 200)
	a.want(`typeof htmx === "undefined"`, "scripts are off")
	a.wantText(".thread .post-actions", "1 liker")
	a.wantText("#svar-1 .like-form", "0 liker")
	a.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.stillHere = true`))
	a.click(`#svar-1 .like-form button`, 200)
	a.want(`window.stillHere === undefined`, "without JavaScript, liking loads the page anew")
	if loc := a.location(); !strings.HasPrefix(loc, thread) {
		t.Errorf("after liking without JavaScript, the browser is on %s, want back on the thread", loc)
	}
	a.wantText("#svar-1 .like-form", "1 liker")
	a.scripts(true)

	// She answers the reply with a quote: the answer links back to #1.
	a.click(`#svar-1 a[href="`+thread+`?svar-til=1#svar-skjema"]`, 200)
	a.wantText("#svar-skjema", "Svar på innlegg #1")
	if got := a.value("body"); !strings.HasPrefix(got, "> **"+readerName+":**\n> > **"+authorName+":**") {
		t.Errorf("«Siter og svar» on #1 prefills the reply with %q, want a quote of #1", got)
	}
	a.typeAtEnd("body", "Ja, vi bruker skjemaet fra i fjor.")
	a.click(`main form[action="`+thread+`/svar"] button[type="submit"]`, 200)
	a.wantText("#svar-2 .reply-number", "#2")
	a.wantText(`#svar-2 a[href="#svar-1"]`, "svar på #1")
	a.do("follow «svar på #1»", chromedp.Click(chromedp.CSS(`#svar-2 a[href="#svar-1"]`), chromedp.NodeVisible))
	if got := a.js(`location.hash`); got != "#svar-1" {
		t.Errorf("«svar på #1» led to %s", got)
	}

	// She edits the thread; the history shows what changed.
	a.click(`.thread .post-actions a[href="`+thread+`/rediger"]`, 200)
	a.wantText("main h1", "Rediger diskusjonen")
	if got := a.value("title"); got != threadTitle {
		t.Errorf("the edit form has the title %q", got)
	}
	a.want(`document.getElementById("tag-hoytid-jul").checked && document.getElementById("tag-fagomrade-skole").checked`, "the edit form has the thread's tags ticked")
	a.setText("body", strings.Replace(threadBody, "et bilde fra skolegården", "en tegning fra skolegården", 1))
	a.click(`main form[action="`+thread+`/rediger"] button[type="submit"]`, 200)
	a.wantText(".thread .post-body", "en tegning fra skolegården")
	a.wantText(`.thread .post-meta a[href="`+thread+`/historikk"]`, "redigert – se historikk")
	a.click(`.thread .post-meta a[href="`+thread+`/historikk"]`, 200)
	a.wantText("main h1", "Endringshistorikk")
	a.wantText(".history .diff ins", "tegning")
	a.wantText(".history .diff del", "bilde")

	// Her own search finds the municipality-only thread.
	a.open("/sok?q="+secretWord, 200)
	a.want(`document.querySelector('.search-hit a[href="`+secret+`"]') !== null`, "the author finds her municipality-only thread by searching")

	// The colleague searches with another inflection of a word in the title.
	b.click(`.site-nav a[href="/sok"]`, 200)
	b.fill("q", "barnehagen")
	b.click(`main form[action="/sok"] button[type="submit"]`, 200)
	if got := b.js(`new URLSearchParams(location.search).get("q")`); got != "barnehagen" {
		t.Errorf("the search form led to %s", b.location())
	}
	hit := `[...document.querySelectorAll(".search-hit")].find(e => e.querySelector('a[href="` + thread + `"]'))`
	b.want(hit+` !== undefined`, "searching «barnehagen» finds the thread about «barnehager»")
	b.want(`[...(`+hit+`)?.querySelectorAll("mark") ?? []].some(m => /^barnehag/i.test(m.textContent))`, "the hit marks the word with <mark>")

	// The municipality-only thread stays hidden from her.
	b.open(secret, 404)
	b.wantText("main", "Diskusjonen finnes ikke")
	b.open("/sok?q="+secretWord, 200)
	b.wantText("main", "0 treff")
	if n := b.count(".search-hit"); n != 0 {
		t.Errorf("searching %q as a member of another municipality gives %d hits, want 0", secretWord, n)
	}

	// A filtered list, and the facets that toggle the filter.
	b.open("/diskusjoner?emne=jul", 200)
	b.want(`document.querySelector('main .thread-list a[href="`+thread+`"]') !== null`, "the list filtered on Jul shows the thread")
	total := b.js(`document.querySelectorAll("main .thread-item").length`)
	b.want(`[...document.querySelectorAll("main .thread-item")].every(e => [...e.querySelectorAll(".tags a")].some(a => a.textContent.trim() === "Jul"))`, "every thread in the list filtered on Jul has the tag")
	if got := b.js(`document.querySelector('.facets a[aria-current="true"]')?.textContent.replace(/\s+/g, " ").trim()`); got != "✓ Jul ("+total+")" {
		t.Errorf("the selected facet term reads %q, want «✓ Jul (%s)»", got, total)
	}
	b.wantText(".facets", "Høytid", "Fagområde", "Skole")
	b.click(`.facets a[href="/diskusjoner?emne=jul&emne=skole"]`, 200)
	b.want(`document.querySelector('main .thread-list a[href="`+thread+`"]') !== null`, "the list filtered on Jul and Skole shows the thread")
	if got := b.js(`[...document.querySelectorAll('.facets a[aria-current="true"]')].map(a => a.textContent.replace(/\s*\(.*$/, "").replace("✓", "").trim()).join("|")`); got != "Jul|Skole" {
		t.Errorf("with two filters, the selected terms are %q, want Jul|Skole", got)
	}
	b.click(`.facets a[aria-current="true"][href="/diskusjoner?emne=skole"]`, 200)
	if got := b.js(`[...document.querySelectorAll('.facets a[aria-current="true"]')].map(a => a.textContent.replace(/\s*\(.*$/, "").replace("✓", "").trim()).join("|")`); got != "Skole" {
		t.Errorf("after unticking Jul, the selected terms are %q, want Skole", got)
	}

	// The operator's pages for areas and tags.
	o := first.session("operator")
	o.login(operatorEmail, "/omrader")
	o.click(`main .page-head a[href="/admin/omrader"]`, 200)
	o.wantText("main h1", "Kunnskapsområder")
	o.click(`main a[href="/admin/emner"]`, 200)
	o.wantText("main", "Høytid", "Jul")

	pages := a.pages + b.pages + o.pages
	t.Logf("%d pages checked in %v", pages, time.Since(start).Round(time.Millisecond))
	for _, s := range []*browser{first, a, b, o} {
		if errors.Is(s.ctx.Err(), context.DeadlineExceeded) {
			t.Errorf("the browser context %q timed out", s.name)
		}
	}
}
