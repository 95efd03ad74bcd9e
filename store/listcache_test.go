package store_test

import (
	"maps"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// listCounts is what list pages show a viewer: totals of a few filters,
// the facet counts and the area counts.
type listCounts struct {
	all, etikk, strategi, skole int            // FindThreads totals: no filter, areas etikk and strategi, tag skole
	tags, tagsSkole             map[int64]int  // CountTags: no filter, and with skole chosen
	areas                       map[string]int // FindAreas: ThreadCount by slug, children included
}

// readCounts reads the counts as the list pages do (through the cache). With
// fresh set it counts afresh instead: a Since long ago changes no count but
// makes the filter one that is never cached.
func readCounts(t *testing.T, db *store.DB, v allmenning.Viewer, fresh bool) listCounts {
	t.Helper()
	var since time.Time
	if fresh {
		since = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	total := func(f allmenning.ThreadFilter) int {
		t.Helper()
		f.Since = since
		p, err := db.FindThreads(ctx, v, f)
		if err != nil {
			t.Fatal(err)
		}
		return p.Total
	}
	tags := func(f allmenning.ThreadFilter) map[int64]int {
		t.Helper()
		f.Since = since
		c, err := db.CountTags(ctx, v, f)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := listCounts{
		all:       total(allmenning.ThreadFilter{}),
		etikk:     total(allmenning.ThreadFilter{Area: "etikk"}),
		strategi:  total(allmenning.ThreadFilter{Area: "strategi"}),
		skole:     total(allmenning.ThreadFilter{Tags: []string{"skole"}}),
		tags:      tags(allmenning.ThreadFilter{}),
		tagsSkole: tags(allmenning.ThreadFilter{Tags: []string{"skole"}}),
		areas:     map[string]int{},
	}
	areas, err := db.FindAreas(ctx, v, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range areas {
		for _, x := range append([]*allmenning.Area{a}, a.Children...) {
			if fresh {
				c.areas[x.Slug] = total(allmenning.ThreadFilter{Area: x.Slug})
			} else {
				c.areas[x.Slug] = x.ThreadCount
			}
		}
	}
	return c
}

func (c listCounts) equal(o listCounts) bool {
	return c.all == o.all && c.etikk == o.etikk && c.strategi == o.strategi && c.skole == o.skole &&
		maps.Equal(c.tags, o.tags) && maps.Equal(c.tagsSkole, o.tagsSkole) && maps.Equal(c.areas, o.areas)
}

// Every write that changes what a list counts shows in the counts at once,
// read through the cache, for every kind of viewer; no viewer gets another
// visibility class's counts.
func TestListCountsFollowWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		viewers := []struct {
			name string
			v    allmenning.Viewer
		}{
			{"anonymous", allmenning.Viewer{}},
			{"member in Trondheim", f.same},
			{"member in Bergen", f.other},
			{"moderator in Bergen", f.mod},
		}
		skole, jul := tagID(t, db, "skole"), tagID(t, db, "jul")
		before := map[string]listCounts{}
		read := func(step string) map[string]listCounts {
			t.Helper()
			out := map[string]listCounts{}
			for _, vw := range viewers {
				cached := readCounts(t, db, vw.v, false)
				if again := readCounts(t, db, vw.v, false); !again.equal(cached) {
					t.Fatalf("%s, %s: counts differ between two reads: %+v, then %+v", step, vw.name, cached, again)
				}
				if fresh := readCounts(t, db, vw.v, true); !fresh.equal(cached) {
					t.Fatalf("%s, %s: cached counts %+v, counted afresh %+v", step, vw.name, cached, fresh)
				}
				out[vw.name] = cached
			}
			return out
		}
		// change is how a step changed the total of all threads for each viewer.
		change := func(step string, now map[string]listCounts, anonymous, trondheim, bergen int) {
			t.Helper()
			want := map[string]int{"anonymous": anonymous, "member in Trondheim": trondheim, "member in Bergen": bergen, "moderator in Bergen": bergen}
			for name, d := range want {
				if got := now[name].all - before[name].all; got != d {
					t.Errorf("%s: %s sees %d more threads, want %d", step, name, got, d)
				}
			}
		}
		before = read("empty")

		pub := f.thread(t, f.ola, allmenning.NewThread{Title: "Offentlig tråd om skolestart", Visibility: allmenning.VisPublic, Tags: []string{"skole"}})
		now := read("public thread")
		change("public thread", now, 1, 1, 1)
		for name, c := range now {
			if c.etikk != 1 || c.skole != 1 || c.tags[skole] != 1 || c.areas["etikk"] != 1 || c.areas["operativ"] != 1 {
				t.Errorf("public thread: %s sees %+v", name, c)
			}
		}
		before = now

		local := f.thread(t, f.anne, allmenning.NewThread{Title: "Bare for Trondheim", Area: "strategi-for-sosiale-medier",
			Visibility: allmenning.VisMunicipality, Tags: []string{"jul"}})
		now = read("municipality thread")
		change("municipality thread", now, 0, 1, 0)
		if c := now["member in Trondheim"]; c.strategi != 1 || c.areas["strategi"] != 1 || c.areas["strategi-for-sosiale-medier"] != 1 || c.tags[jul] != 1 {
			t.Errorf("municipality thread: Trondheim sees %+v", c)
		}
		for _, name := range []string{"anonymous", "member in Bergen", "moderator in Bergen"} {
			if c := now[name]; c.strategi != 0 || c.areas["strategi"] != 0 || c.tags[jul] != 0 {
				t.Errorf("municipality thread of Trondheim: %s sees %+v", name, c)
			}
		}
		before = now

		members := f.thread(t, f.berit, allmenning.NewThread{Title: "For alle medlemmer", Tags: []string{"skole", "jul"}})
		now = read("members' thread")
		change("members' thread", now, 0, 1, 1)
		before = now

		if err := db.DeleteThread(ctx, f.mona, pub.ID); err != nil {
			t.Fatal(err)
		}
		now = read("delete")
		change("delete", now, -1, -1, -1)
		before = now

		if err := db.RestoreThread(ctx, pub.ID); err != nil {
			t.Fatal(err)
		}
		now = read("restore")
		change("restore", now, 1, 1, 1)
		before = now

		if _, err := db.UpdateThread(ctx, f.anne, local.ID, allmenning.ThreadUpdate{Title: "Bare for Trondheim", Body: "Innhold i tråden.", Tags: []string{"skole"}}, "<p>Innhold i tråden.</p>", nil); err != nil {
			t.Fatal(err)
		}
		now = read("retag")
		change("retag", now, 0, 0, 0)
		if got, was := now["member in Trondheim"], before["member in Trondheim"]; got.skole != was.skole+1 || got.tags[jul] != was.tags[jul]-1 {
			t.Errorf("retag from jul to skole: Trondheim had %+v, now %+v", was, got)
		}
		if got, was := now["member in Bergen"], before["member in Bergen"]; got.skole != was.skole {
			t.Errorf("retag of a Trondheim thread changed Bergen's skole count from %d to %d", was.skole, got.skole)
		}
		before = now

		if err := db.MergeTags(ctx, jul, skole); err != nil {
			t.Fatal(err)
		}
		now = read("merge")
		if got := now["member in Bergen"].tags[skole]; got != 2 { // the public thread and the members' thread, which had both
			t.Errorf("after merging jul into skole, Bergen counts %d threads with skole, want 2", got)
		}
		before = now

		etikk, err := db.FindAreaBySlug(ctx, "etikk")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateArea(ctx, etikk.ID, allmenning.NewArea{Slug: "etikk-og-tone", Name: "Etikk og tone"}); err != nil {
			t.Fatal(err)
		}
		now = read("area renamed")
		for name, c := range now {
			if c.etikk != 0 || c.areas["etikk-og-tone"] != before[name].etikk {
				t.Errorf("area renamed: %s sees %d under the old slug and %d under the new, had %d", name, c.etikk, c.areas["etikk-og-tone"], before[name].etikk)
			}
		}
		strategi, err := db.FindAreaBySlug(ctx, "strategi")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateArea(ctx, allmenning.NewArea{ParentID: strategi.ID, Slug: "ny-del", Name: "Ny del"}); err != nil {
			t.Fatal(err)
		}
		now = read("area created")
		if _, ok := now["anonymous"].areas["ny-del"]; !ok {
			t.Error("a new area is missing from the area counts")
		}
		before = now

		other := f.thread(t, f.ola, allmenning.NewThread{Title: "I et annet område", Area: "ny-del", Visibility: allmenning.VisPublic})
		now = read("thread in new area")
		change("thread in new area", now, 1, 1, 1)
		for name, c := range now {
			if c.areas["ny-del"] != 1 || c.areas["strategi"] != before[name].areas["strategi"]+1 {
				t.Errorf("thread in a new child area: %s sees %+v", name, c.areas)
			}
		}
		_ = members
		_ = other
	})
}

// The member count on the front page follows new members at once.
func TestMemberCountFollowsNewMembers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		count := func(f allmenning.MemberFilter) int {
			t.Helper()
			n, err := db.CountMembers(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			_, total, err := db.FindMembers(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if n != total {
				t.Fatalf("CountMembers(%+v) = %d, FindMembers' total %d", f, n, total)
			}
			return n
		}
		all, bergen := allmenning.MemberFilter{}, allmenning.MemberFilter{Municipality: "4601"}
		if count(all) != 0 || count(bergen) != 0 {
			t.Fatal("members in an empty database")
		}
		mustMember(t, db, "ola@bergen.kommune.no", "Ola Olsen", "4601")
		if a, b := count(all), count(bergen); a != 1 || b != 1 {
			t.Errorf("after one member in Bergen: %d members, %d in Bergen", a, b)
		}
		mustMember(t, db, "anne@trondheim.kommune.no", "Anne Aune", "5001")
		if a, b := count(all), count(bergen); a != 2 || b != 1 {
			t.Errorf("after one more member in Trondheim: %d members, %d in Bergen", a, b)
		}
	})
}

