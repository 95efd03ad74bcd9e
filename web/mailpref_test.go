package web_test

import (
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/digest"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/jobs"
	"github.com/allmenning/allmenning/smtp"
	"github.com/allmenning/allmenning/store"
)

// mailEnv is the test server with e-mail wired as serve wires it: new
// notifications queue immediate mail, a job runner sends it.
type mailEnv struct {
	*env
	runner *jobs.Runner
	digest *digest.Service
}

func newMailEnv(t *testing.T, db *store.DB) *mailEnv {
	t.Helper()
	if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, db)
	log := slog.New(slog.DiscardHandler)
	me := &mailEnv{env: e, runner: jobs.NewRunner(db, log)}
	me.runner.Handle(jobs.KindMail, jobs.MailHandler(smtp.New(smtp.Config{Host: e.mail.Host, Port: e.mail.Port, From: "Allmenning <noreply@allmenning.test>", TLS: "none"})))
	me.digest = &digest.Service{Store: db, Catalog: e.catalog, BaseURL: e.ts.URL, Log: log}
	e.srv.OnNotification(me.digest.NotificationsCreated)
	return me
}

func (e *mailEnv) send(t *testing.T) {
	t.Helper()
	if _, err := e.runner.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestMailPrefsPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newMailEnv(t, db)
		mustRedirect(t, e.as(t, anonymous).get("/innstillinger/varsler"), "/logg-inn")

		c := e.as(t, member)
		r := c.get("/innstillinger/varsler")
		mustStatus(t, r, http.StatusOK)
		mustContain(t, r,
			`<fieldset class="ds-fieldset mail-pref" id="kind_mention"`, "<legend", "Nevninger",
			`name="kind_mention" value="immediate" checked`, `name="kind_like" value="digest" checked`,
			`name="kind_reply" value="immediate" checked`, `name="digest" value="weekly" checked`,
			`<label class="ds-label" for="kind_like-off">Av</label>`, `name="csrf_token"`)

		// A plain form post, as without JavaScript.
		form := url.Values{"kind_mention": {"off"}, "kind_like": {"immediate"}, "digest": {"daily"}}
		mustRedirect(t, c.post("/innstillinger/varsler", form), "/innstillinger/varsler?melding=notice.mail.prefs_saved")
		r = c.get("/innstillinger/varsler?melding=notice.mail.prefs_saved")
		mustContain(t, r, "E-postvarslene dine er lagret.", `name="kind_mention" value="off" checked`, `name="kind_like" value="immediate" checked`,
			`name="digest" value="daily" checked`, `name="kind_answer" value="immediate" checked`)
		p, err := db.FindMailPrefs(ctx, e.members[member].ID)
		if err != nil || p.For(allmenning.NotifyMention) != allmenning.MailOff || p.Digest != allmenning.DigestDaily {
			t.Errorf("stored %+v, %v", p, err)
		}
		// Another member's settings are untouched.
		if p, _ := db.FindMailPrefs(ctx, e.members[other].ID); p.For(allmenning.NotifyMention) != allmenning.MailImmediate {
			t.Errorf("other member's prefs changed: %+v", p)
		}

		r = c.post("/innstillinger/varsler", url.Values{"kind_reply": {"loud"}, "digest": {"hourly"}})
		mustStatus(t, r, http.StatusUnprocessableEntity)
		mustContain(t, r, `id="error-summary"`, `href="#kind_reply"`, `href="#digest"`, "Velg daglig, ukentlig eller aldri.", `aria-describedby="digest-error"`)

		mustStatus(t, c.postRaw("/innstillinger/varsler", url.Values{"digest": {"never"}}), http.StatusForbidden)
		if p, _ := db.FindMailPrefs(ctx, e.members[member].ID); p.Digest != allmenning.DigestDaily {
			t.Errorf("a post without CSRF token changed the digest to %q", p.Digest)
		}
	})
}

