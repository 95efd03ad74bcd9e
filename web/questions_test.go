package web_test

// Questions, experts, the SLA report and the FAQ through the real routes on
// both databases: a scenario table of every route in questionRoutes for the
// roles whose answer differs (anonymous, member, other municipality,
// moderator, operator, expert), trust levels, and the visibility promise.
//
// The fixture, made through the pages:
//
//	{q:pub}   members' question by Mari (5001) in juridisk, asking for an expert answer
//	{q:muni}  municipality-only question by Mari in juridisk, with the secret word, asking for an expert
//	{q:plain} members' question by Mari in etikk, no expert
//	{a:pub}   answer 1 to {q:pub} by Anne (5001)
//	{a:exp}   answer 2 to {q:pub} by Eli, expert of juridisk (0301)
//	{a:muni}  answer 1 to {q:muni} by Anne, with the secret word
//	{t:disc}  a discussion by Mari in etikk

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

const expertRole = "expert" // Eli Ekspert in Oslo (0301), expert of juridisk

func init() {
	people[expertRole] = person{"eli.ekspert@oslo.kommune.no", "Eli Ekspert", oslo, nil}
}

const (
	qaPubTitle        = "Kan vi slette kommentarer på Facebook-siden?"
	qaMuniTitle       = "Personvern i øvelse " + secretWord
	qaPlainTitle      = "Hvordan skriver vi gode nyhetssaker om skolestart?"
	qaMsgTooManyLinks = "Som ny kan du ha høyst to lenker i et innlegg."
	qaMsgTrustNeeded  = "Du trenger høyere tillitsnivå for å gjøre dette."
	qaThreeLinks      = "Se https://a.example, https://b.example og https://c.example."
)

type qpFixture struct {
	ids map[string]string
}

func (fx *qpFixture) expand(s string) string {
	for k, v := range fx.ids {
		s = strings.ReplaceAll(s, k, v)
	}
	if m := regexp.MustCompile(`\{(q|a|t|area):[a-z0-9-]+\}`).FindString(s); m != "" {
		panic("unknown fixture placeholder " + m)
	}
	return s
}

func (fx *qpFixture) id(t *testing.T, key string) int64 {
	t.Helper()
	var n int64
	for _, c := range fx.ids[key] {
		n = n*10 + int64(c-'0')
	}
	if n == 0 {
		t.Fatalf("no fixture %s", key)
	}
	return n
}

// ask posts a question through the form, past the similar-questions step.
func (c *client) askPage(title, body, area, visibility string, expert bool) int64 {
	c.t.Helper()
	f := form("title", title, "body", body, "area", area, "visibility", visibility, "confirmed", "1")
	if expert {
		f.Set("expert", "1")
	}
	r := c.post("/sporsmal", f)
	mustRedirect(c.t, r, "/sporsmal/")
	return idFromLocation(c.t, r.Location())
}

func idFromLocation(t *testing.T, loc string) int64 {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, ch := range path.Base(u.Path) {
		if ch < '0' || ch > '9' {
			t.Fatalf("no id in %q", loc)
		}
		n = n*10 + int64(ch-'0')
	}
	return n
}

// answer posts an answer through the form and returns its reply id.
func (c *client) answerPage(e *env, qid int64, body string) int64 {
	c.t.Helper()
	mustRedirect(c.t, c.post("/sporsmal/"+itoa(qid)+"/svar", form("body", body)), "/sporsmal/")
	replies, err := e.db.FindReplies(ctx, allmenning.Viewer{MemberID: e.members[member].ID, Municipality: trondhm, Moderator: true}, qid, 0, 100)
	if err != nil || len(replies) == 0 {
		c.t.Fatalf("replies of %d: %v", qid, err)
	}
	return replies[len(replies)-1].ID
}

func seedQuestionPages(t *testing.T, e *env) *qpFixture {
	t.Helper()
	seedTaxonomy(t, e)
	eli, err := e.accounts.CreateMember(ctx, allmenning.NewMember{Email: people[expertRole].email, Name: people[expertRole].name, Municipality: oslo}, goodPass)
	if err != nil {
		t.Fatal(err)
	}
	e.members[expertRole] = e.reload(eli.ID)
	jur, err := e.db.FindAreaBySlug(ctx, "juridisk")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.SetExperts(ctx, jur.ID, []int64{eli.ID}); err != nil {
		t.Fatal(err)
	}
	fx := &qpFixture{ids: map[string]string{"{area:juridisk}": itoa(jur.ID)}}
	mari := e.as(t, member)
	pub := mari.askPage(qaPubTitle, "Noen skriver grove ting. Hva sier loven?", "juridisk", "members", true)
	muni := mari.askPage(qaMuniTitle, "Intern sak om "+secretWord2+".", "juridisk", "municipality", true)
	plain := mari.askPage(qaPlainTitle, "Tips til saker om skolestart?", "etikk", "members", false)
	fx.ids["{q:pub}"], fx.ids["{q:muni}"], fx.ids["{q:plain}"] = itoa(pub), itoa(muni), itoa(plain)
	fx.ids["{a:pub}"] = itoa(e.as(t, muniAdmin).answerPage(e, pub, "Vi skjuler grove kommentarer."))
	fx.ids["{a:exp}"] = itoa(e.as(t, expertRole).answerPage(e, pub, "Ja, ulovlige ytringer kan dere slette."))
	fx.ids["{a:muni}"] = itoa(e.as(t, muniAdmin).answerPage(e, muni, "Enig, "+secretWord+" går fint."))
	fx.ids["{t:disc}"] = itoa(mari.newThread("En vanlig diskusjon om etikk", "Hva mener dere?", "etikk", "members").ID)
	return fx
}