// Two nodes sharing one database: a write through one shows in the other's
// counts as soon as it commits, although each caches its own.
func TestListCountsAcrossNodes(t *testing.T) {
	dbtest.EachNodes(t, func(t *testing.T, a, b *store.DB) {
		f := newFixture(t, a)
		v := f.other
		members := func() int {
			n, err := b.CountMembers(ctx, allmenning.MemberFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before, beforeMembers := readCounts(t, b, v, false), members()
		th := f.thread(t, f.ola, allmenning.NewThread{Title: "Skrevet på den ene noden", Tags: []string{"skole"}})
		now := readCounts(t, b, v, false)
		if now.all != before.all+1 || now.etikk != before.etikk+1 || now.skole != before.skole+1 || now.areas["etikk"] != before.areas["etikk"]+1 {
			t.Errorf("after a thread written through node a, node b counts %+v, had %+v", now, before)
		}
		if err := a.DeleteThread(ctx, f.mona, th.ID); err != nil {
			t.Fatal(err)
		}
		if now := readCounts(t, b, v, false); !now.equal(before) {
			t.Errorf("after the thread was deleted through node a, node b counts %+v, want %+v", now, before)
		}
		mustMember(t, a, "ny@bergen.kommune.no", "Ny Person", "4601")
		if n := members(); n != beforeMembers+1 {
			t.Errorf("after a new member through node a, node b counts %d members, want %d", n, beforeMembers+1)
		}
	})
}

// The front page asks for no total: it gets the threads without a count.
func TestFindThreadsNoTotal(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.thread(t, f.anne, allmenning.NewThread{})
		b := f.thread(t, f.anne, allmenning.NewThread{})
		p, err := db.FindThreads(ctx, f.same, allmenning.ThreadFilter{Limit: 8, NoTotal: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := threadIDs(p); len(got) != 2 || got[0] != b.ID || got[1] != a.ID || p.Total != 0 {
			t.Errorf("NoTotal: threads %v, total %d; want [%d %d] and 0", got, p.Total, b.ID, a.ID)
		}
	})
}

// Readers sharing the cache while threads are written: after the last
// write every reader gets the final counts.
func TestListCountsConcurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		stop := make(chan struct{})
		errs := make(chan error, 8)
		for range 8 {
			go func() {
				for {
					select {
					case <-stop:
						errs <- nil
						return
					default:
					}
					if _, err := db.FindThreads(ctx, f.same, allmenning.ThreadFilter{Area: "etikk"}); err != nil {
						errs <- err
						return
					}
					if _, err := db.CountTags(ctx, f.same, allmenning.ThreadFilter{}); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		for range 10 {
			f.thread(t, f.anne, allmenning.NewThread{Tags: []string{"skole"}})
		}
		close(stop)
		for range 8 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if c := readCounts(t, db, f.same, false); c.etikk != 10 || c.tags[tagID(t, db, "skole")] != 10 {
			t.Errorf("after 10 threads written while others read: %+v", c)
		}
	})
}
