package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// searchWorld is the content the search tests look for, seeded with plain
// SQL and indexed the way the store's writes index.
type searchWorld struct {
	db                  *store.DB
	kari, per, ola, ina *allmenning.Member // Trondheim, Trondheim, Bergen, Oslo
	beate               *allmenning.Member // Bergen, beredskap
	areas               map[string]int64
	threads             map[string]int64
	replies             map[string]int64
	replyThread         map[string]string
	replyNumber         map[string]int
}

var searchBase = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// day returns a time n days after the base.
func searchDay(n int) time.Time { return searchBase.AddDate(0, 0, n) }

func (w *searchWorld) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if err := w.db.SearchTestExec(ctx, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func (w *searchWorld) index(t *testing.T, kind string, id int64) {
	t.Helper()
	if err := w.db.SearchTestIndex(ctx, kind, id); err != nil {
		t.Fatalf("index %s %d: %v", kind, id, err)
	}
}

func (w *searchWorld) area(t *testing.T, slug, parent string) {
	t.Helper()
	var parentID any
	if parent != "" {
		parentID = w.areas[parent]
	}
	id, err := w.db.SearchTestInsert(ctx, "INSERT INTO areas (parent_id, slug, name, created_at) VALUES (?, ?, ?, ?)", parentID, slug, slug, searchBase)
	if err != nil {
		t.Fatal(err)
	}
	w.areas[slug] = id
}

type searchSeed struct {
	key, title, body, area string
	author                 *allmenning.Member
	vis                    allmenning.Visibility
	at                     int // day
	tags                   []string
	deleted                bool
}

func (w *searchWorld) thread(t *testing.T, s searchSeed) int64 {
	t.Helper()
	var deleted any
	if s.deleted {
		deleted = searchDay(s.at + 1)
	}
	id, err := w.db.SearchTestInsert(ctx, `INSERT INTO threads (area_id, author_id, municipality, title, body, body_html, visibility,
		created_at, last_activity_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.areas[s.area], s.author.ID, s.author.Municipality, s.title, s.body, "<p>"+s.body+"</p>", string(s.vis), searchDay(s.at), searchDay(s.at), deleted)
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range s.tags {
		w.exec(t, "INSERT INTO thread_tags (thread_id, tag_id) SELECT ?, id FROM tags WHERE slug = ?", id, tag)
	}
	w.threads[s.key] = id
	w.index(t, "thread", id)
	return id
}

func (w *searchWorld) reply(t *testing.T, key, thread string, author *allmenning.Member, body string, at int, deleted bool) int64 {
	t.Helper()
	tid := w.threads[thread]
	n := 1
	for _, th := range w.replyThread {
		if th == thread {
			n++
		}
	}
	var del any
	if deleted {
		del = searchDay(at + 1)
	}
	id, err := w.db.SearchTestInsert(ctx, `INSERT INTO replies (thread_id, number, author_id, body, body_html, created_at, deleted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, tid, n, author.ID, body, "<p>"+body+"</p>", searchDay(at), del)
	if err != nil {
		t.Fatal(err)
	}
	w.replies[key], w.replyThread[key], w.replyNumber[key] = id, thread, n
	w.index(t, "reply", id)
	return id
}

// newSearchWorld seeds the same content, with the same ids, in a fresh database.
func newSearchWorld(t *testing.T, db *store.DB) *searchWorld {
	t.Helper()
	w := &searchWorld{db: db, areas: map[string]int64{}, threads: map[string]int64{}, replies: map[string]int64{},
		replyThread: map[string]string{}, replyNumber: map[string]int{}}
	w.kari = mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001", "kommunikasjon", "nettsider")
	w.per = mustMember(t, db, "per@trondheim.kommune.no", "Per Hansen", "5001")
	w.ola = mustMember(t, db, "ola@bergen.kommune.no", "Ola Vik", "4601", "arkiv")
	w.ina = mustMember(t, db, "ina@oslo.kommune.no", "Ina Berg", "0301")
	w.beate = mustMember(t, db, "beate@bergen.kommune.no", "Beate Lie", "4601", "beredskap", "krisekommunikasjon")

	for _, a := range [][2]string{{"operativ", ""}, {"etikk", "operativ"}, {"arkivering", "operativ"},
		{"krise", ""}, {"beredskap", "krise"}, {"strategi", ""}} {
		w.area(t, a[0], a[1])
	}
	facet, err := db.SearchTestInsert(ctx, "INSERT INTO facets (slug, name) VALUES ('fagomrade', 'Fagområde')")
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range []string{"barnehage", "skole", "helse"} {
		w.exec(t, "INSERT INTO tags (facet_id, slug, name) VALUES (?, ?, ?)", facet, tag, tag)
	}

	pub, mem, mun := allmenning.VisPublic, allmenning.VisMembers, allmenning.VisMunicipality
	for _, s := range []searchSeed{
		{"sjikane", "Hvordan håndterer dere sjikane i kommentarfeltet?",
			"I kommunen vår har hetsen økt. Vi skjuler kommentarer som bryter reglene, men er usikre på ytringsfriheten.",
			"etikk", w.kari, pub, 1, []string{"skole"}, false},
		{"regler", "Nye regler for innbyggerdialog",
			"Kommunene må ha klare regler. Sjikane nevnes bare i forbifarten her.", "strategi", w.ola, pub, 9, nil, false},
		{"barnehager", "Bilder fra barnehager på Facebook",
			"Mange barnehager vil dele bilder fra hverdagen. Hvordan innhenter dere samtykke fra foreldrene?",
			"etikk", w.per, pub, 2, []string{"barnehage"}, false},
		{"foreldremote", "Foreldremøte i skolen",
			"Vi nevner barnehagen kort i invitasjonen, ellers handler det om skolen.", "strategi", w.ina, mem, 8, []string{"skole"}, false},
		{"arkiv", "Hva arkiverer dere fra Facebook-siden?",
			"Vi lurer på arkivplikten for innlegg og kommentarer, og om Noark 5 passer for dette.",
			"arkivering", w.ola, mem, 3, nil, false},
		{"sosiale", "Bruk av sosiale medier i kommunene",
			"Vi vil vite hvordan andre bruker kanalene i hverdagen.", "strategi", w.ina, pub, 4, nil, false},
		{"kanaler", "Sosiale medier og nye kanaler",
			"Kommunen bruker mest Facebook, men vi vurderer flere.", "strategi", w.kari, pub, 7, nil, false},
		{"krisa", "Korleis handterer kommunane krisa når straumen går?",
			"Me har sett at innbyggjarane les Facebook-sida vår når det er krise.", "beredskap", w.ola, pub, 5, nil, false},
		{"ovelse", "Øvelse i kommunen",
			"Etter krisen i fjor øvde vi på krisekommunikasjon.", "krise", w.per, mem, 6, nil, false},
		{"intern", "Intern sak om sjikane mot ansatte",
			"Hemmelig zqxintern: sjikane mot ansatte i kommunen, med navn.", "etikk", w.kari, mun, 10, nil, false},
		{"slettet", "Slettet tråd om sjikane",
			"Denne tråden er slettet zqxslettet, også sjikane.", "etikk", w.kari, pub, 11, nil, true},
	} {
		w.thread(t, s)
	}
	w.reply(t, "sjikane-1", "sjikane", w.ola, "Vi har samme problem med sjikane. Moderering hjelper.", 2, false)
	w.reply(t, "sjikane-2", "sjikane", w.ina, "Dette svaret er slettet zqxborte, om sjikane.", 3, true)
	w.reply(t, "barnehager-1", "barnehager", w.kari, "Vi spør foreldrene i barnehagen hver høst.", 3, false)
	w.reply(t, "arkiv-1", "arkiv", w.kari, "Arkivering av Facebook er viktig. Vi bruker et eget verktøy.", 4, false)
	w.reply(t, "intern-1", "intern", w.per, "Hemmelig svar zqxintern om sjikane, med navnet til den ansatte.", 11, false)
	w.reply(t, "intern-2", "intern", w.kari, "Enda et hemmelig svar zqxintern.", 12, false)
	w.reply(t, "slettet-1", "slettet", w.per, "Svar i slettet tråd zqxslettet.", 12, false)
	return w
}

func runSearch(t *testing.T, db *store.DB, v allmenning.Viewer, q allmenning.SearchQuery) *allmenning.SearchResults {
	t.Helper()
	res, err := db.Search(ctx, v, q)
	if err != nil {
		t.Fatalf("Search(%q): %v", q.Text, err)
	}
	if res.Results == nil {
		t.Fatalf("Search(%q): nil results, want an empty list", q.Text)
	}
	return res
}

// keyOf names a hit by the seed's key: "thread:sjikane", "reply:arkiv-1", "member:<id>".
func (w *searchWorld) keyOf(r *allmenning.SearchResult) string {
	switch r.Type {
	case "thread":
		for k, id := range w.threads {
			if id == r.ID {
				return "thread:" + k
			}
		}
	case "reply":
		for k, id := range w.replies {
			if id == r.ID {
				return "reply:" + k
			}
		}
	}
	return fmt.Sprintf("%s:%d", r.Type, r.ID)
}

func (w *searchWorld) keys(res *allmenning.SearchResults) []string {
	var out []string
	for _, r := range res.Results {
		out = append(out, w.keyOf(r))
	}
	return out
}

// Norwegian queries in other inflections than the text, bokmål and nynorsk,
// put the right thread first on both databases.
func TestSearchRelevance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		member := allmenning.ViewerOf(w.ola)
		for _, tc := range []struct {
			query string
			top   string
			also  []string // must be found too
		}{
			{"kommunene sjikane", "thread:sjikane", []string{"thread:regler"}},
			{"Sjikanen i kommentarfeltene", "thread:sjikane", nil},
			{"barnehagen", "thread:barnehager", []string{"thread:foreldremote", "reply:barnehager-1"}},
			{"arkivering facebook", "thread:arkiv", []string{"reply:arkiv-1"}},
			{"korleis brukar kommunane sosiale medium", "thread:sosiale", []string{"thread:kanaler"}},
			{"kommunene krisen", "thread:krisa", []string{"thread:ovelse"}},
			{"noark", "thread:arkiv", nil},
			{"hets", "thread:sjikane", nil},
		} {
			res := runSearch(t, db, member, allmenning.SearchQuery{Text: tc.query})
			got := w.keys(res)
			if len(got) == 0 || got[0] != tc.top {
				t.Errorf("%q: hits %v, want %s first", tc.query, got, tc.top)
				continue
			}
			for _, k := range tc.also {
				if !slices.Contains(got, k) {
					t.Errorf("%q: hits %v, want %s among them", tc.query, got, k)
				}
			}
			if res.Total != len(got) {
				t.Errorf("%q: total %d, %d hits", tc.query, res.Total, len(got))
			}
		}
		// Every word must match: two words that never meet in one post find nothing.
		if res := runSearch(t, db, member, allmenning.SearchQuery{Text: "barnehagen noark"}); res.Total != 0 {
			t.Errorf("barnehagen noark: %v, want nothing", w.keys(res))
		}
		// Query syntax of either database is just text.
		for _, tc := range []struct {
			q     string
			found bool
		}{
			{`"sjikane"*`, true}, {`sjikane ( ) : ^ * - + | NEAR(`, false}, {`sjikane & ! | <-> ' \`, true},
			{`{title}: sjikane`, false}, {`"sjikane" OR NOT kommune`, false}, {`-"sjikane" %_`, true},
		} {
			res, err := db.Search(ctx, member, allmenning.SearchQuery{Text: tc.q})
			if err != nil {
				t.Errorf("%q: %v", tc.q, err)
			} else if (res.Total > 0) != tc.found {
				t.Errorf("%q: %d found", tc.q, res.Total)
			}
		}
		// Only stop words, or nothing: nothing to search for.
		for _, q := range []string{"", "   ", "og i på det", "!!!"} {
			if res := runSearch(t, db, member, allmenning.SearchQuery{Text: q}); res.Total != 0 || len(res.Results) != 0 {
				t.Errorf("%q: %v, want nothing", q, w.keys(res))
			}
		}
	})
}

// Results carry the post's title, link, date and a marked, escaped snippet.
func TestSearchResultFields(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		res := runSearch(t, db, allmenning.ViewerOf(w.kari), allmenning.SearchQuery{Text: "arkivering facebook"})
		byKey := map[string]*allmenning.SearchResult{}
		for _, r := range res.Results {
			byKey[w.keyOf(r)] = r
		}
		th, rep := byKey["thread:arkiv"], byKey["reply:arkiv-1"]
		if th == nil || rep == nil {
			t.Fatalf("hits %v, want the thread and its reply", w.keys(res))
		}
		tid := w.threads["arkiv"]
		if th.Type != "thread" || th.ID != tid || th.ThreadID != tid || th.Title != "Hva arkiverer dere fra Facebook-siden?" ||
			th.URL != fmt.Sprintf("/diskusjoner/%d", tid) || !th.Date.Equal(searchDay(3)) {
			t.Errorf("thread hit = %+v", th)
		}
		if want := "Vi lurer på arkivplikten for innlegg og kommentarer, og om Noark 5 passer for dette."; th.Snippet != want {
			t.Errorf("thread snippet = %q, want %q", th.Snippet, want)
		}
		if rep.Type != "reply" || rep.ID != w.replies["arkiv-1"] || rep.ThreadID != tid || rep.Title != th.Title ||
			rep.URL != fmt.Sprintf("/diskusjoner/%d#svar-%d", tid, w.replyNumber["arkiv-1"]) || !rep.Date.Equal(searchDay(4)) {
			t.Errorf("reply hit = %+v", rep)
		}
		if want := "<mark>Arkivering</mark> av <mark>Facebook</mark> er viktig. Vi bruker et eget verktøy."; rep.Snippet != want {
			t.Errorf("reply snippet = %q, want %q", rep.Snippet, want)
		}
		if th.Rank <= rep.Rank {
			t.Errorf("thread rank %v not above reply rank %v", th.Rank, rep.Rank)
		}
	})
}

// A snippet is escaped text: markup in a post is shown, never run.
func TestSearchSnippetEscaped(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		w.thread(t, searchSeed{"xss", "Skript i kommentarfeltet zqxskript",
			`Noen skrev <script>alert("zqxskript")</script> & <img src=x onerror=alert(1)> i **feltet**.`, "etikk", w.kari, allmenning.VisPublic, 20, nil, false})
		res := runSearch(t, db, allmenning.Viewer{}, allmenning.SearchQuery{Text: "zqxskript"})
		if len(res.Results) != 1 {
			t.Fatalf("hits %v, want one", w.keys(res))
		}
		want := `Noen skrev &lt;script&gt;alert(&#34;<mark>zqxskript</mark>&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; i feltet.`
		if got := res.Results[0].Snippet; got != want {
			t.Errorf("snippet = %q\nwant      %q", got, want)
		}
	})
}

// Nobody finds what CanSee hides from them: not in the hits, not in the
// total, not in any snippet.
func TestSearchVisibility(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		anon := allmenning.Viewer{}
		kari, per, ola, ina := allmenning.ViewerOf(w.kari), allmenning.ViewerOf(w.per), allmenning.ViewerOf(w.ola), allmenning.ViewerOf(w.ina)
		moderator := ola
		moderator.Moderator = true

		secret := []string{"thread:intern", "reply:intern-1", "reply:intern-2"}
		for _, tc := range []struct {
			name   string
			v      allmenning.Viewer
			query  string
			want   []string // exactly these, in any order
			hidden bool     // the municipality thread is hidden
		}{
			{"Trondheim member finds the municipality thread", kari, "zqxintern", secret, false},
			{"so does another Trondheim member", per, "zqxintern", secret, false},
			{"Bergen member does not", ola, "zqxintern", nil, true},
			{"nor a moderator from Bergen", moderator, "zqxintern", nil, true},
			{"Oslo member does not", ina, "zqxintern", nil, true},
			{"anonymous does not", anon, "zqxintern", nil, true},
			{"Trondheim sees all sjikane posts", kari, "sjikane",
				[]string{"thread:sjikane", "thread:regler", "reply:sjikane-1", "thread:intern", "reply:intern-1"}, false},
			{"Bergen sees all but Trondheim's own", ola, "sjikane", []string{"thread:sjikane", "thread:regler", "reply:sjikane-1"}, true},
			{"anonymous sees the public ones", anon, "sjikane", []string{"thread:sjikane", "thread:regler", "reply:sjikane-1"}, true},
			{"members-only thread and its reply are hidden from anonymous", anon, "arkivering facebook", nil, false},
			{"and found by members", ina, "arkivering facebook", []string{"thread:arkiv", "reply:arkiv-1"}, false},
			{"members-only among public ones", anon, "barnehagen", []string{"thread:barnehager", "reply:barnehager-1"}, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := runSearch(t, db, tc.v, allmenning.SearchQuery{Text: tc.query})
				got := w.keys(res)
				if !sameSearchKeys(got, tc.want) {
					t.Errorf("hits %v, want %v", got, tc.want)
				}
				if res.Total != len(tc.want) {
					t.Errorf("total %d, want %d", res.Total, len(tc.want))
				}
				if tc.hidden {
					for _, r := range res.Results {
						for _, s := range []string{r.Snippet, r.Title} {
							if strings.Contains(s, "zqxintern") || strings.Contains(strings.ToLower(s), "hemmelig") || strings.Contains(s, "Intern sak") {
								t.Errorf("hit %s shows hidden text: %q", w.keyOf(r), s)
							}
						}
					}
				}
			})
		}

		// Changing the thread's visibility carries over to its replies.
		w.exec(t, "UPDATE threads SET visibility = 'public' WHERE id = ?", w.threads["intern"])
		w.index(t, "thread", w.threads["intern"])
		if res := runSearch(t, db, anon, allmenning.SearchQuery{Text: "zqxintern"}); !sameSearchKeys(w.keys(res), secret) || res.Total != 3 {
			t.Errorf("after making it public: hits %v, total %d, want %v", w.keys(res), res.Total, secret)
		}
		w.exec(t, "UPDATE threads SET visibility = 'members' WHERE id = ?", w.threads["intern"])
		w.index(t, "thread", w.threads["intern"])
		if res := runSearch(t, db, anon, allmenning.SearchQuery{Text: "zqxintern"}); res.Total != 0 {
			t.Errorf("after making it members-only: anonymous hits %v", w.keys(res))
		}
		if res := runSearch(t, db, ina, allmenning.SearchQuery{Text: "zqxintern"}); res.Total != 3 {
			t.Errorf("after making it members-only: member hits %v", w.keys(res))
		}
	})
}

