package web_test

// Discussions through the real routes: a scenario table of every route in
// discussionRoutes for every role whose answer differs, and the promises
// the lists make (most read, unread markers, tag filters, Markdown safety).
// The visibility promise has its own test in discussion_visibility_test.go
// and the JSON API's contract in discussion_api_test.go.
//
// Every server gets the same fixture, made through the JSON API:
//
//	{t:pub}  public thread by Mari (5001) in etikk, tags jul and skole
//	{t:mem}  members-only thread by Mari in arkivering, tags jul and helse
//	{t:muni} municipality-only thread by Mari in beredskap, tags paske and skole,
//	         with the secret words in title and body
//	{r:pub}  reply 1 in {t:pub} by Ola (0301)
//	{r:mem}  reply 1 in {t:mem} by Mons (moderator, 4601)
//	{r:muni} reply 1 in {t:muni} by Anne (5001), with the secret words
//
// {area:SLUG}, {facet:SLUG} and {tag:SLUG} are the IDs of the taxonomy.

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// Words that only the municipality-only thread and its reply contain.
const (
	secretWord  = "zyxborgflimt"
	secretWord2 = "qwoppelstrand"
)

const (
	pubTitle  = "Tone i kommentarfeltet på Facebook"
	pubBody   = "Hvordan svarer dere på sinte kommentarer? Vi har en beredskapsplan for kommentarfeltet."
	memTitle  = "Arkivering av direktemeldinger"
	memBody   = "Journalfører kommunene direktemeldinger fra innbyggere?"
	muniTitle = "Intern øvelse " + secretWord
	muniBody  = "Vi planlegger " + secretWord + " og " + secretWord2 + " sammen med beredskapsplanene."
	rPubBody  = "Vi svarer alltid høflig og raskt."
	rMemBody  = "Husk arkivloven og Noark 5."
	rMuniBody = "Enig, " + secretWord + " og " + secretWord2 + " passer fint."

	msgOwnLike        = "Du kan ikke like ditt eget innlegg."
	msgThreadNotFound = "Diskusjonen finnes ikke, eller du har ikke tilgang til den."
	msgPostNotFound   = "Innlegget finnes ikke."
)

// threadJSON is a thread as the API answers it.
type threadJSON struct {
	ID           int64  `json:"id"`
	Kind         string `json:"kind"`
	Area         string `json:"area"`
	AuthorID     int64  `json:"author_id"`
	Municipality string `json:"municipality"`
	Title        string `json:"title"`
	Body         string `json:"body"`
	BodyHTML     string `json:"body_html"`
	Visibility   string `json:"visibility"`
	URL          string `json:"url"`
	Tags         []struct {
		Slug  string `json:"slug"`
		Facet string `json:"facet"`
	} `json:"tags"`
	ReplyCount  int         `json:"reply_count"`
	LikeCount   int         `json:"like_count"`
	ReadCount   int         `json:"read_count"`
	LikedByMe   bool        `json:"liked_by_me"`
	UnreadCount int         `json:"unread_count"`
	FirstUnread int         `json:"first_unread"`
	DeletedAt   *string     `json:"deleted_at"`
	EditedAt    *string     `json:"edited_at"`
	Replies     []replyJSON `json:"replies"`
}

type replyJSON struct {
	ID        int64   `json:"id"`
	ThreadID  int64   `json:"thread_id"`
	Number    int     `json:"number"`
	AuthorID  int64   `json:"author_id"`
	Body      string  `json:"body"`
	BodyHTML  string  `json:"body_html"`
	LikeCount int     `json:"like_count"`
	URL       string  `json:"url"`
	DeletedAt *string `json:"deleted_at"`
}

type threadListJSON struct {
	Threads []threadJSON `json:"threads"`
	Total   int          `json:"total"`
}

func (l threadListJSON) has(id int64) bool {
	for _, t := range l.Threads {
		if t.ID == id {
			return true
		}
	}
	return false
}

// sendJSON sends a JSON body (nil for none; a string is sent as it is). A
// session visitor sends its CSRF token in X-CSRF-Token, as the API's
// documentation asks; a visitor with a bearer token sends none.
func (c *client) sendJSON(method, p string, body any, header ...string) *response {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = strings.NewReader(string(raw))
	}
	req := c.request(method, p, rd)
	req.Header.Set("Content-Type", "application/json")
	if method != http.MethodGet && c.headers.Get("Authorization") == "" {
		req.Header.Set("X-CSRF-Token", c.csrf())
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	return c.do(req)
}

// mustJSON sends a JSON request, requires the status and decodes the answer into v.
func (c *client) mustJSON(method, p string, body any, status int, v any) *response {
	c.t.Helper()
	r := c.sendJSON(method, p, body)
	if r.StatusCode != status {
		c.t.Fatalf("%s %s: status %d, want %d; body: %.800s", method, p, r.StatusCode, status, r.Body)
	}
	if v != nil {
		r.json(c.t, v)
	}
	return r
}

// newThread creates a thread through the API and returns it.
func (c *client) newThread(title, body, area, visibility string, tags ...string) threadJSON {
	c.t.Helper()
	if tags == nil {
		tags = []string{}
	}
	var t threadJSON
	c.mustJSON(http.MethodPost, "/api/v1/threads", map[string]any{
		"title": title, "body": body, "area": area, "tags": tags, "visibility": visibility,
	}, http.StatusCreated, &t)
	if t.ID == 0 {
		c.t.Fatalf("created thread has no id")
	}
	return t
}

// newReply replies to a thread through the API.
func (c *client) newReply(threadID int64, body string) replyJSON {
	c.t.Helper()
	var r replyJSON
	c.mustJSON(http.MethodPost, "/api/v1/threads/"+itoa(threadID)+"/replies", map[string]any{"body": body}, http.StatusCreated, &r)
	return r
}

// thread fetches a thread through the API.
func (c *client) thread(id int64) threadJSON {
	c.t.Helper()
	var t threadJSON
	c.mustJSON(http.MethodGet, "/api/v1/threads/"+itoa(id), nil, http.StatusOK, &t)
	return t
}

// threads lists threads through the API.
func (c *client) threads(query string) threadListJSON {
	c.t.Helper()
	var l threadListJSON
	c.mustJSON(http.MethodGet, "/api/v1/threads"+query, nil, http.StatusOK, &l)
	return l
}

// discFixture is the IDs of the fixture's threads and replies and of the taxonomy.
type discFixture struct {
	pub, mem, muni    int64
	rPub, rMem, rMuni int64
	ids               map[string]string // "{area:etikk}" → "12"
}

func (fx *discFixture) expand(s string) string {
	pairs := []string{
		"{t:pub}", itoa(fx.pub), "{t:mem}", itoa(fx.mem), "{t:muni}", itoa(fx.muni),
		"{r:pub}", itoa(fx.rPub), "{r:mem}", itoa(fx.rMem), "{r:muni}", itoa(fx.rMuni),
	}
	for k, v := range fx.ids {
		pairs = append(pairs, k, v)
	}
	out := strings.NewReplacer(pairs...).Replace(s)
	if m := regexp.MustCompile(`\{(t|r|area|facet|tag):[a-z0-9-]+\}`).FindString(out); m != "" {
		panic("unknown fixture placeholder " + m)
	}
	return out
}

// seedTaxonomy creates the default areas and facets.
func seedTaxonomy(t *testing.T, e *env) {
	t.Helper()
	if err := e.db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
		t.Fatal(err)
	}
}

