package store_test

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// Shared fixtures for the discussion tests.

// fixture is a database with the default taxonomy and four members: Anne and
// Berit in Trondheim (5001), Ola in Bergen (4601) and Mona, a moderator in Bergen.
type fixture struct {
	db                     *store.DB
	anne, berit, ola, mona *allmenning.Member
	anon, same, other, mod allmenning.Viewer
	clock                  *clock
	threadSeq              int
}

// clock is a settable time for rows the store stamps itself.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// add moves the clock on and returns the new time.
func (c *clock) add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db}
	f.anne = mustMember(t, db, "anne@trondheim.kommune.no", "Anne Aune", "5001")
	f.berit = mustMember(t, db, "berit@trondheim.kommune.no", "Berit Berg", "5001")
	f.ola = mustMember(t, db, "ola@bergen.kommune.no", "Ola Olsen", "4601")
	mona := mustMember(t, db, "mona@bergen.kommune.no", "Mona Moe", "4601")
	if err := db.GrantRole(ctx, mona.ID, allmenning.Grant{Role: allmenning.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.mona, err = db.FindMemberByID(ctx, mona.ID); err != nil {
		t.Fatal(err)
	}
	f.same, f.other, f.mod = allmenning.ViewerOf(f.berit), allmenning.ViewerOf(f.ola), allmenning.ViewerOf(f.mona)
	if !f.mod.Moderator {
		t.Fatal("Mona is not a moderator")
	}
	return f
}

// useClock makes the store stamp rows with a settable clock starting at start.
func (f *fixture) useClock(start time.Time) *clock {
	f.clock = &clock{t: start}
	store.SetDiscussionClock(f.db, f.clock.now)
	return f.clock
}

// thread creates a thread by author; empty fields get defaults (area etikk, visibility members).
func (f *fixture) thread(t *testing.T, author *allmenning.Member, n allmenning.NewThread) *allmenning.Thread {
	t.Helper()
	f.threadSeq++
	if n.Title == "" {
		n.Title = fmt.Sprintf("Tråd nummer %d", f.threadSeq)
	}
	if n.Body == "" {
		n.Body = "Innhold i tråden."
	}
	if n.Area == "" {
		n.Area = "etikk"
	}
	th, err := f.db.CreateThread(ctx, author, n, "<p>"+n.Body+"</p>", nil)
	if err != nil {
		t.Fatalf("create thread %q: %v", n.Title, err)
	}
	return th
}

func (f *fixture) reply(t *testing.T, author *allmenning.Member, threadID int64, body string) *allmenning.Reply {
	t.Helper()
	r, err := f.db.CreateReply(ctx, author, threadID, allmenning.NewReply{Body: body}, "<p>"+body+"</p>", nil)
	if err != nil {
		t.Fatalf("reply to %d: %v", threadID, err)
	}
	return r
}

// threadIDs returns the ids of a page, in order.
func threadIDs(p *allmenning.ThreadPage) []int64 {
	ids := []int64{}
	for _, t := range p.Threads {
		ids = append(ids, t.ID)
	}
	return ids
}

func ids(threads ...*allmenning.Thread) []int64 {
	out := []int64{}
	for _, t := range threads {
		out = append(out, t.ID)
	}
	return out
}

func sortedIDs(in []int64) []int64 {
	out := slices.Clone(in)
	slices.Sort(out)
	return out
}

func findThreads(t *testing.T, db *store.DB, v allmenning.Viewer, f allmenning.ThreadFilter) *allmenning.ThreadPage {
	t.Helper()
	p, err := db.FindThreads(ctx, v, f)
	if err != nil {
		t.Fatalf("find threads %+v: %v", f, err)
	}
	return p
}

func findThread(t *testing.T, db *store.DB, v allmenning.Viewer, id int64) *allmenning.Thread {
	t.Helper()
	th, err := db.FindThreadByID(ctx, v, id)
	if err != nil {
		t.Fatalf("find thread %d: %v", id, err)
	}
	return th
}

func tagSlugs(tags []*allmenning.Tag) []string {
	out := []string{}
	for _, t := range tags {
		out = append(out, t.Slug)
	}
	return out
}

// *store.DB has every method of allmenning.DiscussionStore with the same
// signature, except Search, which lives in store/search.go.
func TestDiscussionStoreMethods(t *testing.T) {
	iface := reflect.TypeOf((*allmenning.DiscussionStore)(nil)).Elem()
	impl := reflect.TypeOf((*store.DB)(nil))
	for i := range iface.NumMethod() {
		want := iface.Method(i)
		if want.Name == "Search" {
			continue
		}
		got, ok := impl.MethodByName(want.Name)
		if !ok {
			t.Errorf("*store.DB has no method %s", want.Name)
			continue
		}
		gt := got.Type // with the receiver first
		same := gt.NumIn() == want.Type.NumIn()+1 && gt.NumOut() == want.Type.NumOut()
		for j := 0; same && j < want.Type.NumIn(); j++ {
			same = gt.In(j+1) == want.Type.In(j)
		}
		for j := 0; same && j < want.Type.NumOut(); j++ {
			same = gt.Out(j) == want.Type.Out(j)
		}
		if !same {
			t.Errorf("%s has type %v, want %v", want.Name, gt, want.Type)
		}
	}
}

// Members get a mention handle from their name, unique with -2, -3 …
func TestMemberHandles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		for i, c := range []struct{ name, want string }{
			{"Ingrid Haugen", "ingrid.haugen"},
			{"Ingrid   Haugen", "ingrid.haugen-2"},
			{"INGRID HAUGEN", "ingrid.haugen-3"},
			{"Åse Ødegård-Lie", "ase.odegard-lie"},
			{"Bjørn Æsir", "bjorn.aesir"},
			{"Ánne Máret Sárá", "anne.maret.sara"},
			{"Per O'Neill Jr.", "per.o-neill.jr"},
		} {
			m := mustMember(t, db, fmt.Sprintf("p%d@trondheim.kommune.no", i), c.name, "5001")
			if m.Handle != c.want {
				t.Errorf("handle of %q = %q, want %q", c.name, m.Handle, c.want)
			}
			got, err := db.FindMemberByHandle(ctx, " "+c.want+" ")
			if err != nil || got.ID != m.ID || got.Handle != c.want {
				t.Errorf("find by handle %q = %+v, %v; want member %d", c.want, got, err, m.ID)
			}
		}
		got, err := db.FindMemberByHandle(ctx, "Ingrid.Haugen-2")
		if err != nil || got.Name != "Ingrid Haugen" || got.Handle != "ingrid.haugen-2" {
			t.Errorf("find by handle in capitals = %+v, %v", got, err)
		}
		_, err = db.FindMemberByHandle(ctx, "ingrid.haugen-9")
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
		// A taken e-mail address is still reported as such.
		_, err = db.CreateMember(ctx, allmenning.NewMember{Email: "p0@trondheim.kommune.no", Name: "Someone Else", Municipality: "5001"})
		wantCode(t, err, allmenning.ECONFLICT, "email", "error.email.taken")

		// Namesakes signing up at once all get distinct handles.
		const n = 10
		var wg sync.WaitGroup
		handles := make([]string, n)
		for i := range n {
			wg.Go(func() {
				m, err := db.CreateMember(ctx, allmenning.NewMember{Email: fmt.Sprintf("kari%d@bergen.kommune.no", i), Name: "Kari Nordmann", Municipality: "4601"})
				if err != nil {
					t.Errorf("create namesake %d: %v", i, err)
					return
				}
				handles[i] = m.Handle
			})
		}
		wg.Wait()
		slices.Sort(handles)
		want := []string{"kari.nordmann"}
		for i := 2; i <= n; i++ {
			want = append(want, fmt.Sprintf("kari.nordmann-%d", i))
		}
		slices.Sort(want)
		if !slices.Equal(handles, want) {
			t.Errorf("namesakes' handles = %q, want %q", handles, want)
		}
	})
}

