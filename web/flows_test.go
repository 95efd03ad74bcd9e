package web_test

// Account flows end to end over HTTP, with the mail read from a real SMTP
// server and its links followed as the recipient would.

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

type meJSON struct {
	ID           int64  `json:"id"`
	Email        string `json:"email"`
	Name         string `json:"name"`
	Municipality string `json:"municipality"`
	Language     string `json:"language"`
	Status       string `json:"status"`
}

func TestRegistration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const addr = "kari@trondheim.kommune.no"
		c := e.client(t)

		form := c.get("/registrer")
		mustStatus(t, form, 200)
		r := c.post("/registrer", url.Values{"email": {"  Kari@Trondheim.Kommune.no "}})
		mustStatus(t, r, 200)
		mustContain(t, r, "Sjekk e-posten din", addr)

		msg := e.waitMail(t, addr)
		if msg.Subject != "Bekreft e-postadressen din i Allmenning" {
			t.Errorf("subject %q", msg.Subject)
		}
		if !strings.Contains(msg.Text, "Trondheim") {
			t.Errorf("the mail does not name the municipality: %q", msg.Text)
		}
		link := e.linkPath(t, msg.Link("/registrer/bekreft"))
		token := mustQuery(t, link, "token")

		// The link shows the form with the address and municipality.
		page := c.get(link)
		mustStatus(t, page, 200)
		mustContain(t, page, "Fullfør registreringen", addr, "Trondheim", `name="token" value="`+token+`"`)

		// Invalid input shows the form again, keeping the name and never the password.
		bad := c.post("/registrer/bekreft", url.Values{"token": {token}, "name": {"Kari Nordmann"}, "password": {"kort"}, "password_confirm": {"annet"}})
		mustStatus(t, bad, http.StatusUnprocessableEntity)
		mustContain(t, bad, msgSummary, "Passordet må ha minst 10 tegn.", "Passordene er ikke like.", `value="Kari Nordmann"`)
		mustNotContain(t, bad, `value="kort"`, `value="annet"`)

		const pw = "et-langt-og-godt-passord"
		done := c.post("/registrer/bekreft", url.Values{"token": {token}, "name": {"  Kari   Nordmann "}, "password": {pw}, "password_confirm": {pw}})
		mustRedirect(t, done, "/profil/rediger?melding=notice.welcome")
		if done.cookie("alm_session") == nil {
			t.Fatal("no session cookie after registration")
		}
		welcome := c.get(done.Location())
		mustStatus(t, welcome, 200)
		mustContain(t, welcome, "Velkommen! Fortell gjerne kollegene hva du kan.", `value="Kari Nordmann"`)

		var me meJSON
		c.getJSON("/api/v1/me", 200, &me)
		if me.Email != addr || me.Name != "Kari Nordmann" || me.Municipality != trondhm || me.Status != allmenning.StatusActive {
			t.Errorf("registered member = %+v", me)
		}
		m, err := db.FindMemberByEmail(ctx, addr)
		if err != nil || m.ID != me.ID || m.Municipality != trondhm {
			t.Fatalf("member in the store: %+v, %v", m, err)
		}
		// The profile is in the directory of Trondheim.
		mustContain(t, e.as(t, member).get("/medlemmer?kommune=5001"), "Kari Nordmann")

		// The link works once.
		other := e.client(t)
		r = other.get(link)
		mustStatus(t, r, http.StatusNotFound)
		mustContain(t, r, "Fant ikke siden", msgTokenInvalid)
		r = other.post("/registrer/bekreft", url.Values{"token": {token}, "name": {"Eva"}, "password": {pw}, "password_confirm": {pw}})
		mustStatus(t, r, http.StatusNotFound)
		mustContain(t, r, msgTokenInvalid)
		if r.cookie("alm_session") != nil {
			t.Error("a used link logged someone in")
		}

		// The new member can log in with the chosen password.
		e.client(t).login(addr, pw)
	})
}

func TestRegistrationRefusesOtherDomains(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client(t)
		for _, addr := range []string{"kari@gmail.com", "kari@kommune.no", "kari@trondheim.kommune.no.evil.example"} {
			r := c.post("/registrer", url.Values{"email": {addr}})
			mustStatus(t, r, http.StatusUnprocessableEntity)
			mustContain(t, r, msgSummary,
				"Adressen må høre til en kommune eller fylkeskommune. Bruk jobbadressen din, eller be en kollega om en invitasjon.",
				`value="`+addr+`"`, `aria-invalid="true"`)
			mustNotContain(t, r, "Sjekk e-posten din")
		}
		// A domain added by the municipality admin is accepted afterwards.
		admin := e.as(t, muniAdmin)
		mustRedirect(t, admin.post("/kommuner/5001/domener", url.Values{"domain": {"skole.trondheim.no"}}), "/kommuner/5001")
		r := c.post("/registrer", url.Values{"email": {"laerer@skole.trondheim.no"}})
		mustStatus(t, r, http.StatusOK)
		e.waitMail(t, "laerer@skole.trondheim.no")
		if n := len(e.mail.Messages()); n != 1 {
			t.Errorf("%d messages sent, want only the one for the accepted domain", n)
		}
	})
}

