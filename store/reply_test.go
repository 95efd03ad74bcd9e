package store_test

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// Twenty replies at once get the numbers 1 to 20, without gaps or repeats.
func TestReplyNumbersConcurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{})
		other := f.thread(t, f.anne, allmenning.NewThread{})
		authors := []*allmenning.Member{f.anne, f.berit, f.ola, f.mona}
		const n = 20
		numbers := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				body := fmt.Sprintf("Svar %d", i)
				r, err := db.CreateReply(ctx, authors[i%len(authors)], th.ID, allmenning.NewReply{Body: body}, "<p>"+body+"</p>", nil)
				if err != nil {
					t.Errorf("reply %d: %v", i, err)
					return
				}
				numbers[i] = r.Number
			})
		}
		wg.Wait()
		slices.Sort(numbers)
		for i, got := range numbers {
			if got != i+1 {
				t.Fatalf("numbers = %v, want 1..%d", numbers, n)
			}
		}
		got := findThread(t, db, f.same, th.ID)
		if got.ReplyCount != n {
			t.Errorf("reply count = %d, want %d", got.ReplyCount, n)
		}
		replies, err := db.FindReplies(ctx, f.same, th.ID, 0, 0)
		if err != nil || len(replies) != n {
			t.Fatalf("replies = %d, %v", len(replies), err)
		}
		for i, r := range replies {
			if r.Number != i+1 || r.ThreadID != th.ID {
				t.Errorf("reply %d has number %d, thread %d", i, r.Number, r.ThreadID)
			}
		}
		// Numbers count per thread.
		if r := f.reply(t, f.berit, other.ID, "Første i den andre"); r.Number != 1 {
			t.Errorf("first reply in another thread has number %d", r.Number)
		}
	})
}

func TestReplies(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{})
		r1, err := db.CreateReply(ctx, f.berit, th.ID, allmenning.NewReply{Body: "  Første svar @anne.aune "}, "<p>Første svar</p>", []int64{f.anne.ID})
		if err != nil {
			t.Fatal(err)
		}
		if r1.Number != 1 || r1.Body != "Første svar @anne.aune" || r1.BodyHTML != "<p>Første svar</p>" || r1.AuthorID != f.berit.ID ||
			r1.AuthorName != "Berit Berg" || r1.ReplyToID != 0 || r1.ReplyToNum != 0 || r1.EditedAt != nil || r1.DeletedAt != nil || r1.CreatedAt.IsZero() {
			t.Errorf("reply = %+v", r1)
		}
		r2, err := db.CreateReply(ctx, f.ola, th.ID, allmenning.NewReply{Body: "Svar på svar", ReplyTo: 1}, "<p>Svar på svar</p>", nil)
		if err != nil {
			t.Fatal(err)
		}
		if r2.Number != 2 || r2.ReplyToID != r1.ID || r2.ReplyToNum != 1 {
			t.Errorf("reply to reply 1 = %+v", r2)
		}
		got := findThread(t, db, f.same, th.ID)
		if got.ReplyCount != 2 {
			t.Errorf("thread after replies: count %d, want 2", got.ReplyCount)
		}
		if !sameTime(got.LastActivityAt, r2.CreatedAt) {
			t.Errorf("last activity %v, want the last reply's time %v", got.LastActivityAt, r2.CreatedAt)
		}
		for _, c := range []struct {
			name                 string
			author               *allmenning.Member
			thread               int64
			n                    allmenning.NewReply
			code, field, message string
		}{
			{"unknown reply_to", f.berit, th.ID, allmenning.NewReply{Body: "Hei", ReplyTo: 7}, allmenning.EINVALID, "reply_to", "error.reply.reply_to_invalid"},
			{"negative reply_to", f.berit, th.ID, allmenning.NewReply{Body: "Hei", ReplyTo: -1}, allmenning.EINVALID, "reply_to", "error.reply.reply_to_invalid"},
			{"empty", f.berit, th.ID, allmenning.NewReply{Body: " "}, allmenning.EINVALID, "body", "error.post.body_required"},
			{"unknown thread", f.berit, th.ID + 100, allmenning.NewReply{Body: "Hei"}, allmenning.ENOTFOUND, "", ""},
			{"anonymous", nil, th.ID, allmenning.NewReply{Body: "Hei"}, allmenning.EUNAUTHORIZED, "", ""},
		} {
			_, err := db.CreateReply(ctx, c.author, c.thread, c.n, "", nil)
			if allmenning.ErrorCode(err) != c.code || (c.field != "" && allmenning.Fields(err)[c.field] != c.message) {
				t.Errorf("%s: %v, want %s on %s", c.name, err, c.code, c.field)
			}
		}
		// A reply to another thread's reply is unknown here.
		other := f.thread(t, f.anne, allmenning.NewThread{})
		f.reply(t, f.anne, other.ID, "Et svar")
		f.reply(t, f.anne, other.ID, "Et svar til")
		f.reply(t, f.anne, other.ID, "Og et til")
		_, err = db.CreateReply(ctx, f.berit, th.ID, allmenning.NewReply{Body: "Hei", ReplyTo: 3}, "", nil)
		wantCode(t, err, allmenning.EINVALID, "reply_to", "error.reply.reply_to_invalid")
		// The failed replies used no numbers.
		r3 := f.reply(t, f.anne, th.ID, "Tredje")
		if r3.Number != 3 {
			t.Errorf("number after failed replies = %d, want 3", r3.Number)
		}

		// Paging.
		page, err := db.FindReplies(ctx, f.same, th.ID, 1, 1)
		if err != nil || len(page) != 1 || page[0].ID != r2.ID || page[0].ReplyToNum != 1 {
			t.Errorf("page 2 of 1 = %+v, %v", page, err)
		}

		// FindReplyByID gives the reply and its thread.
		r, rt, err := db.FindReplyByID(ctx, f.other, r2.ID)
		if err != nil || r.ID != r2.ID || rt.ID != th.ID || rt.Title != th.Title || r.Body != r2.Body {
			t.Errorf("find reply = %+v, %+v, %v", r, rt, err)
		}
		_, _, err = db.FindReplyByID(ctx, f.other, r3.ID+100)
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
	})
}