// EnsureTaxonomy creates the default areas and facets once, in order.
func TestEnsureTaxonomy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		for range 2 {
			if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
				t.Fatal(err)
			}
		}
		areas, err := db.FindAreas(ctx, allmenning.Viewer{}, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(areas) != len(allmenning.DefaultAreas) {
			t.Fatalf("%d top-level areas, want %d", len(areas), len(allmenning.DefaultAreas))
		}
		for i, want := range allmenning.DefaultAreas {
			a := areas[i]
			if a.Slug != want.Slug || a.Name != want.Name || a.Description != want.Description || a.ParentID != 0 || a.Position != i {
				t.Errorf("area %d = %+v, want %+v at position %d", i, a, want, i)
			}
			if len(a.Children) != len(want.Children) {
				t.Errorf("%s has %d children, want %d", a.Slug, len(a.Children), len(want.Children))
				continue
			}
			for j, wc := range want.Children {
				c := a.Children[j]
				if c.Slug != wc.Slug || c.Name != wc.Name || c.ParentID != a.ID || c.Position != j {
					t.Errorf("child %d of %s = %+v, want %s at position %d", j, a.Slug, c, wc.Slug, j)
				}
			}
		}
		facets, err := db.FindFacets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(facets) != len(allmenning.DefaultFacets) {
			t.Fatalf("%d facets, want %d", len(facets), len(allmenning.DefaultFacets))
		}
		for i, want := range allmenning.DefaultFacets {
			f := facets[i]
			if f.Slug != want.Slug || f.Name != want.Name || f.Position != i || len(f.Tags) != len(want.Terms) {
				t.Errorf("facet %d = %+v (%d tags), want %s with %d terms", i, f, len(f.Tags), want.Slug, len(want.Terms))
			}
		}
		tags, err := db.ResolveTags(ctx, []string{"17-mai", "påske", "Næringsliv"})
		if err != nil {
			t.Fatal(err)
		}
		if got := tagSlugs(tags); !slices.Equal(got, []string{"17-mai", "paske", "naeringsliv"}) {
			t.Errorf("default term slugs = %q", got)
		}
		if tags[0].Name != "17. mai" || tags[0].FacetSlug != "hoytid" {
			t.Errorf("17. mai = %+v", tags[0])
		}
	})
}

