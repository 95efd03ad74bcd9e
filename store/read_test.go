package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// Unread counts, the first unread reply and the Unread filter follow what a member has read.
func TestUnread(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{Visibility: allmenning.VisPublic})
		seen := f.thread(t, f.anne, allmenning.NewThread{})
		if err := db.RecordRead(ctx, f.berit.ID, seen.ID, 0, time.Now()); err != nil {
			t.Fatal(err)
		}
		check := func(step string, v allmenning.Viewer, wantCount, wantFirst int, inUnread bool) {
			t.Helper()
			got := findThread(t, db, v, th.ID)
			if got.UnreadCount != wantCount || got.FirstUnread != wantFirst {
				t.Errorf("%s: FindThreadByID unread %d, first %d; want %d, %d", step, got.UnreadCount, got.FirstUnread, wantCount, wantFirst)
			}
			p := findThreads(t, db, v, allmenning.ThreadFilter{})
			for _, lt := range p.Threads {
				if lt.ID == th.ID && (lt.UnreadCount != wantCount || lt.FirstUnread != wantFirst) {
					t.Errorf("%s: FindThreads unread %d, first %d; want %d, %d", step, lt.UnreadCount, lt.FirstUnread, wantCount, wantFirst)
				}
			}
			u := findThreads(t, db, v, allmenning.ThreadFilter{Unread: true})
			if slices.Contains(threadIDs(u), th.ID) != inUnread || u.Total != len(u.Threads) {
				t.Errorf("%s: Unread filter gives %v (total %d), thread %d in it: want %v", step, threadIDs(u), u.Total, th.ID, inUnread)
			}
		}
		berit := f.same
		check("never opened", berit, -1, 0, true)
		if u := findThreads(t, db, berit, allmenning.ThreadFilter{Unread: true}); slices.Contains(threadIDs(u), seen.ID) {
			t.Error("a read thread without replies is in the Unread list")
		}
		check("the author", allmenning.ViewerOf(f.anne), 0, 0, false)
		check("anonymous", allmenning.Viewer{}, 0, 0, true) // nothing is remembered for anonymous visitors
		if err := db.RecordRead(ctx, f.berit.ID, th.ID, 0, time.Now()); err != nil {
			t.Fatal(err)
		}
		check("opened", berit, 0, 0, false)
		f.reply(t, f.anne, th.ID, "1")
		f.reply(t, f.ola, th.ID, "2")
		r3 := f.reply(t, f.anne, th.ID, "3")
		check("three replies", berit, 3, 1, true)
		check("Anne wrote the last reply", allmenning.ViewerOf(f.anne), 0, 0, false)
		check("Ola wrote reply 2", allmenning.ViewerOf(f.ola), 1, 3, true)
		if err := db.RecordRead(ctx, f.berit.ID, th.ID, 2, time.Now()); err != nil {
			t.Fatal(err)
		}
		check("read to 2", berit, 1, 3, true)
		if err := db.RecordRead(ctx, f.berit.ID, th.ID, 1, time.Now()); err != nil {
			t.Fatal(err)
		}
		check("read to 1 again", berit, 1, 3, true)
		if err := db.DeleteReply(ctx, f.mona, r3.ID); err != nil {
			t.Fatal(err)
		}
		check("reply 3 deleted", berit, 0, 0, false)
		if err := db.RestoreReply(ctx, r3.ID); err != nil {
			t.Fatal(err)
		}
		// Reading further than there are replies stops at the last one.
		if err := db.RecordRead(ctx, f.berit.ID, th.ID, 99, time.Now()); err != nil {
			t.Fatal(err)
		}
		check("read all", berit, 0, 0, false)
		f.reply(t, f.ola, th.ID, "4")
		check("one new", berit, 1, 4, true)
		wantCode(t, db.RecordRead(ctx, f.berit.ID, th.ID+100, 1, time.Now()), allmenning.ENOTFOUND, "", "")
	})
}

