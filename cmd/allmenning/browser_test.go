package main

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/internal/mailtest"
	"github.com/chromedp/chromedp"
)

// The browser test drives the real server in headless Chromium as a person
// would: register, confirm by e-mail, fill in the profile, log out and in, and
// look around. Every page it sees is checked with axe-core against WCAG 2.1 A
// and AA.
//
// Every page is also laid out 1280 and 390 pixels wide, and must not be wider
// than the screen. Set ALLMENNING_SCREENSHOTS to a folder to get full-page
// screenshots of each page at both widths (slower). The helpers are in
// browser_helpers_test.go.

func TestBrowser(t *testing.T) {
	chromium := findChromium(t)
	axe := axeSource(t)
	t.Run("sqlite", func(t *testing.T) {
		browserJourney(t, chromium, axe, "sqlite:"+filepath.Join(t.TempDir(), "a.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		browserJourney(t, chromium, axe, dbtest.PostgresSchema(t))
	})
}

func browserJourney(t *testing.T, chromium, axe, database string) {
	start := time.Now()
	mail := mailtest.Start(t)
	srv := startServer(t, "--database", database,
		"--smtp-host", mail.Host, "--smtp-port", strconv.Itoa(mail.Port), "--smtp-tls", "none")
	b := newBrowser(t, chromium, axe, srv.URL)

	const (
		email    = "kari.nordmann@trondheim.kommune.no"
		name     = "Kari Nordmann"
		password = "fjellet er fint om vinteren"
	)

	// An anonymous visitor sees the front page and the public municipality list.
	b.open("/", 200)
	b.wantText("main h1", "")
	b.open("/kommuner?fylke=50", 200)
	b.wantText("main", "Trondheim")
	b.open("/tilgjengelighet", 200)

	// Registration with a private address is refused, in Norwegian, with the
	// address kept.
	b.open("/registrer", 200)
	b.fill("email", "kari.nordmann@gmail.com")
	b.click(`main form[action="/registrer"] button[type="submit"]`, 422)
	b.wantText("#error-summary", "Adressen må høre til en kommune eller fylkeskommune")
	b.wantText("#email-error", "Adressen må høre til en kommune eller fylkeskommune")
	if got := b.value("email"); got != "kari.nordmann@gmail.com" {
		t.Errorf("after the error, the e-mail field holds %q, want the typed address", got)
	}
	if got := b.eval("title", `document.title`); !strings.HasPrefix(got, "Feil: ") {
		t.Errorf("the page with errors has the title %q; it should start with «Feil: »", got)
	}
	if got := b.eval("focus", `document.activeElement ? document.activeElement.id : ""`); got != "error-summary" {
		t.Errorf("after the error, focus is on %q, want the error summary", got)
	}
	if got := b.eval("invalid", `document.getElementById("email").getAttribute("aria-invalid") || ""`); got != "true" {
		t.Errorf("the e-mail field has aria-invalid=%q, want true", got)
	}
	// The summary's link leads to the field.
	b.do("follow the summary link", chromedp.Click(chromedp.CSS(`#error-summary a[href="#email"]`), chromedp.NodeVisible))
	if got := b.eval("focus", `document.activeElement ? document.activeElement.id : ""`); got != "email" {
		t.Errorf("after following the error summary link, focus is on %q, want the field", got)
	}

	// With the work address, a confirmation link is sent.
	b.fill("email", email)
	b.click(`main form[action="/registrer"] button[type="submit"]`, 200)
	b.wantText("main", email)
	msg := mail.WaitFor(t, email, 10*time.Second)
	link := msg.Link("/registrer/bekreft")
	if link == "" {
		t.Fatalf("the confirmation mail has no /registrer/bekreft link:\n%s", msg.Text)
	}
	if !strings.HasPrefix(link, srv.URL+"/") {
		t.Errorf("the confirmation link %s is not on the server %s", link, srv.URL)
	}

	// The link opens the form that completes the account.
	b.load("open the confirmation link", 200, chromedp.Navigate(link))
	b.wantText("main", email, "Trondheim")
	b.fill("name", name)
	b.fill("password", password)
	b.fill("password_confirm", password)
	b.click(`main form button[type="submit"]`, 200)
	if loc := b.location(); !strings.HasPrefix(loc, "/profil/rediger") {
		t.Fatalf("after signing up, the browser is on %s, want /profil/rediger", loc)
	}
	b.wantText(".site-account", name)

	// Fill in the profile.
	if got := b.value("name"); got != name {
		t.Errorf("the profile form's name is %q, want %q", got, name)
	}
	b.fill("job_title", "Beredskapskoordinator")
	b.fill("competences", "beredskap, sosiale medier")
	b.fill("bio", "Jobber med beredskap og krisekommunikasjon i Trondheim kommune.")
	b.click(`main form[action="/profil/rediger"] button[type="submit"]`, 200)
	if loc := b.location(); !strings.HasPrefix(loc, "/medlemmer/") {
		t.Errorf("after saving the profile, the browser is on %s, want the profile page", loc)
	}
	b.wantText("main h1", name)
	b.wantText("main", "Beredskapskoordinator", "beredskap", "sosiale medier", "krisekommunikasjon", email)
	tags := b.eval("tags", `[...document.querySelectorAll("main .ds-tag")].map(e => e.textContent.trim()).join("|")`)
	if tags != "beredskap|sosiale medier" {
		t.Errorf("the profile shows the competences %q, want beredskap|sosiale medier", tags)
	}

	// Log out, and back in through the form.
	b.click(`form[action="/logg-ut"] button[type="submit"]`, 200)
	if loc := b.location(); !strings.HasPrefix(loc, "/?") && loc != "/" {
		t.Errorf("after logging out, the browser is on %s, want /", loc)
	}
	b.click(`.site-account a[href="/logg-inn"]`, 200)
	b.fill("email", email)
	b.fill("password", password)
	b.click(`main form[action="/logg-inn"] button[type="submit"]`, 200)
	if loc := b.location(); loc != "/" {
		t.Errorf("after logging in, the browser is on %s, want /", loc)
	}
	b.wantText("main h1", name)

	// From the profile, to the municipality, where Kari is listed.
	b.click(`.site-account a[href="/profil"]`, 200)
	b.wantText("main h1", name)
	b.click(`main a[href="/kommuner/5001"]`, 200)
	if loc := b.location(); loc != "/kommuner/5001" {
		t.Errorf("the municipality link led to %s", loc)
	}
	b.wantText("main h1", "Trondheim")
	b.wantText("main .member-list", name, "Beredskapskoordinator")

	// The rest of the main navigation.
	b.click(`.site-nav a[href="/medlemmer"]`, 200)
	b.wantText("main .member-list", name)
	b.open("/medlemmer?q=beredskap", 200)
	b.wantText("main .member-list", name)
	b.click(`.site-nav a[href="/kommuner"]`, 200)
	b.open("/kommuner/50", 200) // the county
	b.open("/inviter", 200)
	b.open("/finnes-ikke", 404)

	// The check itself works: axe-core reports a picture without a text
	// alternative put into the page.
	b.do("add a bad image", chromedp.Evaluate[chromedp.Void](
		`document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="/favicon.ico">')`))
	found := false
	for _, v := range b.runAxe("self-check").Violations {
		found = found || v.ID == "image-alt"
	}
	if !found {
		t.Error("axe-core did not report an image without alt text; the accessibility check is not working")
	}
	// And the console check: the page's Content-Security-Policy refuses inline style.
	b.do("add inline style", chromedp.Evaluate[chromedp.Void](
		`document.querySelector("main").insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')`))
	deadline := time.Now().Add(5 * time.Second)
	for {
		b.mu.Lock()
		problems := strings.Join(b.problems, "\n")
		b.mu.Unlock()
		if strings.Contains(problems, "Content Security Policy") {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("no console error for an inline style refused by the Content-Security-Policy; the console check is not working (got %q)", problems)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}

	t.Logf("the browser journey took %v", time.Since(start).Round(time.Millisecond))
	if errors.Is(b.ctx.Err(), context.DeadlineExceeded) {
		t.Error("the browser context timed out")
	}
}