// Every read method shows a thread only to those allmenning.CanSee allows,
// and a deleted thread only to moderators (and to nobody in lists and counts).
func TestDiscussionVisibility(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		mk := func(vis allmenning.Visibility) (*allmenning.Thread, *allmenning.Reply) {
			th := f.thread(t, f.anne, allmenning.NewThread{Visibility: vis, Tags: []string{"jul"}, Area: "etikk"})
			return th, f.reply(t, f.anne, th.ID, "Svar i "+string(vis))
		}
		pub, pubR := mk(allmenning.VisPublic)
		mem, memR := mk(allmenning.VisMembers)
		mun, munR := mk(allmenning.VisMunicipality)
		del, delR := mk(allmenning.VisMembers)
		if err := db.DeleteThread(ctx, f.mona, del.ID); err != nil {
			t.Fatal(err)
		}
		jul, err := db.ResolveTags(ctx, []string{"jul"})
		if err != nil {
			t.Fatal(err)
		}
		threads := map[string]struct {
			th *allmenning.Thread
			r  *allmenning.Reply
		}{"public": {pub, pubR}, "members": {mem, memR}, "municipality": {mun, munR}, "deleted": {del, delR}}

		for _, c := range []struct {
			name   string
			v      allmenning.Viewer
			member *allmenning.Member
			sees   []string // by id
			lists  []*allmenning.Thread
		}{
			{"anonymous", allmenning.Viewer{}, nil, []string{"public"}, []*allmenning.Thread{pub}},
			{"same municipality", f.same, f.berit, []string{"public", "members", "municipality"}, []*allmenning.Thread{pub, mem, mun}},
			{"other municipality", f.other, f.ola, []string{"public", "members"}, []*allmenning.Thread{pub, mem}},
			{"moderator elsewhere", f.mod, f.mona, []string{"public", "members", "deleted"}, []*allmenning.Thread{pub, mem}},
		} {
			t.Run(c.name, func(t *testing.T) {
				for name, x := range threads {
					visible := slices.Contains(c.sees, name)
					check := func(method string, err error) {
						t.Helper()
						if visible && err != nil {
							t.Errorf("%s of the %s thread: %v, want it visible", method, name, err)
						} else if !visible && allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
							t.Errorf("%s of the %s thread: %v, want ENOTFOUND", method, name, err)
						}
					}
					_, err := db.FindThreadByID(ctx, c.v, x.th.ID)
					check("FindThreadByID", err)
					replies, err := db.FindReplies(ctx, c.v, x.th.ID, 0, 0)
					check("FindReplies", err)
					if visible && len(replies) == 0 {
						t.Errorf("FindReplies of the %s thread gave %d replies", name, len(replies))
					}
					_, _, err = db.FindReplyByID(ctx, c.v, x.r.ID)
					check("FindReplyByID", err)
					_, err = db.FindRevisions(ctx, c.v, allmenning.PostThread, x.th.ID)
					check("FindRevisions of the thread", err)
					_, err = db.FindRevisions(ctx, c.v, allmenning.PostReply, x.r.ID)
					check("FindRevisions of the reply", err)
					if c.member != nil {
						// Likes and replies need a visible thread that is not deleted.
						writable := visible && name != "deleted"
						_, err = db.SetLike(ctx, c.member, allmenning.PostReply, x.r.ID, true)
						if writable != (err == nil) {
							t.Errorf("SetLike on the %s thread's reply: %v (writable %v)", name, err, writable)
						}
						_, err = db.CreateReply(ctx, c.member, x.th.ID, allmenning.NewReply{Body: "Hei"}, "<p>Hei</p>", nil)
						if writable != (err == nil) {
							t.Errorf("CreateReply to the %s thread: %v (writable %v)", name, err, writable)
						}
						if !writable {
							wantCode(t, err, allmenning.ENOTFOUND, "", "")
						}
					}
				}
				want := sortedIDs(ids(c.lists...))
				for _, filter := range []allmenning.ThreadFilter{
					{}, {Tags: []string{"jul"}}, {Area: "operativ"}, {Area: "etikk"}, {Sort: allmenning.SortTop, Period: allmenning.PeriodWeek},
					{Sort: allmenning.SortMostRead}, {Sort: allmenning.SortActive, Period: allmenning.PeriodMonth}, {Author: f.anne.ID},
				} {
					p := findThreads(t, db, c.v, filter)
					if got := sortedIDs(threadIDs(p)); !slices.Equal(got, want) || p.Total != len(want) {
						t.Errorf("FindThreads(%+v) = %v (total %d), want %v", filter, got, p.Total, want)
					}
				}
				counts, err := db.CountTags(ctx, c.v, allmenning.ThreadFilter{})
				if err != nil {
					t.Fatal(err)
				}
				if counts[jul[0].ID] != len(want) {
					t.Errorf("CountTags[jul] = %d, want %d", counts[jul[0].ID], len(want))
				}
				areas, err := db.FindAreas(ctx, c.v, false)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range areas {
					for _, ch := range a.Children {
						if ch.Slug == "etikk" && (ch.ThreadCount != len(want) || a.ThreadCount != len(want)) {
							t.Errorf("thread counts: etikk %d, operativ %d; want %d", ch.ThreadCount, a.ThreadCount, len(want))
						}
					}
				}
			})
		}
		// The moderator sees the deleted thread whole.
		got := findThread(t, db, f.mod, del.ID)
		if got.DeletedAt == nil || got.Title != del.Title {
			t.Errorf("moderator's view of the deleted thread = %+v", got)
		}
	})
}

