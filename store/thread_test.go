package store_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

func TestCreateThread(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		before := time.Now().Add(-time.Second)
		th, err := db.CreateThread(ctx, f.anne, allmenning.NewThread{
			Title: "  Hvordan   arkiverer dere Facebook? ", Body: " Vi lurer på **noe**. ", Area: "arkivering",
			Tags: []string{"Jul", "skole", "jul", "17. mai"}, Visibility: allmenning.VisMunicipality,
		}, "<p>Vi lurer på <strong>noe</strong>.</p>", []int64{f.berit.ID, f.berit.ID, 999999})
		if err != nil {
			t.Fatal(err)
		}
		if th.ID == 0 || th.Kind != allmenning.KindDiscussion || th.Title != "Hvordan arkiverer dere Facebook?" || th.Body != "Vi lurer på **noe**." ||
			th.BodyHTML != "<p>Vi lurer på <strong>noe</strong>.</p>" || th.AreaSlug != "arkivering" || th.AreaName != "Arkivering" ||
			th.AuthorID != f.anne.ID || th.AuthorName != "Anne Aune" || th.Municipality != "5001" || th.Visibility != allmenning.VisMunicipality ||
			th.ReplyCount != 0 || th.LikeCount != 0 || th.EditedAt != nil || th.DeletedAt != nil || th.LikedByMe ||
			th.UnreadCount != 0 || th.FirstUnread != 0 {
			t.Errorf("created thread = %+v", th)
		}
		if th.CreatedAt.Before(before) || !th.LastActivityAt.Equal(th.CreatedAt) {
			t.Errorf("created %v, last activity %v", th.CreatedAt, th.LastActivityAt)
		}
		if got := tagSlugs(th.Tags); !slices.Equal(got, []string{"17-mai", "jul", "skole"}) {
			t.Errorf("tags = %q, want by facet and name without repeats", got)
		}
		for _, tag := range th.Tags {
			if tag.ID == 0 || tag.FacetID == 0 || tag.FacetSlug == "" || tag.Name == "" {
				t.Errorf("tag = %+v", tag)
			}
		}
		got := findThread(t, db, f.same, th.ID)
		if got.Title != th.Title || !sameTime(got.CreatedAt, th.CreatedAt) || got.UnreadCount != -1 || len(got.Tags) != 3 {
			t.Errorf("found thread = %+v", got)
		}
		revs, err := db.FindRevisions(ctx, f.same, allmenning.PostThread, th.ID)
		if err != nil || len(revs) != 1 || revs[0].Number != 1 || revs[0].Title != th.Title || revs[0].Body != th.Body || revs[0].EditorID != f.anne.ID {
			t.Errorf("revisions = %+v, %v", revs, err)
		}
		q, err := db.CreateThread(ctx, f.ola, allmenning.NewThread{Kind: allmenning.KindQuestion, Title: "Et spørsmål", Body: "Tekst", Area: "krise"}, "<p>Tekst</p>", nil)
		if err != nil {
			t.Fatal(err)
		}
		if q.Kind != allmenning.KindQuestion || q.Visibility != allmenning.VisMembers || q.Municipality != "4601" || q.Tags == nil || len(q.Tags) != 0 {
			t.Errorf("question = %+v", q)
		}

		for _, c := range []struct {
			name                 string
			author               *allmenning.Member
			n                    allmenning.NewThread
			code, field, message string
		}{
			{"unknown tag", f.anne, allmenning.NewThread{Title: "Gyldig tittel", Body: "Tekst", Area: "etikk", Tags: []string{"jul", "finnes-ikke"}}, allmenning.EINVALID, "tags", "error.tag.unknown"},
			{"unknown area", f.anne, allmenning.NewThread{Title: "Gyldig tittel", Body: "Tekst", Area: "999999"}, allmenning.EINVALID, "area", "error.area.not_found"},
			{"no area", f.anne, allmenning.NewThread{Title: "Gyldig tittel", Body: "Tekst"}, allmenning.EINVALID, "area", "error.thread.area_required"},
			{"short title", f.anne, allmenning.NewThread{Title: "Hei", Body: "Tekst", Area: "etikk"}, allmenning.EINVALID, "title", "error.thread.title_short"},
			{"bad visibility", f.anne, allmenning.NewThread{Title: "Gyldig tittel", Body: "Tekst", Area: "etikk", Visibility: "secret"}, allmenning.EINVALID, "visibility", "error.thread.visibility_invalid"},
			{"anonymous", nil, allmenning.NewThread{Title: "Gyldig tittel", Body: "Tekst", Area: "etikk"}, allmenning.EUNAUTHORIZED, "", ""},
		} {
			_, err := db.CreateThread(ctx, c.author, c.n, "", nil)
			if allmenning.ErrorCode(err) != c.code || (c.field != "" && allmenning.Fields(err)[c.field] != c.message) {
				t.Errorf("%s: %v, want %s on %s (%s)", c.name, err, c.code, c.field, c.message)
			}
		}
		if p := findThreads(t, db, f.mod, allmenning.ThreadFilter{}); p.Total != 1 {
			t.Errorf("failed creations left threads: total %d for Mona", p.Total)
		}
	})
}

