package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/kommune"
	"github.com/allmenning/allmenning/postgres"
	"github.com/allmenning/allmenning/sqlite"
	"github.com/allmenning/allmenning/store"
)

// hitKeys names the hits of a search as "type:id", in order.
func hitKeys(t *testing.T, db *store.DB, v allmenning.Viewer, q allmenning.SearchQuery) []string {
	t.Helper()
	var out []string
	for _, r := range runSearch(t, db, v, q).Results {
		out = append(out, fmt.Sprintf("%s:%d", r.Type, r.ID))
	}
	return out
}

// A cached search never reaches a viewer who may not see what it found: a
// municipality's thread is found by its own members and by nobody else,
// however the searches before filled the cache.
func TestSearchCacheVisibilityClasses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		bergenModerator := allmenning.ViewerOf(w.ola)
		bergenModerator.Moderator = true
		secret := []string{"thread:intern", "reply:intern-1", "reply:intern-2"}
		cases := []struct {
			name  string
			v     allmenning.Viewer
			finds bool
		}{
			{"Kari, Trondheim", allmenning.ViewerOf(w.kari), true},
			{"Ola, Bergen", allmenning.ViewerOf(w.ola), false},
			{"anonymous", allmenning.Viewer{}, false},
			{"Per, Trondheim", allmenning.ViewerOf(w.per), true},
			{"a moderator from Bergen", bergenModerator, false},
			{"Ina, Oslo", allmenning.ViewerOf(w.ina), false},
		}
		// Twice round, in an order where every class follows another with
		// the cache warm, then the other way round.
		for round := range 2 {
			order := slices.Clone(cases)
			if round == 1 {
				slices.Reverse(order)
			}
			for _, c := range order {
				for _, q := range []string{"zqxintern", "zqxinterne"} { // the same stem
					res := runSearch(t, db, c.v, allmenning.SearchQuery{Text: q})
					got := w.keys(res)
					if c.finds && (!sameSearchKeys(got, secret) || res.Total != 3) {
						t.Errorf("round %d, %s, %q: %v (total %d), want %v", round, c.name, q, got, res.Total, secret)
					}
					if !c.finds && (len(got) != 0 || res.Total != 0) {
						t.Errorf("round %d, %s, %q: found %v (total %d)", round, c.name, q, got, res.Total)
					}
				}
			}
		}
		if db.SearchCacheLen() == 0 {
			t.Fatal("nothing was cached: the test shows nothing")
		}
		// The same query in other words, filters and pages are searches of their own.
		if got := w.keys(runSearch(t, db, allmenning.ViewerOf(w.kari), allmenning.SearchQuery{Text: "zqxintern", Type: "reply"})); !sameSearchKeys(got, secret[1:]) {
			t.Errorf("replies only: %v", got)
		}
		if res := runSearch(t, db, allmenning.ViewerOf(w.kari), allmenning.SearchQuery{Text: "zqxintern", Limit: 2, Offset: 2}); len(res.Results) != 1 || res.Total != 3 {
			t.Errorf("second page of two: %v (total %d)", w.keys(res), res.Total)
		}
		// Members are found by members only.
		member := allmenning.SearchQuery{Text: "beredskap", Type: "member"}
		if res := runSearch(t, db, allmenning.ViewerOf(w.ola), member); res.Total != 1 {
			t.Errorf("member search as a member: %v", w.keys(res))
		}
		if res := runSearch(t, db, allmenning.Viewer{}, member); res.Total != 0 {
			t.Errorf("member search as anonymous: %v", w.keys(res))
		}
	})
}

