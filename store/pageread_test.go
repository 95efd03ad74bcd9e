package store_test

import (
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// The thread page's one read answers as the separate reads would: who may
// see the thread, whether the viewer liked it, its unread mark, and whether
// the viewer's read of the replies shown is recorded today.
func TestFindThreadPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{Title: "Leses den?", Visibility: allmenning.VisMunicipality})
		f.reply(t, f.berit, th.ID, "Første svar.")
		anne := allmenning.ViewerOf(f.anne)
		now := time.Now()
		page := func(step string, v allmenning.Viewer) (*allmenning.Thread, []*allmenning.Reply, bool) {
			t.Helper()
			got, replies, read, err := db.FindThreadPage(ctx, v, th.ID, 20, now)
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			return got, replies, read
		}
		// Anne wrote the thread, so she has read it up to Berit's reply.
		if got, replies, read := page("first view", anne); read || got.LikedByMe || len(replies) != 1 || got.UnreadCount != 1 {
			t.Errorf("first view: read %v, liked %v, %d replies, unread %d; want unread, not liked, 1 reply, 1 unread", read, got.LikedByMe, len(replies), got.UnreadCount)
		}
		if err := db.RecordRead(ctx, f.anne.ID, th.ID, 1, now); err != nil {
			t.Fatal(err)
		}
		if got, _, read := page("after reading", anne); !read || got.UnreadCount != 0 {
			t.Errorf("after reading: read %v, unread %d; want read, 0 unread", read, got.UnreadCount)
		}
		f.reply(t, f.berit, th.ID, "Andre svar.")
		if got, replies, read := page("a new reply", anne); read || len(replies) != 2 || got.UnreadCount != 1 || got.FirstUnread != 2 {
			t.Errorf("after a new reply: read %v, %d replies, unread %d from %d; want unread, 2, 1 from 2", read, len(replies), got.UnreadCount, got.FirstUnread)
		}
		if _, err := db.SetLike(ctx, f.berit, allmenning.PostThread, th.ID, true); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := page("liked by Berit", f.same); !got.LikedByMe || got.LikeCount != 1 {
			t.Errorf("Berit sees liked %v, %d likes", got.LikedByMe, got.LikeCount)
		}
		if got, _, _ := page("not liked by Anne", anne); got.LikedByMe {
			t.Error("Anne sees Berit's like as her own")
		}
		// Ola is in another municipality: the thread is not there for him.
		if _, _, _, err := db.FindThreadPage(ctx, f.other, th.ID, 20, now); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("another municipality's member: %v, want ENOTFOUND", err)
		}
	})
}