func sameSearchKeys(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// Deleted threads and replies are never found, also not by moderators, and
// deleting a thread takes its replies with it; restoring brings them back.
func TestSearchDeleted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		moderator := allmenning.ViewerOf(w.kari)
		moderator.Moderator = true
		for _, q := range []string{"zqxslettet", "zqxborte"} {
			if res := runSearch(t, db, moderator, allmenning.SearchQuery{Text: q}); res.Total != 0 || len(res.Results) != 0 {
				t.Errorf("%q: hits %v, want none", q, w.keys(res))
			}
		}
		for _, r := range runSearch(t, db, moderator, allmenning.SearchQuery{Text: "sjikane"}).Results {
			if k := w.keyOf(r); k == "thread:slettet" || k == "reply:sjikane-2" {
				t.Errorf("sjikane: deleted %s found", k)
			}
		}

		// Delete a thread: it and its replies go.
		tid := w.threads["arkiv"]
		w.exec(t, "UPDATE threads SET deleted_at = ? WHERE id = ?", searchDay(30), tid)
		w.index(t, "thread", tid)
		if res := runSearch(t, db, moderator, allmenning.SearchQuery{Text: "arkivering facebook"}); res.Total != 0 {
			t.Errorf("after deleting the thread: hits %v", w.keys(res))
		}
		// A reply indexed while its thread is deleted stays hidden.
		w.index(t, "reply", w.replies["arkiv-1"])
		if res := runSearch(t, db, moderator, allmenning.SearchQuery{Text: "arkivering facebook"}); res.Total != 0 {
			t.Errorf("after reindexing the reply: hits %v", w.keys(res))
		}
		// Restore: both come back.
		w.exec(t, "UPDATE threads SET deleted_at = NULL WHERE id = ?", tid)
		w.index(t, "thread", tid)
		if res := runSearch(t, db, moderator, allmenning.SearchQuery{Text: "arkivering facebook"}); !sameSearchKeys(w.keys(res), []string{"thread:arkiv", "reply:arkiv-1"}) {
			t.Errorf("after restoring the thread: hits %v", w.keys(res))
		}
		// A deleted reply in a restored thread stays deleted.
		w.exec(t, "UPDATE replies SET deleted_at = ? WHERE id = ?", searchDay(31), w.replies["arkiv-1"])
		w.index(t, "reply", w.replies["arkiv-1"])
		w.exec(t, "UPDATE threads SET deleted_at = ? WHERE id = ?", searchDay(32), tid)
		w.index(t, "thread", tid)
		w.exec(t, "UPDATE threads SET deleted_at = NULL WHERE id = ?", tid)
		w.index(t, "thread", tid)
		if res := runSearch(t, db, moderator, allmenning.SearchQuery{Text: "arkivering facebook"}); !sameSearchKeys(w.keys(res), []string{"thread:arkiv"}) {
			t.Errorf("after restoring the thread with a deleted reply: hits %v", w.keys(res))
		}
		// Restoring the reply.
		w.exec(t, "UPDATE replies SET deleted_at = NULL WHERE id = ?", w.replies["arkiv-1"])
		w.index(t, "reply", w.replies["arkiv-1"])
		if res := runSearch(t, db, moderator, allmenning.SearchQuery{Text: "arkivering"}); res.Total != 2 {
			t.Errorf("after restoring the reply: hits %v", w.keys(res))
		}

		// An edit is found by its new words only.
		w.exec(t, "UPDATE threads SET title = ?, body = ? WHERE id = ?", "Hva lagrer dere fra Instagram?", "Bare bilder zqxny.", tid)
		w.index(t, "thread", tid)
		if res := runSearch(t, db, moderator, allmenning.SearchQuery{Text: "noark"}); res.Total != 0 {
			t.Errorf("old words still found: %v", w.keys(res))
		}
		res := runSearch(t, db, moderator, allmenning.SearchQuery{Text: "instagram"})
		if res.Total != 1 || res.Results[0].Title != "Hva lagrer dere fra Instagram?" {
			t.Errorf("new title: hits %v", w.keys(res))
		}
		// The reply shows the thread's new title.
		res = runSearch(t, db, moderator, allmenning.SearchQuery{Text: "arkivering", Type: "reply"})
		if res.Total != 1 || res.Results[0].Title != "Hva lagrer dere fra Instagram?" {
			t.Errorf("reply after the thread's new title: %+v", res.Results)
		}
	})
}

func TestSearchFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		v := allmenning.ViewerOf(w.kari)
		for _, tc := range []struct {
			name string
			q    allmenning.SearchQuery
			want []string
		}{
			{"no filter", allmenning.SearchQuery{Text: "sjikane"},
				[]string{"thread:sjikane", "thread:regler", "reply:sjikane-1", "thread:intern", "reply:intern-1"}},
			{"threads", allmenning.SearchQuery{Text: "sjikane", Type: "thread"}, []string{"thread:sjikane", "thread:regler", "thread:intern"}},
			{"replies", allmenning.SearchQuery{Text: "sjikane", Type: "reply"}, []string{"reply:sjikane-1", "reply:intern-1"}},
			{"members", allmenning.SearchQuery{Text: "sjikane", Type: "member"}, nil},
			{"unknown type", allmenning.SearchQuery{Text: "sjikane", Type: "bogus"}, nil},
			{"area", allmenning.SearchQuery{Text: "sjikane", Area: "etikk"},
				[]string{"thread:sjikane", "reply:sjikane-1", "thread:intern", "reply:intern-1"}},
			{"parent area takes in its children", allmenning.SearchQuery{Text: "kommunene krisen", Area: "krise"}, []string{"thread:krisa", "thread:ovelse"}},
			{"child area", allmenning.SearchQuery{Text: "kommunene krisen", Area: "beredskap"}, []string{"thread:krisa"}},
			{"unknown area", allmenning.SearchQuery{Text: "sjikane", Area: "finnes-ikke"}, nil},
			{"tag: the thread and its replies", allmenning.SearchQuery{Text: "barnehagen", Tags: []string{"barnehage"}},
				[]string{"thread:barnehager", "reply:barnehager-1"}},
			{"any of the tags", allmenning.SearchQuery{Text: "barnehagen", Tags: []string{"barnehage", "skole"}},
				[]string{"thread:barnehager", "reply:barnehager-1", "thread:foreldremote"}},
			{"unknown tag", allmenning.SearchQuery{Text: "barnehagen", Tags: []string{"finnes-ikke"}}, nil},
			{"municipality", allmenning.SearchQuery{Text: "sjikane", Municipality: "4601"}, []string{"thread:regler"}},
			{"municipality of the thread, not the reply's author", allmenning.SearchQuery{Text: "sjikane", Municipality: "5001"},
				[]string{"thread:sjikane", "reply:sjikane-1", "thread:intern", "reply:intern-1"}},
			{"from, inclusive", allmenning.SearchQuery{Text: "sjikane", From: searchDay(2)},
				[]string{"reply:sjikane-1", "thread:regler", "thread:intern", "reply:intern-1"}},
			{"to, exclusive", allmenning.SearchQuery{Text: "sjikane", To: searchDay(2)}, []string{"thread:sjikane"}},
			{"from and to", allmenning.SearchQuery{Text: "sjikane", From: searchDay(2), To: searchDay(10)}, []string{"reply:sjikane-1", "thread:regler"}},
			{"everything at once", allmenning.SearchQuery{Text: "sjikane", Type: "reply", Area: "operativ", Tags: []string{"skole"},
				Municipality: "5001", From: searchDay(1), To: searchDay(3)}, []string{"reply:sjikane-1"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := runSearch(t, db, v, tc.q)
				if got := w.keys(res); !sameSearchKeys(got, tc.want) || res.Total != len(tc.want) {
					t.Errorf("hits %v (total %d), want %v", got, res.Total, tc.want)
				}
			})
		}
	})
}