// seedDiscussions makes the fixture on a server.
func seedDiscussions(t *testing.T, e *env) *discFixture {
	t.Helper()
	seedTaxonomy(t, e)
	fx := &discFixture{ids: map[string]string{}}
	mari := e.as(t, member)
	fx.pub = mari.newThread(pubTitle, pubBody, "etikk", "public", "jul", "skole").ID
	fx.mem = mari.newThread(memTitle, memBody, "arkivering", "members", "jul", "helse").ID
	fx.muni = mari.newThread(muniTitle, muniBody, "beredskap", "municipality", "paske", "skole").ID
	fx.rPub = e.as(t, other).newReply(fx.pub, rPubBody).ID
	fx.rMem = e.as(t, moderator).newReply(fx.mem, rMemBody).ID
	fx.rMuni = e.as(t, muniAdmin).newReply(fx.muni, rMuniBody).ID

	areas, err := e.db.FindAreas(ctx, allmenning.Viewer{}, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range areas {
		fx.ids["{area:"+a.Slug+"}"] = itoa(a.ID)
		for _, c := range a.Children {
			fx.ids["{area:"+c.Slug+"}"] = itoa(c.ID)
		}
	}
	facets, err := e.db.FindFacets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range facets {
		fx.ids["{facet:"+f.Slug+"}"] = itoa(f.ID)
		for _, tg := range f.Tags {
			fx.ids["{tag:"+tg.Slug+"}"] = itoa(tg.ID)
		}
	}
	return fx
}

// dscenario is one request of the discussion scenario table. Placeholders
// of the fixture and of the members ({id:ROLE} …) are expanded in url,
// form, json, location, contains and absent.
type dscenario struct {
	name    string
	method  string // GET when empty
	url     string
	role    string
	form    url.Values
	json    string   // a JSON body instead of a form
	headers []string // name, value pairs
	noCSRF  bool
	fresh   bool // needs a server of its own although it only reads

	status   int
	location string // prefix of the Location header
	contains []string
	absent   []string

	setup func(t *testing.T, e *env, fx *discFixture)
	check func(t *testing.T, e *env, fx *discFixture, r *response)
}

func (sc dscenario) ownServer() bool {
	return sc.fresh || sc.setup != nil || (sc.method != "" && sc.method != http.MethodGet)
}

func (sc dscenario) run(t *testing.T, e *env, fx *discFixture) {
	t.Helper()
	if sc.setup != nil {
		sc.setup(t, e, fx)
	}
	x := func(s string) string { return e.expand(t, fx.expand(s)) }
	c := e.as(t, sc.role)
	target := x(sc.url)
	var headers []string
	for _, h := range sc.headers {
		headers = append(headers, x(h))
	}
	method := sc.method
	if method == "" {
		method = http.MethodGet
	}
	var r *response
	switch {
	case sc.json != "":
		if sc.noCSRF {
			headers = append(headers, "X-CSRF-Token", "")
		}
		r = c.sendJSON(method, target, x(sc.json), headers...)
	case method == http.MethodGet:
		r = c.get(target, headers...)
	case method == http.MethodPost:
		f := url.Values{}
		for k, vs := range sc.form {
			for _, v := range vs {
				f.Add(k, x(v))
			}
		}
		if sc.noCSRF {
			r = c.postRaw(target, f, headers...)
		} else {
			r = c.post(target, f, headers...)
		}
	default:
		if sc.noCSRF {
			headers = append(headers, "X-CSRF-Token", "")
		}
		r = c.sendJSON(method, target, nil, headers...)
	}
	if r.StatusCode != sc.status {
		t.Fatalf("%s %s as %s: status %d, want %d; Location %q; body: %.2000s", method, target, sc.role, r.StatusCode, sc.status, r.Location(), r.Body)
	}
	if sc.location != "" {
		if want, loc := x(sc.location), r.Location(); !strings.HasPrefix(loc, want) {
			t.Errorf("Location = %q, want prefix %q", loc, want)
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

// runDiscussionScenarios runs the scenarios on both databases: those that
// only read on one shared server, the others each on a fresh one.
func runDiscussionScenarios(t *testing.T, scenarios []dscenario) {
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
		var shared *env
		var sharedFx *discFixture
		for _, sc := range scenarios {
			if !sc.ownServer() {
				shared = newEnv(t, db)
				sharedFx = seedDiscussions(t, shared)
				break
			}
		}
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				if !sc.ownServer() {
					sc.run(t, shared, sharedFx)
					return
				}
				// A server of its own: nothing shared, so it may run beside others.
				t.Parallel()
				e := newEnv(t, dbtest.Open(t, kind))
				sc.run(t, e, seedDiscussions(t, e))
			})
		}
	})
}

func threadState(t *testing.T, e *env, id int64) *allmenning.Thread {
	t.Helper()
	m := e.members[moderator]
	th, err := e.db.FindThreadByID(ctx, allmenning.Viewer{MemberID: m.ID, Municipality: e.members[member].Municipality, Moderator: true}, id)
	if err != nil {
		t.Fatalf("thread %d: %v", id, err)
	}
	return th
}

func replyState(t *testing.T, e *env, id int64) *allmenning.Reply {
	t.Helper()
	m := e.members[moderator]
	r, _, err := e.db.FindReplyByID(ctx, allmenning.Viewer{MemberID: m.ID, Municipality: e.members[member].Municipality, Moderator: true}, id)
	if err != nil {
		t.Fatalf("reply %d: %v", id, err)
	}
	return r
}

func wantDeleted(kind string, which func(fx *discFixture) int64, deleted bool) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		var got bool
		if kind == "thread" {
			got = threadState(t, e, which(fx)).DeletedAt != nil
		} else {
			got = replyState(t, e, which(fx)).DeletedAt != nil
		}
		if got != deleted {
			t.Errorf("%s deleted = %v, want %v", kind, got, deleted)
		}
	}
}

func wantTitle(which func(fx *discFixture) int64, title string) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		if got := threadState(t, e, which(fx)).Title; got != title {
			t.Errorf("title = %q, want %q", got, title)
		}
	}
}

func wantReplyBody(which func(fx *discFixture) int64, body string) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		if got := replyState(t, e, which(fx)).Body; got != body {
			t.Errorf("reply body = %q, want %q", got, body)
		}
	}
}

func wantReplies(which func(fx *discFixture) int64, n int) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		if got := threadState(t, e, which(fx)).ReplyCount; got != n {
			t.Errorf("reply count = %d, want %d", got, n)
		}
	}
}

func wantThreadLikes(which func(fx *discFixture) int64, n int) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		if got := threadState(t, e, which(fx)).LikeCount; got != n {
			t.Errorf("thread like count = %d, want %d", got, n)
		}
	}
}

func wantReplyLikes(which func(fx *discFixture) int64, n int) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		if got := replyState(t, e, which(fx)).LikeCount; got != n {
			t.Errorf("reply like count = %d, want %d", got, n)
		}
	}
}

func all(checks ...func(t *testing.T, e *env, fx *discFixture, r *response)) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		for _, c := range checks {
			c(t, e, fx, r)
		}
	}
}

func pubOf(fx *discFixture) int64   { return fx.pub }
func memOf(fx *discFixture) int64   { return fx.mem }
func muniOf(fx *discFixture) int64  { return fx.muni }
func rPubOf(fx *discFixture) int64  { return fx.rPub }
func rMuniOf(fx *discFixture) int64 { return fx.rMuni }

// deleteThread and deleteReply delete as the moderator, for restore scenarios.
func deleteThread(which func(fx *discFixture) int64) func(t *testing.T, e *env, fx *discFixture) {
	return func(t *testing.T, e *env, fx *discFixture) {
		if err := e.db.DeleteThread(ctx, e.members[moderator], which(fx)); err != nil {
			t.Fatal(err)
		}
	}
}

func deleteReply(which func(fx *discFixture) int64) func(t *testing.T, e *env, fx *discFixture) {
	return func(t *testing.T, e *env, fx *discFixture) {
		if err := e.db.DeleteReply(ctx, e.members[moderator], which(fx)); err != nil {
			t.Fatal(err)
		}
	}
}

// areaCount is how /omrader shows an area's number of threads.
func areaCount(slug, name string, n int) string {
	word := "diskusjoner"
	if n == 1 {
		word = "diskusjon"
	}
	return fmt.Sprintf(`href="/omrader/%s">%s</a> <span class="count">(%d %s)</span>`, slug, name, n, word)
}

// listTotal is how a thread list announces its total.
func listTotal(n int) string {
	word := "diskusjoner"
	if n == 1 {
		word = "diskusjon"
	}
	return fmt.Sprintf(`role="status">%d %s</p>`, n, word)
}