// "Most read" counts unique readers per day in Norway: twice the same day
// counts once, on two days twice.
func TestMostRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var readers []*allmenning.Member
		for _, r := range []struct{ email, name string }{{"c@trondheim.kommune.no", "Cecilie C"}, {"d@trondheim.kommune.no", "Dag D"}, {"e@trondheim.kommune.no", "Eva E"}} {
			readers = append(readers, mustMember(t, db, r.email, r.name, "5001"))
		}
		b, c, d, e := f.berit, readers[0], readers[1], readers[2]
		x := f.thread(t, f.anne, allmenning.NewThread{Title: "Tråd X"})
		y := f.thread(t, f.anne, allmenning.NewThread{Title: "Tråd Y"})
		z := f.thread(t, f.anne, allmenning.NewThread{Title: "Tråd Z"})
		now := time.Now()
		yesterday := now.Add(-24 * time.Hour)
		longAgo := now.AddDate(0, 0, -40)
		for _, r := range []struct {
			m  *allmenning.Member
			th *allmenning.Thread
			at time.Time
		}{
			{b, x, now}, {b, x, now.Add(-time.Minute)}, {b, x, now}, {c, x, now}, {b, x, yesterday}, // X: 2 today + 1 yesterday
			{b, y, now}, {c, y, now}, {d, y, now}, {d, y, now}, // Y: 3 today
			{b, z, longAgo}, {c, z, longAgo}, {d, z, longAgo}, {e, z, longAgo}, {e, z, longAgo}, // Z: 4 long ago
		} {
			if err := db.RecordRead(ctx, r.m.ID, r.th.ID, 0, r.at); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			period string
			want   []*allmenning.Thread
			reads  []int
		}{
			{allmenning.PeriodWeek, []*allmenning.Thread{y, x, z}, []int{3, 3, 0}}, // a tie goes to the newer thread
			{allmenning.PeriodMonth, []*allmenning.Thread{y, x, z}, []int{3, 3, 0}},
			{allmenning.PeriodYear, []*allmenning.Thread{z, y, x}, []int{4, 3, 3}},
			{allmenning.PeriodAll, []*allmenning.Thread{z, y, x}, []int{4, 3, 3}},
		} {
			p := findThreads(t, db, f.same, allmenning.ThreadFilter{Sort: allmenning.SortMostRead, Period: tc.period})
			var reads []int
			for _, th := range p.Threads {
				reads = append(reads, th.ReadCount)
			}
			if got, want := threadIDs(p), ids(tc.want...); !slices.Equal(got, want) || !slices.Equal(reads, tc.reads) {
				t.Errorf("most read, %s: %v with %v reads, want %v with %v", tc.period, got, reads, want, tc.reads)
			}
		}

		// Days are Norwegian days: 22:30 and 23:30 UTC in January are two days in Oslo,
		// 00:30 and 22:30 UTC one.
		w := f.thread(t, f.anne, allmenning.NewThread{Title: "Tråd W"})
		for _, at := range []time.Time{
			time.Date(2025, 1, 10, 22, 30, 0, 0, time.UTC), // 23:30 on the 10th in Oslo
			time.Date(2025, 1, 10, 23, 30, 0, 0, time.UTC), // 00:30 on the 11th
			time.Date(2025, 1, 10, 0, 30, 0, 0, time.UTC),  // 01:30 on the 10th
		} {
			if err := db.RecordRead(ctx, b.ID, w.ID, 0, at); err != nil {
				t.Fatal(err)
			}
		}
		p := findThreads(t, db, f.same, allmenning.ThreadFilter{Sort: allmenning.SortMostRead, Period: allmenning.PeriodAll, Limit: 1})
		if len(p.Threads) != 1 || p.Threads[0].ID != z.ID {
			t.Fatalf("most read = %v", threadIDs(p))
		}
		p = findThreads(t, db, f.same, allmenning.ThreadFilter{Sort: allmenning.SortMostRead, Period: allmenning.PeriodAll, Offset: 3})
		if len(p.Threads) != 1 || p.Threads[0].ID != w.ID || p.Threads[0].ReadCount != 2 {
			t.Errorf("W = %+v, want 2 reads (two Oslo days)", p.Threads)
		}
		// Other sorts leave ReadCount at 0.
		for _, th := range findThreads(t, db, f.same, allmenning.ThreadFilter{}).Threads {
			if th.ReadCount != 0 {
				t.Errorf("ReadCount %d in the latest list", th.ReadCount)
			}
		}
	})
}