// qpScenario is one request of the questions table.
type qpScenario struct {
	name     string
	method   string // GET when empty
	url      string
	role     string
	form     url.Values
	headers  []string
	status   int
	location string
	contains []string
	absent   []string
	setup    func(t *testing.T, e *env, fx *qpFixture)
	check    func(t *testing.T, e *env, fx *qpFixture, r *response)
}

func (sc qpScenario) ownServer() bool {
	return sc.setup != nil || (sc.method != "" && sc.method != http.MethodGet)
}

func (sc qpScenario) run(t *testing.T, e *env, fx *qpFixture) {
	t.Helper()
	if sc.setup != nil {
		sc.setup(t, e, fx)
	}
	x := func(s string) string { return e.expand(t, fx.expand(s)) }
	c := e.as(t, sc.role)
	var headers []string
	for _, h := range sc.headers {
		headers = append(headers, x(h))
	}
	var r *response
	if sc.method == "" || sc.method == http.MethodGet {
		r = c.get(x(sc.url), headers...)
	} else {
		f := url.Values{}
		for k, vs := range sc.form {
			for _, v := range vs {
				f.Add(k, x(v))
			}
		}
		r = c.post(x(sc.url), f, headers...)
	}
	if r.StatusCode != sc.status {
		t.Fatalf("%s %s as %s: status %d, want %d; Location %q; body: %.3000s", sc.method, x(sc.url), sc.role, r.StatusCode, sc.status, r.Location(), r.Body)
	}
	if sc.location != "" {
		if want := x(sc.location); !strings.HasPrefix(r.Location(), want) {
			t.Errorf("Location = %q, want prefix %q", r.Location(), want)
		}
	}
	for _, s := range sc.contains {
		if s = x(s); !strings.Contains(r.Body, s) {
			t.Errorf("body lacks %q; body: %.4000s", s, r.Body)
		}
	}
	for _, s := range sc.absent {
		if s = x(s); strings.Contains(strings.ToLower(r.Body), strings.ToLower(s)) {
			t.Errorf("body has %q, which it must not", s)
		}
	}
	if sc.check != nil {
		sc.check(t, e, fx, r)
	}
}

func runQuestionPageScenarios(t *testing.T, scenarios []qpScenario) {
	t.Helper()
	seen := map[string]bool{}
	for _, sc := range scenarios {
		if seen[sc.name] {
			t.Fatalf("two scenarios are named %q", sc.name)
		}
		seen[sc.name] = true
	}
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		kind := path.Base(t.Name())
		shared := newEnv(t, db)
		sharedFx := seedQuestionPages(t, shared)
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				if !sc.ownServer() {
					sc.run(t, shared, sharedFx)
					return
				}
				t.Parallel()
				e := newEnv(t, dbtest.Open(t, kind))
				sc.run(t, e, seedQuestionPages(t, e))
			})
		}
	})
}