func pageScenarios() []dscenario {
	threadForm := func(kv ...string) url.Values {
		f := form("title", "Nytt tema om krisekommunikasjon", "body", "Hva gjør dere når strømmen går?", "area", "krisehandtering", "visibility", "members")
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	secret := []string{secretWord, secretWord2}
	return []dscenario{
		// Areas.
		{name: "areas anonymous", url: "/omrader", role: anonymous, status: 200,
			contains: []string{"Kunnskapsområder", areaCount("etikk", "Etikk", 1), areaCount("arkivering", "Arkivering", 0), areaCount("beredskap", "Beredskap", 0)},
			absent:   []string{`href="/admin/omrader"`}},
		{name: "areas member", url: "/omrader", role: member, status: 200,
			contains: []string{areaCount("etikk", "Etikk", 1), areaCount("arkivering", "Arkivering", 1), areaCount("beredskap", "Beredskap", 1)},
			absent:   []string{`href="/admin/omrader"`}},
		{name: "areas other municipality", url: "/omrader", role: other, status: 200,
			contains: []string{areaCount("arkivering", "Arkivering", 1), areaCount("beredskap", "Beredskap", 0)}},
		{name: "areas moderator", url: "/omrader", role: moderator, status: 200,
			contains: []string{areaCount("beredskap", "Beredskap", 0)}, absent: []string{`href="/admin/omrader"`}},
		{name: "areas operator", url: "/omrader", role: operator, status: 200,
			contains: []string{`href="/admin/omrader"`, areaCount("beredskap", "Beredskap", 0)}},
		{name: "area anonymous", url: "/omrader/etikk", role: anonymous, status: 200,
			contains: []string{"<h1", "Etikk", pubTitle, listTotal(1)}, absent: []string{memTitle}},
		{name: "area parent member", url: "/omrader/krise", role: member, status: 200,
			contains: []string{muniTitle, listTotal(1), `href="/omrader/beredskap">Beredskap</a> <span class="count">(1)</span>`}},
		{name: "area parent other municipality", url: "/omrader/krise", role: other, status: 200,
			contains: []string{listTotal(0), `href="/omrader/beredskap">Beredskap</a> <span class="count">(0)</span>`}, absent: secret},
		{name: "area unknown", url: "/omrader/finnes-ikke", role: member, status: 404, contains: []string{"Kunnskapsområdet finnes ikke."}},
		{name: "area archived member", url: "/omrader/arkivering", role: member, status: 404,
			setup: archiveArea("arkivering"), contains: []string{"Kunnskapsområdet finnes ikke."}, absent: []string{memTitle}},
		{name: "area archived operator", url: "/omrader/arkivering", role: operator, status: 200,
			setup: archiveArea("arkivering"), contains: []string{memTitle}},

		// Lists.
		{name: "list anonymous", url: "/diskusjoner", role: anonymous, status: 200,
			contains: []string{pubTitle, listTotal(1)}, absent: append([]string{memTitle, `href="/diskusjoner/ny"`}, secret...)},
		{name: "list member", url: "/diskusjoner", role: member, status: 200,
			contains: []string{pubTitle, memTitle, muniTitle, listTotal(3), `href="/diskusjoner/ny"`}},
		{name: "list other municipality", url: "/diskusjoner", role: other, status: 200,
			contains: []string{pubTitle, memTitle, listTotal(2)}, absent: secret},
		{name: "list moderator", url: "/diskusjoner", role: moderator, status: 200, contains: []string{listTotal(2)}, absent: secret},
		{name: "list operator", url: "/diskusjoner", role: operator, status: 200, contains: []string{listTotal(2)}, absent: secret},
		{name: "list by area and tag", url: "/diskusjoner?omrade=krise&emne=paske", role: muniAdmin, status: 200,
			contains: []string{muniTitle, listTotal(1)}, absent: []string{pubTitle, memTitle}},

		// Home.
		{name: "home lists public threads for anonymous", url: "/", role: anonymous, status: 200,
			contains: []string{"Siste diskusjoner", pubTitle}, absent: append([]string{memTitle}, secret...)},
		{name: "home lists municipality threads for the municipality", url: "/", role: muniAdmin, status: 200,
			contains: []string{pubTitle, memTitle, muniTitle}},
		{name: "home other municipality", url: "/", role: other, status: 200, contains: []string{pubTitle, memTitle}, absent: secret},

		// New thread.
		{name: "new thread form anonymous", url: "/diskusjoner/ny", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fdiskusjoner%2Fny"},
		{name: "new thread form member", url: "/diskusjoner/ny?omrade=etikk", role: member, status: 200,
			contains: []string{"Start en diskusjon", `action="/diskusjoner"`, `name="title"`, `name="body"`, `name="visibility"`, `value="municipality"`}},
		{name: "create thread anonymous", method: "POST", url: "/diskusjoner", role: anonymous, form: threadForm(), status: 401,
			contains: []string{msgLoginNeeded}, check: wantTotal(member, "", 3)},
		{name: "create thread member", method: "POST", url: "/diskusjoner", role: member, form: threadForm("visibility", "municipality", "tags", "jul"),
			status: 303, location: "/diskusjoner/",
			check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				loc := r.Location()
				if !strings.HasSuffix(loc, "?melding=notice.thread_created") {
					t.Errorf("Location = %q, want the notice", loc)
				}
				id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(loc, "/diskusjoner/"), "?melding=notice.thread_created"), 10, 64)
				if err != nil {
					t.Fatalf("Location %q names no thread", loc)
				}
				page := e.as(t, member).get(loc)
				mustStatus(t, page, 200)
				mustContain(t, page, "Nytt tema om krisekommunikasjon", "Hva gjør dere når strømmen går?", "Diskusjonen er publisert.", `href="/diskusjoner?emne=jul"`)
				mustStatus(t, e.as(t, other).get(threadURLOf(id)), 404)
				mustStatus(t, e.as(t, muniAdmin).get(threadURLOf(id)), 200)
			}},
		{name: "create thread invalid", method: "POST", url: "/diskusjoner", role: member, form: threadForm("title", "", "body", " ", "area", ""),
			status: 422, contains: []string{msgSummary, "Skriv en tittel.", "Skriv en tekst.", "Velg et kunnskapsområde."}, check: wantTotal(member, "", 3)},
		{name: "create thread short title keeps input", method: "POST", url: "/diskusjoner", role: member, form: threadForm("title", "Hei"),
			status: 422, contains: []string{"Tittelen må ha minst 5 tegn.", `value="Hei"`, "Hva gjør dere når strømmen går?"}},
		{name: "create thread bad visibility", method: "POST", url: "/diskusjoner", role: member, form: threadForm("visibility", "alle"),
			status: 422, contains: []string{"Velg hvem som skal se diskusjonen."}, check: wantTotal(member, "", 3)},
		{name: "create thread unknown tag", method: "POST", url: "/diskusjoner", role: member, form: threadForm("tags", "finnes-ikke"),
			status: 422, contains: []string{"Emneknaggen finnes ikke."}, check: wantTotal(member, "", 3)},
		{name: "create thread in archived area", method: "POST", url: "/diskusjoner", role: member, form: threadForm("area", "kampanje"),
			setup: archiveArea("kampanje"), status: 422, contains: []string{"Området er arkivert. Velg et annet."}},
		{name: "create thread without csrf", method: "POST", url: "/diskusjoner", role: member, form: threadForm(), noCSRF: true,
			status: 403, contains: []string{msgCSRF}, check: wantTotal(member, "", 3)},

		// Thread pages.
		{name: "public thread anonymous", url: "/diskusjoner/{t:pub}", role: anonymous, status: 200,
			contains: []string{pubTitle, "beredskapsplan for kommentarfeltet", rPubBody, "Ola Oslosen", `href="/logg-inn?neste=/diskusjoner/{t:pub}"`},
			absent:   []string{`action="/diskusjoner/{t:pub}/svar"`, `action="/diskusjoner/{t:pub}/slett"`}},
		{name: "members thread anonymous", url: "/diskusjoner/{t:mem}", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fdiskusjoner%2F{t:mem}"},
		{name: "municipality thread anonymous", url: "/diskusjoner/{t:muni}", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fdiskusjoner%2F{t:muni}"},
		{name: "municipality thread author", url: "/diskusjoner/{t:muni}", role: member, status: 200,
			contains: []string{muniTitle, secretWord2, "Anne Administrator", `action="/diskusjoner/{t:muni}/svar"`, `action="/diskusjoner/{t:muni}/slett"`, `href="/diskusjoner/{t:muni}/rediger"`}},
		{name: "municipality thread colleague", url: "/diskusjoner/{t:muni}", role: muniAdmin, status: 200,
			contains: []string{muniTitle, `action="/diskusjoner/{t:muni}/svar"`, `action="/diskusjoner/{t:muni}/lik"`},
			absent:   []string{`href="/diskusjoner/{t:muni}/rediger"`, `action="/diskusjoner/{t:muni}/slett"`}},
		{name: "municipality thread other municipality", url: "/diskusjoner/{t:muni}", role: other, status: 404, contains: []string{msgThreadNotFound}, absent: secret},
		{name: "municipality thread moderator elsewhere", url: "/diskusjoner/{t:muni}", role: moderator, status: 404, absent: secret},
		{name: "municipality thread operator elsewhere", url: "/diskusjoner/{t:muni}", role: operator, status: 404, absent: secret},
		{name: "members thread other municipality", url: "/diskusjoner/{t:mem}", role: other, status: 200,
			contains: []string{memTitle, rMemBody, `action="/diskusjoner/{t:mem}/lik"`}, absent: []string{`href="/diskusjoner/{t:mem}/rediger"`}},
		{name: "members thread moderator", url: "/diskusjoner/{t:mem}", role: moderator, status: 200,
			contains: []string{memTitle, `href="/diskusjoner/{t:mem}/rediger"`, `action="/diskusjoner/{t:mem}/slett"`}},
		{name: "thread unknown", url: "/diskusjoner/999999", role: member, status: 404, contains: []string{msgThreadNotFound}},
		{name: "thread id not a number", url: "/diskusjoner/abc", role: member, status: 404},
		{name: "thread quote a reply", url: "/diskusjoner/{t:pub}?svar-til=1", role: member, status: 200,
			contains: []string{"Svar på innlegg #1", "&gt; **Ola Oslosen:**", `name="reply_to" value="1"`}},

		// Unread.
		{name: "unread jumps to the first new reply", url: "/diskusjoner/{t:pub}/ulest", role: member, fresh: true, status: 303,
			check: exactLocation("/diskusjoner/{t:pub}#svar-1")},
		{name: "unread of a thread never opened starts at the top", url: "/diskusjoner/{t:pub}/ulest", role: muniAdmin, fresh: true, status: 303,
			check: exactLocation("/diskusjoner/{t:pub}")},
		{name: "unread anonymous members thread", url: "/diskusjoner/{t:mem}/ulest", role: anonymous, status: 303, location: "/logg-inn?neste="},
		{name: "unread other municipality", url: "/diskusjoner/{t:muni}/ulest", role: other, status: 404, absent: secret},

		// Edit thread.
		{name: "edit form author", url: "/diskusjoner/{t:pub}/rediger", role: member, status: 200,
			contains: []string{"Rediger diskusjonen", `action="/diskusjoner/{t:pub}/rediger"`, `value="` + html.EscapeString(pubTitle) + `"`}},
		{name: "edit form other member", url: "/diskusjoner/{t:pub}/rediger", role: other, status: 403, contains: []string{msgForbidden}},
		{name: "edit form colleague", url: "/diskusjoner/{t:muni}/rediger", role: muniAdmin, status: 403, contains: []string{msgForbidden}},
		{name: "edit form moderator", url: "/diskusjoner/{t:mem}/rediger", role: moderator, status: 200, contains: []string{memBody}},
		{name: "edit form anonymous", url: "/diskusjoner/{t:pub}/rediger", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fdiskusjoner%2F{t:pub}%2Frediger"},
		{name: "edit form other municipality", url: "/diskusjoner/{t:muni}/rediger", role: other, status: 404, absent: secret},
		{name: "edit by author", method: "POST", url: "/diskusjoner/{t:pub}/rediger", role: member,
			form: form("title", "Tone i kommentarfeltet", "body", "Ny tekst om tone.", "tags", "jul"), status: 303, location: "/diskusjoner/{t:pub}?melding=notice.post_saved",
			check: all(wantTitle(pubOf, "Tone i kommentarfeltet"), func(t *testing.T, e *env, fx *discFixture, r *response) {
				th := threadState(t, e, fx.pub)
				if th.Body != "Ny tekst om tone." || th.EditedAt == nil || len(th.Tags) != 1 || th.Tags[0].Slug != "jul" {
					t.Errorf("after edit: body %q, edited %v, tags %v", th.Body, th.EditedAt, th.Tags)
				}
				h := e.as(t, anonymous).get("/diskusjoner/" + itoa(fx.pub) + "/historikk")
				mustStatus(t, h, 200)
				mustContain(t, h, "Versjon 2 av Mari Medlem", "Versjon 1 av Mari Medlem", "Tittelen ble endret:", html.EscapeString(pubTitle))
			})},
		{name: "edit by other member", method: "POST", url: "/diskusjoner/{t:pub}/rediger", role: other,
			form: form("title", "Kapret tittel", "body", "Kapret"), status: 403, contains: []string{msgForbidden}, check: wantTitle(pubOf, pubTitle)},
		{name: "edit by colleague", method: "POST", url: "/diskusjoner/{t:muni}/rediger", role: muniAdmin,
			form: form("title", "Kapret tittel", "body", "Kapret"), status: 403, check: wantTitle(muniOf, muniTitle)},
		{name: "edit by moderator", method: "POST", url: "/diskusjoner/{t:mem}/rediger", role: moderator,
			form: form("title", "Arkivering av meldinger", "body", memBody), status: 303, location: "/diskusjoner/{t:mem}?melding=notice.post_saved",
			check: all(wantTitle(memOf, "Arkivering av meldinger"), func(t *testing.T, e *env, fx *discFixture, r *response) {
				mustContain(t, e.as(t, other).get("/diskusjoner/"+itoa(fx.mem)+"/historikk"), "Versjon 2 av Mons Moderator")
			})},
		{name: "edit by anonymous", method: "POST", url: "/diskusjoner/{t:pub}/rediger", role: anonymous,
			form: form("title", "Kapret tittel", "body", "Kapret"), status: 401, check: wantTitle(pubOf, pubTitle)},
		{name: "edit by other municipality", method: "POST", url: "/diskusjoner/{t:muni}/rediger", role: other,
			form: form("title", "Kapret tittel", "body", "Kapret"), status: 404, absent: secret, check: wantTitle(muniOf, muniTitle)},
		{name: "edit invalid", method: "POST", url: "/diskusjoner/{t:pub}/rediger", role: member,
			form: form("title", "Hei", "body", ""), status: 422, contains: []string{"Tittelen må ha minst 5 tegn.", "Skriv en tekst."}, check: wantTitle(pubOf, pubTitle)},
		{name: "edit without csrf", method: "POST", url: "/diskusjoner/{t:pub}/rediger", role: member, noCSRF: true,
			form: form("title", "Kapret tittel", "body", "Kapret"), status: 403, check: wantTitle(pubOf, pubTitle)},

		// Delete and restore threads.
		{name: "delete by author", method: "POST", url: "/diskusjoner/{t:pub}/slett", role: member, status: 303, location: "/diskusjoner?melding=notice.thread_deleted",
			check: all(wantDeleted("thread", pubOf, true), func(t *testing.T, e *env, fx *discFixture, r *response) {
				mustRedirect(t, e.as(t, anonymous).get("/diskusjoner/"+itoa(fx.pub)), "/logg-inn?neste=")
				mustStatus(t, e.as(t, member).get("/diskusjoner/"+itoa(fx.pub)), 404)
				mustNotContain(t, e.as(t, member).get("/diskusjoner"), pubTitle)
				mod := e.as(t, moderator).get("/diskusjoner/" + itoa(fx.pub))
				mustStatus(t, mod, 200)
				mustContain(t, mod, "Denne diskusjonen er slettet og vises bare for moderatorer.", `action="/diskusjoner/`+itoa(fx.pub)+`/gjenopprett"`)
			})},
		{name: "delete by moderator", method: "POST", url: "/diskusjoner/{t:mem}/slett", role: moderator, status: 303,
			location: "/diskusjoner/{t:mem}?melding=notice.thread_deleted", check: wantDeleted("thread", memOf, true)},
		{name: "delete by other member", method: "POST", url: "/diskusjoner/{t:pub}/slett", role: other, status: 403, contains: []string{msgForbidden}, check: wantDeleted("thread", pubOf, false)},
		{name: "delete by colleague", method: "POST", url: "/diskusjoner/{t:muni}/slett", role: muniAdmin, status: 403, check: wantDeleted("thread", muniOf, false)},
		{name: "delete by anonymous", method: "POST", url: "/diskusjoner/{t:pub}/slett", role: anonymous, status: 401, check: wantDeleted("thread", pubOf, false)},
		{name: "delete by other municipality", method: "POST", url: "/diskusjoner/{t:muni}/slett", role: other, status: 404, absent: secret, check: wantDeleted("thread", muniOf, false)},
		{name: "delete without csrf", method: "POST", url: "/diskusjoner/{t:pub}/slett", role: member, noCSRF: true, status: 403, check: wantDeleted("thread", pubOf, false)},
		{name: "restore by moderator", method: "POST", url: "/diskusjoner/{t:pub}/gjenopprett", role: moderator, setup: deleteThread(pubOf),
			status: 303, location: "/diskusjoner/{t:pub}?melding=notice.thread_restored",
			check: all(wantDeleted("thread", pubOf, false), func(t *testing.T, e *env, fx *discFixture, r *response) {
				mustStatus(t, e.as(t, anonymous).get("/diskusjoner/"+itoa(fx.pub)), 200)
			})},
		{name: "restore by operator", method: "POST", url: "/diskusjoner/{t:pub}/gjenopprett", role: operator, setup: deleteThread(pubOf),
			status: 303, check: wantDeleted("thread", pubOf, false)},
		{name: "restore by author", method: "POST", url: "/diskusjoner/{t:pub}/gjenopprett", role: member, setup: deleteThread(pubOf),
			status: 404, check: wantDeleted("thread", pubOf, true)},
		{name: "restore by other member", method: "POST", url: "/diskusjoner/{t:pub}/gjenopprett", role: other, setup: deleteThread(pubOf),
			status: 404, check: wantDeleted("thread", pubOf, true)},
		{name: "restore by anonymous", method: "POST", url: "/diskusjoner/{t:pub}/gjenopprett", role: anonymous, setup: deleteThread(pubOf),
			status: 401, check: wantDeleted("thread", pubOf, true)},
		{name: "restore of a live thread by author", method: "POST", url: "/diskusjoner/{t:pub}/gjenopprett", role: member,
			status: 403, contains: []string{msgForbidden}, check: wantDeleted("thread", pubOf, false)},

		// Thread history.
		{name: "history anonymous public", url: "/diskusjoner/{t:pub}/historikk", role: anonymous, status: 200,
			contains: []string{"Endringshistorikk: " + html.EscapeString(pubTitle), "Versjon 1 av Mari Medlem", "beredskapsplan for kommentarfeltet"}},
		{name: "history anonymous members thread", url: "/diskusjoner/{t:mem}/historikk", role: anonymous, status: 303, location: "/logg-inn?neste="},
		{name: "history colleague", url: "/diskusjoner/{t:muni}/historikk", role: muniAdmin, status: 200, contains: []string{secretWord2}},
		{name: "history other municipality", url: "/diskusjoner/{t:muni}/historikk", role: other, status: 404, absent: secret},

		// Likes of threads.
		{name: "like own thread", method: "POST", url: "/diskusjoner/{t:pub}/lik", role: member, status: 403,
			contains: []string{msgOwnLike}, check: wantThreadLikes(pubOf, 0)},
		{name: "like thread", method: "POST", url: "/diskusjoner/{t:pub}/lik", role: other, form: form("next", "/diskusjoner/{t:pub}"),
			status: 303, location: "/diskusjoner/{t:pub}", check: all(wantThreadLikes(pubOf, 1), func(t *testing.T, e *env, fx *discFixture, r *response) {
				// Liking again changes nothing; "on=0" takes it back.
				mustStatus(t, e.as(t, other).post("/diskusjoner/"+itoa(fx.pub)+"/lik", nil), 303)
				wantThreadLikes(pubOf, 1)(t, e, fx, r)
				mustContain(t, e.as(t, other).get("/diskusjoner/"+itoa(fx.pub)), `aria-pressed="true"`, `-count">1 liker</span>`)
				mustStatus(t, e.as(t, other).post("/diskusjoner/"+itoa(fx.pub)+"/lik", form("on", "0")), 303)
				wantThreadLikes(pubOf, 0)(t, e, fx, r)
			})},
		{name: "like thread with htmx", method: "POST", url: "/diskusjoner/{t:mem}/lik", role: moderator, headers: []string{"HX-Request", "true"},
			status: 200, contains: []string{`aria-pressed="true"`, `-count">1 liker</span>`, `action="/diskusjoner/{t:mem}/lik"`},
			absent: []string{"<html"}, check: wantThreadLikes(memOf, 1)},
		{name: "like thread of colleague", method: "POST", url: "/diskusjoner/{t:muni}/lik", role: muniAdmin, status: 303, check: wantThreadLikes(muniOf, 1)},
		{name: "like thread of other municipality", method: "POST", url: "/diskusjoner/{t:muni}/lik", role: other, status: 404, absent: secret, check: wantThreadLikes(muniOf, 0)},
		{name: "like thread anonymous", method: "POST", url: "/diskusjoner/{t:pub}/lik", role: anonymous, status: 401, check: wantThreadLikes(pubOf, 0)},
		{name: "like thread without csrf", method: "POST", url: "/diskusjoner/{t:pub}/lik", role: other, noCSRF: true, status: 403, check: wantThreadLikes(pubOf, 0)},

		// Replies.
		{name: "reply member", method: "POST", url: "/diskusjoner/{t:pub}/svar", role: muniAdmin, form: form("body", "Vi også!", "reply_to", "1"),
			status: 303, location: "/diskusjoner/{t:pub}#svar-2", check: all(wantReplies(pubOf, 2), func(t *testing.T, e *env, fx *discFixture, r *response) {
				page := e.as(t, anonymous).get("/diskusjoner/" + itoa(fx.pub))
				mustContain(t, page, `id="svar-2"`, "Vi også!", `href="#svar-1">svar på #1</a>`, "Anne Administrator")
			})},
		{name: "reply other municipality", method: "POST", url: "/diskusjoner/{t:muni}/svar", role: other, form: form("body", "Jeg titter inn"),
			status: 404, absent: secret, check: wantReplies(muniOf, 1)},
		{name: "reply moderator elsewhere", method: "POST", url: "/diskusjoner/{t:muni}/svar", role: moderator, form: form("body", "Jeg titter inn"),
			status: 404, absent: secret, check: wantReplies(muniOf, 1)},
		{name: "reply anonymous", method: "POST", url: "/diskusjoner/{t:pub}/svar", role: anonymous, form: form("body", "Hei"), status: 401, check: wantReplies(pubOf, 1)},
		{name: "reply empty", method: "POST", url: "/diskusjoner/{t:pub}/svar", role: member, form: form("body", "  "),
			status: 422, contains: []string{"Skriv en tekst.", pubTitle, `id="error-summary"`, `href="#body"`, `aria-invalid="true"`}, check: wantReplies(pubOf, 1)},
		{name: "reply to unknown post", method: "POST", url: "/diskusjoner/{t:pub}/svar", role: member, form: form("body", "Svar", "reply_to", "9"),
			status: 422, contains: []string{"Innlegget du svarer på, finnes ikke i denne tråden.", `id="error-summary"`, `name="reply_to" value="9"`, `>Svar</textarea>`}, check: wantReplies(pubOf, 1)},
		{name: "reply to deleted thread", method: "POST", url: "/diskusjoner/{t:pub}/svar", role: member, form: form("body", "Svar"),
			setup: deleteThread(pubOf), status: 404, check: wantReplies(pubOf, 1)},
		{name: "reply without csrf", method: "POST", url: "/diskusjoner/{t:pub}/svar", role: member, form: form("body", "Svar"), noCSRF: true,
			status: 403, check: wantReplies(pubOf, 1)},

		// Edit replies.
		{name: "reply edit form author", url: "/svar/{r:pub}/rediger", role: other, status: 200, contains: []string{"Rediger svaret", rPubBody}},
		{name: "reply edit form thread author", url: "/svar/{r:pub}/rediger", role: member, status: 403, contains: []string{msgForbidden}},
		{name: "reply edit form moderator", url: "/svar/{r:pub}/rediger", role: moderator, status: 200},
		{name: "reply edit form anonymous", url: "/svar/{r:pub}/rediger", role: anonymous, status: 303, location: "/logg-inn?neste="},
		{name: "reply edit form other municipality", url: "/svar/{r:muni}/rediger", role: other, status: 404, absent: secret},
		{name: "reply edit by author", method: "POST", url: "/svar/{r:pub}/rediger", role: other, form: form("body", "Vi svarer høflig."),
			status: 303, location: "/diskusjoner/{t:pub}?melding=notice.post_saved#svar-1",
			check: all(wantReplyBody(rPubOf, "Vi svarer høflig."), func(t *testing.T, e *env, fx *discFixture, r *response) {
				h := e.as(t, anonymous).get("/svar/" + itoa(fx.rPub) + "/historikk")
				mustStatus(t, h, 200)
				mustContain(t, h, "Versjon 2 av Ola Oslosen", "Versjon 1 av Ola Oslosen")
			})},
		{name: "reply edit by thread author", method: "POST", url: "/svar/{r:pub}/rediger", role: member, form: form("body", "Kapret"),
			status: 403, check: wantReplyBody(rPubOf, rPubBody)},
		{name: "reply edit by moderator", method: "POST", url: "/svar/{r:pub}/rediger", role: moderator, form: form("body", "Moderert."),
			status: 303, check: wantReplyBody(rPubOf, "Moderert.")},
		{name: "reply edit by anonymous", method: "POST", url: "/svar/{r:pub}/rediger", role: anonymous, form: form("body", "Kapret"),
			status: 401, check: wantReplyBody(rPubOf, rPubBody)},
		{name: "reply edit by other municipality", method: "POST", url: "/svar/{r:muni}/rediger", role: other, form: form("body", "Kapret"),
			status: 404, absent: secret, check: wantReplyBody(rMuniOf, rMuniBody)},
		{name: "reply edit empty", method: "POST", url: "/svar/{r:pub}/rediger", role: other, form: form("body", ""),
			status: 422, contains: []string{"Skriv en tekst."}, check: wantReplyBody(rPubOf, rPubBody)},

		// Delete and restore replies.
		{name: "reply delete by author", method: "POST", url: "/svar/{r:pub}/slett", role: other, status: 303,
			location: "/diskusjoner/{t:pub}?melding=notice.reply_deleted#svar-1",
			check: all(wantDeleted("reply", rPubOf, true), func(t *testing.T, e *env, fx *discFixture, r *response) {
				page := e.as(t, anonymous).get("/diskusjoner/" + itoa(fx.pub))
				mustContain(t, page, "Slettet innlegg")
				mustNotContain(t, page, rPubBody)
				mustContain(t, e.as(t, moderator).get("/diskusjoner/"+itoa(fx.pub)), rPubBody, `action="/svar/`+itoa(fx.rPub)+`/gjenopprett"`)
			})},
		{name: "reply delete by moderator", method: "POST", url: "/svar/{r:pub}/slett", role: moderator, status: 303, check: wantDeleted("reply", rPubOf, true)},
		{name: "reply delete by thread author", method: "POST", url: "/svar/{r:pub}/slett", role: member, status: 403, check: wantDeleted("reply", rPubOf, false)},
		{name: "reply delete by anonymous", method: "POST", url: "/svar/{r:pub}/slett", role: anonymous, status: 401, check: wantDeleted("reply", rPubOf, false)},
		{name: "reply delete by other municipality", method: "POST", url: "/svar/{r:muni}/slett", role: other, status: 404, absent: secret, check: wantDeleted("reply", rMuniOf, false)},
		{name: "reply restore by moderator", method: "POST", url: "/svar/{r:pub}/gjenopprett", role: moderator, setup: deleteReply(rPubOf),
			status: 303, location: "/diskusjoner/{t:pub}?melding=notice.reply_restored#svar-1", check: wantDeleted("reply", rPubOf, false)},
		{name: "reply restore by author", method: "POST", url: "/svar/{r:pub}/gjenopprett", role: other, setup: deleteReply(rPubOf),
			status: 404, check: wantDeleted("reply", rPubOf, true)},
		{name: "reply restore by anonymous", method: "POST", url: "/svar/{r:pub}/gjenopprett", role: anonymous, setup: deleteReply(rPubOf),
			status: 401, check: wantDeleted("reply", rPubOf, true)},
		{name: "reply restore by thread author", method: "POST", url: "/svar/{r:pub}/gjenopprett", role: member, setup: deleteReply(rPubOf),
			status: 404, check: wantDeleted("reply", rPubOf, true)},
		{name: "reply restore of a live reply by author", method: "POST", url: "/svar/{r:pub}/gjenopprett", role: other,
			status: 403, contains: []string{msgForbidden}, check: wantDeleted("reply", rPubOf, false)},

		// Reply history.
		{name: "reply history anonymous public", url: "/svar/{r:pub}/historikk", role: anonymous, status: 200, contains: []string{"Versjon 1 av Ola Oslosen", rPubBody}},
		{name: "reply history anonymous members thread", url: "/svar/{r:mem}/historikk", role: anonymous, status: 303, location: "/logg-inn?neste="},
		{name: "reply history colleague", url: "/svar/{r:muni}/historikk", role: member, status: 200, contains: []string{secretWord2}},
		{name: "reply history other municipality", url: "/svar/{r:muni}/historikk", role: other, status: 404, absent: secret},
		{name: "reply history unknown", url: "/svar/999999/historikk", role: member, status: 404, contains: []string{msgPostNotFound}},

		// Likes of replies.
		{name: "like own reply", method: "POST", url: "/svar/{r:pub}/lik", role: other, status: 403, contains: []string{msgOwnLike}, check: wantReplyLikes(rPubOf, 0)},
		{name: "like reply", method: "POST", url: "/svar/{r:pub}/lik", role: member, form: form("next", "/diskusjoner/{t:pub}#svar-1"),
			status: 303, location: "/diskusjoner/{t:pub}#svar-1", check: wantReplyLikes(rPubOf, 1)},
		{name: "like reply of other municipality", method: "POST", url: "/svar/{r:muni}/lik", role: other, status: 404, absent: secret, check: wantReplyLikes(rMuniOf, 0)},
		{name: "like reply anonymous", method: "POST", url: "/svar/{r:pub}/lik", role: anonymous, status: 401, check: wantReplyLikes(rPubOf, 0)},

		// Search.
		{name: "search form", url: "/sok", role: anonymous, status: 200, contains: []string{`role="search"`, `name="q"`}, absent: []string{"treff"}},
		{name: "search inflected member", url: "/sok?q=beredskapsplanen", role: member, status: 200,
			contains: []string{"2 treff", `href="/diskusjoner/{t:pub}"`, `href="/diskusjoner/{t:muni}"`, "<mark>"}},
		{name: "search inflected other municipality", url: "/sok?q=beredskapsplanen", role: other, status: 200,
			contains: []string{"1 treff", `href="/diskusjoner/{t:pub}"`}, absent: append([]string{`href="/diskusjoner/{t:muni}"`}, secret...)},
		{name: "search inflected anonymous", url: "/sok?q=beredskapsplanen", role: anonymous, status: 200, contains: []string{"1 treff", `href="/diskusjoner/{t:pub}"`}},
		{name: "search secret other municipality", url: "/sok?q=" + secretWord, role: other, status: 200,
			contains: []string{"0 treff", "Ingen treff."}, absent: []string{secretWord2, `href="/diskusjoner/{t:muni}`}},
		{name: "search secret colleague", url: "/sok?q=" + secretWord, role: muniAdmin, status: 200,
			contains: []string{`href="/diskusjoner/{t:muni}"`, `href="/diskusjoner/{t:muni}#svar-1"`}},
		{name: "search members-only words anonymous", url: "/sok?q=direktemelding", role: anonymous, status: 200, contains: []string{"0 treff"}, absent: []string{memTitle}},
		{name: "search members-only words member", url: "/sok?q=direktemelding", role: other, status: 200, contains: []string{"1 treff", memTitle}},

		// Administration of areas.
		{name: "admin areas anonymous", url: "/admin/omrader", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fadmin%2Fomrader"},
		{name: "admin areas member", url: "/admin/omrader", role: member, status: 403, contains: []string{msgForbidden}},
		{name: "admin areas municipality admin", url: "/admin/omrader", role: muniAdmin, status: 403},
		{name: "admin areas moderator", url: "/admin/omrader", role: moderator, status: 403},
		{name: "admin areas operator", url: "/admin/omrader", role: operator, status: 200,
			contains: []string{"Kunnskapsområder", "Opprett område", `value="Krisehåndtering"`, `name="action" value="archive"`}},
		{name: "area create operator", method: "POST", url: "/admin/omrader", role: operator,
			form:   form("action", "create", "name", "Digitale flater", "parent", "0", "description", "Nettsider og apper."),
			status: 303, location: "/admin/omrader?melding=notice.saved", check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				a := areaBySlug(t, e, "digitale-flater")
				if a.Name != "Digitale flater" || a.ParentID != 0 {
					t.Errorf("area = %+v", a)
				}
				mustContain(t, e.as(t, member).get("/omrader"), `href="/omrader/digitale-flater"`)
				mustStatus(t, e.as(t, member).get("/omrader/digitale-flater"), 200)
			}},
		{name: "area create child operator", method: "POST", url: "/admin/omrader", role: operator,
			form: form("action", "create", "name", "Flom", "slug", "flom", "parent", "{area:krise}"), status: 303,
			check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				if a := areaBySlug(t, e, "flom"); itoa(a.ParentID) != fx.ids["{area:krise}"] {
					t.Errorf("parent = %d", a.ParentID)
				}
				mustContain(t, e.as(t, member).get("/omrader/krise"), `href="/omrader/flom"`)
			}},
		{name: "area create member", method: "POST", url: "/admin/omrader", role: member, form: form("action", "create", "name", "Digitale flater"),
			status: 403, check: noArea("digitale-flater")},
		{name: "area create moderator", method: "POST", url: "/admin/omrader", role: moderator, form: form("action", "create", "name", "Digitale flater"),
			status: 403, check: noArea("digitale-flater")},
		{name: "area create anonymous", method: "POST", url: "/admin/omrader", role: anonymous, form: form("action", "create", "name", "Digitale flater"),
			status: 401, check: noArea("digitale-flater")},
		{name: "area create without name", method: "POST", url: "/admin/omrader", role: operator, form: form("action", "create", "name", ""),
			status: 422, contains: []string{msgSummary, "Skriv inn et navn på området."}},
		{name: "area create taken slug", method: "POST", url: "/admin/omrader", role: operator, form: form("action", "create", "name", "Etikk"),
			status: 409, contains: []string{"Et annet område bruker allerede dette adressenavnet."}},
		{name: "area create without csrf", method: "POST", url: "/admin/omrader", role: operator, noCSRF: true,
			form: form("action", "create", "name", "Digitale flater"), status: 403, check: noArea("digitale-flater")},
		{name: "area rename operator", method: "POST", url: "/admin/omrader", role: operator,
			form: form("action", "rename", "id", "{area:etikk}", "name", "Etikk og tone", "slug", "etikk"), status: 303,
			check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				if a := areaBySlug(t, e, "etikk"); a.Name != "Etikk og tone" {
					t.Errorf("name = %q", a.Name)
				}
				mustContain(t, e.as(t, anonymous).get("/diskusjoner/"+itoa(fx.pub)), "Etikk og tone")
			}},
		{name: "area rename member", method: "POST", url: "/admin/omrader", role: member,
			form: form("action", "rename", "id", "{area:etikk}", "name", "Kapret"), status: 403,
			check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				if a := areaBySlug(t, e, "etikk"); a.Name != "Etikk" {
					t.Errorf("name = %q", a.Name)
				}
			}},
		{name: "area move up operator", method: "POST", url: "/admin/omrader", role: operator, form: form("action", "up", "id", "{area:operativ}"),
			status: 303, check: wantTopAreas("operativ", "strategi", "krise")},
		{name: "area move down operator", method: "POST", url: "/admin/omrader", role: operator, form: form("action", "down", "id", "{area:strategi}"),
			status: 303, check: wantTopAreas("operativ", "strategi", "krise")},
		{name: "area move child operator", method: "POST", url: "/admin/omrader", role: operator, form: form("action", "up", "id", "{area:krisehandtering}"),
			status: 303, check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				if got := childSlugs(t, e, "krise"); strings.Join(got, ",") != "krisehandtering,beredskap" {
					t.Errorf("children of krise = %v", got)
				}
			}},
		{name: "area move member", method: "POST", url: "/admin/omrader", role: member, form: form("action", "up", "id", "{area:operativ}"),
			status: 403, check: wantTopAreas("strategi", "operativ", "krise")},
		{name: "area archive operator", method: "POST", url: "/admin/omrader", role: operator, form: form("action", "archive", "id", "{area:beredskap}"),
			status: 303, check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				mustNotContain(t, e.as(t, member).get("/omrader"), `href="/omrader/beredskap"`)
				mustStatus(t, e.as(t, member).get("/omrader/beredskap"), 404)
				// Its threads stay readable, but no new ones can be started there.
				mustStatus(t, e.as(t, member).get("/diskusjoner/"+itoa(fx.muni)), 200)
				r2 := e.as(t, member).sendJSON("POST", "/api/v1/threads", map[string]any{"title": "Ny øvelse i år", "body": "Tekst", "area": "beredskap"})
				mustStatus(t, r2, 422)
				mustContain(t, e.as(t, operator).get("/admin/omrader"), `name="action" value="unarchive"`)
			}},
		{name: "area unarchive operator", method: "POST", url: "/admin/omrader", role: operator, form: form("action", "unarchive", "id", "{area:arkivering}"),
			setup: archiveArea("arkivering"), status: 303, check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				mustStatus(t, e.as(t, member).get("/omrader/arkivering"), 200)
			}},
		{name: "area archive member", method: "POST", url: "/admin/omrader", role: member, form: form("action", "archive", "id", "{area:beredskap}"),
			status: 403, check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				mustStatus(t, e.as(t, member).get("/omrader/beredskap"), 200)
			}},
		{name: "area unknown action", method: "POST", url: "/admin/omrader", role: operator, form: form("action", "sprenge", "id", "{area:beredskap}"), status: 422},

		// Administration of tags.
		{name: "admin tags anonymous", url: "/admin/emner", role: anonymous, status: 303, location: "/logg-inn?neste=%2Fadmin%2Femner"},
		{name: "admin tags member", url: "/admin/emner", role: member, status: 403},
		{name: "admin tags moderator", url: "/admin/emner", role: moderator, status: 403},
		{name: "admin tags operator", url: "/admin/emner", role: operator, status: 200,
			contains: []string{"Emneknagger", "Høytid", "Påske", `value="merge"`, `value="synonym"`}},
		{name: "facet add operator", method: "POST", url: "/admin/emner", role: operator, form: form("action", "facet", "name", "Kanal"),
			status: 303, location: "/admin/emner?melding=notice.saved", check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				mustContain(t, e.as(t, member).get("/api/v1/facets"), `"slug":"kanal"`, `"name":"Kanal"`)
			}},
		{name: "facet add member", method: "POST", url: "/admin/emner", role: member, form: form("action", "facet", "name", "Kanal"),
			status: 403, check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				mustNotContain(t, e.as(t, member).get("/api/v1/facets"), `"slug":"kanal"`)
			}},
		{name: "facet add taken", method: "POST", url: "/admin/emner", role: operator, form: form("action", "facet", "name", "Rolle"),
			status: 409, contains: []string{"Finnes allerede."}},
		{name: "term add operator", method: "POST", url: "/admin/emner", role: operator, form: form("action", "term", "facet", "{facet:rolle}", "name", "Webredaktør"),
			status: 303, check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				mustContain(t, e.as(t, member).get("/api/v1/facets"), `"slug":"webredaktor"`, `"name":"Webredaktør"`)
				// The new term can be used at once.
				e.as(t, member).newThread("Hvem skriver på nettsiden?", "Tekst", "kampanje", "members", "webredaktor")
			}},
		{name: "term add moderator", method: "POST", url: "/admin/emner", role: moderator, form: form("action", "term", "facet", "{facet:rolle}", "name", "Webredaktør"),
			status: 403, check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				mustNotContain(t, e.as(t, member).get("/api/v1/facets"), `"slug":"webredaktor"`)
			}},
		{name: "synonym add operator", method: "POST", url: "/admin/emner", role: operator, form: form("action", "synonym", "tag", "{tag:jul}", "synonym", "Juletid"),
			status: 303, check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				page := e.as(t, member).get("/diskusjoner?emne=juletid")
				mustContain(t, page, listTotal(2), pubTitle, memTitle)
				mustContain(t, e.as(t, operator).get("/admin/emner"), "juletid")
			}},
		{name: "synonym add member", method: "POST", url: "/admin/emner", role: member, form: form("action", "synonym", "tag", "{tag:jul}", "synonym", "juletid"),
			status: 403, check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				mustContain(t, e.as(t, member).get("/diskusjoner?emne=juletid"), listTotal(0))
			}},
		{name: "synonym taken", method: "POST", url: "/admin/emner", role: operator, form: form("action", "synonym", "tag", "{tag:paske}", "synonym", "Jul"),
			status: 409, contains: []string{"Finnes allerede."}},
		{name: "merge operator", method: "POST", url: "/admin/emner", role: operator, form: form("action", "merge", "tag", "{tag:helse}", "into", "{tag:skole}"),
			status: 303, check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				c := e.as(t, member)
				if l := c.threads("?tag=skole"); l.Total != 3 || !l.has(fx.mem) {
					t.Errorf("threads tagged skole after the merge: %d", l.Total)
				}
				// The merged term's slug now finds the same threads.
				if l := c.threads("?tag=helse"); l.Total != 3 {
					t.Errorf("threads tagged helse after the merge: %d", l.Total)
				}
				mustNotContain(t, c.get("/api/v1/facets"), `"slug":"helse"`)
			}},
		{name: "merge member", method: "POST", url: "/admin/emner", role: member, form: form("action", "merge", "tag", "{tag:helse}", "into", "{tag:skole}"),
			status: 403, check: func(t *testing.T, e *env, fx *discFixture, r *response) {
				if l := e.as(t, member).threads("?tag=skole"); l.Total != 2 {
					t.Errorf("threads tagged skole: %d", l.Total)
				}
			}},
		{name: "merge into itself", method: "POST", url: "/admin/emner", role: operator, form: form("action", "merge", "tag", "{tag:jul}", "into", "{tag:jul}"),
			status: 422, contains: []string{"En term kan ikke slås sammen med seg selv."}},
		{name: "tags anonymous", method: "POST", url: "/admin/emner", role: anonymous, form: form("action", "facet", "name", "Kanal"), status: 401},
		{name: "tags without csrf", method: "POST", url: "/admin/emner", role: operator, noCSRF: true, form: form("action", "facet", "name", "Kanal"), status: 403},
	}
}

