package web_test

// The question API: every route for every role, trust levels, visibility,
// due times over weekends and holidays, accepting and reputation, on both
// databases.

import (
	"net/http"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// expert is a member in Bodø designated as expert of «Arkivering».
const expert = "expert"

var expertPerson = person{"eva.ekspert@bodo.kommune.no", "Eva Ekspert", "1804", nil}

// qRoles are the roles of the question scenarios.
var qRoles = []string{anonymous, member, other, muniAdmin, moderator, operator, expert}

const (
	qMemTitle  = "Må vi arkivere meldinger i Messenger?"
	qMuniTitle = "Hvem har nøklene til Facebook-siden i Trondheim?"
	qPubTitle  = "Hvordan svarer vi på kritikk av ansatte?"
	qOpenTitle = "Gjelder offentleglova for Instagram?"
	qSecret    = "Hemmeligpassord"
	aMemBody   = "Ja, det som er saksbehandling skal arkiveres."
	aMuniBody  = "Det er bare Kari og jeg."
	aPubBody   = "Svar på saken, ikke på personen."

	msgTrustLevel = "Du trenger høyere tillitsnivå for å gjøre dette."
	msgTooManyURL = "Som ny kan du ha høyst to lenker i et innlegg."
	msgOwnVote    = "Du kan ikke stemme på ditt eget svar."
)

// qFixture: Mari (member, Trondheim) asked four questions; Ola (other,
// Oslo) answered the members-only and the public one, Anne (admin,
// Trondheim) the one for Trondheim only.
type qFixture struct {
	ids    map[string]string // placeholder → id
	expert *client
}

func seedQuestions(t *testing.T, e *env) *qFixture {
	t.Helper()
	seedTaxonomy(t, e)
	m, err := e.accounts.CreateMember(ctx, allmenning.NewMember{Email: expertPerson.email, Name: expertPerson.name, Municipality: expertPerson.municipality}, goodPass)
	if err != nil {
		t.Fatal(err)
	}
	e.members[expert] = m
	arkiv := areaBySlug(t, e, "arkivering")
	if err := e.db.SetExperts(ctx, arkiv.ID, []int64{m.ID}); err != nil {
		t.Fatal(err)
	}
	fx := &qFixture{ids: map[string]string{}, expert: e.client(t)}
	fx.expert.login(expertPerson.email, goodPass)

	mari := e.as(t, member)
	ask := func(key string, body map[string]any) {
		var q struct {
			ID int64 `json:"id"`
		}
		mari.mustJSON("POST", "/api/v1/questions", body, 201, &q)
		fx.ids["{q:"+key+"}"] = itoa(q.ID)
	}
	ask("mem", map[string]any{"title": qMemTitle, "body": "Gjelder arkivplikten for private meldinger?", "area": "arkivering", "tags": []string{"jul"}, "expert": true})
	ask("muni", map[string]any{"title": qMuniTitle, "body": "Passordet er " + qSecret + ".", "area": "arkivering", "visibility": "municipality", "expert": true})
	ask("pub", map[string]any{"title": qPubTitle, "body": "En ansatt ble navngitt i kommentarfeltet.", "area": "etikk", "visibility": "public"})
	ask("open", map[string]any{"title": qOpenTitle, "body": "Ungdomsrådet får meldinger på Instagram.", "area": "juridisk"})
	answer := func(key, role, q, body string) {
		var a struct {
			ID int64 `json:"id"`
		}
		e.as(t, role).mustJSON("POST", "/api/v1/questions/"+fx.ids["{q:"+q+"}"]+"/answers", map[string]any{"body": body}, 201, &a)
		fx.ids["{a:"+key+"}"] = itoa(a.ID)
	}
	answer("mem", other, "mem", aMemBody)
	answer("muni", muniAdmin, "muni", aMuniBody)
	answer("pub", other, "pub", aPubBody)
	return fx
}

// client returns the visitor of a role, the expert included.
func (fx *qFixture) client(t *testing.T, e *env, role string) *client {
	t.Helper()
	if role != expert {
		return e.as(t, role)
	}
	c := *fx.expert
	c.t = t
	return &c
}

var qPlaceholder = regexp.MustCompile(`\{(q|a):[a-z]+\}`)

func (fx *qFixture) expand(t *testing.T, e *env, s string) string {
	s = qPlaceholder.ReplaceAllStringFunc(s, func(p string) string {
		id, ok := fx.ids[p]
		if !ok {
			t.Fatalf("unknown placeholder %s", p)
		}
		return id
	})
	return e.expand(t, s)
}

// qscenario is one request of the question API.
type qscenario struct {
	name     string
	method   string // GET when empty
	url      string
	role     string
	json     string
	noCSRF   bool
	status   int
	contains []string
	absent   []string
	setup    func(t *testing.T, e *env, fx *qFixture)
	check    func(t *testing.T, e *env, fx *qFixture, r *response)
}

// ownServer reports whether a scenario needs a server of its own: it
// changes something. Refused requests without setup change nothing (their
// checks say so) and share a server with the reads.
func (sc qscenario) ownServer() bool {
	if sc.setup != nil {
		return true
	}
	return sc.method != "" && sc.method != http.MethodGet && sc.status < 400
}

func (sc qscenario) run(t *testing.T, e *env, fx *qFixture) {
	t.Helper()
	if sc.setup != nil {
		sc.setup(t, e, fx)
	}
	x := func(s string) string { return fx.expand(t, e, s) }
	method := sc.method
	if method == "" {
		method = http.MethodGet
	}
	c := fx.client(t, e, sc.role)
	var headers []string
	if sc.noCSRF {
		headers = append(headers, "X-CSRF-Token", "")
	}
	var body any
	if sc.json != "" {
		body = x(sc.json)
	}
	r := c.sendJSON(method, x(sc.url), body, headers...)
	if r.StatusCode != sc.status {
		t.Fatalf("%s %s as %s: status %d, want %d; body: %.2000s", method, x(sc.url), sc.role, r.StatusCode, sc.status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	for _, s := range sc.contains {
		if s = x(s); !strings.Contains(r.Body, s) {
			t.Errorf("body lacks %q; body: %.3000s", s, r.Body)
		}
	}
	for _, s := range sc.absent {
		if s = x(s); strings.Contains(strings.ToLower(r.Body), strings.ToLower(s)) {
			t.Errorf("body has %q, which it must not; body: %.3000s", s, r.Body)
		}
	}
	if sc.check != nil {
		sc.check(t, e, fx, r)
	}
}

// runQuestionScenarios runs the scenarios that change nothing on one shared
// server and the others each on a fresh one, on both databases.
func runQuestionScenarios(t *testing.T, scenarios []qscenario) {
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
		sharedFx := seedQuestions(t, shared)
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				if !sc.ownServer() {
					sc.run(t, shared, sharedFx)
					return
				}
				t.Parallel()
				e := newEnv(t, dbtest.Open(t, kind))
				sc.run(t, e, seedQuestions(t, e))
			})
		}
	})
}