func TestOneClickUnsubscribe(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newMailEnv(t, db)
		mari := e.members[member]
		e.as(t, other).newThread("Spørsmål til Trondheim", "Hei @"+mari.Handle+", hvordan gjør dere det?", "etikk", "members")
		e.send(t)
		m := e.waitMail(t, mari.Email)
		if !strings.Contains(m.Subject, "Ola Oslosen nevnte deg") {
			t.Errorf("subject %q", m.Subject)
		}
		lu := m.Header.Get("List-Unsubscribe")
		if m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || !strings.HasPrefix(lu, "<"+e.ts.URL+"/avmeld/") {
			t.Fatalf("headers: List-Unsubscribe %q, List-Unsubscribe-Post %q", lu, m.Header.Get("List-Unsubscribe-Post"))
		}
		path := e.linkPath(t, strings.Trim(lu, "<>"))
		// The link's secret starts with its time, so that its stored key does too.
		if !regexp.MustCompile(`^/avmeld/[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$`).MatchString(path) {
			t.Errorf("unsubscribe link %s has not the stamped form", path)
		}
		if link := m.Link("/avmeld/"); e.linkPath(t, link) != path {
			t.Errorf("the text part's unsubscribe link %s differs from the header's %s", link, path)
		}

		// GET only asks; it changes nothing (link scanners follow links).
		r := e.as(t, anonymous).get(path)
		mustStatus(t, r, http.StatusOK)
		mustContain(t, r, "Vil du slutte å få e-post om «Nevninger»?", `<form method="post" action="`+path+`"`, "Ja, avmeld meg")
		if p, _ := db.FindMailPrefs(ctx, mari.ID); p.For(allmenning.NotifyMention) != allmenning.MailImmediate {
			t.Fatalf("GET unsubscribed: %+v", p)
		}

		// The mail provider's one-click POST: no cookies, no CSRF token, another origin.
		mailer := e.client(t)
		r = mailer.postRaw(path, url.Values{"List-Unsubscribe": {"One-Click"}}, "Origin", "https://mail.example.com", "Sec-Fetch-Site", "cross-site")
		mustStatus(t, r, http.StatusOK)
		mustContain(t, r, "Du er avmeldt", "Du får ikke lenger e-post om «Nevninger».")
		if p, _ := db.FindMailPrefs(ctx, mari.ID); p.For(allmenning.NotifyMention) != allmenning.MailOff || p.For(allmenning.NotifyReply) != allmenning.MailImmediate {
			t.Errorf("after one-click: %+v", p)
		}
		// Clicking again is harmless.
		mustStatus(t, mailer.postRaw(path, url.Values{"List-Unsubscribe": {"One-Click"}}), http.StatusOK)

		// Further mentions send nothing.
		e.as(t, other).newThread("Enda et spørsmål", "Og @"+mari.Handle+" igjen?", "etikk", "members")
		e.send(t)
		if got := e.mail.MessagesTo(mari.Email); len(got) != 1 {
			t.Errorf("Mari got %d mails after unsubscribing, want 1", len(got))
		}

		// The exemption is narrow: only POST /avmeld/<token of the right form>.
		anon := e.client(t)
		mustStatus(t, anon.postRaw("/avmeld/"+strings.Repeat("A", 43), nil), http.StatusNotFound)
		mustStatus(t, anon.postRaw("/avmeld/019a2b3c4d5e."+strings.Repeat("A", 43), nil), http.StatusNotFound)
		for _, p := range []string{"/avmeld/kort", "/avmeld/" + strings.Repeat("A", 43) + "/mer", "/innstillinger/varsler", "/logg-ut",
			"/avmeld/019A2B3C4D5E." + strings.Repeat("A", 43), "/avmeld/19a2b3c4d5e." + strings.Repeat("A", 43), "/avmeld/019a2b3c4d5e" + strings.Repeat("A", 43)} {
			if r := anon.postRaw(p, url.Values{"List-Unsubscribe": {"One-Click"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s without CSRF token: status %d, want 403", p, r.StatusCode)
			}
		}
		mustStatus(t, anon.get("/avmeld/"+strings.Repeat("B", 43)), http.StatusNotFound)
	})
}

// A link made before links carried their time, stored as the hash of its
// secret alone, still unsubscribes.
func TestUnsubscribeLinkWithoutStamp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newMailEnv(t, db)
		mari := e.members[member]
		secret, hash := allmenning.NewSecret()
		if err := db.CreateUnsubscribeToken(ctx, allmenning.UnsubscribeToken{Hash: hash, MemberID: mari.ID, What: allmenning.NotifyReply, CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		mailer := e.client(t)
		mustContain(t, mailer.get("/avmeld/"+secret), "Vil du slutte å få e-post om «Svar på innleggene dine»?")
		r := mailer.postRaw("/avmeld/"+secret, url.Values{"List-Unsubscribe": {"One-Click"}})
		mustStatus(t, r, http.StatusOK)
		if p, _ := db.FindMailPrefs(ctx, mari.ID); p.For(allmenning.NotifyReply) != allmenning.MailOff || p.For(allmenning.NotifyMention) != allmenning.MailImmediate {
			t.Errorf("after one-click on a link without stamp: %+v", p)
		}
	})
}

func TestTopicOfTheWeekPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newMailEnv(t, db)
		mari := e.as(t, member)
		pub := mari.newThread("Slik svarer vi på kommentarer", "Erfaringer fra Trondheim.", "etikk", "public")
		members := mari.newThread("Internt for medlemmer", "Bare for innloggede.", "etikk", "members")
		local := mari.newThread("Bare for Trondheim", "Lokal sak.", "etikk", "municipality")

		for _, role := range []string{anonymous, member, muniAdmin} {
			r := e.as(t, role).get("/admin/ukens-tema")
			if role == anonymous {
				mustRedirect(t, r, "/logg-inn")
			} else {
				mustStatus(t, r, http.StatusForbidden)
			}
		}
		mustStatus(t, e.as(t, member).post("/admin/ukens-tema", url.Values{"thread": {itoa(pub.ID)}, "intro": {"x"}}), http.StatusForbidden)

		mod := e.as(t, moderator)
		r := mod.get("/admin/ukens-tema")
		mustStatus(t, r, http.StatusOK)
		mustContain(t, r, "Velg ukens tema", `name="thread"`, `name="intro"`, "Ingen tema er valgt ennå.")

		r = mod.post("/admin/ukens-tema", url.Values{"thread": {itoa(local.ID)}, "intro": {"Les denne"}})
		mustStatus(t, r, http.StatusUnprocessableEntity)
		mustContain(t, r, "Tråden er bare synlig for én kommune.", `href="#thread"`, "Les denne")
		r = mod.post("/admin/ukens-tema", url.Values{"thread": {"tull"}, "intro": {""}})
		mustStatus(t, r, http.StatusUnprocessableEntity)
		mustContain(t, r, "Skriv nummeret eller adressen til en tråd.")

		mustRedirect(t, mod.post("/admin/ukens-tema", url.Values{"thread": {e.ts.URL + "/diskusjoner/" + itoa(pub.ID) + "#svar-2"}, "intro": {"Tre gode grep for kommentarfeltet."}}),
			"/admin/ukens-tema?melding=notice.mail.topic_saved")
		home := e.as(t, anonymous).get("/")
		mustContain(t, home, `aria-labelledby="topic-of-week"`, "Ukens tema", `href="/diskusjoner/`+itoa(pub.ID)+`"`, "Tre gode grep for kommentarfeltet.")
		mustNotContain(t, home, "Velg et nytt tema")
		mustContain(t, e.as(t, moderator).get("/"), "Velg et nytt tema")

		mustRedirect(t, e.as(t, operator).post("/admin/ukens-tema", url.Values{"thread": {itoa(members.ID)}, "intro": {"For medlemmer denne uka."}}), "/admin/ukens-tema")
		// Visitors may not see a members-only topic, and the older one does not come back.
		home = e.as(t, anonymous).get("/")
		mustNotContain(t, home, "Ukens tema", "Internt for medlemmer", "For medlemmer denne uka.", "Tre gode grep")
		mustContain(t, e.as(t, other).get("/"), "Internt for medlemmer", "For medlemmer denne uka.")

		r = mod.get("/admin/ukens-tema")
		mustContain(t, r, "Tidligere temaer", "Internt for medlemmer", "Slik svarer vi på kommentarer", "Olga Operatør", "Mons Moderator")
		if strings.Index(r.Body, "Internt for medlemmer") > strings.Index(r.Body, "Slik svarer vi på kommentarer") {
			t.Error("history is not newest first")
		}
	})
}

// TestMailRouteCoverage: the routes mailRoutes registers are the ones the
// tests above exercise, so that a new one cannot go untested.
func TestMailRouteCoverage(t *testing.T) {
	got := strings.Join(registeredRoutes(t, func(name string) bool { return name == "mailRoutes" }), "\n")
	want := strings.Join([]string{
		"GET /admin/ukens-tema", "GET /avmeld/{token}", "GET /innstillinger/varsler",
		"POST /admin/ukens-tema", "POST /avmeld/{token}", "POST /innstillinger/varsler",
	}, "\n")
	if got != want {
		t.Errorf("mailRoutes registers\n%s\nwant (each tested above)\n%s", got, want)
	}
}