func qpQuestion(t *testing.T, e *env, fx *qpFixture, key string) *allmenning.Question {
	t.Helper()
	q, err := e.db.FindQuestion(ctx, allmenning.Viewer{MemberID: e.members[member].ID, Municipality: trondhm, Moderator: true}, fx.id(t, key))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func qpSetTrust(role string, level int) func(t *testing.T, e *env, fx *qpFixture) {
	return func(t *testing.T, e *env, fx *qpFixture) {
		if err := e.db.SetTrustOverride(ctx, e.members[role].ID, &level); err != nil {
			t.Fatal(err)
		}
	}
}

func qpAcceptExpert(t *testing.T, e *env, fx *qpFixture) {
	t.Helper()
	mustRedirect(t, e.as(t, member).post("/svar/"+fx.ids["{a:exp}"]+"/aksepter", nil), "/sporsmal/")
}

func questionPageScenarios() []qpScenario {
	qpWantAccepted := func(key, answer string) func(t *testing.T, e *env, fx *qpFixture, r *response) {
		return func(t *testing.T, e *env, fx *qpFixture, r *response) {
			want := int64(0)
			if answer != "" {
				want = fx.id(t, answer)
			}
			if got := qpQuestion(t, e, fx, key).AcceptedAnswerID; got != want {
				t.Errorf("accepted answer = %d, want %d", got, want)
			}
		}
	}
	return []qpScenario{
		// The list.
		{name: "list anonymous", url: "/sporsmal", role: anonymous, status: 200, contains: []string{"Spørsmål"}, absent: []string{qaPubTitle, secretWord}},
		{name: "list member", url: "/sporsmal", role: member, status: 200, contains: []string{qaPubTitle, qaMuniTitle, qaPlainTitle, "Ubesvarte", "3 spørsmål"}},
		{name: "list other municipality", url: "/sporsmal", role: other, status: 200, contains: []string{qaPubTitle, "2 spørsmål"}, absent: []string{secretWord}},
		{name: "list unanswered", url: "/sporsmal?filter=ubesvarte", role: member, status: 200, contains: []string{qaPlainTitle, "1 spørsmål"}, absent: []string{qaPubTitle}},
		{name: "list expert requests", url: "/sporsmal?filter=ekspert&omrade=juridisk", role: other, status: 200, contains: []string{qaPubTitle}, absent: []string{qaPlainTitle, secretWord}},
		{name: "list expert sees queue link", url: "/sporsmal", role: expertRole, status: 200, contains: []string{`href="/ekspertko"`}},
		{name: "list member has no queue link", url: "/sporsmal", role: member, status: 200, absent: []string{`href="/ekspertko"`}},

		// Asking.
		{name: "ask form anonymous", url: "/sporsmal/ny", role: anonymous, status: 303, location: "/logg-inn"},
		{name: "ask form member", url: "/sporsmal/ny?omrade=juridisk", role: member, status: 200, contains: []string{"Be om ekspertsvar", "svar innen 2 arbeidsdager", `hx-get="/sporsmal/lignende"`}},
		{name: "ask anonymous", method: "POST", url: "/sporsmal", role: anonymous, form: form("title", "Et nytt spørsmål her", "body", "x", "area", "etikk"), status: 401},
		{name: "ask shows similar first", method: "POST", url: "/sporsmal", role: other, form: form("title", "Slette kommentarer på Facebook?", "body", "Kan vi?", "area", "juridisk", "visibility", "members"), status: 200,
			contains: []string{"Er spørsmålet ditt nytt?", qaPubTitle, `name="confirmed"`}, absent: []string{secretWord},
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				if n := qpCount(t, e); n != 3 {
					t.Errorf("the preview step posted a question: %d questions", n)
				}
			}},
		{name: "ask after seeing similar", method: "POST", url: "/sporsmal", role: other, form: form("title", "Slette kommentarer på Facebook?", "body", "Kan vi?", "area", "juridisk", "visibility", "members", "seen_similar", "1", "expert", "1"),
			status: 303, location: "/sporsmal/", check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				q, err := e.db.FindQuestion(ctx, allmenning.ViewerOf(e.members[other]), idFromLocation(t, r.Location()))
				if err != nil || !q.ExpertRequested || q.DueAt == nil {
					t.Errorf("question %v asked for an expert: %v", q, err)
				}
			}},
		{name: "ask without similar posts at once", method: "POST", url: "/sporsmal", role: member, form: form("title", "Kvalitetssikring av tekstforfattere", "body", "Hvem leser korrektur?", "area", "kampanje", "visibility", "members"), status: 303, location: "/sporsmal/"},
		{name: "ask invalid", method: "POST", url: "/sporsmal", role: member, form: form("title", "Kort", "body", "", "area", ""), status: 422, contains: []string{"Tittelen", `aria-invalid="true"`}},
		{name: "ask level 0 with three links", method: "POST", url: "/sporsmal", role: other, form: form("title", "Tre lenker om arkiv", "body", qaThreeLinks, "area", "arkivering", "confirmed", "1"), status: 422, contains: []string{qaMsgTooManyLinks}},
		{name: "ask level 1 with three links", method: "POST", url: "/sporsmal", role: other, setup: qpSetTrust(other, 1), form: form("title", "Tre lenker om arkiv", "body", qaThreeLinks, "area", "arkivering", "confirmed", "1"), status: 303},

		// Similar questions while typing.
		{name: "similar anonymous", url: "/sporsmal/lignende?title=slette+kommentarer", role: anonymous, status: 200, contains: []string{`name="seen_similar"`}, absent: []string{qaPubTitle}},
		{name: "similar member", url: "/sporsmal/lignende?title=personvern+%C3%B8velse", role: member, status: 200, contains: []string{qaMuniTitle, "Lignende spørsmål"}},
		{name: "similar other municipality", url: "/sporsmal/lignende?title=personvern+%C3%B8velse+kommentarer", role: other, status: 200, contains: []string{qaPubTitle}, absent: []string{secretWord}},

		// The question page.
		{name: "question anonymous", url: "/sporsmal/{q:pub}", role: anonymous, status: 303, location: "/logg-inn"},
		{name: "question member", url: "/sporsmal/{q:pub}", role: member, status: 200, contains: []string{qaPubTitle, "Ekspertsvar", "Frist", "Besvart i tide", "Aksepter svaret", "Eli Ekspert"}},
		{name: "question other municipality private", url: "/sporsmal/{q:muni}", role: other, status: 404, absent: []string{secretWord}},
		{name: "question expert no downvote at level 0", url: "/sporsmal/{q:pub}", role: other, status: 200, contains: []string{"Nyttig"}, absent: []string{"Ikke nyttig", "Aksepter svaret"}},
		{name: "question moderator tools", url: "/sporsmal/{q:pub}", role: moderator, status: 200, contains: []string{"Lukk som duplikat", "Ikke nyttig"}},
		{name: "question accepted first", url: "/sporsmal/{q:pub}", role: other, setup: qpAcceptExpert, status: 200, contains: []string{"Akseptert svar"},
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				if i, j := strings.Index(r.Body, `id="svar-2"`), strings.Index(r.Body, `id="svar-1"`); i < 0 || j < 0 || i > j {
					t.Errorf("the accepted answer #2 is not shown first (%d, %d)", i, j)
				}
			}},
		{name: "discussion address redirects", url: "/diskusjoner/{q:pub}", role: member, status: 301, location: "/sporsmal/{q:pub}"},
		{name: "question address of a discussion redirects", url: "/sporsmal/{t:disc}", role: member, status: 301, location: "/diskusjoner/{t:disc}"},

		// Answers.
		{name: "answer anonymous", method: "POST", url: "/sporsmal/{q:pub}/svar", role: anonymous, form: form("body", "Svar"), status: 401},
		{name: "answer by colleague", method: "POST", url: "/sporsmal/{q:muni}/svar", role: muniAdmin, form: form("body", "Vi gjør det samme."), status: 303, location: "/sporsmal/{q:muni}"},
		{name: "answer other municipality private", method: "POST", url: "/sporsmal/{q:muni}/svar", role: other, form: form("body", "Svar"), status: 404},
		{name: "answer level 0 three links", method: "POST", url: "/sporsmal/{q:pub}/svar", role: other, form: form("body", qaThreeLinks), status: 422, contains: []string{qaMsgTooManyLinks}},
		{name: "answer by expert stops nothing twice", method: "POST", url: "/sporsmal/{q:plain}/svar", role: expertRole, form: form("body", "Godt spørsmål."), status: 303, location: "/sporsmal/{q:plain}",
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				if q := qpQuestion(t, e, fx, "{q:plain}"); q.ExpertAnsweredAt != nil {
					t.Error("an answer in an area the expert is not designated for stopped a clock")
				}
			}},

		// Votes.
		{name: "vote anonymous", method: "POST", url: "/svar/{a:pub}/stem", role: anonymous, form: form("vote", "1"), status: 401},
		{name: "vote up", method: "POST", url: "/svar/{a:pub}/stem", role: other, form: form("vote", "1"), status: 303, location: "/sporsmal/{q:pub}#svar-1",
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) { qpWantScore(t, e, fx, "{a:pub}", 1) }},
		{name: "vote up htmx", method: "POST", url: "/svar/{a:pub}/stem", role: other, form: form("vote", "1"), headers: []string{"HX-Request", "true"}, status: 200, contains: []string{"1 poeng", `aria-pressed="true"`}, absent: []string{"<html"}},
		{name: "vote down level 0", method: "POST", url: "/svar/{a:pub}/stem", role: other, form: form("vote", "-1"), status: 403, contains: []string{qaMsgTrustNeeded},
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) { qpWantScore(t, e, fx, "{a:pub}", 0) }},
		{name: "vote down level 1", method: "POST", url: "/svar/{a:pub}/stem", role: other, setup: qpSetTrust(other, 1), form: form("vote", "-1"), status: 303,
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) { qpWantScore(t, e, fx, "{a:pub}", -1) }},
		{name: "vote own answer", method: "POST", url: "/svar/{a:pub}/stem", role: muniAdmin, form: form("vote", "1"), status: 403},
		{name: "vote private other municipality", method: "POST", url: "/svar/{a:muni}/stem", role: other, form: form("vote", "1"), status: 404},

		// Accepting.
		{name: "accept anonymous", method: "POST", url: "/svar/{a:exp}/aksepter", role: anonymous, status: 401},
		{name: "accept by asker", method: "POST", url: "/svar/{a:exp}/aksepter", role: member, status: 303, location: "/sporsmal/{q:pub}", check: qpWantAccepted("{q:pub}", "{a:exp}")},
		{name: "accept by other member", method: "POST", url: "/svar/{a:exp}/aksepter", role: other, status: 403, check: qpWantAccepted("{q:pub}", "")},
		{name: "accept by moderator", method: "POST", url: "/svar/{a:pub}/aksepter", role: moderator, status: 303, check: qpWantAccepted("{q:pub}", "{a:pub}")},
		{name: "unaccept anonymous", method: "POST", url: "/sporsmal/{q:pub}/fjern-aksept", role: anonymous, status: 401},
		{name: "unaccept by other", method: "POST", url: "/sporsmal/{q:pub}/fjern-aksept", role: other, setup: qpAcceptExpert, status: 403, check: qpWantAccepted("{q:pub}", "{a:exp}")},
		{name: "unaccept by asker", method: "POST", url: "/sporsmal/{q:pub}/fjern-aksept", role: member, setup: qpAcceptExpert, status: 303, check: qpWantAccepted("{q:pub}", "")},

		// Comments.
		{name: "comment anonymous", method: "POST", url: "/svar/{a:pub}/kommenter", role: anonymous, form: form("comment", "Takk"), status: 401},
		{name: "comment member", method: "POST", url: "/svar/{a:pub}/kommenter", role: other, form: form("comment", "Takk, dette hjalp."), status: 303,
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				page := e.as(t, member).get("/sporsmal/" + fx.ids["{q:pub}"])
				mustContain(t, page, "Takk, dette hjalp.")
			}},
		{name: "comment by asker", method: "POST", url: "/svar/{a:muni}/kommenter", role: member, form: form("comment", "Takk!"), status: 303, location: "/sporsmal/{q:muni}"},
		{name: "comment empty", method: "POST", url: "/svar/{a:pub}/kommenter", role: other, form: form("comment", " "), status: 422, contains: []string{"Skriv en kommentar.", `id="comment-{a:pub}-error"`}},
		{name: "comment private other municipality", method: "POST", url: "/svar/{a:muni}/kommenter", role: other, form: form("comment", "Hei"), status: 404},

		// Duplicates.
		{name: "duplicate anonymous", method: "POST", url: "/sporsmal/{q:plain}/duplikat", role: anonymous, form: form("original", "{q:pub}"), status: 401},
		{name: "duplicate member", method: "POST", url: "/sporsmal/{q:plain}/duplikat", role: member, form: form("original", "{q:pub}"), status: 403},
		{name: "duplicate other municipality", method: "POST", url: "/sporsmal/{q:plain}/duplikat", role: other, form: form("original", "{q:pub}"), status: 403},
		{name: "duplicate moderator", method: "POST", url: "/sporsmal/{q:plain}/duplikat", role: moderator, form: form("original", "/sporsmal/{q:pub}"), status: 303,
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				if q := qpQuestion(t, e, fx, "{q:plain}"); q.DuplicateOf != fx.id(t, "{q:pub}") {
					t.Errorf("duplicate of %d", q.DuplicateOf)
				}
				page := e.as(t, other).get("/sporsmal/" + fx.ids["{q:plain}"])
				mustContain(t, page, "lukket som duplikat av", `href="/sporsmal/`+fx.ids["{q:pub}"]+`"`)
			}},

		// Expert requests and claims.
		{name: "request expert anonymous", method: "POST", url: "/sporsmal/{q:plain}/ekspert", role: anonymous, status: 401},
		{name: "request expert by other", method: "POST", url: "/sporsmal/{q:plain}/ekspert", role: other, status: 403},
		{name: "request expert by asker", method: "POST", url: "/sporsmal/{q:plain}/ekspert", role: member, status: 303,
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				if q := qpQuestion(t, e, fx, "{q:plain}"); !q.ExpertRequested {
					t.Error("no expert request")
				}
			}},
		{name: "claim anonymous", method: "POST", url: "/sporsmal/{q:pub}/ta", role: anonymous, form: form("claim", "1"), status: 401},
		{name: "claim by member", method: "POST", url: "/sporsmal/{q:pub}/ta", role: member, form: form("claim", "1"), status: 403},
		{name: "claim by other municipality", method: "POST", url: "/sporsmal/{q:pub}/ta", role: other, form: form("claim", "1"), status: 403},
		{name: "claim private by expert elsewhere", method: "POST", url: "/sporsmal/{q:muni}/ta", role: expertRole, form: form("claim", "1"), status: 404},
		{name: "claim by expert", method: "POST", url: "/sporsmal/{q:pub}/ta", role: expertRole, form: form("claim", "1", "next", "/ekspertko"), status: 303, location: "/ekspertko",
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				if q := qpQuestion(t, e, fx, "{q:pub}"); q.ClaimedBy != e.members[expertRole].ID {
					t.Errorf("claimed by %d", q.ClaimedBy)
				}
			}},

		// The expert queue.
		{name: "queue anonymous", url: "/ekspertko", role: anonymous, status: 303, location: "/logg-inn"},
		{name: "queue member", url: "/ekspertko", role: member, status: 403},
		{name: "queue operator", url: "/ekspertko", role: operator, status: 200},
		{name: "queue expert", url: "/ekspertko", role: expertRole, setup: func(t *testing.T, e *env, fx *qpFixture) {
			// A new question the expert has not answered yet, and an overdue one.
			e.as(t, other).askPage("Må vi journalføre innlegg på Instagram?", "Hva gjør dere?", "juridisk", "members", true)
			e.db.SetClock(func() time.Time { return time.Now().AddDate(0, 0, 30) })
		}, status: 200, contains: []string{"Må vi journalføre innlegg på Instagram?", "Forfalt", "Ta spørsmålet"}, absent: []string{secretWord, qaPlainTitle}},
		{name: "queue moderator", url: "/ekspertko", role: moderator, status: 200, absent: []string{secretWord}},

		// Moderation dashboard with escalations.
		{name: "moderation anonymous", url: "/moderering", role: anonymous, status: 303, location: "/logg-inn"},
		{name: "moderation member", url: "/moderering", role: member, status: 403},
		{name: "moderation expert", url: "/moderering", role: expertRole, status: 403},
		{name: "moderation moderator escalated", url: "/moderering", role: moderator, setup: func(t *testing.T, e *env, fx *qpFixture) {
			e.as(t, other).askPage("Hvem eier bildene vi deler?", "Opphavsrett.", "juridisk", "members", true)
			e.db.SetClock(func() time.Time { return time.Now().AddDate(0, 0, 30) })
		}, status: 200, contains: []string{"Hvem eier bildene vi deler?", "Forfalt"}, absent: []string{secretWord}},

		// SLA report.
		{name: "sla anonymous", url: "/rapporter/svartid", role: anonymous, status: 303, location: "/logg-inn"},
		{name: "sla member", url: "/rapporter/svartid", role: member, status: 403},
		{name: "sla expert", url: "/rapporter/svartid", role: expertRole, status: 403},
		{name: "sla moderator", url: "/rapporter/svartid?periode=maned", role: moderator, status: 200, contains: []string{"Juridisk", "Eli Ekspert", "100 %", "Last ned som CSV"}},
		{name: "sla bad date", url: "/rapporter/svartid?fra=igar", role: moderator, status: 422},
		{name: "sla csv anonymous", url: "/rapporter/svartid.csv", role: anonymous, status: 303, location: "/logg-inn"},
		{name: "sla csv member", url: "/rapporter/svartid.csv", role: member, status: 403},
		{name: "sla csv other municipality", url: "/rapporter/svartid.csv", role: other, status: 403},
		{name: "sla csv moderator", url: "/rapporter/svartid.csv", role: moderator, status: 200,
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) { checkSLACSV(t, r, 1) }},
		{name: "sla csv operator", url: "/rapporter/svartid.csv?periode=ar&omrade=operativ", role: operator, status: 200,
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) { checkSLACSV(t, r, 1) }},

		// FAQ.
		{name: "faq anonymous", url: "/omrader/juridisk/ofte-stilte-sporsmal", role: anonymous, status: 200, contains: []string{"Ofte stilte spørsmål", "ingen ofte stilte"}},
		{name: "faq unknown area", url: "/omrader/finnes-ikke/ofte-stilte-sporsmal", role: member, status: 404},
		{name: "faq add anonymous", method: "POST", url: "/sporsmal/{q:pub}/ofte-stilte", role: anonymous, form: form("action", "add"), status: 401},
		{name: "faq add member", method: "POST", url: "/sporsmal/{q:pub}/ofte-stilte", role: member, setup: qpAcceptExpert, form: form("action", "add"), status: 403},
		{name: "faq add other municipality", method: "POST", url: "/sporsmal/{q:pub}/ofte-stilte", role: other, setup: qpAcceptExpert, form: form("action", "add"), status: 403},
		{name: "faq add without accepted answer", method: "POST", url: "/sporsmal/{q:pub}/ofte-stilte", role: moderator, form: form("action", "add"), status: 422},
		{name: "faq add moderator", method: "POST", url: "/sporsmal/{q:pub}/ofte-stilte", role: moderator, setup: qpAcceptExpert, form: form("action", "add"), status: 303,
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				page := e.as(t, other).get("/omrader/juridisk/ofte-stilte-sporsmal")
				mustContain(t, page, qaPubTitle, "Ja, ulovlige ytringer kan dere slette.")
				mustNotContain(t, page, "Flytt opp")
				mod := e.as(t, moderator).get("/omrader/juridisk/ofte-stilte-sporsmal")
				mustContain(t, mod, "Flytt opp", "Fjern fra ofte stilte spørsmål")
			}},
		{name: "faq remove by operator", method: "POST", url: "/sporsmal/{q:pub}/ofte-stilte", role: operator, setup: func(t *testing.T, e *env, fx *qpFixture) {
			qpAcceptExpert(t, e, fx)
			a := e.as(t, member).answerPage(e, fx.id(t, "{q:plain}"), "Skriv kort og tydelig.")
			mustRedirect(t, e.as(t, member).post("/svar/"+itoa(a)+"/aksepter", nil), "/sporsmal/")
			mustRedirect(t, e.as(t, moderator).post("/sporsmal/"+fx.ids["{q:pub}"]+"/ofte-stilte", form("action", "add")), "/sporsmal/")
			mustRedirect(t, e.as(t, moderator).post("/sporsmal/"+fx.ids["{q:plain}"]+"/ofte-stilte", form("action", "add")), "/sporsmal/")
		}, form: form("action", "remove", "next", "/omrader/juridisk/ofte-stilte-sporsmal"), status: 303, location: "/omrader/juridisk/ofte-stilte-sporsmal",
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				mustNotContain(t, e.as(t, other).get("/omrader/juridisk/ofte-stilte-sporsmal"), qaPubTitle)
				mustContain(t, e.as(t, other).get("/omrader/etikk/ofte-stilte-sporsmal"), qaPlainTitle)
			}},
		{name: "faq private question hidden", url: "/omrader/juridisk/ofte-stilte-sporsmal", role: other, setup: func(t *testing.T, e *env, fx *qpFixture) {
			mustRedirect(t, e.as(t, member).post("/svar/"+fx.ids["{a:muni}"]+"/aksepter", nil), "/sporsmal/")
			if err := e.db.AddFAQ(ctx, e.members[member], fx.id(t, "{q:muni}")); err != nil {
				t.Fatal(err)
			}
			mustContain(t, e.as(t, member).get("/omrader/juridisk/ofte-stilte-sporsmal"), qaMuniTitle)
		}, status: 200, absent: []string{secretWord}},

		// Admin of experts and trust thresholds.
		{name: "admin experts anonymous", url: "/admin/eksperter", role: anonymous, status: 303, location: "/logg-inn"},
		{name: "admin experts member", url: "/admin/eksperter", role: member, status: 403},
		{name: "admin experts moderator", url: "/admin/eksperter", role: moderator, status: 403},
		{name: "admin experts operator", url: "/admin/eksperter", role: operator, status: 200, contains: []string{"eli.ekspert@oslo.kommune.no", "Terskler for tillitsnivåer"}},
		{name: "admin experts save anonymous", method: "POST", url: "/admin/eksperter", role: anonymous, form: form("area", "{area:juridisk}"), status: 401},
		{name: "admin experts save member", method: "POST", url: "/admin/eksperter", role: member, form: form("area", "{area:juridisk}", "experts", "{email:member}"), status: 403},
		{name: "admin experts save moderator", method: "POST", url: "/admin/eksperter", role: moderator, form: form("area", "{area:juridisk}", "experts", "{email:other}"), status: 403},
		{name: "admin experts save operator", method: "POST", url: "/admin/eksperter", role: operator, form: form("area", "{area:juridisk}", "experts", "{email:other}\n{email:expert}", "response_days", "5"), status: 303,
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				ea, err := e.db.FindExperts(ctx, fx.id(t, "{area:juridisk}"))
				if err != nil || len(ea.Experts) != 2 || ea.ResponseDays != 5 {
					t.Errorf("experts %+v, %v", ea, err)
				}
				mustContain(t, e.as(t, member).get("/sporsmal/ny?omrade=juridisk"), "svar innen 5 arbeidsdager")
			}},
		{name: "admin experts unknown email", method: "POST", url: "/admin/eksperter", role: operator, form: form("area", "{area:juridisk}", "experts", "ukjent@example.no"), status: 422, contains: []string{"Ingen medlem har"}},
		{name: "admin trust member", method: "POST", url: "/admin/tillit", role: member, form: form("level1.reputation", "0"), status: 403},
		{name: "admin trust anonymous", method: "POST", url: "/admin/tillit", role: anonymous, form: form("level1.reputation", "0"), status: 401},
		{name: "admin trust operator", method: "POST", url: "/admin/tillit", role: operator,
			form:   form("level1.reputation", "0", "level1.posts", "0", "level1.days", "0", "level2.reputation", "100", "level3.reputation", "500"),
			status: 303, check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				// With no bar for level 1 a new member may vote down.
				mustRedirect(t, e.as(t, other).post("/svar/"+fx.ids["{a:pub}"]+"/stem", form("vote", "-1")), "/sporsmal/")
			}},
		{name: "admin trust invalid", method: "POST", url: "/admin/tillit", role: operator, form: form("level1.reputation", "-5"), status: 422},

		// Members' standing and trust set by hand.
		{name: "member page shows standing", url: "/medlemmer/{id:admin}", role: other, setup: func(t *testing.T, e *env, fx *qpFixture) {
			mustRedirect(t, e.as(t, other).post("/svar/"+fx.ids["{a:pub}"]+"/stem", form("vote", "1")), "/sporsmal/")
		}, status: 200, contains: []string{"Omdømme og tillit", "Svar stemt opp", "+10", qaPubTitle}, absent: []string{"Sett tillitsnivå"}},
		{name: "member trust anonymous", method: "POST", url: "/medlemmer/{id:other}/tillitsniva", role: anonymous, form: form("level", "3"), status: 401},
		{name: "member trust member", method: "POST", url: "/medlemmer/{id:other}/tillitsniva", role: member, form: form("level", "3"), status: 403},
		{name: "member trust moderator", method: "POST", url: "/medlemmer/{id:other}/tillitsniva", role: moderator, form: form("level", "3"), status: 303,
			check: func(t *testing.T, e *env, fx *qpFixture, r *response) {
				mustContain(t, e.as(t, moderator).get("/medlemmer/"+e.id(other)), "Nivå 3 (satt av moderator)")
				// Level 3 edits others' posts.
				c := e.as(t, other)
				mustStatus(t, c.get("/svar/"+fx.ids["{a:pub}"]+"/rediger"), 200)
				mustRedirect(t, c.post("/svar/"+fx.ids["{a:pub}"]+"/rediger", form("body", "Vi skjuler grove kommentarer, og logger dem.")), "/")
			}},
	}
}

