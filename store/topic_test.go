package store_test

import (
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

func TestTopicOfTheWeek(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		if _, err := db.FindCurrentTopic(ctx, f.same); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("no topic yet: %v", err)
		}
		public := f.thread(t, f.anne, allmenning.NewThread{Title: "Offentlig tråd", Visibility: allmenning.VisPublic})
		members := f.thread(t, f.anne, allmenning.NewThread{Title: "Tråd for medlemmer"})
		local := f.thread(t, f.ola, allmenning.NewThread{Title: "Bare Bergen", Visibility: allmenning.VisMunicipality})
		deleted := f.thread(t, f.anne, allmenning.NewThread{Title: "Slettet tråd"})
		if err := db.DeleteThread(ctx, f.mona, deleted.ID); err != nil {
			t.Fatal(err)
		}

		first, err := db.CreateTopic(ctx, f.mona, allmenning.NewTopic{ThreadID: public.ID, Intro: "  Les denne. "})
		if err != nil {
			t.Fatal(err)
		}
		if first.Intro != "Les denne." || first.ChosenBy != f.mona.ID || first.Thread == nil || first.Thread.ID != public.ID {
			t.Errorf("created %+v", first)
		}
		for _, c := range []struct {
			name  string
			n     allmenning.NewTopic
			field string
		}{
			{"municipality only", allmenning.NewTopic{ThreadID: local.ID, Intro: "x"}, "mail.topic.error.municipality_only"},
			{"another municipality's", allmenning.NewTopic{ThreadID: f.thread(t, f.anne, allmenning.NewThread{Title: "Bare Trondheim", Visibility: allmenning.VisMunicipality}).ID, Intro: "x"}, "mail.topic.error.municipality_only"},
			{"deleted", allmenning.NewTopic{ThreadID: deleted.ID, Intro: "x"}, "mail.topic.error.deleted"},
			{"unknown", allmenning.NewTopic{ThreadID: 999999, Intro: "x"}, "mail.topic.error.not_found"},
		} {
			_, err := db.CreateTopic(ctx, f.mona, c.n)
			if allmenning.ErrorCode(err) != allmenning.EINVALID || allmenning.Fields(err)["thread"] != c.field {
				t.Errorf("%s: %v (%v), want %s", c.name, err, allmenning.Fields(err), c.field)
			}
		}
		cur, err := db.FindCurrentTopic(ctx, allmenning.Viewer{})
		if err != nil || cur.ID != first.ID || cur.Thread.Title != "Offentlig tråd" || cur.ChosenByName != "Mona Moe" {
			t.Errorf("anonymous sees %+v, %v", cur, err)
		}
		second, err := db.CreateTopic(ctx, f.mona, allmenning.NewTopic{ThreadID: members.ID, Intro: "Nytt tema"})
		if err != nil {
			t.Fatal(err)
		}
		if cur, err := db.FindCurrentTopic(ctx, f.other); err != nil || cur.ID != second.ID {
			t.Errorf("member sees %+v, %v; want the newest", cur, err)
		}
		// A members-only topic is not shown to visitors, and the older one does not come back.
		if cur, err := db.FindCurrentTopic(ctx, allmenning.Viewer{}); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("anonymous sees %+v, %v; want none", cur, err)
		}
		history, err := db.FindTopics(ctx, allmenning.Viewer{}, 10)
		if err != nil || len(history) != 2 || history[0].ID != second.ID || history[0].Thread != nil || history[1].Thread == nil {
			t.Errorf("history for visitors %+v, %v", history, err)
		}
		// Deleting the topic's thread takes it off, for moderators too.
		if err := db.DeleteThread(ctx, f.mona, members.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindCurrentTopic(ctx, f.mod); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("deleted topic thread still current: %v", err)
		}
	})
}