// Pages are disjoint, cover every hit once and keep the total; equal ranks
// come newest first; the page size has a default and a maximum.
func TestSearchPaging(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		const n = 55
		var newestFirst []string
		for i := range n {
			key := fmt.Sprintf("page%02d", i)
			w.thread(t, searchSeed{key, "Samme tittel zqxside", "Samme tekst om zqxside.", "strategi", w.ina, allmenning.VisPublic, 40 + i, nil, false})
			newestFirst = append([]string{"thread:" + key}, newestFirst...)
		}
		// A hidden one, never counted.
		w.thread(t, searchSeed{"page-hidden", "Samme tittel zqxside", "Samme tekst om zqxside.", "strategi", w.kari, allmenning.VisMunicipality, 200, nil, false})

		v := allmenning.ViewerOf(w.ola)
		var all []string
		for offset := 0; offset < n+10; offset += 20 {
			res := runSearch(t, db, v, allmenning.SearchQuery{Text: "zqxside", Offset: offset, Limit: 20})
			if res.Total != n {
				t.Fatalf("offset %d: total %d, want %d", offset, res.Total, n)
			}
			if want := min(20, max(0, n-offset)); len(res.Results) != want {
				t.Fatalf("offset %d: %d hits, want %d", offset, len(res.Results), want)
			}
			all = append(all, w.keys(res)...)
		}
		if !slices.Equal(all, newestFirst) {
			t.Errorf("pages together = %v\nwant newest first %v", all, newestFirst)
		}
		for _, tc := range []struct{ limit, want int }{{0, 20}, {-5, 20}, {7, 7}, {50, 50}, {51, 50}, {1000, 50}} {
			if res := runSearch(t, db, v, allmenning.SearchQuery{Text: "zqxside", Limit: tc.limit}); len(res.Results) != tc.want || res.Total != n {
				t.Errorf("limit %d: %d hits (total %d), want %d", tc.limit, len(res.Results), res.Total, tc.want)
			}
		}
		if res := runSearch(t, db, v, allmenning.SearchQuery{Text: "zqxside", Offset: -3, Limit: 2}); !slices.Equal(w.keys(res), newestFirst[:2]) {
			t.Errorf("negative offset: %v", w.keys(res))
		}
		if res := runSearch(t, db, v, allmenning.SearchQuery{Text: "zqxside", Offset: 1000}); len(res.Results) != 0 || res.Total != n {
			t.Errorf("offset past the end: %d hits, total %d", len(res.Results), res.Total)
		}
	})
}