// A write is found by the very next search, with the cache warm before it:
// a new thread and reply, an edit, a deletion and a restore; and what the
// caller does to its results does not change what the next caller gets.
func TestSearchCacheFollowsWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		q := allmenning.SearchQuery{Text: "zqxferske"}
		if got := hitKeys(t, db, f.same, q); len(got) != 0 {
			t.Fatalf("before: %v", got)
		}
		th, err := db.CreateThread(ctx, f.anne, allmenning.NewThread{Title: "Ferske zqxferske nyheter", Body: "Tekst.", Area: "krise"}, "<p>Tekst.</p>", nil)
		if err != nil {
			t.Fatal(err)
		}
		tk := fmt.Sprintf("thread:%d", th.ID)
		if got := hitKeys(t, db, f.same, q); !slices.Equal(got, []string{tk}) {
			t.Fatalf("after CreateThread: %v, want %v", got, []string{tk})
		}

		// Changing a result does not change the cache.
		res := runSearch(t, db, f.same, q)
		res.Results[0].Title = "endret av kalleren"
		res.Results = res.Results[:0]
		if res := runSearch(t, db, f.same, q); len(res.Results) != 1 || res.Results[0].Title != "Ferske zqxferske nyheter" {
			t.Fatalf("a caller's change reached the cache: %+v", res.Results)
		}

		r, err := db.CreateReply(ctx, f.berit, th.ID, allmenning.NewReply{Body: "Enda mer zqxferske."}, "<p>x</p>", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.IndexPending(ctx); err != nil {
			t.Fatal(err)
		}
		rk := fmt.Sprintf("reply:%d", r.ID)
		if got := hitKeys(t, db, f.same, q); !sameSearchKeys(got, []string{tk, rk}) {
			t.Fatalf("after CreateReply: %v", got)
		}
		if _, err := db.UpdateReply(ctx, f.berit, r.ID, "Nå om noe annet.", "<p>x</p>", nil); err != nil {
			t.Fatal(err)
		}
		if got := hitKeys(t, db, f.same, q); !slices.Equal(got, []string{tk}) {
			t.Fatalf("after UpdateReply: %v", got)
		}
		if _, err := db.UpdateThread(ctx, f.anne, th.ID, allmenning.ThreadUpdate{Title: "Gamle nyheter", Body: "Tekst."}, "<p>x</p>", nil); err != nil {
			t.Fatal(err)
		}
		if got := hitKeys(t, db, f.same, q); len(got) != 0 {
			t.Fatalf("after UpdateThread: %v", got)
		}
		if got := hitKeys(t, db, f.same, allmenning.SearchQuery{Text: "gamle"}); !slices.Equal(got, []string{tk}) {
			t.Fatalf("new title after UpdateThread: %v", got)
		}
		if err := db.DeleteThread(ctx, f.mona, th.ID); err != nil {
			t.Fatal(err)
		}
		if got := hitKeys(t, db, f.same, allmenning.SearchQuery{Text: "gamle"}); len(got) != 0 {
			t.Fatalf("after DeleteThread: %v", got)
		}
		if err := db.RestoreThread(ctx, th.ID); err != nil {
			t.Fatal(err)
		}
		if got := hitKeys(t, db, f.same, allmenning.SearchQuery{Text: "gamle"}); !slices.Equal(got, []string{tk}) {
			t.Fatalf("after RestoreThread: %v", got)
		}
	})
}