// Deleted replies keep their number: moderators see them whole, others see a placeholder.
func TestDeleteRestoreReply(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{})
		r1 := f.reply(t, f.berit, th.ID, "Én")
		r2 := f.reply(t, f.ola, th.ID, "To")
		r3 := f.reply(t, f.berit, th.ID, "Tre")
		if _, err := db.SetLike(ctx, f.anne, allmenning.PostReply, r2.ID, true); err != nil {
			t.Fatal(err)
		}
		count := func(want int) {
			t.Helper()
			if got := findThread(t, db, f.same, th.ID).ReplyCount; got != want {
				t.Errorf("reply count = %d, want %d", got, want)
			}
		}
		if err := db.DeleteReply(ctx, f.mona, r2.ID); err != nil {
			t.Fatal(err)
		}
		count(2)
		if err := db.DeleteReply(ctx, f.ola, r2.ID); err != nil {
			t.Fatalf("deleting again: %v", err)
		}
		count(2)
		for _, c := range []struct {
			name  string
			v     allmenning.Viewer
			whole bool
		}{{"member", f.same, false}, {"author", allmenning.ViewerOf(f.ola), false}, {"moderator", f.mod, true}} {
			replies, err := db.FindReplies(ctx, c.v, th.ID, 0, 0)
			if err != nil || len(replies) != 3 {
				t.Fatalf("%s: replies %d, %v", c.name, len(replies), err)
			}
			d := replies[1]
			if d.Number != 2 || d.DeletedAt == nil || d.ID != r2.ID {
				t.Errorf("%s: deleted reply = %+v", c.name, d)
			}
			if c.whole && (d.Body != "To" || d.BodyHTML != "<p>To</p>" || d.LikeCount != 1) {
				t.Errorf("%s sees the deleted reply as %+v", c.name, d)
			}
			if !c.whole && (d.Body != "" || d.BodyHTML != "" || d.LikeCount != 0) {
				t.Errorf("%s sees the deleted reply's content: %+v", c.name, d)
			}
			if replies[0].ID != r1.ID || replies[0].Body != "Én" || replies[2].ID != r3.ID || replies[2].Body != "Tre" {
				t.Errorf("%s: other replies %+v %+v", c.name, replies[0], replies[2])
			}
			_, _, err = db.FindReplyByID(ctx, c.v, r2.ID)
			if c.whole != (err == nil) {
				t.Errorf("%s: FindReplyByID of the deleted reply: %v", c.name, err)
			}
			_, err = db.FindRevisions(ctx, c.v, allmenning.PostReply, r2.ID)
			if c.whole != (err == nil) {
				t.Errorf("%s: FindRevisions of the deleted reply: %v", c.name, err)
			}
		}
		_, err := db.UpdateReply(ctx, f.ola, r2.ID, "Endret", "<p>Endret</p>", nil)
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
		// A new reply still gets the next number.
		if r4 := f.reply(t, f.anne, th.ID, "Fire"); r4.Number != 4 {
			t.Errorf("next number = %d, want 4", r4.Number)
		}
		count(3)
		if err := db.RestoreReply(ctx, r2.ID); err != nil {
			t.Fatal(err)
		}
		count(4)
		if err := db.RestoreReply(ctx, r2.ID); err != nil {
			t.Fatalf("restoring again: %v", err)
		}
		count(4)
		replies, err := db.FindReplies(ctx, f.same, th.ID, 0, 0)
		if err != nil || replies[1].Body != "To" || replies[1].DeletedAt != nil || replies[1].LikeCount != 1 {
			t.Errorf("restored reply = %+v, %v", replies[1], err)
		}
		wantCode(t, db.DeleteReply(ctx, f.mona, r3.ID+100), allmenning.ENOTFOUND, "", "")
		wantCode(t, db.RestoreReply(ctx, r3.ID+100), allmenning.ENOTFOUND, "", "")
	})
}