// Members are found by name, job title and competence, by members only.
func TestSearchMembers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		member := allmenning.ViewerOf(w.kari)
		memberKey := fmt.Sprintf("member:%d", w.beate.ID)

		res := runSearch(t, db, member, allmenning.SearchQuery{Text: "beredskap"})
		var hit *allmenning.SearchResult
		for _, r := range res.Results {
			if r.Type == "member" {
				if hit != nil {
					t.Errorf("second member hit %+v", r)
				}
				hit = r
			}
		}
		if hit == nil || hit.ID != w.beate.ID || hit.Title != "Beate Lie" || hit.URL != fmt.Sprintf("/medlemmer/%d", w.beate.ID) ||
			hit.ThreadID != 0 || !sameTime(hit.Date, w.beate.CreatedAt) {
			t.Fatalf("beredskap: member hit %+v (hits %v)", hit, w.keys(res))
		}
		if want := "<mark>beredskap</mark>, krisekommunikasjon"; hit.Snippet != want {
			t.Errorf("snippet %q, want %q", hit.Snippet, want)
		}
		if res := runSearch(t, db, member, allmenning.SearchQuery{Text: "beredskap", Type: "member"}); !slices.Equal(w.keys(res), []string{memberKey}) || res.Total != 1 {
			t.Errorf("type member: %v", w.keys(res))
		}
		if res := runSearch(t, db, member, allmenning.SearchQuery{Text: "beredskap", Type: "member", Municipality: "5001"}); res.Total != 0 {
			t.Errorf("member in another municipality: %v", w.keys(res))
		}
		if res := runSearch(t, db, member, allmenning.SearchQuery{Text: "Beate Lie"}); !slices.Equal(w.keys(res), []string{memberKey}) {
			t.Errorf("by name: %v", w.keys(res))
		}
		// Members of other municipalities are found too.
		if res := runSearch(t, db, allmenning.ViewerOf(w.ina), allmenning.SearchQuery{Text: "beredskapen", Type: "member"}); res.Total != 1 {
			t.Errorf("from Oslo: %v", w.keys(res))
		}

		// Anonymous visitors never find members.
		for _, q := range []allmenning.SearchQuery{{Text: "beredskap"}, {Text: "beredskap", Type: "member"}, {Text: "Beate Lie"}} {
			res := runSearch(t, db, allmenning.Viewer{}, q)
			for _, r := range res.Results {
				if r.Type == "member" {
					t.Errorf("anonymous %+v: found member %+v", q, r)
				}
			}
			if q.Type == "member" && res.Total != 0 {
				t.Errorf("anonymous %+v: total %d", q, res.Total)
			}
		}

		// A profile update is indexed.
		if _, err := db.UpdateProfile(ctx, w.beate.ID, allmenning.ProfileUpdate{Name: "Beate Lie", JobTitle: "Rådgiver", Language: "nb", Competences: []string{"arkivering"}}); err != nil {
			t.Fatal(err)
		}
		if res := runSearch(t, db, member, allmenning.SearchQuery{Text: "beredskap", Type: "member"}); res.Total != 0 {
			t.Errorf("old competence still found: %v", w.keys(res))
		}
		res = runSearch(t, db, member, allmenning.SearchQuery{Text: "arkivering", Type: "member"})
		if !slices.Equal(w.keys(res), []string{memberKey}) || res.Results[0].Snippet != "Rådgiver · <mark>arkivering</mark>" {
			t.Errorf("new competence: %+v", res.Results)
		}

		// A member who is not active is not found.
		w.exec(t, "UPDATE members SET status = 'suspended' WHERE id = ?", w.beate.ID)
		w.index(t, "member", w.beate.ID)
		if res := runSearch(t, db, member, allmenning.SearchQuery{Text: "arkivering", Type: "member"}); res.Total != 0 {
			t.Errorf("suspended member found: %v", w.keys(res))
		}
	})
}