func TestInvitation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const addr = "per.hansen@gmail.com"
		inviter := e.as(t, member)
		mustStatus(t, inviter.get("/inviter"), 200)
		r := inviter.post("/inviter", url.Values{"email": {"Per.Hansen@Gmail.com"}})
		mustRedirect(t, r, "/inviter?melding=notice.invited")
		mustContain(t, inviter.get(r.Location()), "Invitasjonen er sendt.")

		msg := e.waitMail(t, addr)
		if msg.Subject != "Mari Medlem inviterer deg til Allmenning" {
			t.Errorf("subject %q", msg.Subject)
		}
		link := e.linkPath(t, msg.Link("/invitasjon"))
		token := mustQuery(t, link, "token")

		c := e.client(t)
		page := c.get(link)
		mustStatus(t, page, 200)
		mustContain(t, page, addr, "Trondheim")
		const pw = "invitert-og-glad-2026"
		done := c.post("/invitasjon", url.Values{"token": {token}, "name": {"Per Hansen"}, "password": {pw}, "password_confirm": {pw}})
		mustRedirect(t, done, "/profil/rediger")
		var me meJSON
		c.getJSON("/api/v1/me", 200, &me)
		if me.Email != addr || me.Municipality != trondhm || me.Name != "Per Hansen" {
			t.Errorf("invited member = %+v", me)
		}
		// Used once only.
		mustStatus(t, e.client(t).get(link), http.StatusNotFound)
		// An invitation link is not a confirmation link.
		mustStatus(t, e.client(t).get("/registrer/bekreft?token="+url.QueryEscape(token)), http.StatusNotFound)

		// Inviting the same address again is refused now.
		r = inviter.post("/inviter", url.Values{"email": {addr}})
		mustStatus(t, r, http.StatusConflict)
		mustContain(t, r, "Denne adressen er allerede medlem.", `value="`+addr+`"`)

		// An operator invites to another municipality; the member joins there.
		op := e.as(t, operator)
		mustRedirect(t, op.post("/inviter", url.Values{"email": {"eva@example.org"}, "municipality": {oslo}}), "/inviter")
		link = e.linkPath(t, e.waitMail(t, "eva@example.org").Link("/invitasjon"))
		c = e.client(t)
		mustContain(t, c.get(link), "Oslo")
		mustRedirect(t, c.post("/invitasjon", url.Values{"token": {mustQuery(t, link, "token")}, "name": {"Eva Berg"}, "password": {pw}, "password_confirm": {pw}}), "/profil/rediger")
		c.getJSON("/api/v1/me", 200, &me)
		if me.Municipality != oslo {
			t.Errorf("invited by operator to 0301, joined %s", me.Municipality)
		}
		// An ordinary member may not.
		r = inviter.post("/inviter", url.Values{"email": {"ulf@example.org"}, "municipality": {oslo}})
		mustStatus(t, r, http.StatusForbidden)
		mustContain(t, r, "Du kan bare invitere til din egen kommune.")
		for _, m := range e.mail.Messages() {
			if m.SentTo("ulf@example.org") {
				t.Error("a refused invitation was sent")
			}
		}
	})
}

func TestPasswordReset(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		addr := people[member].email
		// A browser that is logged in before the reset.
		before := e.as(t, member)
		mustStatus(t, before.get("/medlemmer"), 200)

		c := e.client(t)
		mustStatus(t, c.get("/glemt-passord"), 200)
		r := c.post("/glemt-passord", url.Values{"email": {strings.ToUpper(addr)}})
		mustStatus(t, r, 200)
		mustContain(t, r, "Sjekk e-posten din")
		msg := e.waitMail(t, addr)
		if msg.Subject != "Nytt passord i Allmenning" || !strings.Contains(msg.Text, "Mari Medlem") {
			t.Errorf("reset mail: %q %q", msg.Subject, msg.Text)
		}
		link := e.linkPath(t, msg.Link("/nytt-passord"))
		token := mustQuery(t, link, "token")

		page := c.get(link)
		mustStatus(t, page, 200)
		mustContain(t, page, "Sett nytt passord", `name="password"`)

		bad := c.post("/nytt-passord", url.Values{"token": {token}, "password": {"nytt-passord-123"}, "password_confirm": {"noe annet helt"}})
		mustStatus(t, bad, http.StatusUnprocessableEntity)
		mustContain(t, bad, "Passordene er ikke like.")

		const newPass = "nytt-passord-123"
		done := c.post("/nytt-passord", url.Values{"token": {token}, "password": {newPass}, "password_confirm": {newPass}})
		mustRedirect(t, done, "/logg-inn?melding=notice.password_changed")
		mustContain(t, c.get(done.Location()), "Passordet er endret. Logg inn med det nye.")

		// The old password stops working; the new one works.
		old := e.client(t).post("/logg-inn", url.Values{"email": {addr}, "password": {goodPass}})
		mustStatus(t, old, http.StatusUnauthorized)
		mustContain(t, old, "Feil e-postadresse eller passord.")
		e.client(t).login(addr, newPass)
		// Sessions from before the reset are ended.
		mustRedirect(t, before.get("/medlemmer"), "/logg-inn")
		// The link is used up.
		mustStatus(t, e.client(t).get(link), http.StatusNotFound)
		r = e.client(t).post("/nytt-passord", url.Values{"token": {token}, "password": {"tredje-passord-123"}, "password_confirm": {"tredje-passord-123"}})
		mustStatus(t, r, http.StatusNotFound)
		e.client(t).login(addr, newPass)

		// An unknown address gets the same page and no mail.
		r = e.client(t).post("/glemt-passord", url.Values{"email": {"ingen@trondheim.kommune.no"}})
		mustStatus(t, r, 200)
		mustContain(t, r, "Sjekk e-posten din")
		for _, m := range e.mail.Messages() {
			if m.SentTo("ingen@trondheim.kommune.no") {
				t.Error("mail sent to an unknown address")
			}
		}
	})
}

// mustQuery returns a query parameter of a path.
func mustQuery(t *testing.T, path, name string) string {
	t.Helper()
	u, err := url.Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	v := u.Query().Get(name)
	if v == "" {
		t.Fatalf("%s has no %s", path, name)
	}
	return v
}