// The filters of FindThreads other than tags, and paging.
func TestFindThreadsFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.useClock(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
		a1 := f.thread(t, f.anne, allmenning.NewThread{Area: "etikk"})
		c.add(time.Hour)
		a2 := f.thread(t, f.anne, allmenning.NewThread{Area: "juridisk", Kind: allmenning.KindQuestion})
		c.add(time.Hour)
		o1 := f.thread(t, f.ola, allmenning.NewThread{Area: "beredskap"})
		c.add(time.Hour)
		b1 := f.thread(t, f.berit, allmenning.NewThread{Area: "operativ"})
		c.add(time.Hour)
		f.reply(t, f.ola, a1.ID, "Aktivitet") // a1 is now the latest
		for _, tc := range []struct {
			name   string
			filter allmenning.ThreadFilter
			want   []*allmenning.Thread
		}{
			{"all, latest activity first", allmenning.ThreadFilter{}, []*allmenning.Thread{a1, b1, o1, a2}},
			{"new threads first", allmenning.ThreadFilter{Sort: allmenning.SortNewThreads}, []*allmenning.Thread{b1, o1, a2, a1}},
			{"kind", allmenning.ThreadFilter{Kind: allmenning.KindQuestion}, []*allmenning.Thread{a2}},
			{"kind discussion", allmenning.ThreadFilter{Kind: allmenning.KindDiscussion}, []*allmenning.Thread{a1, b1, o1}},
			{"area with children", allmenning.ThreadFilter{Area: "operativ"}, []*allmenning.Thread{a1, b1, a2}},
			{"child area", allmenning.ThreadFilter{Area: "juridisk"}, []*allmenning.Thread{a2}},
			{"unknown area", allmenning.ThreadFilter{Area: "finnes-ikke"}, nil},
			{"municipality", allmenning.ThreadFilter{Municipality: "5001"}, []*allmenning.Thread{a1, b1, a2}},
			{"author", allmenning.ThreadFilter{Author: f.anne.ID}, []*allmenning.Thread{a1, a2}},
			{"since", allmenning.ThreadFilter{Since: time.Date(2025, 3, 1, 14, 0, 0, 0, time.UTC)}, []*allmenning.Thread{a1, b1, o1}},
			{"combined", allmenning.ThreadFilter{Area: "operativ", Municipality: "5001", Author: f.berit.ID}, []*allmenning.Thread{b1}},
		} {
			p := findThreads(t, db, f.mod, tc.filter)
			if got, want := threadIDs(p), ids(tc.want...); !slices.Equal(got, want) || p.Total != len(want) {
				t.Errorf("%s: %v (total %d), want %v", tc.name, got, p.Total, want)
			}
		}

		// Paging: 20 by default, at most 100, ties go to the newer id.
		c.add(time.Hour)
		var many []*allmenning.Thread
		for range 105 {
			many = append(many, f.thread(t, f.berit, allmenning.NewThread{Area: "kampanje"})) // all at the same time
		}
		slices.Reverse(many)
		for _, tc := range []struct {
			filter allmenning.ThreadFilter
			want   []*allmenning.Thread
		}{
			{allmenning.ThreadFilter{Area: "kampanje"}, many[:20]},
			{allmenning.ThreadFilter{Area: "kampanje", Sort: allmenning.SortNewThreads, Offset: 20, Limit: 10}, many[20:30]},
			{allmenning.ThreadFilter{Area: "kampanje", Limit: 1000}, many[:100]},
			{allmenning.ThreadFilter{Area: "kampanje", Offset: 100, Limit: 50}, many[100:]},
			{allmenning.ThreadFilter{Area: "kampanje", Offset: 200}, nil},
			{allmenning.ThreadFilter{Area: "kampanje", Offset: -5, Limit: 2}, many[:2]},
		} {
			p := findThreads(t, db, f.same, tc.filter)
			if got, want := threadIDs(p), ids(tc.want...); !slices.Equal(got, want) || p.Total != 105 {
				t.Errorf("page %+v: %d threads from %v (total %d), want %d from %v", tc.filter, len(got), got[:min(1, len(got))], p.Total, len(want), want[:min(1, len(want))])
			}
		}
	})
}