// ReindexAll builds the index for existing rows and drops documents of rows that are gone.
func TestSearchReindexAll(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		v := allmenning.ViewerOf(w.kari)
		queries := []string{"kommunene sjikane", "barnehagen", "arkivering facebook", "zqxintern", "beredskap", "kommunene krisen"}
		before := map[string][]string{}
		for _, q := range queries {
			before[q] = w.keys(runSearch(t, db, v, allmenning.SearchQuery{Text: q}))
		}
		// Forget the index, as for data from before it existed.
		w.exec(t, "DELETE FROM search_docs")
		if db.Dialect().Name == "sqlite" {
			w.exec(t, "DELETE FROM search_fts")
		}
		if res := runSearch(t, db, v, allmenning.SearchQuery{Text: "barnehagen"}); res.Total != 0 {
			t.Fatalf("empty index finds %v", w.keys(res))
		}
		// Change a row behind the index's back.
		w.exec(t, "UPDATE threads SET title = 'Bilder fra barnehager på Instagram' WHERE id = ?", w.threads["barnehager"])
		// EnsureSearchIndex rebuilds an empty index.
		if err := db.EnsureSearchIndex(ctx); err != nil {
			t.Fatal(err)
		}
		for _, q := range queries {
			if got := w.keys(runSearch(t, db, v, allmenning.SearchQuery{Text: q})); !sameSearchKeys(got, before[q]) {
				t.Errorf("%q after ReindexAll: %v, want %v", q, got, before[q])
			}
		}
		if res := runSearch(t, db, v, allmenning.SearchQuery{Text: "instagram"}); !slices.Equal(w.keys(res), []string{"thread:barnehager"}) {
			t.Errorf("instagram: %v", w.keys(res))
		}
		// EnsureSearchIndex leaves an index that is there alone.
		w.exec(t, "UPDATE threads SET title = 'Bilder fra barnehager på Snapchat' WHERE id = ?", w.threads["barnehager"])
		if err := db.EnsureSearchIndex(ctx); err != nil {
			t.Fatal(err)
		}
		if res := runSearch(t, db, v, allmenning.SearchQuery{Text: "snapchat"}); res.Total != 0 {
			t.Errorf("EnsureSearchIndex reindexed a full index: %v", w.keys(res))
		}
		// ReindexAll again: nothing doubles, and the change is picked up.
		if err := db.ReindexAll(ctx); err != nil {
			t.Fatal(err)
		}
		if res := runSearch(t, db, v, allmenning.SearchQuery{Text: "snapchat"}); !slices.Equal(w.keys(res), []string{"thread:barnehager"}) {
			t.Errorf("snapchat after ReindexAll: %v", w.keys(res))
		}
		if res := runSearch(t, db, v, allmenning.SearchQuery{Text: "barnehagen"}); res.Total != len(before["barnehagen"]) {
			t.Errorf("second ReindexAll: %v", w.keys(res))
		}
		// A row removed behind the index's back disappears from it.
		w.exec(t, "DELETE FROM replies WHERE id = ?", w.replies["barnehager-1"])
		if err := db.ReindexAll(ctx); err != nil {
			t.Fatal(err)
		}
		if res := runSearch(t, db, v, allmenning.SearchQuery{Text: "barnehagen"}); slices.Contains(w.keys(res), "reply:barnehager-1") {
			t.Errorf("removed reply still found: %v", w.keys(res))
		}
	})
}