// Liking is idempotent, unliking too, and the counts stay exact, also
// when many like at once.
func TestLikes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{})
		r := f.reply(t, f.anne, th.ID, "Et svar")
		for _, kind := range []string{allmenning.PostThread, allmenning.PostReply} {
			id := th.ID
			if kind == allmenning.PostReply {
				id = r.ID
			}
			for i, step := range []struct {
				who  *allmenning.Member
				on   bool
				want int
			}{
				{f.berit, true, 1},
				{f.berit, true, 1},
				{f.ola, true, 2},
				{f.berit, false, 1},
				{f.berit, false, 1},
				{f.mona, true, 2},
				{f.ola, false, 1},
			} {
				n, err := db.SetLike(ctx, step.who, kind, id, step.on)
				if err != nil || n != step.want {
					t.Errorf("%s step %d: like count %d, %v; want %d", kind, i, n, err, step.want)
				}
			}
		}
		got := findThread(t, db, f.mod, th.ID)
		if got.LikeCount != 1 || !got.LikedByMe {
			t.Errorf("thread for Mona: %d likes, liked %v", got.LikeCount, got.LikedByMe)
		}
		if got := findThread(t, db, f.same, th.ID); got.LikedByMe {
			t.Error("Berit unliked but LikedByMe")
		}
		replies, err := db.FindReplies(ctx, f.mod, th.ID, 0, 0)
		if err != nil || len(replies) != 1 || replies[0].LikeCount != 1 || !replies[0].LikedByMe {
			t.Errorf("replies for Mona = %+v, %v", replies, err)
		}

		// Twenty members liking and unliking at once.
		var members []*allmenning.Member
		for i := range 20 {
			members = append(members, mustMember(t, db, fmt.Sprintf("liker%d@trondheim.kommune.no", i), fmt.Sprintf("Liker %d", i), "5001"))
		}
		var wg sync.WaitGroup
		for i, m := range members {
			wg.Go(func() {
				for range 2 {
					if _, err := db.SetLike(ctx, m, allmenning.PostThread, th.ID, true); err != nil {
						t.Errorf("like %d: %v", i, err)
					}
				}
				if i%4 == 0 {
					if _, err := db.SetLike(ctx, m, allmenning.PostThread, th.ID, false); err != nil {
						t.Errorf("unlike %d: %v", i, err)
					}
				}
			})
		}
		wg.Wait()
		if got := findThread(t, db, f.same, th.ID); got.LikeCount != 1+15 {
			t.Errorf("like count after concurrent likes = %d, want 16", got.LikeCount)
		}

		// Deleted posts and unknown posts cannot be liked.
		if err := db.DeleteReply(ctx, f.mona, r.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.SetLike(ctx, f.berit, allmenning.PostReply, r.ID, true)
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
		_, err = db.SetLike(ctx, f.berit, allmenning.PostThread, th.ID+100, true)
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
		_, err = db.SetLike(ctx, f.berit, "poll", th.ID, true)
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
		_, err = db.SetLike(ctx, nil, allmenning.PostThread, th.ID, true)
		wantCode(t, err, allmenning.EUNAUTHORIZED, "", "")
	})
}