// The sorts by activity, likes and reading, over periods.
func TestFindThreadsSorts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		now := time.Now().Truncate(time.Second)
		old := now.AddDate(0, 0, -40)
		c := f.useClock(old)
		p := f.thread(t, f.anne, allmenning.NewThread{Title: "Tråd P"})
		q := f.thread(t, f.anne, allmenning.NewThread{Title: "Tråd Q"})
		r := f.thread(t, f.anne, allmenning.NewThread{Title: "Tråd R"})
		// 40 days ago: P gets three replies and two likes.
		for i := range 3 {
			c.add(time.Minute)
			f.reply(t, f.berit, p.ID, "Gammelt svar "+strconv.Itoa(i))
		}
		for _, m := range []*allmenning.Member{f.berit, f.ola} {
			if _, err := db.SetLike(ctx, m, allmenning.PostThread, p.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		// Now: Q gets two replies, R one reply and three likes.
		c.set(now.Add(-time.Hour))
		f.reply(t, f.berit, q.ID, "Nytt svar")
		f.reply(t, f.ola, q.ID, "Nytt svar")
		c.set(now.Add(-30 * time.Minute))
		f.reply(t, f.ola, r.ID, "Nytt svar")
		for _, m := range []*allmenning.Member{f.berit, f.ola, f.mona} {
			if _, err := db.SetLike(ctx, m, allmenning.PostThread, r.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		// A deleted reply does not count.
		c.set(now.Add(-20 * time.Minute))
		gone := f.reply(t, f.ola, p.ID, "Slettes")
		if err := db.DeleteReply(ctx, f.mona, gone.ID); err != nil {
			t.Fatal(err)
		}
		c.set(now)

		for _, tc := range []struct {
			sort, period string
			want         []*allmenning.Thread
		}{
			{allmenning.SortLatest, "", []*allmenning.Thread{p, r, q}}, // the deleted reply was activity
			{"", allmenning.PeriodWeek, []*allmenning.Thread{p, r, q}},
			{allmenning.SortNewThreads, "", []*allmenning.Thread{r, q, p}},
			{allmenning.SortActive, allmenning.PeriodWeek, []*allmenning.Thread{q, r, p}},
			{allmenning.SortActive, allmenning.PeriodYear, []*allmenning.Thread{p, q, r}},
			{allmenning.SortActive, allmenning.PeriodAll, []*allmenning.Thread{p, q, r}},
			{allmenning.SortActive, "", []*allmenning.Thread{p, q, r}},
			{allmenning.SortTop, allmenning.PeriodMonth, []*allmenning.Thread{r, q, p}},
			{allmenning.SortTop, allmenning.PeriodAll, []*allmenning.Thread{p, r, q}},
		} {
			page := findThreads(t, db, f.same, allmenning.ThreadFilter{Sort: tc.sort, Period: tc.period})
			if got, want := threadIDs(page), ids(tc.want...); !slices.Equal(got, want) || page.Total != 3 {
				t.Errorf("sort %q period %q: %v (total %d), want %v", tc.sort, tc.period, got, page.Total, want)
			}
		}
	})
}

// Deleting a thread hides it from everyone but moderators; restoring brings it back.
func TestDeleteRestoreThread(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{Tags: []string{"jul"}})
		keep := f.thread(t, f.anne, allmenning.NewThread{Tags: []string{"jul"}})
		visible := func(want bool) {
			t.Helper()
			_, err := db.FindThreadByID(ctx, f.same, th.ID)
			if (err == nil) != want {
				t.Errorf("thread visible to Berit: %v, want %v", err, want)
			}
			n := 1
			if want {
				n = 2
			}
			if p := findThreads(t, db, f.mod, allmenning.ThreadFilter{}); p.Total != n {
				t.Errorf("threads listed for Mona: %d, want %d", p.Total, n)
			}
			if got := areaOutline(t, db, f.same, false)[1]; got[:11] != "operativ("+strconv.Itoa(n)+")" {
				t.Errorf("operativ = %s, want %d threads", got, n)
			}
			mod := findThread(t, db, f.mod, th.ID)
			if (mod.DeletedAt == nil) != want {
				t.Errorf("moderator sees DeletedAt %v", mod.DeletedAt)
			}
		}
		visible(true)
		if err := db.DeleteThread(ctx, f.anne, th.ID); err != nil {
			t.Fatal(err)
		}
		visible(false)
		if err := db.DeleteThread(ctx, f.mona, th.ID); err != nil {
			t.Fatalf("deleting again: %v", err)
		}
		_, err := db.UpdateThread(ctx, f.anne, th.ID, allmenning.ThreadUpdate{Title: "Ny tittel her", Body: "Ny"}, "", nil)
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
		if _, err := db.UpdateThread(ctx, f.mona, th.ID, allmenning.ThreadUpdate{Title: "Ny tittel her", Body: "Ny"}, "", nil); err != nil {
			t.Errorf("moderator editing a deleted thread: %v", err)
		}
		if err := db.RestoreThread(ctx, th.ID); err != nil {
			t.Fatal(err)
		}
		visible(true)
		if err := db.RestoreThread(ctx, th.ID); err != nil {
			t.Fatalf("restoring again: %v", err)
		}
		wantCode(t, db.DeleteThread(ctx, f.mona, keep.ID+100), allmenning.ENOTFOUND, "", "")
		wantCode(t, db.RestoreThread(ctx, keep.ID+100), allmenning.ENOTFOUND, "", "")
		wantCode(t, db.DeleteThread(ctx, nil, keep.ID), allmenning.EUNAUTHORIZED, "", "")
	})
}

func TestFindThreadsUnknownSort(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.useClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
		var want []*allmenning.Thread
		for i := range 3 {
			want = append([]*allmenning.Thread{f.thread(t, f.anne, allmenning.NewThread{Title: fmt.Sprintf("Tråd %d her", i)})}, want...)
			c.add(time.Second)
		}
		p := findThreads(t, db, f.same, allmenning.ThreadFilter{Sort: "random", Period: "decade"})
		if got := threadIDs(p); !slices.Equal(got, ids(want...)) {
			t.Errorf("unknown sort: %v, want latest first %v", got, ids(want...))
		}
	})
}