func exactLocation(want string) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		if w := fx.expand(want); r.Location() != w {
			t.Errorf("Location = %q, want %q", r.Location(), w)
		}
	}
}

func threadURLOf(id int64) string { return "/diskusjoner/" + itoa(id) }

// wantTotal checks how many threads the role's list has.
func wantTotal(role, query string, n int) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		if got := e.as(t, role).threads(query).Total; got != n {
			t.Errorf("%s sees %d threads, want %d", role, got, n)
		}
	}
}

func archiveArea(slug string) func(t *testing.T, e *env, fx *discFixture) {
	return func(t *testing.T, e *env, fx *discFixture) {
		t.Helper()
		if err := e.db.ArchiveArea(ctx, areaBySlug(t, e, slug).ID, true); err != nil {
			t.Fatal(err)
		}
	}
}

func areaBySlug(t *testing.T, e *env, slug string) *allmenning.Area {
	t.Helper()
	a, err := e.db.FindAreaBySlug(ctx, slug)
	if err != nil {
		t.Fatalf("area %s: %v", slug, err)
	}
	return a
}

func noArea(slug string) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		if a, err := e.db.FindAreaBySlug(ctx, slug); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("area %s: %+v, %v; want none", slug, a, err)
		}
	}
}

func wantTopAreas(slugs ...string) func(t *testing.T, e *env, fx *discFixture, r *response) {
	return func(t *testing.T, e *env, fx *discFixture, r *response) {
		t.Helper()
		areas, err := e.db.FindAreas(ctx, allmenning.Viewer{}, true)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range areas {
			got = append(got, a.Slug)
		}
		if strings.Join(got, ",") != strings.Join(slugs, ",") {
			t.Errorf("top-level areas %v, want %v", got, slugs)
		}
		// The public page shows the same order.
		page := e.as(t, anonymous).get("/omrader")
		last := -1
		for _, s := range slugs {
			i := strings.Index(page.Body, `id="area-`+s+`"`)
			if i < last {
				t.Errorf("/omrader shows %s out of order", s)
			}
			last = i
		}
	}
}

