package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/chromedp/chromedp"
)

// The questions browser test: a member asks with «Be om ekspertsvar», the
// area's expert claims the question in the expert queue and answers, the
// asker accepts the answer, and a moderator promotes it to the area's FAQ —
// in headless Chromium against the real server with its demo content, with
// axe-core on every page visited.
func TestBrowserQuestions(t *testing.T) {
	chromium := findChromium(t)
	axe := axeSource(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		questionJourney(t, chromium, axe, "sqlite:"+filepath.Join(t.TempDir(), "q.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		questionJourney(t, chromium, axe, dbtest.PostgresSchema(t))
	})
}

const (
	qaAskerEmail     = "anne.solberg@fredrikstad.kommune.no" // Anne Solberg, Fredrikstad
	qaExpertEmail    = "lars.dahl@rakkestad.kommune.no"      // Lars Dahl, expert of krise and its children
	qaModeratorEmail = "ola.nordmann@oslo.kommune.no"        // Ola Nordmann, moderator
	qaQuestionTitle  = "Hvordan varsler vi innbyggerne når strømmen går i flere dager?"
	qaExpertAnswer   = "Bruk SMS-varsling, radio og oppslag på biblioteket. Legg planen inn i beredskapsplanen."
)

var qaQuestionPath = regexp.MustCompile(`^/sporsmal/(\d+)(\?|#|$)`)

func questionJourney(t *testing.T, chromium, axe, database string) {
	srv := startServer(t, "--database", database, "--demo")
	first := newBrowser(t, chromium, axe, srv.URL)

	// The asker finds the questions in the main navigation and asks.
	a := first.session("asker")
	a.login(qaAskerEmail, "/")
	a.click(`.site-nav a[href="/sporsmal"]`, 200)
	a.wantText("main h1", "Spørsmål")
	a.click(`main .page-head a[href="/sporsmal/ny"]`, 200)
	a.wantText("main h1", "Still et spørsmål")
	a.fill("title", qaQuestionTitle)
	// Similar questions arrive while she types (htmx), which also tells the
	// server she has seen them.
	a.do("wait for similar questions", chromedp.WaitReady(chromedp.CSS(`#similar input[name="seen_similar"]`)))
	a.checkHere("similar questions shown")
	a.do("choose the area", chromedp.SetValue(chromedp.ID("area"), "beredskap"))
	a.setText("body", "Vi øver på langvarig strømbrudd. Hvilke kanaler når alle, også de uten mobil?")
	a.wantText("label[for=expert]", "Be om ekspertsvar")
	a.tick("expert")
	a.click(`main form[action="/sporsmal"] button[type="submit"]`, 200)
	m := qaQuestionPath.FindStringSubmatch(a.location())
	if m == nil {
		t.Fatalf("after asking, the browser is on %s, want the question", a.location())
	}
	question := "/sporsmal/" + m[1]
	a.wantText("main .notice", "Spørsmålet er publisert.")
	a.wantText("main h1", qaQuestionTitle)
	a.wantText(".expert-status", "Frist", "Venter på ekspertsvar", "1 arbeidsdag")

	// The expert finds it in the queue and claims it.
	e := first.session("expert")
	e.login(qaExpertEmail, "/ekspertko")
	e.wantText("main h1", "Ekspertkø")
	e.wantText(".queue-table", qaQuestionTitle)
	e.click(`form[action="`+question+`/ta"] button[type="submit"]`, 200)
	e.wantText("main .notice", "Du har tatt spørsmålet.")
	e.wantText(".queue-table", "Lars Dahl")
	e.click(`.queue-table a[href="`+question+`"]`, 200)
	e.wantText(".expert-status", "Lars Dahl")
	e.setText("body", qaExpertAnswer)
	e.click(`form[action="`+question+`/svar"] button[type="submit"]`, 200)
	e.wantText("main .notice", "Svaret er publisert.")
	e.wantText(".answer", "Ekspertsvar", qaExpertAnswer)
	e.wantText(".expert-status", "Besvart i tide")

	// The asker accepts the expert's answer; it is marked and first.
	a.open(question, 200)
	a.click(`.answer form[action$="/aksepter"] button[type="submit"]`, 200)
	a.wantText("main .notice", "Svaret er akseptert.")
	a.wantText(".answer--accepted", "Akseptert svar", qaExpertAnswer)
	a.want(`document.querySelector(".reply-list > li").classList.contains("answer--accepted")`, "the accepted answer comes first")

	// A moderator promotes it to the area's FAQ.
	o := first.session("moderator")
	o.login(qaModeratorEmail, question)
	o.click(`form[action="`+question+`/ofte-stilte"] button[type="submit"]`, 200)
	o.wantText("main .notice", "Spørsmålet er lagt til i ofte stilte spørsmål.")
	o.click(`main a[href="/omrader/beredskap/ofte-stilte-sporsmal"]`, 200)
	o.wantText("main h1", "Ofte stilte spørsmål")
	o.wantText(".faq-list", qaQuestionTitle)
	// Opened with the keyboard: a click may land beside the summary while web fonts still move the layout.
	o.do("open the entry",
		chromedp.Focus(chromedp.CSS(`#faq-`+m[1]+` summary`), chromedp.NodeVisible),
		chromedp.KeyEvent("\r"),
		chromedp.Poll[chromedp.Void](`document.querySelector("#faq-`+m[1]+` details").open`, chromedp.WithPollingTimeout(10*time.Second)),
		// The design system animates the opening; the answer is readable once it has run.
		chromedp.Poll[chromedp.Void](`document.querySelector("#faq-`+m[1]+`").innerText.includes(`+strconv.Quote(qaExpertAnswer)+`)`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	o.wantText(".faq-list", qaExpertAnswer)
	o.checkHere("FAQ entry open")
	o.click(`.site-nav a[href="/moderering"]`, 200)
	o.wantText("main h1", "Moderering")
	o.click(`main .page-head a[href="/rapporter/svartid"]`, 200)
	o.wantText("main h1", "Svartid for ekspertsvar")
}