// SQLite and PostgreSQL find the same posts, count them the same and show
// the same snippets; only the order among hits may differ.
func TestSearchSameOnBothDatabases(t *testing.T) {
	lite, pg := dbtest.Open(t, "sqlite"), dbtest.Open(t, "postgres")
	wl, wp := newSearchWorld(t, lite), newSearchWorld(t, pg)
	for _, q := range []string{"kommunene sjikane", "sjikane", "barnehagen", "arkivering facebook", "korleis brukar kommunane sosiale medium",
		"kommunene krisen", "beredskap", "facebook", "kommune", "bilder foreldrene", "noark 5", "17"} {
		for _, who := range []string{"anonymous", "kari", "ola"} {
			var vl, vp allmenning.Viewer
			switch who {
			case "kari":
				vl, vp = allmenning.ViewerOf(wl.kari), allmenning.ViewerOf(wp.kari)
			case "ola":
				vl, vp = allmenning.ViewerOf(wl.ola), allmenning.ViewerOf(wp.ola)
			}
			rl := runSearch(t, lite, vl, allmenning.SearchQuery{Text: q, Limit: 50})
			rp := runSearch(t, pg, vp, allmenning.SearchQuery{Text: q, Limit: 50})
			if rl.Total != rp.Total {
				t.Errorf("%q as %s: total %d on SQLite, %d on PostgreSQL", q, who, rl.Total, rp.Total)
			}
			snippets := func(w *searchWorld, res *allmenning.SearchResults) map[string]string {
				m := map[string]string{}
				for _, r := range res.Results {
					m[w.keyOf(r)+" "+r.URL+" "+r.Title] = r.Snippet
				}
				return m
			}
			sl, sp := snippets(wl, rl), snippets(wp, rp)
			for k, s := range sl {
				if sp[k] != s {
					t.Errorf("%q as %s: %s: SQLite %q, PostgreSQL %q", q, who, k, s, sp[k])
				}
			}
			for k := range sp {
				if _, ok := sl[k]; !ok {
					t.Errorf("%q as %s: %s found only on PostgreSQL", q, who, k)
				}
			}
		}
	}
}

// The store's own writes keep the index up to date: creating, editing,
// deleting and restoring threads and replies.
func TestSearchFollowsWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
			t.Fatal(err)
		}
		kari := mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001")
		ola := mustMember(t, db, "ola@bergen.kommune.no", "Ola Vik", "4601")
		anon, vk, vo := allmenning.Viewer{}, allmenning.ViewerOf(kari), allmenning.ViewerOf(ola)
		find := func(v allmenning.Viewer, q string) []string {
			t.Helper()
			var out []string
			for _, r := range runSearch(t, db, v, allmenning.SearchQuery{Text: q}).Results {
				out = append(out, fmt.Sprintf("%s:%d", r.Type, r.ID))
			}
			return out
		}

		th, err := db.CreateThread(ctx, kari, allmenning.NewThread{Title: "Sjikane i kommentarfeltet", Body: "Hva gjør kommunene med hetsen?",
			Area: "etikk", Tags: []string{"barnehage"}, Visibility: allmenning.VisPublic}, "<p>x</p>", nil)
		if err != nil {
			t.Fatal(err)
		}
		tk := fmt.Sprintf("thread:%d", th.ID)
		if got := find(anon, "kommunen sjikanen"); !slices.Equal(got, []string{tk}) {
			t.Fatalf("after CreateThread: %v, want %v", got, []string{tk})
		}
		if got := runSearch(t, db, anon, allmenning.SearchQuery{Text: "hets", Tags: []string{"barnehage"}, Area: "operativ"}); got.Total != 1 {
			t.Errorf("after CreateThread, with filters: %v", got.Results)
		}
		r, err := db.CreateReply(ctx, ola, th.ID, allmenning.NewReply{Body: "Vi bruker moderering zqxsvar."}, "<p>x</p>", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.IndexPending(ctx); err != nil {
			t.Fatal(err)
		}
		rk := fmt.Sprintf("reply:%d", r.ID)
		res := runSearch(t, db, anon, allmenning.SearchQuery{Text: "moderering"})
		if len(res.Results) != 1 || res.Results[0].ID != r.ID || res.Results[0].URL != fmt.Sprintf("/diskusjoner/%d#svar-%d", th.ID, r.Number) ||
			res.Results[0].Title != th.Title {
			t.Fatalf("after CreateReply: %+v", res.Results)
		}

		if _, err := db.UpdateThread(ctx, kari, th.ID, allmenning.ThreadUpdate{Title: "Moderering av kommentarfelt", Body: "Hvilke verktøy bruker dere?"}, "<p>x</p>", nil); err != nil {
			t.Fatal(err)
		}
		if got := find(anon, "sjikane"); len(got) != 0 {
			t.Errorf("old title still found after UpdateThread: %v", got)
		}
		if got := find(anon, "moderering"); !sameSearchKeys(got, []string{tk, rk}) {
			t.Errorf("after UpdateThread: %v", got)
		}
		if _, err := db.UpdateReply(ctx, ola, r.ID, "Vi sletter innlegg zqxendret.", "<p>x</p>", nil); err != nil {
			t.Fatal(err)
		}
		if got := find(anon, "zqxsvar"); len(got) != 0 {
			t.Errorf("old reply text still found after UpdateReply: %v", got)
		}
		if got := find(anon, "zqxendret"); !slices.Equal(got, []string{rk}) {
			t.Errorf("after UpdateReply: %v", got)
		}

		if err := db.DeleteReply(ctx, kari, r.ID); err != nil {
			t.Fatal(err)
		}
		if got := find(vk, "zqxendret"); len(got) != 0 {
			t.Errorf("after DeleteReply: %v", got)
		}
		if err := db.RestoreReply(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		if got := find(vk, "zqxendret"); !slices.Equal(got, []string{rk}) {
			t.Errorf("after RestoreReply: %v", got)
		}
		if err := db.DeleteThread(ctx, kari, th.ID); err != nil {
			t.Fatal(err)
		}
		if got := find(vk, "moderering"); len(got) != 0 {
			t.Errorf("after DeleteThread: %v", got)
		}
		if got := find(vk, "zqxendret"); len(got) != 0 {
			t.Errorf("reply of a deleted thread: %v", got)
		}
		if err := db.RestoreThread(ctx, th.ID); err != nil {
			t.Fatal(err)
		}
		if got := find(vk, "moderering"); !sameSearchKeys(got, []string{tk}) {
			t.Errorf("after RestoreThread: %v", got)
		}
		if got := find(vk, "zqxendret"); !slices.Equal(got, []string{rk}) {
			t.Errorf("reply after RestoreThread: %v", got)
		}

		// A municipality thread stays with its municipality.
		mt, err := db.CreateThread(ctx, kari, allmenning.NewThread{Title: "Intern sak zqxintern", Body: "Bare for Trondheim.",
			Area: "etikk", Visibility: allmenning.VisMunicipality}, "<p>x</p>", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := find(vk, "zqxintern"); !slices.Equal(got, []string{fmt.Sprintf("thread:%d", mt.ID)}) {
			t.Errorf("own municipality: %v", got)
		}
		if got := find(vo, "zqxintern"); len(got) != 0 {
			t.Errorf("other municipality: %v", got)
		}
		if got := find(anon, "zqxintern"); len(got) != 0 {
			t.Errorf("anonymous: %v", got)
		}
	})
}

