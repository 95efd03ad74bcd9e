package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/chromedp/chromedp"
)

// The notification browser test: a member follows a tag, a colleague in
// another municipality posts with it, and the notification shows up with
// the unread count in the header; the notification and follow pages pass
// axe-core (every page load is checked, see browser_helpers_test.go).
func TestBrowserNotifications(t *testing.T) {
	chromium := findChromium(t)
	axe := axeSource(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		notifyJourney(t, chromium, axe, "sqlite:"+filepath.Join(t.TempDir(), "n.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		notifyJourney(t, chromium, axe, dbtest.PostgresSchema(t))
	})
}

const notifyTitle = "Julekalender i kanalene: hvem gjør hva?"

var unreadHeader = regexp.MustCompile(`^Varsler(?: \((\d+) uleste?\))?$`)

// unreadCount reads the count from the header link's accessible text.
func (b *browser) unreadCount() string {
	b.t.Helper()
	text := strings.Join(strings.Fields(b.text(`.site-account a[href="/varsler"]`)), " ")
	m := unreadHeader.FindStringSubmatch(text)
	if m == nil {
		b.t.Fatalf("the header's notification link reads %q", text)
	}
	if m[1] == "" {
		return "0"
	}
	return m[1]
}

func notifyJourney(t *testing.T, chromium, axe, database string) {
	srv := startServer(t, "--database", database, "--demo")
	first := newBrowser(t, chromium, axe, srv.URL)

	// Marit follows the tag Jul from the filtered list, with htmx.
	a := first.session("follower")
	a.login(authorEmail, "/diskusjoner?emne=jul")
	before := a.unreadCount()
	follow := `main .follow-buttons .follow-form`
	a.wantText(follow+` button`, "Følg emnet «Jul»")
	a.do("follow with htmx",
		chromedp.Evaluate[chromedp.Void](`window.stillHere = true`),
		chromedp.Click(chromedp.CSS(follow+` button`), chromedp.NodeVisible),
		chromedp.Poll[chromedp.Void](`(document.querySelector('`+follow+` button') || {}).textContent === "Slutt å følge emnet «Jul»"`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	a.want(`window.stillHere === true`, "following swaps the button in place")
	a.want(`document.activeElement === document.querySelector("`+follow+` button")`, "focus stays on the follow button")
	a.checkHere("follow with htmx")

	// Anne in Fredrikstad posts a thread tagged Jul.
	b := first.session("poster")
	b.login(readerEmail, "/diskusjoner/ny")
	b.fill("title", notifyTitle)
	b.do("choose the area", chromedp.SetValue(chromedp.ID("area"), "kampanje"))
	b.setText("body", "Vi lager en julekalender med en luke per dag. Hvem har gjort det før?")
	b.tick("tag-hoytid-jul")
	b.click(`main form[action="/diskusjoner"] button[type="submit"]`, 200)
	thread := "/diskusjoner/" + b.threadID()

	// Marit sees the count in the header on her next page and finds the notification.
	a.open("/", 200)
	if got, want := a.unreadCount(), before; got == want {
		t.Fatalf("the header still shows %s unread after a new thread with a followed tag", got)
	}
	a.click(`.site-account a[href="/varsler"]`, 200)
	a.wantText("main h1", "Varsler")
	item := `main .notification--unread`
	a.wantText(item, "Ulest", "Anne Solberg startet «"+notifyTitle+"»")
	a.want(`document.querySelector('.site-account a[href="/varsler"]').getAttribute("aria-current") === "page"`, "the header link marks the current page")
	a.click(item+` a`, 200)
	if loc := a.location(); loc != thread {
		t.Errorf("the notification leads to %s, want %s", loc, thread)
	}
	a.wantText("main h1", notifyTitle)
	// Opened, it is read; «Merk alle som lest» reads the rest.
	a.open("/varsler", 200)
	if a.count(`main .notification a[href]`) == 0 {
		t.Fatal("the notification list is empty after opening one")
	}
	if n := a.count(item); n > 0 {
		a.click(`main form[action="/varsler/lest"] button`, 200)
		a.wantText("main .notice", "Alle varsler er merket som lest.")
	}
	if got := a.unreadCount(); got != "0" {
		t.Errorf("after reading, the header shows %s unread", got)
	}
	if a.count(item) != 0 {
		t.Error("unread notifications remain after «Merk alle som lest»")
	}

	// The follow page lists the tag and makes a personal feed address,
	// which stops working when revoked.
	a.click(`main a[href="/folger"]`, 200)
	a.wantText("main h1", "Det du følger")
	a.wantText("main table", "Jul")
	a.click(`main form[action="/folger/feed"] button`, 200)
	a.wantText("#feed-url", srv.URL+"/atom/personlig/almf_")
	feedURL := a.text("#feed-url")
	a.open("/folger", 200)
	a.click(`main form[action="/folger/feed/slett"] button`, 200)
	a.open(strings.TrimPrefix(feedURL, srv.URL), 404)
	a.open("/folger", 200)
}
