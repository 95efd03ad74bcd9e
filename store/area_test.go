package store_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// areaOutline is "slug(count)[child(count) …]" for each visible top-level area.
func areaOutline(t *testing.T, db *store.DB, v allmenning.Viewer, includeArchived bool) []string {
	t.Helper()
	areas, err := db.FindAreas(ctx, v, includeArchived)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range areas {
		s := a.Slug + "(" + strconv.Itoa(a.ThreadCount) + ")["
		for i, c := range a.Children {
			if i > 0 {
				s += " "
			}
			s += c.Slug + "(" + strconv.Itoa(c.ThreadCount) + ")"
		}
		out = append(out, s+"]")
	}
	return out
}

func TestAreaTree(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		outline := func(want ...string) {
			t.Helper()
			if got := areaOutline(t, db, f.same, false); !slices.Equal(got, want) {
				t.Errorf("areas =\n  %q\nwant\n  %q", got, want)
			}
		}
		outline(
			"strategi(0)[hvorfor-sosiale-medier(0) strategi-for-sosiale-medier(0)]",
			"operativ(0)[etikk(0) juridisk(0) arkivering(0) kampanje(0) kildekode-og-samarbeid(0)]",
			"krise(0)[beredskap(0) krisehandtering(0)]",
		)

		// Creating: slug from the name, last among siblings, two levels only.
		top, err := db.CreateArea(ctx, allmenning.NewArea{Name: "  Rekruttering og   omdømme ", Description: " Om å bli sett. "})
		if err != nil {
			t.Fatal(err)
		}
		if top.Slug != "rekruttering-og-omdomme" || top.Name != "Rekruttering og omdømme" || top.Description != "Om å bli sett." || top.ParentID != 0 || top.Position != 3 {
			t.Errorf("created area = %+v", top)
		}
		krise, err := db.FindAreaBySlug(ctx, "krise")
		if err != nil {
			t.Fatal(err)
		}
		if len(krise.Children) != 2 || krise.Children[0].Slug != "beredskap" {
			t.Errorf("krise = %+v", krise)
		}
		child, err := db.CreateArea(ctx, allmenning.NewArea{ParentID: krise.ID, Slug: "evaluering", Name: "Evaluering"})
		if err != nil {
			t.Fatal(err)
		}
		if child.ParentID != krise.ID || child.Position != 2 {
			t.Errorf("created child = %+v", child)
		}
		for _, c := range []struct {
			name             string
			n                allmenning.NewArea
			code, field, msg string
		}{
			{"grandchild", allmenning.NewArea{ParentID: child.ID, Name: "Barnebarn"}, allmenning.EINVALID, "parent", "error.area.parent_invalid"},
			{"unknown parent", allmenning.NewArea{ParentID: child.ID + 1000, Name: "Foreldreløs"}, allmenning.EINVALID, "parent", "error.area.parent_invalid"},
			{"taken slug", allmenning.NewArea{Name: "Etikk"}, allmenning.ECONFLICT, "slug", "error.area.slug_taken"},
			{"taken slug as child", allmenning.NewArea{ParentID: krise.ID, Name: "Krise"}, allmenning.ECONFLICT, "slug", "error.area.slug_taken"},
			{"no name", allmenning.NewArea{Name: "  ", Slug: "tomt"}, allmenning.EINVALID, "name", "error.area.name_required"},
			{"bad slug", allmenning.NewArea{Name: "Noe", Slug: "Store Bokstaver"}, allmenning.EINVALID, "slug", "error.area.slug_invalid"},
		} {
			_, err := db.CreateArea(ctx, c.n)
			if allmenning.ErrorCode(err) != c.code || allmenning.Fields(err)[c.field] != c.msg {
				t.Errorf("%s: %v, want %s on %s (%s)", c.name, err, c.code, c.field, c.msg)
			}
		}

		// Updating: renaming keeps the slug unless one is given; a taken slug is a conflict.
		got, err := db.UpdateArea(ctx, child.ID, allmenning.NewArea{Name: "Evaluering og læring", Description: "Etterpå."})
		if err != nil {
			t.Fatal(err)
		}
		if got.Slug != "evaluering" || got.Name != "Evaluering og læring" || got.Description != "Etterpå." || got.ParentID != krise.ID {
			t.Errorf("renamed = %+v", got)
		}
		_, err = db.UpdateArea(ctx, child.ID, allmenning.NewArea{Name: "Evaluering", Slug: "beredskap"})
		wantCode(t, err, allmenning.ECONFLICT, "slug", "error.area.slug_taken")
		if got, err = db.UpdateArea(ctx, child.ID, allmenning.NewArea{Name: "Evaluering", Slug: "laering"}); err != nil || got.Slug != "laering" {
			t.Fatalf("change slug = %+v, %v", got, err)
		}
		if _, err := db.FindAreaBySlug(ctx, "evaluering"); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("old slug still found: %v", err)
		}
		_, err = db.UpdateArea(ctx, child.ID+1000, allmenning.NewArea{Name: "Ingen"})
		wantCode(t, err, allmenning.ENOTFOUND, "", "")

		// Moving swaps with the neighbour; the ends stay put.
		for _, m := range []struct {
			slug  string
			delta int
		}{{"krise", -1}, {"strategi", -1}, {"rekruttering-og-omdomme", 1}, {"laering", -1}, {"laering", -1}, {"laering", -1}, {"beredskap", 1}} {
			a, err := db.FindAreaBySlug(ctx, m.slug)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.MoveArea(ctx, a.ID, m.delta); err != nil {
				t.Fatalf("move %s %+d: %v", m.slug, m.delta, err)
			}
		}
		outline(
			"strategi(0)[hvorfor-sosiale-medier(0) strategi-for-sosiale-medier(0)]",
			"krise(0)[laering(0) krisehandtering(0) beredskap(0)]",
			"operativ(0)[etikk(0) juridisk(0) arkivering(0) kampanje(0) kildekode-og-samarbeid(0)]",
			"rekruttering-og-omdomme(0)[]",
		)
		wantCode(t, db.MoveArea(ctx, child.ID+1000, 1), allmenning.ENOTFOUND, "", "")

		// Counts: a parent counts its children's threads.
		f.thread(t, f.anne, allmenning.NewThread{Area: "krise"})
		f.thread(t, f.anne, allmenning.NewThread{Area: "beredskap"})
		f.thread(t, f.anne, allmenning.NewThread{Area: strconv.FormatInt(child.ID, 10)}) // by id
		f.thread(t, f.anne, allmenning.NewThread{Area: "laering", Visibility: allmenning.VisMunicipality})
		outline(
			"strategi(0)[hvorfor-sosiale-medier(0) strategi-for-sosiale-medier(0)]",
			"krise(4)[laering(2) krisehandtering(0) beredskap(1)]",
			"operativ(0)[etikk(0) juridisk(0) arkivering(0) kampanje(0) kildekode-og-samarbeid(0)]",
			"rekruttering-og-omdomme(0)[]",
		)
		if got := areaOutline(t, db, f.other, false)[1]; got != "krise(3)[laering(1) krisehandtering(0) beredskap(1)]" {
			t.Errorf("krise for Bergen = %s", got)
		}
		if p := findThreads(t, db, f.same, allmenning.ThreadFilter{Area: "krise"}); p.Total != 4 {
			t.Errorf("threads in krise = %d, want 4", p.Total)
		}

		// Archiving hides an area (and a parent's children) and stops new threads in it.
		beredskap, _ := db.FindAreaBySlug(ctx, "beredskap")
		if err := db.ArchiveArea(ctx, beredskap.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := areaOutline(t, db, f.same, false)[1]; got != "krise(4)[laering(2) krisehandtering(0)]" {
			t.Errorf("krise with beredskap archived = %s", got)
		}
		if got := areaOutline(t, db, f.same, true)[1]; got != "krise(4)[laering(2) krisehandtering(0) beredskap(1)]" {
			t.Errorf("krise with archived areas = %s", got)
		}
		a, _ := db.FindAreaBySlug(ctx, "beredskap")
		if a.ArchivedAt == nil {
			t.Error("archived area has no ArchivedAt")
		}
		_, err = db.CreateThread(ctx, f.anne, allmenning.NewThread{Title: "I arkivert område", Body: "Tekst", Area: "beredskap"}, "", nil)
		wantCode(t, err, allmenning.EINVALID, "area", "error.area.archived")
		if err := db.ArchiveArea(ctx, krise.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := areaOutline(t, db, f.same, false); len(got) != 3 || slices.ContainsFunc(got, func(s string) bool { return s[:5] == "krise" }) {
			t.Errorf("areas with krise archived = %q", got)
		}
		_, err = db.CreateThread(ctx, f.anne, allmenning.NewThread{Title: "Under arkivert", Body: "Tekst", Area: "laering"}, "", nil)
		wantCode(t, err, allmenning.EINVALID, "area", "error.area.archived")
		for _, id := range []int64{krise.ID, beredskap.ID} {
			if err := db.ArchiveArea(ctx, id, false); err != nil {
				t.Fatal(err)
			}
		}
		f.thread(t, f.anne, allmenning.NewThread{Area: "beredskap"})
		if got := areaOutline(t, db, f.same, false)[1]; got != "krise(5)[laering(2) krisehandtering(0) beredskap(2)]" {
			t.Errorf("krise after unarchiving = %s", got)
		}
		wantCode(t, db.ArchiveArea(ctx, krise.ID+1000, true), allmenning.ENOTFOUND, "", "")
		_, err = db.CreateThread(ctx, f.anne, allmenning.NewThread{Title: "Ukjent område", Body: "Tekst", Area: "finnes-ikke"}, "", nil)
		wantCode(t, err, allmenning.EINVALID, "area", "error.area.not_found")
		_, err = db.FindAreaBySlug(ctx, "finnes-ikke")
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
	})
}