// A common word does not make search rank and count every match: only the
// newest candidates the viewer may see are ranked, and the total stops at the
// bound with TotalCapped set. Hidden and deleted matches take no place among
// the candidates and are never counted.
func TestSearchTotalCapped(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		defer store.SetSearchCandidates(30)()
		w := newSearchWorld(t, db)
		v := allmenning.ViewerOf(w.ola)
		for i := range 30 {
			w.thread(t, searchSeed{fmt.Sprintf("cap%02d", i), "Tittel zqxtak", "Tekst om zqxtak.", "strategi", w.ina, allmenning.VisPublic, 40 + i, nil, false})
		}
		// Exactly at the bound: exact, not capped.
		if res := runSearch(t, db, v, allmenning.SearchQuery{Text: "zqxtak"}); res.Total != 30 || res.TotalCapped {
			t.Fatalf("30 matches: total %d capped %v, want 30 false", res.Total, res.TotalCapped)
		}
		// Newer matches Ola may not see (another municipality's, deleted) are not counted.
		for i := range 10 {
			w.thread(t, searchSeed{fmt.Sprintf("cap-hidden%02d", i), "Tittel zqxtak", "Hemmelig zqxtak.", "etikk", w.kari, allmenning.VisMunicipality, 100 + i, nil, false})
			w.thread(t, searchSeed{fmt.Sprintf("cap-deleted%02d", i), "Tittel zqxtak", "Slettet zqxtak.", "etikk", w.ina, allmenning.VisPublic, 100 + i, nil, true})
		}
		if res := runSearch(t, db, v, allmenning.SearchQuery{Text: "zqxtak"}); res.Total != 30 || res.TotalCapped {
			t.Fatalf("30 visible matches and 20 hidden: total %d capped %v, want 30 false", res.Total, res.TotalCapped)
		}
		// One more visible: capped, and the best-ranked of the newest 30 come first.
		w.thread(t, searchSeed{"cap-best", "zqxtak zqxtak i tittelen", "zqxtak zqxtak zqxtak", "strategi", w.ina, allmenning.VisPublic, 20, nil, false})
		w.thread(t, searchSeed{"cap-newest", "Tittel zqxtak", "Tekst om zqxtak.", "strategi", w.ina, allmenning.VisPublic, 90, nil, false})
		res := runSearch(t, db, v, allmenning.SearchQuery{Text: "zqxtak", Limit: 50})
		if res.Total != 30 || !res.TotalCapped {
			t.Fatalf("32 visible matches: total %d capped %v, want 30 true", res.Total, res.TotalCapped)
		}
		if len(res.Results) != 30 {
			t.Fatalf("%d hits, want 30 (the candidates)", len(res.Results))
		}
		for _, k := range w.keys(res) {
			if strings.HasPrefix(k, "thread:cap-hidden") || strings.HasPrefix(k, "thread:cap-deleted") {
				t.Errorf("hidden or deleted %s found", k)
			}
		}
		if got := w.keys(res)[0]; got != "thread:cap-best" {
			t.Errorf("first hit %s, want thread:cap-best (the best-ranked candidate)", got)
		}
		// Kari sees her municipality's threads, which are the newest: still capped at 30.
		res = runSearch(t, db, allmenning.ViewerOf(w.kari), allmenning.SearchQuery{Text: "zqxtak", Offset: 20, Limit: 20})
		if res.Total != 30 || !res.TotalCapped || len(res.Results) != 10 {
			t.Errorf("Kari, page 2: total %d capped %v, %d hits; want 30 true 10", res.Total, res.TotalCapped, len(res.Results))
		}
	})
}
