package store_test

import (
	"fmt"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// Caches of counts and search results trust the data versions to change
// with every write that changes what they hold, and only then.
func TestDataVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{Title: "Versjoner", Tags: []string{"skole"}})
		rep := f.reply(t, f.berit, th.ID, "Et svar.")
		steps := []struct {
			name                     string
			write                    func() error
			threads, search, members bool // which versions must change
			thread                   bool // the version of th's replies (replycache.go)
		}{
			{"create thread", func() error {
				_, err := db.CreateThread(ctx, f.ola, allmenning.NewThread{Title: "En ny tråd om krise", Body: "Tekst", Area: "krise"}, "<p>Tekst</p>", nil)
				return err
			}, true, true, false, false},
			{"reply", func() error {
				_, err := db.CreateReply(ctx, f.anne, th.ID, allmenning.NewReply{Body: "Mer"}, "<p>Mer</p>", nil)
				return err
			}, false, false, false, true},
			// The reply reaches search a moment later, with others.
			{"index queued replies", func() error { return db.IndexPending(ctx) }, false, true, false, false},
			{"edit reply", func() error {
				_, err := db.UpdateReply(ctx, f.berit, rep.ID, "Endret", "<p>Endret</p>", nil)
				return err
			}, false, true, false, true},
			{"delete reply", func() error { return db.DeleteReply(ctx, f.berit, rep.ID) }, false, true, false, true},
			{"restore reply", func() error { return db.RestoreReply(ctx, rep.ID) }, false, true, false, true},
			{"like a reply", func() error {
				_, err := db.SetLike(ctx, f.ola, allmenning.PostReply, rep.ID, true)
				return err
			}, false, false, false, true},
			{"unlike a reply", func() error {
				_, err := db.SetLike(ctx, f.ola, allmenning.PostReply, rep.ID, false)
				return err
			}, false, false, false, true},
			{"retag thread", func() error {
				_, err := db.UpdateThread(ctx, f.anne, th.ID, allmenning.ThreadUpdate{Title: "Versjoner", Body: "Innhold i tråden.", Tags: []string{"jul"}}, "<p>Innhold i tråden.</p>", nil)
				return err
			}, true, true, false, false},
			{"delete thread", func() error { return db.DeleteThread(ctx, f.mona, th.ID) }, true, true, false, false},
			{"restore thread", func() error { return db.RestoreThread(ctx, th.ID) }, true, true, false, false},
			{"rename member", func() error {
				_, err := db.UpdateProfile(ctx, f.ola.ID, allmenning.ProfileUpdate{Name: "Ola Nordmann", Language: "nb"})
				return err
			}, false, true, true, false},
			{"change language only", func() error {
				_, err := db.UpdateProfile(ctx, f.ola.ID, allmenning.ProfileUpdate{Name: "Ola Nordmann", Language: "nn"})
				return err
			}, false, true, false, false},
			{"new member", func() error {
				mustMember(t, db, "ny@bergen.kommune.no", "Ny Person", "4601")
				return nil
			}, false, true, true, false},
			{"like a thread (counts nothing a cache holds)", func() error {
				_, err := db.SetLike(ctx, f.ola, allmenning.PostThread, th.ID, true)
				return err
			}, false, false, false, false},
			{"read a list", func() error {
				_, err := db.FindThreads(ctx, f.same, allmenning.ThreadFilter{})
				return err
			}, false, false, false, false},
		}
		for _, s := range steps {
			before, err := db.Versions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.write(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			after, err := db.Versions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			thread := fmt.Sprintf("thread:%d", th.ID)
			for name, want := range map[string]bool{"threads": s.threads, "search": s.search, "members": s.members, thread: s.thread} {
				if changed := after[name] != before[name]; changed != want {
					t.Errorf("%s: version %q changed = %v (%d → %d), want %v", s.name, name, changed, before[name], after[name], want)
				}
				if after[name] < before[name] {
					t.Errorf("%s: version %q went back", s.name, name)
				}
			}
		}
	})
}

// A write that fails leaves the versions as they were: its transaction,
// increments and all, is rolled back.
func TestDataVersionsRollback(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		before, err := db.Versions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateThread(ctx, f.anne, allmenning.NewThread{Title: "En tråd som feiler", Body: "x", Area: "finnes-ikke"}, "<p>x</p>", nil); err == nil {
			t.Fatal("a thread in an unknown area was created")
		}
		after, err := db.Versions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for name, v := range before {
			if after[name] != v {
				t.Errorf("version %q changed from %d to %d by a failed write", name, v, after[name])
			}
		}
	})
}
