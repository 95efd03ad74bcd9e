package store_test

import (
	"slices"
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

// The thread page's unread mark, counted from the replies on the page when
// the page holds them all and read from the database when it does not, is
// the mark the thread has in a list: never read, read part of the way with
// a deleted reply among the new ones, read to the end.
func TestFindThreadPageUnreadMark(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		th := f.thread(t, f.anne, allmenning.NewThread{Title: "Uleste svar", Visibility: allmenning.VisPublic})
		var replies []*allmenning.Reply
		for _, body := range []string{"En.", "To.", "Tre.", "Fire."} {
			replies = append(replies, f.reply(t, f.berit, th.ID, body))
		}
		ola := allmenning.ViewerOf(f.ola)
		now := time.Now()
		check := func(step string, wantCount, wantFirst int) {
			t.Helper()
			list, err := db.FindThreadByID(ctx, ola, th.ID)
			if err != nil {
				t.Fatal(err)
			}
			if list.UnreadCount != wantCount || list.FirstUnread != wantFirst {
				t.Fatalf("%s: the list's mark is %d from %d, want %d from %d", step, list.UnreadCount, list.FirstUnread, wantCount, wantFirst)
			}
			for _, limit := range []int{20, 2} { // all replies on the page; not all
				got, _, _, err := db.FindThreadPage(ctx, ola, th.ID, limit, now)
				if err != nil {
					t.Fatal(err)
				}
				if got.UnreadCount != wantCount || got.FirstUnread != wantFirst {
					t.Errorf("%s, %d replies a page: unread %d from %d, want %d from %d", step, limit, got.UnreadCount, got.FirstUnread, wantCount, wantFirst)
				}
			}
		}
		check("never read", -1, 0)
		if err := db.RecordRead(ctx, f.ola.ID, th.ID, 1, now); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteReply(ctx, f.berit, replies[1].ID); err != nil {
			t.Fatal(err)
		}
		check("read to 1, reply 2 deleted", 2, 3)
		if err := db.RecordRead(ctx, f.ola.ID, th.ID, 4, now); err != nil {
			t.Fatal(err)
		}
		check("read to the end", 0, 0)
	})
}

// The thread page's tags, read as ids with the thread's row and named from
// the tags already read, are the tags a list shows, in the same order: by
// facet, then Norwegian alphabetical order. A tag created after the others
// were read shows at once, and so does the tag another was merged into.
func TestFindThreadPageTags(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var hoytid int64
		for _, fc := range mustFacets(t, db) {
			if fc.Slug == "hoytid" {
				hoytid = fc.ID
			}
		}
		for _, name := range []string{"Åsted", "Ærend", "Zebra"} {
			if _, err := db.CreateTag(ctx, hoytid, "", name); err != nil {
				t.Fatal(err)
			}
		}
		now := time.Now()
		same := func(step string, id int64, want ...string) {
			t.Helper()
			got, _, _, err := db.FindThreadPage(ctx, f.same, id, 20, now)
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			if page, list := tagSlugs(got.Tags), tagSlugs(findThread(t, db, f.same, id).Tags); !slices.Equal(page, want) || !slices.Equal(list, want) {
				t.Errorf("%s: the page has %q and the list %q, want %q", step, page, list, want)
			}
		}
		th := f.thread(t, f.anne, allmenning.NewThread{Tags: []string{"asted", "skole", "zebra", "jul", "aerend"}})
		same("five tags", th.ID, "jul", "zebra", "aerend", "asted", "skole")
		same("again, from the tags read", th.ID, "jul", "zebra", "aerend", "asted", "skole")
		none := f.thread(t, f.anne, allmenning.NewThread{})
		same("no tags", none.ID)

		later, err := db.CreateTag(ctx, hoytid, "", "Ålesund-dagen")
		if err != nil {
			t.Fatal(err)
		}
		th2 := f.thread(t, f.anne, allmenning.NewThread{Tags: []string{later.Slug, "jul"}})
		same("a tag created after the others were read", th2.ID, "jul", later.Slug)

		if err := db.MergeTags(ctx, tagID(t, db, "zebra"), later.ID); err != nil {
			t.Fatal(err)
		}
		same("after zebra was merged into the new tag", th.ID, "jul", "aerend", later.Slug, "asted", "skole")
	})
}