// Edits keep every version, with the editor.
func TestRevisions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{Title: "Første tittel", Body: "Første tekst", Tags: []string{"jul", "skole"}})
		if th.EditedAt != nil {
			t.Errorf("new thread has EditedAt %v", th.EditedAt)
		}
		edited, err := db.UpdateThread(ctx, f.mona, th.ID, allmenning.ThreadUpdate{Title: "Andre tittel", Body: "Andre tekst"}, "<p>Andre tekst</p>", []int64{f.berit.ID})
		if err != nil {
			t.Fatal(err)
		}
		if edited.Title != "Andre tittel" || edited.Body != "Andre tekst" || edited.BodyHTML != "<p>Andre tekst</p>" || edited.EditedAt == nil {
			t.Errorf("edited thread = %+v", edited)
		}
		if got := tagSlugs(edited.Tags); !slices.Equal(got, []string{"jul", "skole"}) {
			t.Errorf("tags after an edit without tags = %q, want kept", got)
		}
		// Changing only the tags replaces them without a new revision.
		edited, err = db.UpdateThread(ctx, f.anne, th.ID, allmenning.ThreadUpdate{Title: "Andre tittel", Body: "Andre tekst", Tags: []string{"Påske"}}, "<p>Andre tekst</p>", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := tagSlugs(edited.Tags); !slices.Equal(got, []string{"paske"}) {
			t.Errorf("tags after replacing = %q", got)
		}
		_, err = db.UpdateThread(ctx, f.anne, th.ID, allmenning.ThreadUpdate{Title: "Andre tittel", Body: "Andre tekst", Tags: []string{"finnes-ikke"}}, "", nil)
		wantCode(t, err, allmenning.EINVALID, "tags", "error.tag.unknown")
		_, err = db.UpdateThread(ctx, f.anne, th.ID, allmenning.ThreadUpdate{Title: "Kort", Body: "x"}, "", nil)
		wantCode(t, err, allmenning.EINVALID, "title", "error.thread.title_short")

		revs, err := db.FindRevisions(ctx, f.same, allmenning.PostThread, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			n             int
			editor, title string
			body          string
		}{{1, "Anne Aune", "Første tittel", "Første tekst"}, {2, "Mona Moe", "Andre tittel", "Andre tekst"}}
		if len(revs) != len(want) {
			t.Fatalf("%d revisions, want %d", len(revs), len(want))
		}
		for i, w := range want {
			r := revs[i]
			if r.Number != w.n || r.EditorName != w.editor || r.Title != w.title || r.Body != w.body || r.PostKind != allmenning.PostThread || r.PostID != th.ID {
				t.Errorf("revision %d = %+v, want %+v", i, r, w)
			}
		}

		r := f.reply(t, f.berit, th.ID, "Svar én")
		for i, body := range []string{"Svar to", "Svar to", "Svar tre"} {
			got, err := db.UpdateReply(ctx, f.berit, r.ID, body, "<p>"+body+"</p>", nil)
			if err != nil || got.Body != body || got.EditedAt == nil {
				t.Fatalf("edit %d of reply = %+v, %v", i, got, err)
			}
		}
		revs, err = db.FindRevisions(ctx, f.other, allmenning.PostReply, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var bodies []string
		for _, rv := range revs {
			bodies = append(bodies, fmt.Sprintf("%d:%s:%s", rv.Number, rv.EditorName, rv.Body))
		}
		if want := []string{"1:Berit Berg:Svar én", "2:Berit Berg:Svar to", "3:Berit Berg:Svar tre"}; !slices.Equal(bodies, want) {
			t.Errorf("reply revisions = %q, want %q", bodies, want)
		}
		_, err = db.UpdateReply(ctx, f.berit, r.ID, "  ", "", nil)
		wantCode(t, err, allmenning.EINVALID, "body", "error.post.body_required")
		_, err = db.FindRevisions(ctx, f.same, allmenning.PostReply, r.ID+100)
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
	})
}