// questionState reads a question as a moderator of its municipality would.
func questionState(t *testing.T, e *env, fx *qFixture, key string) *allmenning.Question {
	t.Helper()
	id := fx.ids["{q:"+key+"}"]
	var q *allmenning.Question
	for _, m := range []*allmenning.Member{e.members[member]} {
		var err error
		if q, err = e.db.FindQuestion(ctx, allmenning.ViewerOf(m), mustInt(t, id)); err != nil {
			t.Fatal(err)
		}
	}
	return q
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// wantAccepted checks the accepted answer of a question in the store ("" for none).
func wantAccepted(q, a string) func(t *testing.T, e *env, fx *qFixture, r *response) {
	return func(t *testing.T, e *env, fx *qFixture, r *response) {
		t.Helper()
		got := questionState(t, e, fx, q).AcceptedAnswerID
		want := int64(0)
		if a != "" {
			want = mustInt(t, fx.ids["{a:"+a+"}"])
		}
		if got != want {
			t.Errorf("accepted answer %d, want %d", got, want)
		}
	}
}

// wantScore checks an answer's score and the number of answers of its question.
func wantScore(q, a string, score int) func(t *testing.T, e *env, fx *qFixture, r *response) {
	return func(t *testing.T, e *env, fx *qFixture, r *response) {
		t.Helper()
		votes, err := e.db.FindAnswerVotes(ctx, allmenning.ViewerOf(e.members[member]), mustInt(t, fx.ids["{q:"+q+"}"]))
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		if v := votes[mustInt(t, fx.ids["{a:"+a+"}"])]; v != nil {
			got = v.Score
		}
		if got != score {
			t.Errorf("score %d, want %d", got, score)
		}
	}
}

func wantAnswers(q string, n int) func(t *testing.T, e *env, fx *qFixture, r *response) {
	return func(t *testing.T, e *env, fx *qFixture, r *response) {
		t.Helper()
		if got := questionState(t, e, fx, q).ReplyCount; got != n {
			t.Errorf("%d answers, want %d", got, n)
		}
	}
}

func wantComments(q, a string, n int) func(t *testing.T, e *env, fx *qFixture, r *response) {
	return func(t *testing.T, e *env, fx *qFixture, r *response) {
		t.Helper()
		cs, err := e.db.FindAnswerComments(ctx, allmenning.ViewerOf(e.members[member]), mustInt(t, fx.ids["{q:"+q+"}"]))
		if err != nil {
			t.Fatal(err)
		}
		if got := len(cs[mustInt(t, fx.ids["{a:"+a+"}"])]); got != n {
			t.Errorf("%d comments, want %d", got, n)
		}
	}
}

// wantQuestions checks how many questions a role may list.
func wantQuestions(role string, n int) func(t *testing.T, e *env, fx *qFixture, r *response) {
	return func(t *testing.T, e *env, fx *qFixture, r *response) {
		t.Helper()
		var l struct {
			Total int `json:"total"`
		}
		fx.client(t, e, role).mustJSON("GET", "/api/v1/questions", nil, 200, &l)
		if l.Total != n {
			t.Errorf("%s lists %d questions, want %d", role, l.Total, n)
		}
	}
}

func setTrust(role string, level int) func(t *testing.T, e *env, fx *qFixture) {
	return func(t *testing.T, e *env, fx *qFixture) {
		if err := e.db.SetTrustOverride(ctx, e.members[role].ID, &level); err != nil {
			t.Fatal(err)
		}
	}
}

func acceptAs(role, a string) func(t *testing.T, e *env, fx *qFixture) {
	return func(t *testing.T, e *env, fx *qFixture) {
		fx.client(t, e, role).mustJSON("POST", "/api/v1/answers/"+fx.ids["{a:"+a+"}"]+"/accept", nil, 200, nil)
	}
}

func qcheckAll(checks ...func(t *testing.T, e *env, fx *qFixture, r *response)) func(t *testing.T, e *env, fx *qFixture, r *response) {
	return func(t *testing.T, e *env, fx *qFixture, r *response) {
		for _, c := range checks {
			c(t, e, fx, r)
		}
	}
}

func questionAPIScenarios() []qscenario {
	secret := []string{qSecret, qMuniTitle, aMuniBody}
	threeLinks := `https://a.no, https://b.no og https://c.no`
	var sc []qscenario

	// Lists: what each role may see.
	lists := map[string]struct {
		total    int
		contains []string
		absent   []string
	}{
		anonymous: {1, []string{qPubTitle}, append([]string{qMemTitle, qOpenTitle}, secret...)},
		member:    {4, []string{qPubTitle, qMemTitle, qMuniTitle, qOpenTitle}, nil},
		other:     {3, []string{qMemTitle}, secret},
		muniAdmin: {4, []string{qMuniTitle}, nil},
		moderator: {3, nil, secret},
		operator:  {3, nil, secret},
		expert:    {3, nil, secret},
	}
	for _, role := range qRoles {
		l := lists[role]
		sc = append(sc, qscenario{name: "list " + role, url: "/api/v1/questions", role: role, status: 200,
			contains: append([]string{`"total":` + itoa(int64(l.total)), `"expert_status":`}, l.contains...), absent: l.absent})
	}
	sc = append(sc,
		qscenario{name: "list unanswered", url: "/api/v1/questions?unanswered=true", role: member, status: 200,
			contains: []string{`"total":1`, qOpenTitle}, absent: []string{qMemTitle}},
		qscenario{name: "list without accepted answer", url: "/api/v1/questions?unanswered=no-accepted", role: other, status: 200,
			contains: []string{`"total":3`}},
		qscenario{name: "list area", url: "/api/v1/questions?area=arkivering", role: other, status: 200,
			contains: []string{`"total":1`, qMemTitle}, absent: secret},
		qscenario{name: "list parent area", url: "/api/v1/questions?area=operativ", role: member, status: 200, contains: []string{`"total":4`}},
		qscenario{name: "list tag", url: "/api/v1/questions?tag=jul", role: member, status: 200, contains: []string{`"total":1`, qMemTitle}},
		qscenario{name: "list unknown tag", url: "/api/v1/questions?tag=finnes-ikke", role: member, status: 200, contains: []string{`"total":0`}},
		qscenario{name: "list expert requests", url: "/api/v1/questions?expert=true", role: other, status: 200,
			contains: []string{`"total":1`, `"due_at":`, `"expert_status":"waiting"`}, absent: secret},
		qscenario{name: "list unknown filter", url: "/api/v1/questions?unanswered=kanskje", role: member, status: 422,
			contains: []string{`"code":"invalid"`, `"unanswered":"Ukjent filter."`}},
	)

	// One question: the members-only one for each role, the municipality-only one, unknown ones.
	for _, role := range qRoles {
		s := qscenario{name: "get members-only " + role, url: "/api/v1/questions/{q:mem}", role: role, status: 200,
			contains: []string{qMemTitle, aMemBody, `"accepted_answer_id":null`, `"answers":[`, `"score":0`, `"my_vote":0`, `"comments":[]`,
				`"expert_requested":true`, `"due_at":`, `"expert_status":"waiting"`, `"in_faq":false`, `"url":"http`}}
		switch role {
		case anonymous:
			s.status, s.contains, s.absent = 401, []string{`"code":"unauthorized"`, msgLoginNeeded}, []string{qMemTitle, aMemBody}
		case expert:
			s.contains = append(s.contains, `"viewer":{"trust_level":0,"expert":true}`)
		case member:
			s.contains = append(s.contains, `"viewer":{"trust_level":1,"expert":false}`)
		}
		sc = append(sc, s)
	}
	for _, role := range qRoles {
		s := qscenario{name: "get municipality-only " + role, url: "/api/v1/questions/{q:muni}", role: role, status: 404,
			contains: []string{`"code":"not_found"`, msgThreadNotFound}, absent: secret}
		switch role {
		case anonymous:
			s.status, s.contains = 401, []string{`"code":"unauthorized"`}
		case member, muniAdmin:
			s.status, s.contains, s.absent = 200, []string{qMuniTitle, qSecret, aMuniBody, `"visibility":"municipality"`}, nil
		}
		sc = append(sc, s)
	}
	sc = append(sc,
		qscenario{name: "get public anonymous", url: "/api/v1/questions/{q:pub}", role: anonymous, status: 200,
			contains: []string{qPubTitle, aPubBody, `"expert_requested":false`, `"expert_status":"none"`}, absent: []string{`"due_at"`, `"viewer"`}},
		qscenario{name: "get unknown", url: "/api/v1/questions/999999", role: member, status: 404, contains: []string{`"code":"not_found"`}},
		qscenario{name: "get not a number", url: "/api/v1/questions/abc", role: member, status: 404},
	)

	// Asking.
	newQ := `{"title":"Hvor lenge lagrer dere direktesendinger?","body":"Vi sender kommunestyret direkte.","area":"arkivering","expert":true}`
	for _, role := range qRoles {
		s := qscenario{name: "ask " + role, method: "POST", url: "/api/v1/questions", role: role, json: newQ, status: 201,
			contains: []string{`"kind":"question"`, `"title":"Hvor lenge lagrer dere direktesendinger?"`, `"accepted_answer_id":null`,
				`"expert_requested":true`, `"due_at":`, `"expert_status":"waiting"`, `"url":"http`},
			check: wantQuestions(member, 5)}
		if role == anonymous {
			s.status, s.contains, s.check = 401, []string{`"code":"unauthorized"`, msgLoginNeeded}, wantQuestions(member, 4)
		}
		sc = append(sc, s)
	}
	sc = append(sc,
		qscenario{name: "ask without expert", method: "POST", url: "/api/v1/questions", role: other, status: 201,
			json:     `{"title":"Bruker dere Threads?","body":"Vi vurderer det.","area":"kampanje","tags":["jul"],"visibility":"public"}`,
			contains: []string{`"expert_requested":false`, `"expert_status":"none"`, `"slug":"jul"`, `"visibility":"public"`}, absent: []string{`"due_at"`},
			check: wantQuestions(anonymous, 2)},
		qscenario{name: "ask municipality-only", method: "POST", url: "/api/v1/questions", role: other, status: 201,
			json:  `{"title":"Bare for Oslo kommune","body":"Intern sak.","area":"etikk","visibility":"municipality"}`,
			check: qcheckAll(wantQuestions(member, 4), wantQuestions(other, 4))},
		qscenario{name: "ask invalid", method: "POST", url: "/api/v1/questions", role: member, status: 422,
			json:     `{"title":"","body":"","area":"","visibility":"alle","expert":true}`,
			contains: []string{`"code":"invalid"`, `"title":"Skriv en tittel."`, `"body":"Skriv en tekst."`, `"area":"Velg et kunnskapsområde."`},
			check:    wantQuestions(member, 4)},
		qscenario{name: "ask unknown field", method: "POST", url: "/api/v1/questions", role: member, status: 422,
			json: `{"title":"Hei på dere alle","body":"Tekst","area":"etikk","ekspert":true}`, contains: []string{`"code":"invalid"`}, check: wantQuestions(member, 4)},
		qscenario{name: "ask expert not boolean", method: "POST", url: "/api/v1/questions", role: member, status: 422,
			json: `{"title":"Hei på dere alle","body":"Tekst","area":"etikk","expert":"ja"}`, check: wantQuestions(member, 4)},
		qscenario{name: "ask without csrf", method: "POST", url: "/api/v1/questions", role: member, json: newQ, noCSRF: true, status: 403,
			contains: []string{`"code":"forbidden"`}, check: wantQuestions(member, 4)},
		qscenario{name: "ask with three links at level 0", method: "POST", url: "/api/v1/questions", role: other, status: 422,
			json:     `{"title":"Hvilke lenker bruker dere?","body":"` + threeLinks + `","area":"etikk"}`,
			contains: []string{`"body":"` + msgTooManyURL + `"`}, check: wantQuestions(other, 3)},
		qscenario{name: "ask with three links at level 1", method: "POST", url: "/api/v1/questions", role: member, status: 201,
			json: `{"title":"Hvilke lenker bruker dere?","body":"` + threeLinks + `","area":"etikk"}`, check: wantQuestions(other, 4)},
		qscenario{name: "ask with three links as moderator", method: "POST", url: "/api/v1/questions", role: moderator, status: 201,
			json: `{"title":"Hvilke lenker bruker dere?","body":"` + threeLinks + `","area":"etikk"}`},
		qscenario{name: "ask with two links at level 0", method: "POST", url: "/api/v1/questions", role: other, status: 201,
			json: `{"title":"Hvilke lenker bruker dere?","body":"https://a.no og https://b.no","area":"etikk"}`},
	)

	// Answering.
	for _, role := range qRoles {
		s := qscenario{name: "answer " + role, method: "POST", url: "/api/v1/questions/{q:mem}/answers", role: role,
			json: `{"body":"Vi journalfører alt som gjelder en sak."}`, status: 201,
			contains: []string{`"number":2`, `"score":0`, `"accepted":false`, `"expert":false`, `"comments":[]`, `"url":"http`, `#svar-2"`},
			check:    wantAnswers("mem", 2)}
		switch role {
		case anonymous:
			s.status, s.contains, s.check = 401, []string{`"code":"unauthorized"`}, wantAnswers("mem", 1)
		case expert:
			// The first answer by an expert of the area stops the clock.
			s.contains = []string{`"number":2`, `"score":0`, `"accepted":false`, `"expert":true`, `"comments":[]`, `#svar-2"`}
			s.check = qcheckAll(wantAnswers("mem", 2), func(t *testing.T, e *env, fx *qFixture, r *response) {
				q := questionState(t, e, fx, "mem")
				if q.ExpertAnsweredAt == nil || q.ExpertAnsweredBy != e.members[expert].ID {
					t.Errorf("the expert's answer did not stop the clock: %+v", q)
				}
				b := fx.client(t, e, other).get("/api/v1/questions/" + fx.ids["{q:mem}"]).Body
				if !strings.Contains(b, `"expert_status":"answered"`) || !strings.Contains(b, `"expert_answered_at":`) {
					t.Errorf("after the expert answered: %.2000s", b)
				}
			})
		}
		sc = append(sc, s)
	}
	sc = append(sc,
		qscenario{name: "answer municipality-only colleague", method: "POST", url: "/api/v1/questions/{q:muni}/answers", role: muniAdmin,
			json: `{"body":"Og vikaren."}`, status: 201, check: wantAnswers("muni", 2)},
		qscenario{name: "answer municipality-only other municipality", method: "POST", url: "/api/v1/questions/{q:muni}/answers", role: other,
			json: `{"body":"Hei"}`, status: 404, absent: secret, check: wantAnswers("muni", 1)},
		qscenario{name: "answer municipality-only expert elsewhere", method: "POST", url: "/api/v1/questions/{q:muni}/answers", role: expert,
			json: `{"body":"Hei"}`, status: 404, absent: secret, check: wantAnswers("muni", 1)},
		qscenario{name: "answer municipality-only moderator elsewhere", method: "POST", url: "/api/v1/questions/{q:muni}/answers", role: moderator,
			json: `{"body":"Hei"}`, status: 404, absent: secret, check: wantAnswers("muni", 1)},
		qscenario{name: "answer empty", method: "POST", url: "/api/v1/questions/{q:mem}/answers", role: member, json: `{"body":" "}`, status: 422,
			contains: []string{`"body":"Skriv en tekst."`}, check: wantAnswers("mem", 1)},
		qscenario{name: "answer unknown field", method: "POST", url: "/api/v1/questions/{q:mem}/answers", role: member, json: `{"body":"Hei","reply_to":1}`, status: 422,
			check: wantAnswers("mem", 1)},
		qscenario{name: "answer with three links at level 0", method: "POST", url: "/api/v1/questions/{q:mem}/answers", role: muniAdmin,
			json: `{"body":"` + threeLinks + `"}`, status: 422, contains: []string{msgTooManyURL}, check: wantAnswers("mem", 1)},
		qscenario{name: "answer without csrf", method: "POST", url: "/api/v1/questions/{q:mem}/answers", role: member, json: `{"body":"Hei"}`, noCSRF: true, status: 403,
			check: wantAnswers("mem", 1)},
		qscenario{name: "answer unknown question", method: "POST", url: "/api/v1/questions/999999/answers", role: member, json: `{"body":"Hei"}`, status: 404},
	)

	// Votes: anyone who may answer, not on their own answer; down needs trust level 1.
	for _, role := range qRoles {
		s := qscenario{name: "vote up " + role, method: "POST", url: "/api/v1/answers/{a:mem}/vote", role: role, json: `{"value":1}`, status: 200,
			contains: []string{`"answer_id":{a:mem}`, `"score":1`, `"my_vote":1`}, check: wantScore("mem", "mem", 1)}
		switch role {
		case anonymous:
			s.status, s.contains, s.check = 401, []string{`"code":"unauthorized"`}, wantScore("mem", "mem", 0)
		case other:
			s.status, s.contains, s.check = 403, []string{`"code":"forbidden"`, msgOwnVote}, wantScore("mem", "mem", 0)
		}
		sc = append(sc, s)
	}
	for _, role := range qRoles {
		s := qscenario{name: "vote down " + role, method: "POST", url: "/api/v1/answers/{a:mem}/vote", role: role, json: `{"value":-1}`, status: 200,
			contains: []string{`"score":-1`, `"my_vote":-1`}, check: wantScore("mem", "mem", -1)}
		switch role {
		case anonymous:
			s.status, s.contains, s.check = 401, nil, wantScore("mem", "mem", 0)
		case other:
			s.status, s.contains, s.check = 403, []string{msgOwnVote}, wantScore("mem", "mem", 0)
		case muniAdmin, expert:
			// Trust level 0: one answer or none, no reputation.
			s.status, s.contains, s.check = 403, []string{`"code":"forbidden"`, msgTrustLevel}, wantScore("mem", "mem", 0)
		}
		sc = append(sc, s)
	}
	sc = append(sc,
		qscenario{name: "vote down at level 1 set by hand", method: "POST", url: "/api/v1/answers/{a:mem}/vote", role: expert, json: `{"value":-1}`, status: 200,
			setup: setTrust(expert, 1), check: wantScore("mem", "mem", -1)},
		qscenario{name: "vote down at level 0 set by hand", method: "POST", url: "/api/v1/answers/{a:mem}/vote", role: member, json: `{"value":-1}`, status: 403,
			setup: setTrust(member, 0), contains: []string{msgTrustLevel}, check: wantScore("mem", "mem", 0)},
		qscenario{name: "vote removed", method: "POST", url: "/api/v1/answers/{a:mem}/vote", role: member, json: `{"value":0}`, status: 200,
			setup: func(t *testing.T, e *env, fx *qFixture) {
				fx.client(t, e, member).mustJSON("POST", "/api/v1/answers/"+fx.ids["{a:mem}"]+"/vote", `{"value":1}`, 200, nil)
			},
			contains: []string{`"score":0`, `"my_vote":0`}, check: wantScore("mem", "mem", 0)},
		qscenario{name: "vote again changes nothing", method: "POST", url: "/api/v1/answers/{a:mem}/vote", role: member, json: `{"value":1}`, status: 200,
			setup: func(t *testing.T, e *env, fx *qFixture) {
				fx.client(t, e, member).mustJSON("POST", "/api/v1/answers/"+fx.ids["{a:mem}"]+"/vote", `{"value":1}`, 200, nil)
			},
			contains: []string{`"score":1`}, check: wantScore("mem", "mem", 1)},
		qscenario{name: "vote invalid value", method: "POST", url: "/api/v1/answers/{a:mem}/vote", role: member, json: `{"value":2}`, status: 422,
			contains: []string{`"value":"Stemmen må være opp, ned eller ingen."`}, check: wantScore("mem", "mem", 0)},
		qscenario{name: "vote without value", method: "POST", url: "/api/v1/answers/{a:mem}/vote", role: member, json: `{}`, status: 422, contains: []string{`"value":`}},
		qscenario{name: "vote municipality-only other municipality", method: "POST", url: "/api/v1/answers/{a:muni}/vote", role: other, json: `{"value":1}`, status: 404,
			absent: secret, check: wantScore("muni", "muni", 0)},
		qscenario{name: "vote municipality-only colleague", method: "POST", url: "/api/v1/answers/{a:muni}/vote", role: member, json: `{"value":1}`, status: 200,
			check: wantScore("muni", "muni", 1)},
		qscenario{name: "vote unknown answer", method: "POST", url: "/api/v1/answers/999999/vote", role: member, json: `{"value":1}`, status: 404},
		qscenario{name: "vote without csrf", method: "POST", url: "/api/v1/answers/{a:mem}/vote", role: member, json: `{"value":1}`, noCSRF: true, status: 403,
			check: wantScore("mem", "mem", 0)},
		qscenario{name: "vote gives reputation", method: "POST", url: "/api/v1/answers/{a:mem}/vote", role: member, json: `{"value":1}`, status: 200,
			check: func(t *testing.T, e *env, fx *qFixture, r *response) {
				// Ten points lift Ola from trust level 0 to 1.
				b := fx.client(t, e, moderator).get("/api/v1/members/" + e.id(other)).Body
				if !strings.Contains(b, `"reputation":10`) || !strings.Contains(b, `"trust_level":1`) {
					t.Errorf("Ola after an up-vote: %s", b)
				}
			}},
	)

	// Accepting: the asker or a moderator.
	for _, role := range qRoles {
		s := qscenario{name: "accept " + role, method: "POST", url: "/api/v1/answers/{a:mem}/accept", role: role, status: 200,
			contains: []string{`"accepted_answer_id":{a:mem}`, `"id":{q:mem}`}, check: wantAccepted("mem", "mem")}
		switch role {
		case anonymous:
			s.status, s.contains, s.check = 401, nil, wantAccepted("mem", "")
		case other, muniAdmin, expert:
			s.status, s.contains, s.check = 403, []string{`"code":"forbidden"`, msgForbidden}, wantAccepted("mem", "")
		}
		sc = append(sc, s)
	}
	sc = append(sc,
		qscenario{name: "accept gives reputation", method: "POST", url: "/api/v1/answers/{a:mem}/accept", role: member, status: 200,
			check: func(t *testing.T, e *env, fx *qFixture, r *response) {
				if b := fx.client(t, e, other).get("/api/v1/me").Body; !strings.Contains(b, `"reputation":15`) {
					t.Errorf("the answer's author after acceptance: %s", b)
				}
				if b := fx.client(t, e, other).get("/api/v1/members/" + e.id(member)).Body; !strings.Contains(b, `"reputation":2`) {
					t.Errorf("the asker after accepting: %s", b)
				}
				var d struct {
					Answers []struct {
						ID       int64 `json:"id"`
						Accepted bool  `json:"accepted"`
					} `json:"answers"`
				}
				fx.client(t, e, expert).mustJSON("GET", "/api/v1/questions/"+fx.ids["{q:mem}"], nil, 200, &d)
				if len(d.Answers) != 1 || !d.Answers[0].Accepted {
					t.Errorf("answers = %+v", d.Answers)
				}
			}},
		qscenario{name: "accept municipality-only other municipality", method: "POST", url: "/api/v1/answers/{a:muni}/accept", role: other, status: 404,
			absent: secret, check: wantAccepted("muni", "")},
		qscenario{name: "accept municipality-only asker", method: "POST", url: "/api/v1/answers/{a:muni}/accept", role: member, status: 200,
			check: wantAccepted("muni", "muni")},
		qscenario{name: "accept another answer", method: "POST", url: "/api/v1/answers/{a:mem}/accept", role: member, status: 200,
			setup: func(t *testing.T, e *env, fx *qFixture) {
				var a struct {
					ID int64 `json:"id"`
				}
				fx.client(t, e, moderator).mustJSON("POST", "/api/v1/questions/"+fx.ids["{q:mem}"]+"/answers", `{"body":"Et annet svar."}`, 201, &a)
				fx.ids["{a:second}"] = itoa(a.ID)
				fx.client(t, e, member).mustJSON("POST", "/api/v1/answers/"+itoa(a.ID)+"/accept", nil, 200, nil)
			},
			check: wantAccepted("mem", "mem")},
		qscenario{name: "accept unknown answer", method: "POST", url: "/api/v1/answers/999999/accept", role: member, status: 404},
		qscenario{name: "accept without csrf", method: "POST", url: "/api/v1/answers/{a:mem}/accept", role: member, noCSRF: true, status: 403,
			check: wantAccepted("mem", "")},
	)
	for _, role := range qRoles {
		s := qscenario{name: "unaccept " + role, method: "DELETE", url: "/api/v1/answers/{a:mem}/accept", role: role, status: 200,
			setup: acceptAs(member, "mem"), contains: []string{`"accepted_answer_id":null`}, check: wantAccepted("mem", "")}
		switch role {
		case anonymous:
			s.status, s.contains, s.check = 401, nil, wantAccepted("mem", "mem")
		case other, muniAdmin, expert:
			s.status, s.contains, s.check = 403, []string{msgForbidden}, wantAccepted("mem", "mem")
		}
		sc = append(sc, s)
	}
	sc = append(sc,
		qscenario{name: "unaccept takes back reputation", method: "DELETE", url: "/api/v1/answers/{a:mem}/accept", role: member, status: 200,
			setup: acceptAs(member, "mem"),
			check: func(t *testing.T, e *env, fx *qFixture, r *response) {
				if b := fx.client(t, e, other).get("/api/v1/me").Body; !strings.Contains(b, `"reputation":0`) {
					t.Errorf("after unaccepting: %s", b)
				}
			}},
		qscenario{name: "unaccept an answer not accepted", method: "DELETE", url: "/api/v1/answers/{a:mem}/accept", role: member, status: 200,
			contains: []string{`"accepted_answer_id":null`}, check: wantAccepted("mem", "")},
		qscenario{name: "unaccept municipality-only other municipality", method: "DELETE", url: "/api/v1/answers/{a:muni}/accept", role: other, status: 404,
			setup: acceptAs(member, "muni"), absent: secret, check: wantAccepted("muni", "muni")},
	)

	// Comments on answers.
	for _, role := range qRoles {
		s := qscenario{name: "comment " + role, method: "POST", url: "/api/v1/answers/{a:mem}/comments", role: role, json: `{"body":"Takk, det hjelper."}`, status: 201,
			contains: []string{`"answer_id":{a:mem}`, `"body":"Takk, det hjelper."`, `"author_id":{id:` + role + `}`, `"created_at":`},
			check:    wantComments("mem", "mem", 1)}
		if role == anonymous {
			s.status, s.contains, s.check = 401, nil, wantComments("mem", "mem", 0)
		}
		sc = append(sc, s)
	}
	sc = append(sc,
		qscenario{name: "comment shown on the question", method: "POST", url: "/api/v1/answers/{a:mem}/comments", role: moderator, json: `{"body":"Se også FAQ."}`, status: 201,
			check: func(t *testing.T, e *env, fx *qFixture, r *response) {
				b := fx.client(t, e, other).get("/api/v1/questions/" + fx.ids["{q:mem}"]).Body
				if !strings.Contains(b, `"comments":[{"id":`) || !strings.Contains(b, `"author_name":"Mons Moderator","body":"Se også FAQ."`) {
					t.Errorf("question after a comment: %.2000s", b)
				}
			}},
		qscenario{name: "comment empty", method: "POST", url: "/api/v1/answers/{a:mem}/comments", role: member, json: `{"body":""}`, status: 422,
			contains: []string{`"body":"Skriv en kommentar."`}, check: wantComments("mem", "mem", 0)},
		qscenario{name: "comment too long", method: "POST", url: "/api/v1/answers/{a:mem}/comments", role: member, json: `{"body":"` + strings.Repeat("å", 601) + `"}`, status: 422,
			contains: []string{`"body":"Kommentaren kan ha høyst 600 tegn."`}, check: wantComments("mem", "mem", 0)},
		qscenario{name: "comment with three links at level 0", method: "POST", url: "/api/v1/answers/{a:mem}/comments", role: expert, json: `{"body":"` + threeLinks + `"}`, status: 422,
			contains: []string{msgTooManyURL}, check: wantComments("mem", "mem", 0)},
		qscenario{name: "comment municipality-only other municipality", method: "POST", url: "/api/v1/answers/{a:muni}/comments", role: other, json: `{"body":"Hei"}`, status: 404,
			absent: secret, check: wantComments("muni", "muni", 0)},
		qscenario{name: "comment unknown answer", method: "POST", url: "/api/v1/answers/999999/comments", role: member, json: `{"body":"Hei"}`, status: 404},
	)

	// The expert queue: experts and moderators.
	for _, role := range qRoles {
		s := qscenario{name: "queue " + role, url: "/api/v1/expert-queue", role: role, status: 403,
			contains: []string{`"code":"forbidden"`}, absent: secret}
		switch role {
		case anonymous:
			s.status, s.contains = 401, []string{`"code":"unauthorized"`}
		case expert, moderator, operator:
			s.status, s.contains = 200, []string{`"questions":[{`, qMemTitle, `"due_at":`, `"escalated":false`}
		}
		sc = append(sc, s)
	}
	sc = append(sc,
		qscenario{name: "queue area", url: "/api/v1/expert-queue?area=etikk", role: moderator, status: 200, contains: []string{`{"questions":[]}`}},
		qscenario{name: "queue answered", url: "/api/v1/expert-queue?answered=true", role: expert, status: 200, contains: []string{qMemTitle}},
	)

	// Reputation and trust level on members.
	sc = append(sc,
		qscenario{name: "member standing", url: "/api/v1/members/{id:member}", role: other, status: 200,
			contains: []string{`"reputation":0`, `"trust_level":1`}},
		qscenario{name: "member standing level 0", url: "/api/v1/members/{id:expert}", role: member, status: 200,
			contains: []string{`"name":"Eva Ekspert"`, `"reputation":0`, `"trust_level":0`}},
		qscenario{name: "me standing", url: "/api/v1/me", role: muniAdmin, status: 200, contains: []string{`"reputation":0`, `"trust_level":0`}},
		qscenario{name: "me standing anonymous", url: "/api/v1/me", role: anonymous, status: 401, absent: []string{`"reputation"`}},
		qscenario{name: "member standing set by hand", url: "/api/v1/members/{id:admin}", role: member, status: 200,
			setup: setTrust(muniAdmin, 3), contains: []string{`"trust_level":3`}},
	)
	return sc
}

func TestQuestionAPI(t *testing.T) {
	runQuestionScenarios(t, questionAPIScenarios())
}

// Every question route is in the scenarios for every role.
func TestQuestionAPIScenariosCoverRoutes(t *testing.T) {
	covered := map[string]map[string]bool{}
	for _, sc := range questionAPIScenarios() {
		method := sc.method
		if method == "" {
			method = "GET"
		}
		u, _, _ := strings.Cut(sc.url, "?")
		route := method + " " + regexp.MustCompile(`/(\{[aq]:[a-z]+\}|\d+|abc)`).ReplaceAllString(u, "/{id}")
		if covered[route] == nil {
			covered[route] = map[string]bool{}
		}
		covered[route][sc.role] = true
	}
	routes := registeredRoutes(t, func(name string) bool { return name == "questionAPIRoutes" })
	if len(routes) != 9 {
		t.Errorf("questionAPIRoutes registers %d routes: %v", len(routes), routes)
	}
	for _, r := range routes {
		for _, role := range qRoles {
			if !covered[r][role] {
				t.Errorf("%s has no scenario as %s", r, role)
			}
		}
	}
}

// The due time of an expert answer skips weekends and Norwegian public
// holidays, counted from the store's clock when the question is asked.
func TestQuestionAPIDueAt(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, oslo)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	cases := []struct {
		name, asked, area, due string
	}{
		{"over a weekend", "2026-03-13 15:00", "arkivering", "2026-03-17 15:00"},
		{"over Easter 2026", "2026-04-01 14:00", "arkivering", "2026-04-08 14:00"},
		{"over Easter 2025", "2025-04-16 10:00", "arkivering", "2025-04-23 10:00"},
		{"over 17 May 2027", "2027-05-14 10:00", "arkivering", "2027-05-19 10:00"},
		{"over Christmas", "2025-12-23 12:00", "arkivering", "2025-12-29 12:00"},
		{"asked on a Saturday", "2026-03-14 11:00", "arkivering", "2026-03-17 16:00"},
		{"asked in the evening", "2026-03-10 20:00", "arkivering", "2026-03-12 16:00"},
		{"an area promising three days", "2026-04-29 09:00", "juridisk", "2026-05-05 09:00"},
		{"Kristi himmelfart 2028", "2028-05-24 10:00", "arkivering", "2028-05-29 10:00"},
	}
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		seedTaxonomy(t, e)
		if err := db.SetResponseDays(ctx, areaBySlug(t, e, "juridisk").ID, 3); err != nil {
			t.Fatal(err)
		}
		c := e.as(t, member)
		for _, tc := range cases {
			asked := at(tc.asked)
			db.SetClock(func() time.Time { return asked })
			var q struct {
				ID                int64      `json:"id"`
				DueAt             *time.Time `json:"due_at"`
				ExpertRequestedAt *time.Time `json:"expert_requested_at"`
			}
			c.mustJSON("POST", "/api/v1/questions", map[string]any{"title": "Spørsmål " + tc.name, "body": "Tekst", "area": tc.area, "expert": true}, 201, &q)
			if q.DueAt == nil || !q.DueAt.Equal(at(tc.due)) {
				t.Errorf("%s: asked %s, due %v, want %s", tc.name, tc.asked, q.DueAt, tc.due)
			}
			if q.ExpertRequestedAt == nil || !q.ExpertRequestedAt.Equal(asked) {
				t.Errorf("%s: requested at %v", tc.name, q.ExpertRequestedAt)
			}
			// The question's page says the same, and the question is not yet overdue.
			var got struct {
				DueAt        *time.Time `json:"due_at"`
				ExpertStatus string     `json:"expert_status"`
			}
			c.mustJSON("GET", "/api/v1/questions/"+itoa(q.ID), nil, 200, &got)
			if got.DueAt == nil || !got.DueAt.Equal(at(tc.due)) || got.ExpertStatus != "waiting" {
				t.Errorf("%s: GET gives due %v, status %s", tc.name, got.DueAt, got.ExpertStatus)
			}
			// A minute after the due time, without an expert answer, it is overdue.
			late := at(tc.due).Add(time.Minute)
			db.SetClock(func() time.Time { return late })
			c.mustJSON("GET", "/api/v1/questions/"+itoa(q.ID), nil, 200, &got)
			if got.ExpertStatus != "overdue" {
				t.Errorf("%s: a minute after due, status %s", tc.name, got.ExpertStatus)
			}
		}
		db.SetClock(time.Now)
	})
}