// Replying makes the author follow the thread in the reply's own transaction
// (no separate write for the automatic follow), and following again is a no-op.
func TestReplyAuthorFollowsThread(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{})
		target := allmenning.FollowRef{Kind: allmenning.FollowThread, Ref: strconv.FormatInt(th.ID, 10)}
		if got, _, err := db.FollowStates(ctx, f.berit.ID, []allmenning.FollowRef{target}); err != nil || got[target] {
			t.Fatalf("before replying: following %v, %v", got[target], err)
		}
		if _, err := db.CreateReply(ctx, f.berit, th.ID, allmenning.NewReply{Body: "Svar"}, "<p>Svar</p>", nil); err != nil {
			t.Fatal(err)
		}
		if got, _, err := db.FollowStates(ctx, f.berit.ID, []allmenning.FollowRef{target}); err != nil || !got[target] {
			t.Fatalf("after replying: following %v, %v; want true", got[target], err)
		}
		for _, on := range []bool{true, true, false, false, true} {
			if err := db.SetFollow(ctx, f.berit.ID, allmenning.FollowThread, th.ID, on); err != nil {
				t.Fatal(err)
			}
			if got, _, err := db.FollowStates(ctx, f.berit.ID, []allmenning.FollowRef{target}); err != nil || got[target] != on {
				t.Fatalf("SetFollow(%v): following %v, %v", on, got[target], err)
			}
		}
	})
}

// The head reads (one query each, for posting and mailing) find exactly
// what FindThreadByID and FindReplyByID find, for every kind of viewer.
func TestThreadAndReplyHeads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		muni := f.thread(t, f.anne, allmenning.NewThread{Visibility: allmenning.VisMunicipality})
		members := f.thread(t, f.anne, allmenning.NewThread{Visibility: allmenning.VisMembers})
		gone := f.thread(t, f.anne, allmenning.NewThread{Visibility: allmenning.VisPublic})
		rm := f.reply(t, f.berit, muni.ID, "Internt svar")
		rd := f.reply(t, f.berit, members.ID, "Slettes")
		rg := f.reply(t, f.berit, gone.ID, "I en slettet tråd")
		if err := db.DeleteReply(ctx, f.mona, rd.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteThread(ctx, f.mona, gone.ID); err != nil {
			t.Fatal(err)
		}
		viewers := []struct {
			name string
			v    allmenning.Viewer
		}{{"anonymous", allmenning.Viewer{}}, {"same municipality", f.same}, {"other municipality", f.other}, {"moderator", f.mod}}
		for _, c := range viewers {
			for _, th := range []*allmenning.Thread{muni, members, gone} {
				full, ferr := db.FindThreadByID(ctx, c.v, th.ID)
				head, herr := db.FindThreadHead(ctx, c.v, th.ID)
				if allmenning.ErrorCode(ferr) != allmenning.ErrorCode(herr) {
					t.Errorf("%s, thread %d: FindThreadHead %v, FindThreadByID %v", c.name, th.ID, herr, ferr)
					continue
				}
				if ferr == nil && (head.ID != full.ID || head.Title != full.Title || head.Visibility != full.Visibility ||
					head.Municipality != full.Municipality || head.AuthorID != full.AuthorID || head.Kind != full.Kind ||
					(head.DeletedAt == nil) != (full.DeletedAt == nil)) {
					t.Errorf("%s: head %+v, thread %+v", c.name, head, full)
				}
			}
			for _, r := range []*allmenning.Reply{rm, rd, rg} {
				fr, ft, ferr := db.FindReplyByID(ctx, c.v, r.ID)
				hr, ht, herr := db.FindReplyHead(ctx, c.v, r.ID)
				if allmenning.ErrorCode(ferr) != allmenning.ErrorCode(herr) {
					t.Errorf("%s, reply %d: FindReplyHead %v, FindReplyByID %v", c.name, r.ID, herr, ferr)
					continue
				}
				if ferr == nil && (hr.ID != fr.ID || hr.Body != fr.Body || hr.Number != fr.Number || hr.AuthorName != fr.AuthorName ||
					ht.ID != ft.ID || ht.Title != ft.Title) {
					t.Errorf("%s: head %+v in %+v, reply %+v in %+v", c.name, hr, ht, fr, ft)
				}
			}
		}
		// Spot checks, so that agreeing on a mistake cannot pass.
		if _, err := db.FindThreadHead(ctx, f.other, muni.ID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("Bergen sees Trondheim's thread: %v", err)
		}
		if _, _, err := db.FindReplyHead(ctx, f.other, rm.ID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("Bergen sees a reply in Trondheim's thread: %v", err)
		}
		if _, _, err := db.FindReplyHead(ctx, f.same, rd.ID); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("a member finds a deleted reply: %v", err)
		}
		if r, _, err := db.FindReplyHead(ctx, f.mod, rd.ID); err != nil || r.DeletedAt == nil {
			t.Errorf("the moderator finds the deleted reply as %+v, %v", r, err)
		}
	})
}

