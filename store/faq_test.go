package store_test

import (
	"slices"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

func TestFAQ(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		etikk := areaID(t, db, "etikk")
		answered := func(author *allmenning.Member, vis allmenning.Visibility) (*allmenning.Thread, *allmenning.Reply) {
			t.Helper()
			q := f.question(t, author, allmenning.NewThread{Area: "etikk", Visibility: vis})
			replier := f.berit
			if author == f.berit {
				replier = f.anne
			}
			r := f.reply(t, replier, q.ID, "Godtatt svar")
			if _, err := db.AcceptAnswer(ctx, author, r.ID); err != nil {
				t.Fatal(err)
			}
			return q, r
		}
		q1, r1 := answered(f.anne, "")
		q2, _ := answered(f.berit, "")
		q3, _ := answered(f.anne, allmenning.VisMunicipality)
		open := f.question(t, f.anne, allmenning.NewThread{Area: "etikk"})
		other := f.question(t, f.anne, allmenning.NewThread{Area: "juridisk"})
		or := f.reply(t, f.ola, other.ID, "Svar")
		if _, err := db.AcceptAnswer(ctx, f.anne, or.ID); err != nil {
			t.Fatal(err)
		}

		wantCode(t, db.AddFAQ(ctx, f.mona, open.ID), allmenning.EINVALID, "", "")
		for _, q := range []*allmenning.Thread{q2, q1, q3, q2} {
			by := f.mona
			if q == q3 {
				by = f.berit // Mona cannot see Trondheim's private question
				wantCode(t, db.AddFAQ(ctx, f.mona, q.ID), allmenning.ENOTFOUND, "", "")
			}
			if err := db.AddFAQ(ctx, by, q.ID); err != nil {
				t.Fatalf("add %d: %v", q.ID, err)
			}
		}
		if err := db.AddFAQ(ctx, f.mona, other.ID); err != nil {
			t.Fatal(err)
		}
		faq := func(v allmenning.Viewer, area int64, want ...*allmenning.Thread) []*allmenning.FAQEntry {
			t.Helper()
			list, err := db.FindFAQ(ctx, v, area)
			if err != nil {
				t.Fatal(err)
			}
			got := []int64{}
			for _, e := range list {
				got = append(got, e.Question.ID)
				if e.AreaID != area {
					t.Errorf("entry in area %d listed for %d", e.AreaID, area)
				}
			}
			if !slices.Equal(got, ids(want...)) {
				t.Errorf("FAQ for %+v: %v, want %v", v, got, ids(want...))
			}
			return list
		}
		list := faq(f.same, etikk, q2, q1, q3)
		if e := list[1]; e.Position != 1 || e.Answer == nil || e.Answer.ID != r1.ID || e.Answer.Body != "Godtatt svar" || e.Question.AcceptedAnswerID != r1.ID {
			t.Errorf("entry = %+v, answer %+v", e, e.Answer)
		}
		faq(f.other, etikk, q2, q1)
		faq(f.anon, etikk)
		faq(f.same, areaID(t, db, "juridisk"), other)
		faq(f.same, areaID(t, db, "operativ")) // a parent does not list its children's

		if err := db.MoveFAQ(ctx, q3.ID, -1); err != nil {
			t.Fatal(err)
		}
		faq(f.same, etikk, q2, q3, q1)
		if err := db.MoveFAQ(ctx, q2.ID, -1); err != nil {
			t.Fatal(err)
		}
		if err := db.MoveFAQ(ctx, q1.ID, 1); err != nil {
			t.Fatal(err)
		}
		faq(f.same, etikk, q2, q3, q1)
		if err := db.MoveFAQ(ctx, q2.ID, 1); err != nil {
			t.Fatal(err)
		}
		list = faq(f.same, etikk, q3, q2, q1)
		for i, e := range list {
			if e.Position != i {
				t.Errorf("entry %d has position %d", i, e.Position)
			}
		}
		wantCode(t, db.MoveFAQ(ctx, open.ID, 1), allmenning.ENOTFOUND, "", "")

		// Unaccepted: the entry stays without an answer; deleted: it is hidden.
		if _, err := db.UnacceptAnswer(ctx, f.anne, q1.ID); err != nil {
			t.Fatal(err)
		}
		if list := faq(f.same, etikk, q3, q2, q1); list[2].Answer != nil {
			t.Errorf("unaccepted entry has answer %+v", list[2].Answer)
		}
		if err := db.DeleteThread(ctx, f.mona, q2.ID); err != nil {
			t.Fatal(err)
		}
		faq(f.mod, etikk, q1)
		if err := db.RemoveFAQ(ctx, q1.ID); err != nil {
			t.Fatal(err)
		}
		faq(f.same, etikk, q3)
		wantCode(t, db.RemoveFAQ(ctx, q1.ID), allmenning.ENOTFOUND, "", "")
		if err := db.AddFAQ(ctx, f.berit, q1.ID); allmenning.ErrorCode(err) != allmenning.EINVALID {
			t.Errorf("adding an unaccepted question: %v", err)
		}
		if _, err := db.FindFAQ(ctx, f.same, 999999); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("unknown area: %v", err)
		}
		d := f.thread(t, f.anne, allmenning.NewThread{Area: "etikk"})
		wantCode(t, db.AddFAQ(ctx, f.mona, d.ID), allmenning.ENOTFOUND, "", "")
		wantCode(t, db.AddFAQ(ctx, nil, q3.ID), allmenning.EUNAUTHORIZED, "", "")
	})
}