func childSlugs(t *testing.T, e *env, parent string) []string {
	t.Helper()
	areas, err := e.db.FindAreas(ctx, allmenning.Viewer{}, true)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range areas {
		if a.Slug == parent {
			for _, c := range a.Children {
				out = append(out, c.Slug)
			}
		}
	}
	return out
}

func TestDiscussionScenarios(t *testing.T) { runDiscussionScenarios(t, pageScenarios()) }

func TestDiscussionAPIScenarios(t *testing.T) { runDiscussionScenarios(t, apiDiscussionScenarios()) }

// TestDiscussionScenarioCoverage: every route discussionRoutes registers has
// a scenario, so that a new discussion route cannot go untested.
func TestDiscussionScenarioCoverage(t *testing.T) {
	patterns := registeredRoutes(t, func(name string) bool { return name == "discussionRoutes" })
	if len(patterns) < 30 {
		t.Fatalf("found only %d discussion routes: %v", len(patterns), patterns)
	}
	mux := http.NewServeMux()
	for _, p := range patterns {
		mux.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}
	hit := map[string]int{}
	roleHit := map[string]map[string]bool{}
	for _, sc := range append(pageScenarios(), apiDiscussionScenarios()...) {
		method := sc.method
		if method == "" {
			method = http.MethodGet
		}
		u := regexp.MustCompile(`\{[a-z]+:[a-z0-9-]+\}`).ReplaceAllString(sc.url, "1")
		req, err := http.NewRequest(method, "http://allmenning.test"+u, nil)
		if err != nil {
			t.Fatalf("scenario %q: %v", sc.name, err)
		}
		_, pattern := mux.Handler(req)
		if pattern == "" && sc.url == "/" {
			continue // the home page lists threads too
		}
		if pattern == "" {
			t.Errorf("scenario %q (%s %s) matches no discussion route", sc.name, method, sc.url)
			continue
		}
		hit[pattern]++
		if roleHit[pattern] == nil {
			roleHit[pattern] = map[string]bool{}
		}
		roleHit[pattern][sc.role] = true
	}
	for _, p := range patterns {
		if hit[p] == 0 {
			t.Errorf("route %q has no scenario", p)
			continue
		}
		// Every route is tried anonymously and by a member; routes on a
		// thread also by a member of another municipality.
		for _, role := range []string{anonymous, member} {
			if !roleHit[p][role] && !roleHit[p][muniAdmin] && role == member {
				t.Errorf("route %q has no scenario for a member of 5001", p)
			} else if role == anonymous && !roleHit[p][anonymous] {
				t.Errorf("route %q has no scenario for an anonymous visitor", p)
			}
		}
		if strings.Contains(p, "{id}") && !roleHit[p][other] {
			t.Errorf("route %q has no scenario for a member of another municipality", p)
		}
	}
}
