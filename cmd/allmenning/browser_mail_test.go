package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/chromedp/chromedp"
)

// The e-mail browser test: an editor picks the topic of the week, which the
// front page shows; a member chooses e-mail settings with radio buttons; an
// unsubscribe link asks before it unsubscribes. Every page passes axe-core
// (each page load is checked, see browser_helpers_test.go).
func TestBrowserMail(t *testing.T) {
	chromium := findChromium(t)
	axe := axeSource(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		mailJourney(t, chromium, axe, "sqlite:"+filepath.Join(t.TempDir(), "m.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		mailJourney(t, chromium, axe, dbtest.PostgresSchema(t))
	})
}

const moderatorEmail = "ola.nordmann@oslo.kommune.no" // Ola Nordmann, a moderator in the demo

func mailJourney(t *testing.T, chromium, axe, database string) {
	srv := startServer(t, "--database", database, "--demo")
	first := newBrowser(t, chromium, axe, srv.URL)

	// A public thread from the front page's latest list, as a visitor sees it.
	v := first.session("visitor")
	v.open("/", 200)
	public := v.js(`document.querySelector('.home-latest a[href^="/diskusjoner/"]').getAttribute("href")`)
	title := v.js(`document.querySelector('.home-latest a[href^="/diskusjoner/"]').textContent`)

	ed := first.session("editor")
	ed.login(moderatorEmail, "/admin/ukens-tema")
	ed.wantText("main h1", "Velg ukens tema")
	ed.fill("thread", public)
	ed.setText("intro", "Slik gjør kommunene det – les og del erfaringene dine.")
	ed.click(`main form[action="/admin/ukens-tema"] button[type="submit"]`, 200)
	ed.wantText("main .notice", "Ukens tema er valgt.")
	ed.wantText("main table", title, "Ola Nordmann")

	v.open("/", 200)
	v.wantText("main .topic-of-week", "Ukens tema", title, "Slik gjør kommunene det")

	// E-mail settings, without JavaScript's help: radio groups and a submit button.
	m := first.session("member")
	m.login(authorEmail, "/innstillinger/varsler")
	m.wantText("main h1", "E-postvarsler")
	m.want(`document.getElementById("kind_mention-immediate").checked && document.getElementById("digest-weekly").checked`, "the defaults are checked")
	m.do("choose likes at once", chromedp.Click(chromedp.CSS(`label[for=kind_like-immediate]`), chromedp.NodeVisible))
	m.do("choose a daily digest", chromedp.Click(chromedp.CSS(`label[for=digest-daily]`), chromedp.NodeVisible))
	m.click(`main form[action="/innstillinger/varsler"] button[type="submit"]`, 200)
	m.wantText("main .notice", "E-postvarslene dine er lagret.")
	m.want(`document.getElementById("kind_like-immediate").checked && document.getElementById("digest-daily").checked`, "the choices are saved")

	// An unsubscribe link asks first, then unsubscribes.
	ctx := context.Background()
	db, err := openStore(ctx, database)
	if err != nil {
		t.Fatal(err)
	}
	member, err := db.FindMemberByEmail(ctx, authorEmail)
	if err != nil {
		t.Fatal(err)
	}
	secret, hash := allmenning.NewSecret()
	err = db.CreateUnsubscribeToken(ctx, allmenning.UnsubscribeToken{Hash: hash, MemberID: member.ID, What: allmenning.UnsubscribeDigest, CreatedAt: time.Now()})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	u := first.session("unsubscriber")
	u.open("/avmeld/"+secret, 200)
	u.wantText("main", "Vil du slutte å få e-post om «sammendraget»?")
	u.click(`main form button[type="submit"]`, 200)
	u.wantText("main h1", "Du er avmeldt")
	m.open("/innstillinger/varsler", 200)
	m.want(`document.getElementById("digest-never").checked`, "the digest is off after unsubscribing")
}
