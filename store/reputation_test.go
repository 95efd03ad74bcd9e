package store_test

import (
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

func like(t *testing.T, db *store.DB, m *allmenning.Member, kind string, id int64, on bool) {
	t.Helper()
	if _, err := db.SetLike(ctx, m, kind, id, on); err != nil {
		t.Fatalf("like: %v", err)
	}
	if err := db.SyncLikeReputation(ctx, m, kind, id); err != nil {
		t.Fatalf("sync like reputation: %v", err)
	}
}

func TestLikeReputation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		d := f.thread(t, f.berit, allmenning.NewThread{})
		r := f.reply(t, f.berit, d.ID, "Et svar i en diskusjon")
		like(t, db, f.anne, allmenning.PostThread, d.ID, true)
		if got := rep(t, db, f.berit.ID); got != 10 {
			t.Errorf("after a like: %d", got)
		}
		if err := db.SyncLikeReputation(ctx, f.anne, allmenning.PostThread, d.ID); err != nil {
			t.Fatal(err)
		}
		like(t, db, f.anne, allmenning.PostThread, d.ID, true)
		if got := rep(t, db, f.berit.ID); got != 10 {
			t.Errorf("syncing again changed it: %d", got)
		}
		like(t, db, f.ola, allmenning.PostReply, r.ID, true)
		if got := rep(t, db, f.berit.ID); got != 20 {
			t.Errorf("after a like of a reply: %d", got)
		}
		like(t, db, f.anne, allmenning.PostThread, d.ID, false)
		if got := rep(t, db, f.berit.ID); got != 10 {
			t.Errorf("after unliking: %d", got)
		}
		like(t, db, f.anne, allmenning.PostThread, d.ID, false)
		like(t, db, f.anne, allmenning.PostThread, d.ID, true)
		if got := rep(t, db, f.berit.ID); got != 20 {
			t.Errorf("after liking again: %d", got)
		}
		// Liking one's own post (policy forbids it, the store allows it) gives nothing.
		like(t, db, f.berit, allmenning.PostReply, r.ID, true)
		if got := rep(t, db, f.berit.ID); got != 20 {
			t.Errorf("after liking one's own: %d", got)
		}
		if got := rep(t, db, f.anne.ID); got != 0 {
			t.Errorf("the liker got %d", got)
		}
		wantCode(t, db.SyncLikeReputation(ctx, f.anne, allmenning.PostReply, 999999), allmenning.ENOTFOUND, "", "")
		wantCode(t, db.SyncLikeReputation(ctx, f.anne, "member", f.berit.ID), allmenning.ENOTFOUND, "", "")
		wantCode(t, db.SyncLikeReputation(ctx, nil, allmenning.PostThread, d.ID), allmenning.EUNAUTHORIZED, "", "")
	})
}

func TestReputationHistory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.useClock(osloTime(t, "2025-03-04 10:00"))
		private := f.question(t, f.anne, allmenning.NewThread{Title: "Privat spørsmål i Trondheim", Visibility: allmenning.VisMunicipality})
		pub := f.question(t, f.ola, allmenning.NewThread{Title: "Åpent spørsmål", Visibility: allmenning.VisPublic})
		rp := f.reply(t, f.berit, private.ID, "Svar")
		ro := f.reply(t, f.berit, pub.ID, "Svar")
		c.add(time.Minute)
		vote(t, db, f.anne, rp.ID, 1)
		c.add(time.Minute)
		vote(t, db, f.ola, ro.ID, 1)
		c.add(time.Minute)
		if _, err := db.AcceptAnswer(ctx, f.ola, ro.ID); err != nil {
			t.Fatal(err)
		}
		c.add(time.Minute)
		vote(t, db, f.ola, ro.ID, 0)

		history := func(v allmenning.Viewer, offset, limit int) *allmenning.Reputation {
			t.Helper()
			r, err := db.FindReputation(ctx, v, f.berit.ID, offset, limit)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		r := history(f.same, 0, 0)
		if r.Total != 25 || r.Count != 4 || r.Today != 10 || len(r.Events) != 4 || r.MemberID != f.berit.ID {
			t.Fatalf("reputation = %+v", r)
		}
		type ev struct {
			points   int
			reason   string
			reversal bool
			thread   int64
		}
		want := []ev{
			{-10, allmenning.RepUpvote, true, pub.ID},
			{15, allmenning.RepAccepted, false, pub.ID},
			{10, allmenning.RepUpvote, false, pub.ID},
			{10, allmenning.RepUpvote, false, private.ID},
		}
		for i, w := range want {
			e := r.Events[i]
			if e.Points != w.points || e.Reason != w.reason || e.Reversal != w.reversal || e.ThreadID != w.thread || e.PostKind != allmenning.PostReply ||
				e.Day != "2025-03-04" || e.CreatedAt.IsZero() || e.MemberID != f.berit.ID || e.ThreadTitle == "" {
				t.Errorf("event %d = %+v, want %+v", i, e, w)
			}
		}
		// Bergen sees no thread of Trondheim's private question; anonymous visitors only the public one.
		if e := history(f.other, 0, 0).Events[3]; e.ThreadID != 0 || e.ThreadTitle != "" || e.PostID != rp.ID {
			t.Errorf("Bergen sees %+v", e)
		}
		if e := history(f.anon, 0, 0).Events[2]; e.ThreadID != pub.ID || e.ThreadTitle != "Åpent spørsmål" {
			t.Errorf("anonymous sees %+v", e)
		}
		if page := history(f.same, 1, 2); len(page.Events) != 2 || page.Events[0].Points != 15 || page.Count != 4 {
			t.Errorf("page = %+v", page)
		}
		// A deleted answer no longer names its thread.
		if err := db.DeleteReply(ctx, f.mona, rp.ID); err != nil {
			t.Fatal(err)
		}
		if e := history(f.same, 0, 0).Events[3]; e.ThreadID != 0 {
			t.Errorf("deleted answer's event = %+v", e)
		}
		if _, err := db.FindReputation(ctx, f.same, 999999, 0, 0); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("unknown member: %v", err)
		}
	})
}