// Two nodes on one database, each with its own cache: what one writes, the
// other finds at once, and only for those who may see it.
func TestSearchCacheTwoNodes(t *testing.T) {
	for _, kind := range dbtest.Kinds {
		t.Run(kind, func(t *testing.T) {
			var open func() (*store.DB, error)
			switch kind {
			case "sqlite":
				path := filepath.Join(t.TempDir(), "delt.db")
				open = func() (*store.DB, error) { return sqlite.Open(context.Background(), path) }
			default:
				dsn := dbtest.PostgresSchema(t)
				open = func() (*store.DB, error) { return postgres.Open(context.Background(), dsn) }
			}
			a, err := open()
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			list, err := kommune.List()
			if err != nil {
				t.Fatal(err)
			}
			if err := a.SyncMunicipalities(ctx, list); err != nil {
				t.Fatal(err)
			}
			f := newFixture(t, a)
			b, err := open()
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()

			q := allmenning.SearchQuery{Text: "zqxnode"}
			for _, v := range []allmenning.Viewer{f.same, f.other, {}} {
				if got := hitKeys(t, a, v, q); len(got) != 0 {
					t.Fatalf("before: %v", got)
				}
			}
			// Written on b, found on a.
			th, err := b.CreateThread(ctx, f.anne, allmenning.NewThread{Title: "Intern zqxnode", Body: "Bare for oss.", Area: "krise",
				Visibility: allmenning.VisMunicipality}, "<p>x</p>", nil)
			if err != nil {
				t.Fatal(err)
			}
			tk := fmt.Sprintf("thread:%d", th.ID)
			if got := hitKeys(t, a, f.same, q); !slices.Equal(got, []string{tk}) {
				t.Fatalf("node a, same municipality, after node b wrote: %v", got)
			}
			if got := hitKeys(t, a, f.other, q); len(got) != 0 {
				t.Errorf("node a, other municipality: %v", got)
			}
			if got := hitKeys(t, a, allmenning.Viewer{}, q); len(got) != 0 {
				t.Errorf("node a, anonymous: %v", got)
			}
			// Edited on b: a finds it by its new words only.
			if _, err := b.UpdateThread(ctx, f.anne, th.ID, allmenning.ThreadUpdate{Title: "Intern zqxnode zqxendret", Body: "Bare for oss."}, "<p>x</p>", nil); err != nil {
				t.Fatal(err)
			}
			if got := hitKeys(t, a, f.same, allmenning.SearchQuery{Text: "zqxendret"}); !slices.Equal(got, []string{tk}) {
				t.Errorf("node a after node b edited: %v", got)
			}
			// A public thread written on b: everyone finds it on a.
			pub, err := b.CreateThread(ctx, f.anne, allmenning.NewThread{Title: "Offentlig zqxnode", Body: "For alle.", Area: "krise", Visibility: allmenning.VisPublic}, "<p>x</p>", nil)
			if err != nil {
				t.Fatal(err)
			}
			pk := fmt.Sprintf("thread:%d", pub.ID)
			for _, c := range []struct {
				v    allmenning.Viewer
				want []string
			}{{f.same, []string{tk, pk}}, {f.other, []string{pk}}, {allmenning.Viewer{}, []string{pk}}} {
				if got := hitKeys(t, a, c.v, q); !sameSearchKeys(got, c.want) {
					t.Errorf("node a after node b wrote a public thread: %v, want %v", got, c.want)
				}
			}
			// Deleted on a: gone on b, whose cache was warm too.
			if got := hitKeys(t, b, f.other, q); !slices.Equal(got, []string{pk}) {
				t.Fatalf("node b: %v", got)
			}
			if err := a.DeleteThread(ctx, f.mona, pub.ID); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				v    allmenning.Viewer
				want []string
			}{{f.same, []string{tk}}, {f.other, nil}, {allmenning.Viewer{}, nil}} {
				if got := hitKeys(t, b, c.v, q); !sameSearchKeys(got, c.want) {
					t.Errorf("node b after node a deleted the public thread: %v, want %v", got, c.want)
				}
			}
		})
	}
}

// PostgreSQL reaches the candidates by walking the newest documents or
// through the text index, as the words' estimated frequency says; both ways
// find the same hits, in the same order, with the same totals.
func TestSearchPlansAgree(t *testing.T) {
	db := dbtest.Open(t, "postgres")
	defer store.SetSearchCandidates(4)()
	w := newSearchWorld(t, db)
	for _, text := range []string{"sjikane", "kommunene", "barnehagen", "facebook", "arkivering facebook", "zqxintern", "kommune"} {
		for _, v := range []allmenning.Viewer{{}, allmenning.ViewerOf(w.kari), allmenning.ViewerOf(w.ola)} {
			for _, q := range []allmenning.SearchQuery{{Text: text}, {Text: text, Type: "reply"}, {Text: text, Area: "operativ"}, {Text: text, Offset: 2, Limit: 2}} {
				var want *allmenning.SearchResults
				for _, plan := range []string{"walk", "index", ""} {
					restore := store.SetSearchPlan(plan)
					res := runSearch(t, db, v, q)
					restore()
					if want == nil {
						want = res
						continue
					}
					if res.Total != want.Total || res.TotalCapped != want.TotalCapped || !slices.Equal(w.keys(res), w.keys(want)) {
						t.Errorf("%+v as %d, plan %q: %v (total %d, capped %v); walking: %v (total %d, capped %v)", q, v.MemberID, plan,
							w.keys(res), res.Total, res.TotalCapped, w.keys(want), want.Total, want.TotalCapped)
					}
				}
			}
		}
	}
}