// The reply CreateReply returns is the reply as it is then read back.
func TestCreateReplyReturnsStoredReply(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{})
		first := f.reply(t, f.anne, th.ID, "Først")
		got, err := db.CreateReply(ctx, f.berit, th.ID, allmenning.NewReply{Body: "Svar på første", ReplyTo: first.Number}, "<p>Svar på første</p>", nil)
		if err != nil {
			t.Fatal(err)
		}
		stored, _, err := db.FindReplyByID(ctx, f.same, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != stored.ID || got.ThreadID != stored.ThreadID || got.Number != stored.Number || got.AuthorID != stored.AuthorID ||
			got.AuthorName != stored.AuthorName || got.Body != stored.Body || got.BodyHTML != stored.BodyHTML ||
			got.ReplyToID != stored.ReplyToID || got.ReplyToNum != stored.ReplyToNum || got.LikeCount != 0 || got.LikedByMe ||
			!got.CreatedAt.Equal(stored.CreatedAt) || got.EditedAt != nil || got.DeletedAt != nil {
			t.Errorf("CreateReply returned %+v, stored %+v", got, stored)
		}
	})
}

// FollowStates answers follows and mutes in one read, each for its own
// targets only, and for no one else.
func TestFollowStates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.thread(t, f.anne, allmenning.NewThread{})
		b := f.thread(t, f.anne, allmenning.NewThread{})
		ref := func(kind string, id int64) allmenning.FollowRef {
			return allmenning.FollowRef{Kind: kind, Ref: strconv.FormatInt(id, 10)}
		}
		ra, rb, member := ref(allmenning.FollowThread, a.ID), ref(allmenning.FollowThread, b.ID), ref(allmenning.FollowMember, f.anne.ID)
		for _, step := range []func() error{
			func() error { return db.SetFollow(ctx, f.berit.ID, allmenning.FollowThread, a.ID, true) },
			func() error { return db.SetMute(ctx, f.berit.ID, allmenning.FollowThread, b.ID, true) },
			func() error { return db.SetFollow(ctx, f.berit.ID, allmenning.FollowMember, f.anne.ID, true) },
			func() error { return db.SetMute(ctx, f.ola.ID, allmenning.FollowThread, a.ID, true) },
		} {
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		follows, mutes, err := db.FollowStates(ctx, f.berit.ID, []allmenning.FollowRef{ra, rb, member})
		if err != nil {
			t.Fatal(err)
		}
		if !follows[ra] || follows[rb] || !follows[member] || len(follows) != 2 {
			t.Errorf("follows = %v, want thread %d and member %d", follows, a.ID, f.anne.ID)
		}
		if mutes[ra] || !mutes[rb] || len(mutes) != 1 {
			t.Errorf("mutes = %v, want thread %d only", mutes, b.ID)
		}
		// Asked for one target, the answer holds that one only.
		if follows, mutes, err := db.FollowStates(ctx, f.berit.ID, []allmenning.FollowRef{rb}); err != nil || len(follows) != 0 || !mutes[rb] {
			t.Errorf("only b: follows %v, mutes %v, %v", follows, mutes, err)
		}
	})
}
