package store_test

import (
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// A thread page read through the replies cache of one node shows every
// change made through another node as soon as it commits, and what differs
// per viewer — their own likes, deleted replies blanked for all but
// moderators — is never shared between viewers.
func TestRepliesCacheAcrossNodes(t *testing.T) {
	dbtest.EachNodes(t, func(t *testing.T, a, b *store.DB) {
		f := newFixture(t, a)
		th := f.thread(t, f.anne, allmenning.NewThread{Title: "Hurtigbuffer"})
		rep := f.reply(t, f.berit, th.ID, "Første versjon.")
		anne, ola, mona := allmenning.ViewerOf(f.anne), f.other, f.mod
		page := func(step string, v allmenning.Viewer) *allmenning.Reply {
			t.Helper()
			_, list, _, err := a.FindThreadPage(ctx, v, th.ID, 20, time.Now())
			if err != nil || len(list) != 1 {
				t.Fatalf("%s: FindThreadPage = %d replies, %v", step, len(list), err)
			}
			return list[0]
		}
		if r := page("first view", anne); r.Body != "Første versjon." {
			t.Fatalf("first view shows %q", r.Body)
		}

		if _, err := b.UpdateReply(ctx, f.berit, rep.ID, "Andre versjon.", "<p>Andre versjon.</p>", nil); err != nil {
			t.Fatal(err)
		}
		if r := page("edited on the other node", anne); r.Body != "Andre versjon." || r.EditedAt == nil {
			t.Errorf("after the edit Anne sees %q (edited %v)", r.Body, r.EditedAt)
		}

		if _, err := b.SetLike(ctx, f.ola, allmenning.PostReply, rep.ID, true); err != nil {
			t.Fatal(err)
		}
		if r := page("liked", ola); r.LikeCount != 1 || !r.LikedByMe {
			t.Errorf("Ola, who liked it, sees %d likes, liked by him %v", r.LikeCount, r.LikedByMe)
		}
		if r := page("liked", anne); r.LikeCount != 1 || r.LikedByMe {
			t.Errorf("Anne sees %d likes, liked by her %v", r.LikeCount, r.LikedByMe)
		}

		if _, err := b.UpdateProfile(ctx, f.berit.ID, allmenning.ProfileUpdate{Name: "Berit Bakken", Language: "nb"}); err != nil {
			t.Fatal(err)
		}
		if r := page("author renamed", anne); r.AuthorName != "Berit Bakken" {
			t.Errorf("after the rename the reply is by %q", r.AuthorName)
		}

		if err := b.DeleteReply(ctx, f.mona, rep.ID); err != nil {
			t.Fatal(err)
		}
		if r := page("deleted", mona); r.Body != "Andre versjon." || r.DeletedAt == nil {
			t.Errorf("the moderator sees %q (deleted %v)", r.Body, r.DeletedAt)
		}
		if r := page("deleted", anne); r.Body != "" || r.LikeCount != 0 || r.DeletedAt == nil {
			t.Errorf("Anne sees a deleted reply as %q with %d likes", r.Body, r.LikeCount)
		}
		if r := page("deleted, moderator again", mona); r.Body != "Andre versjon." {
			t.Errorf("blanking for Anne reached the moderator's page: %q", r.Body)
		}

		if err := b.RestoreReply(ctx, rep.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := b.CreateReply(ctx, f.ola, th.ID, allmenning.NewReply{Body: "Nytt svar."}, "<p>Nytt svar.</p>", nil); err != nil {
			t.Fatal(err)
		}
		_, list, _, err := a.FindThreadPage(ctx, anne, th.ID, 20, time.Now())
		if err != nil || len(list) != 2 || list[0].Body != "Andre versjon." || list[1].Body != "Nytt svar." {
			t.Errorf("after restore and a new reply Anne sees %d replies (%v)", len(list), err)
		}
	})
}