func TestTrustLevel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.useClock(osloTime(t, "2025-03-04 10:00"))
		kari := f.member(t, "Kari Kvam", "5001")
		level := func(step string, want, posts, days int) *allmenning.TrustStatus {
			t.Helper()
			s, err := db.FindTrustLevel(ctx, kari.ID)
			if err != nil {
				t.Fatal(err)
			}
			if s.Level != want || s.Posts != posts || s.Days != days || s.MemberID != kari.ID {
				t.Errorf("%s: %+v, want level %d, %d posts, %d days", step, s, want, posts, days)
			}
			return s
		}
		level("new", 0, 0, 0)

		th, err := db.FindTrustThresholds(ctx)
		if err != nil || th != allmenning.DefaultTrustThresholds {
			t.Errorf("thresholds before setting = %+v, %v", th, err)
		}
		q := f.question(t, kari, allmenning.NewThread{})
		f.reply(t, kari, q.ID, "Ett")
		level("two posts", 0, 2, 0)
		gone := f.reply(t, kari, q.ID, "To")
		level("three posts", 1, 3, 0)
		if err := db.DeleteReply(ctx, f.mona, gone.ID); err != nil {
			t.Fatal(err)
		}
		level("a post deleted", 0, 2, 0)
		if err := db.RestoreReply(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}
		level("the post restored", 1, 3, 0)
		if err := db.DeleteReply(ctx, f.mona, gone.ID); err != nil {
			t.Fatal(err)
		}
		// Deleting again changes nothing, and so does restoring twice.
		if err := db.DeleteReply(ctx, f.mona, gone.ID); err != nil {
			t.Fatal(err)
		}
		level("deleted twice", 0, 2, 0)
		if err := db.DeleteThread(ctx, f.mona, q.ID); err != nil {
			t.Fatal(err)
		}
		level("the question deleted", 0, 1, 0)
		for range 2 {
			if err := db.RestoreThread(ctx, q.ID); err != nil {
				t.Fatal(err)
			}
		}
		level("the question restored", 0, 2, 0)
		// Reputation counts too: one upvote is 10.
		other := f.question(t, f.anne, allmenning.NewThread{})
		a := f.reply(t, kari, other.ID, "Svar")
		vote(t, db, f.ola, a.ID, 1)
		if s := level("reputation 10", 1, 3, 0); s.Reputation != 10 {
			t.Errorf("reputation = %d", s.Reputation)
		}

		// The operator's thresholds; days count at the store's clock.
		custom := allmenning.TrustThresholds{
			Level1: allmenning.TrustRule{Posts: 1},
			Level2: allmenning.TrustRule{Reputation: 10, Posts: 3, Days: 2},
			Level3: allmenning.TrustRule{Reputation: 1000},
		}
		if err := db.SetTrustThresholds(ctx, custom); err != nil {
			t.Fatal(err)
		}
		if th, err := db.FindTrustThresholds(ctx); err != nil || th != custom {
			t.Errorf("thresholds = %+v, %v", th, err)
		}
		level("custom, day 0", 1, 3, 0)
		c.add(47 * time.Hour)
		level("custom, day 1", 1, 3, 1)
		c.add(time.Hour)
		level("custom, day 2", 2, 3, 2)
		custom.Level2.Posts = 4
		if err := db.SetTrustThresholds(ctx, custom); err != nil {
			t.Fatal(err)
		}
		level("thresholds replaced", 1, 3, 2)
		bad := custom
		bad.Level1.Reputation = -5
		wantCode(t, db.SetTrustThresholds(ctx, bad), allmenning.EINVALID, "level1.reputation", "error.trust.threshold_invalid")

		// A moderator's override, up or down, and back.
		three, zero, four := 3, 0, 4
		if err := db.SetTrustOverride(ctx, kari.ID, &three); err != nil {
			t.Fatal(err)
		}
		if s := level("override 3", 3, 3, 2); s.Computed != 1 || s.Override == nil || *s.Override != 3 {
			t.Errorf("override = %+v", s)
		}
		if err := db.SetTrustOverride(ctx, kari.ID, &zero); err != nil {
			t.Fatal(err)
		}
		level("override 0", 0, 3, 2)
		if err := db.SetTrustOverride(ctx, kari.ID, nil); err != nil {
			t.Fatal(err)
		}
		if s := level("override removed", 1, 3, 2); s.Override != nil {
			t.Errorf("override left: %+v", s)
		}
		wantCode(t, db.SetTrustOverride(ctx, kari.ID, &four), allmenning.EINVALID, "trust_level", "error.trust.level_invalid")
		wantCode(t, db.SetTrustOverride(ctx, 999999, &three), allmenning.ENOTFOUND, "", "")
		if _, err := db.FindTrustLevel(ctx, 999999); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("unknown member: %v", err)
		}
	})
}