func qpWantScore(t *testing.T, e *env, fx *qpFixture, answer string, score int) {
	t.Helper()
	votes, err := e.db.FindAnswerVotes(ctx, allmenning.Viewer{MemberID: e.members[member].ID, Municipality: trondhm}, fx.id(t, "{q:pub}"))
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	if v := votes[fx.id(t, answer)]; v != nil {
		got = v.Score
	}
	if got != score {
		t.Errorf("score of %s = %d, want %d", answer, got, score)
	}
}

func qpCount(t *testing.T, e *env) int {
	t.Helper()
	p, err := e.db.FindQuestions(ctx, allmenning.Viewer{MemberID: e.members[member].ID, Municipality: trondhm, Moderator: true}, allmenning.QuestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

// checkSLACSV: a text/csv answer in UTF-8 with a header row and the
// juridisk area with the given number of requests (the private one left out).
func checkSLACSV(t *testing.T, r *response, juridisk int) {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v; %s", err, r.Body)
	}
	if len(rows) < 3 || strings.Join(rows[0], ",") != "type,id,name,count,answered,on_time,late,pending,median_hours,p90_hours,on_time_share" {
		t.Fatalf("CSV rows: %v", rows)
	}
	found := false
	for _, row := range rows[1:] {
		if row[0] == "area" && row[2] == "Juridisk" {
			found = true
			if row[3] != itoa(int64(juridisk)) {
				t.Errorf("juridisk count = %s, want %d", row[3], juridisk)
			}
		}
		if strings.Contains(strings.ToLower(strings.Join(row, " ")), secretWord) {
			t.Errorf("CSV row leaks the private question: %v", row)
		}
	}
	if !found {
		t.Errorf("no row for Juridisk: %v", rows)
	}
}

func TestQuestionPages(t *testing.T) { runQuestionPageScenarios(t, questionPageScenarios()) }

// TestQuestionPageCoverage: every route questionRoutes registers has a
// scenario, tried anonymously and by a member; routes on a question also by
// a member of another municipality.
func TestQuestionPageCoverage(t *testing.T) {
	patterns := registeredRoutes(t, func(name string) bool { return name == "questionRoutes" })
	if len(patterns) < 20 {
		t.Fatalf("found only %d question routes: %v", len(patterns), patterns)
	}
	mux := http.NewServeMux()
	for _, p := range patterns {
		mux.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}
	roleHit := map[string]map[string]bool{}
	for _, sc := range questionPageScenarios() {
		method := sc.method
		if method == "" {
			method = http.MethodGet
		}
		u := regexp.MustCompile(`\{[a-z]+:[a-zA-Z0-9-]+\}`).ReplaceAllString(sc.url, "1")
		req, err := http.NewRequest(method, "http://allmenning.test"+u, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, pattern := mux.Handler(req)
		if pattern == "" && (strings.HasPrefix(sc.url, "/diskusjoner/") || strings.HasPrefix(sc.url, "/medlemmer/")) {
			continue // the discussion and member pages, as questions change them
		}
		if pattern == "" {
			t.Errorf("scenario %q (%s %s) matches no question route", sc.name, method, sc.url)
			continue
		}
		if roleHit[pattern] == nil {
			roleHit[pattern] = map[string]bool{}
		}
		roleHit[pattern][sc.role] = true
	}
	for _, p := range patterns {
		hit := roleHit[p]
		if !hit[anonymous] {
			t.Errorf("route %q has no scenario for an anonymous visitor", p)
		}
		if !hit[member] && !hit[muniAdmin] {
			t.Errorf("route %q has no scenario for a member of 5001", p)
		}
		if strings.Contains(p, "{id}") && !strings.HasPrefix(p, "POST /medlemmer/") && !hit[other] && !hit[expertRole] {
			t.Errorf("route %q has no scenario for a member of another municipality", p)
		}
	}
}
