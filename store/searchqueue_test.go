package store_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/postgres"
	"github.com/allmenning/allmenning/sqlite"
	"github.com/allmenning/allmenning/store"
)

// waitFound searches until want is among the hits or the deadline passes:
// the background indexer, not the test, is what has to index the reply.
func waitFound(t *testing.T, db *store.DB, v allmenning.Viewer, text, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := hitKeys(t, db, v, allmenning.SearchQuery{Text: text})
		if slices.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s was never found searching %q (hits %v)", want, text, got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A new reply becomes searchable without anyone asking for it, and what
// happens to it or its thread before it is indexed is what search shows.
func TestSearchQueue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{Title: "Kø for søk", Visibility: allmenning.VisPublic})

		r := f.reply(t, f.berit, th.ID, "Vi prøvde zqxkøen i fjor.")
		waitFound(t, db, f.anon, "zqxkøen", fmt.Sprintf("reply:%d", r.ID))

		// Deleted before the indexer came to it: never found.
		gone := f.reply(t, f.berit, th.ID, "Dette zqxangrer jeg.")
		if err := db.DeleteReply(ctx, f.berit, gone.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.IndexPending(ctx); err != nil {
			t.Fatal(err)
		}
		if got := hitKeys(t, db, f.mod, allmenning.SearchQuery{Text: "zqxangrer"}); len(got) != 0 {
			t.Errorf("a reply deleted before it was indexed is found: %v", got)
		}

		// Its thread deleted before the indexer came to it: never found.
		other := f.thread(t, f.anne, allmenning.NewThread{Title: "Snart borte", Visibility: allmenning.VisPublic})
		f.reply(t, f.berit, other.ID, "Svar i zqxborte tråd.")
		if err := db.DeleteThread(ctx, f.mona, other.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.IndexPending(ctx); err != nil {
			t.Fatal(err)
		}
		if got := hitKeys(t, db, f.same, allmenning.SearchQuery{Text: "zqxborte"}); len(got) != 0 {
			t.Errorf("a reply in a thread deleted before it was indexed is found: %v", got)
		}

		// A municipality thread's reply is indexed as its thread is seen.
		local := f.thread(t, f.anne, allmenning.NewThread{Title: "Bare Trondheim", Visibility: allmenning.VisMunicipality})
		lr := f.reply(t, f.berit, local.ID, "Intern zqxlokal sak.")
		if err := db.IndexPending(ctx); err != nil {
			t.Fatal(err)
		}
		if got := hitKeys(t, db, f.same, allmenning.SearchQuery{Text: "zqxlokal"}); !slices.Equal(got, []string{fmt.Sprintf("reply:%d", lr.ID)}) {
			t.Errorf("Berit, of the municipality, finds %v", got)
		}
		if got := hitKeys(t, db, f.other, allmenning.SearchQuery{Text: "zqxlokal"}); len(got) != 0 {
			t.Errorf("Ola, of another municipality, finds %v", got)
		}
	})
}

// What a stopped server left queued is indexed when a server starts, and
// two nodes indexing the same queue at once index every reply exactly once.
func TestSearchQueueAcrossNodes(t *testing.T) {
	dbtest.EachNodes(t, func(t *testing.T, a, b *store.DB) {
		f := newFixture(t, a)
		th := f.thread(t, f.anne, allmenning.NewThread{Title: "To noder", Visibility: allmenning.VisPublic})

		// A reply whose server stopped before indexing it: committed and
		// queued, without a search document.
		r := f.reply(t, f.berit, th.ID, "Etterlatt zqxrest i køen.")
		if a.Dialect().Name == "sqlite" {
			if err := a.SearchTestExec(ctx, "DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE kind = 'reply' AND ref_id = ?)", r.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.SearchTestExec(ctx, "DELETE FROM search_docs WHERE kind = 'reply' AND ref_id = ?", r.ID); err != nil {
			t.Fatal(err)
		}
		if err := a.SearchTestExec(ctx, "INSERT INTO search_queue (reply_id) VALUES (?) ON CONFLICT DO NOTHING", r.ID); err != nil {
			t.Fatal(err)
		}
		if got := hitKeys(t, b, f.anon, allmenning.SearchQuery{Text: "zqxrest"}); len(got) != 0 {
			t.Fatalf("the reply is found before it is indexed: %v", got)
		}
		// Starting a server migrates, which wakes its indexer.
		migrations := sqlite.Migrations()
		if b.Dialect().Name == "postgres" {
			migrations = postgres.Migrations()
		}
		if _, err := b.Migrate(ctx, migrations); err != nil {
			t.Fatal(err)
		}
		waitFound(t, b, f.anon, "zqxrest", fmt.Sprintf("reply:%d", r.ID))

		// Many replies, both nodes indexing at once.
		const n = 600
		bodies := make([]string, n)
		for i := range bodies {
			bodies[i] = fmt.Sprintf("Svar zqxmange nummer %d.", i)
			f.reply(t, f.ola, th.ID, bodies[i])
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, db := range []*store.DB{a, b} {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = db.IndexPending(ctx) }()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		res := runSearch(t, a, f.anon, allmenning.SearchQuery{Text: "zqxmange", Limit: 50})
		if res.Total != n {
			t.Errorf("searching the %d replies finds %d", n, res.Total)
		}
	})
}
