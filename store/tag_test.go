package store_test

import (
	"slices"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

func allTags(t *testing.T, db *store.DB) []*allmenning.Tag {
	t.Helper()
	facets, err := db.FindFacets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var tags []*allmenning.Tag
	for _, f := range facets {
		tags = append(tags, f.Tags...)
	}
	return tags
}

func tagID(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	tags, err := db.ResolveTags(ctx, []string{name})
	if err != nil || len(tags) != 1 {
		t.Fatalf("resolve %q: %v, %v", name, tags, err)
	}
	return tags[0].ID
}

// checkCounts checks that CountTags(f)[tag] is FindThreads(f with the tag added).Total for every tag.
func checkCounts(t *testing.T, db *store.DB, v allmenning.Viewer, f allmenning.ThreadFilter) map[int64]int {
	t.Helper()
	counts, err := db.CountTags(ctx, v, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range allTags(t, db) {
		g := f
		g.Tags = append(slices.Clone(f.Tags), tag.Slug)
		if want := findThreads(t, db, v, g).Total; counts[tag.ID] != want {
			t.Errorf("CountTags(%q)[%s] = %d, FindThreads(%q).Total = %d", f.Tags, tag.Slug, counts[tag.ID], g.Tags, want)
		}
	}
	return counts
}

// Tag filters: AND across facets, OR within a facet; CountTags agrees with FindThreads.
func TestTagFilter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		mk := func(tags ...string) *allmenning.Thread {
			return f.thread(t, f.anne, allmenning.NewThread{Tags: tags})
		}
		t1 := mk("jul", "skole")
		t2 := mk("paske", "skole")
		t3 := mk("jul", "helse")
		t4 := mk("jul")
		t5 := mk("skole")
		t6 := mk("paske", "helse", "leder")
		// Invisible to Berit (another municipality's) and deleted ones never count.
		f.thread(t, f.ola, allmenning.NewThread{Tags: []string{"jul", "skole", "paske"}, Visibility: allmenning.VisMunicipality})
		gone := mk("jul", "skole")
		if err := db.DeleteThread(ctx, f.anne, gone.ID); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			tags []string
			want []*allmenning.Thread
		}{
			{nil, []*allmenning.Thread{t1, t2, t3, t4, t5, t6}},
			{[]string{"jul"}, []*allmenning.Thread{t1, t3, t4}},
			{[]string{"Jul"}, []*allmenning.Thread{t1, t3, t4}},
			{[]string{"jul", "paske"}, []*allmenning.Thread{t1, t2, t3, t4, t6}},
			{[]string{"jul", "skole"}, []*allmenning.Thread{t1}},
			{[]string{"jul", "paske", "skole"}, []*allmenning.Thread{t1, t2}},
			{[]string{"jul", "paske", "skole", "helse"}, []*allmenning.Thread{t1, t2, t3, t6}},
			{[]string{"paske", "helse", "leder"}, []*allmenning.Thread{t6}},
			{[]string{"skole", "skole"}, []*allmenning.Thread{t1, t2, t5}},
			{[]string{"kultur"}, nil},
			{[]string{"jul", "finnes-ikke"}, nil},
		} {
			filter := allmenning.ThreadFilter{Tags: tc.tags}
			p := findThreads(t, db, f.same, filter)
			want := sortedIDs(ids(tc.want...))
			if got := sortedIDs(threadIDs(p)); !slices.Equal(got, want) || p.Total != len(want) {
				t.Errorf("tags %q: %v (total %d), want %v", tc.tags, got, p.Total, want)
			}
			checkCounts(t, db, f.same, filter)
		}
		// Some numbers spelt out: with jul chosen, skole (another facet)
		// counts threads with both; paske (same facet) counts what jul OR paske gives.
		counts := checkCounts(t, db, f.same, allmenning.ThreadFilter{Tags: []string{"jul"}})
		for name, want := range map[string]int{"jul": 3, "skole": 1, "helse": 1, "paske": 5, "leder": 0, "kultur": 0} {
			if got := counts[tagID(t, db, name)]; got != want {
				t.Errorf("with jul chosen, %s counts %d, want %d", name, got, want)
			}
		}
		counts = checkCounts(t, db, f.same, allmenning.ThreadFilter{})
		for name, want := range map[string]int{"jul": 3, "skole": 3, "helse": 2, "paske": 2, "leder": 1} {
			if got := counts[tagID(t, db, name)]; got != want {
				t.Errorf("without a filter, %s counts %d, want %d", name, got, want)
			}
		}
		// Counts follow the rest of the filter, and the viewer.
		checkCounts(t, db, f.same, allmenning.ThreadFilter{Tags: []string{"skole"}, Author: f.anne.ID, Area: "operativ"})
		checkCounts(t, db, f.other, allmenning.ThreadFilter{Tags: []string{"jul", "skole"}})
		if got := checkCounts(t, db, f.other, allmenning.ThreadFilter{})[tagID(t, db, "jul")]; got != 4 {
			t.Errorf("jul for Ola = %d, want 4 (with his own municipality's thread)", got)
		}
		if got := checkCounts(t, db, allmenning.Viewer{}, allmenning.ThreadFilter{})[tagID(t, db, "jul")]; got != 0 {
			t.Errorf("jul for anonymous = %d, want 0", got)
		}
	})
}

// Synonyms and merges, and how tags resolve.
func TestSynonymsAndMerges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		hoytid := int64(0)
		facets, err := db.FindFacets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, fc := range facets {
			if fc.Slug == "hoytid" {
				hoytid = fc.ID
			}
		}
		ferie, err := db.CreateTag(ctx, hoytid, "", "Ferie")
		if err != nil {
			t.Fatal(err)
		}
		if ferie.Slug != "ferie" || ferie.Name != "Ferie" || ferie.FacetID != hoytid || ferie.FacetSlug != "hoytid" {
			t.Errorf("created tag = %+v", ferie)
		}
		sommer := tagID(t, db, "sommerferie")
		ferietid, err := db.CreateTag(ctx, hoytid, "ferietid", "Ferietid")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddSynonym(ctx, ferietid.ID, "  Fri  TID "); err != nil {
			t.Fatal(err)
		}
		both := f.thread(t, f.anne, allmenning.NewThread{Tags: []string{"ferie", "sommerferie"}})
		onlyFerie := f.thread(t, f.anne, allmenning.NewThread{Tags: []string{"Ferie", "jul"}})
		onlyTid := f.thread(t, f.anne, allmenning.NewThread{Tags: []string{"fri tid"}})
		if got := tagSlugs(onlyTid.Tags); !slices.Equal(got, []string{"ferietid"}) {
			t.Errorf("thread tagged by synonym has %q", got)
		}

		// Ferietid into Ferie, then Ferie into Sommerferie: both follow.
		if err := db.MergeTags(ctx, ferietid.ID, ferie.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.MergeTags(ctx, ferie.ID, sommer); err != nil {
			t.Fatal(err)
		}
		for _, th := range []*allmenning.Thread{both, onlyFerie, onlyTid} {
			got := findThread(t, db, f.same, th.ID)
			if n := slices.Index(tagSlugs(got.Tags), "sommerferie"); n < 0 || slices.Contains(tagSlugs(got.Tags), "ferie") || slices.Contains(tagSlugs(got.Tags), "ferietid") {
				t.Errorf("thread %d after merges has %q", th.ID, tagSlugs(got.Tags))
			}
		}
		if got := tagSlugs(findThread(t, db, f.same, both.ID).Tags); !slices.Equal(got, []string{"sommerferie"}) {
			t.Errorf("thread with both has %q, want sommerferie once", got)
		}
		for _, name := range []string{"sommerferie", "Sommerferie", "ferie", "FERIE", "ferietid", "Ferietid", "fri tid", "Fri Tid"} {
			tags, err := db.ResolveTags(ctx, []string{name})
			if err != nil || len(tags) != 1 || tags[0].ID != sommer {
				t.Errorf("resolve %q = %+v, %v; want sommerferie", name, tags, err)
			}
		}
		tags, err := db.ResolveTags(ctx, []string{"ferie", "Jul", "sommerferie", "  ", "jul"})
		if err != nil || !slices.Equal(tagSlugs(tags), []string{"sommerferie", "jul"}) {
			t.Errorf("resolve a list = %q, %v", tagSlugs(tags), err)
		}
		_, err = db.ResolveTags(ctx, []string{"jul", "vinterferie"})
		wantCode(t, err, allmenning.EINVALID, "tags", "error.tag.unknown")

		// Filters by the old names find the merged threads; FindFacets and counts know only the target.
		for _, name := range []string{"ferie", "ferietid", "sommerferie"} {
			p := findThreads(t, db, f.same, allmenning.ThreadFilter{Tags: []string{name}})
			if got, want := sortedIDs(threadIDs(p)), sortedIDs(ids(both, onlyFerie, onlyTid)); !slices.Equal(got, want) {
				t.Errorf("filter %q = %v, want %v", name, got, want)
			}
		}
		counts := checkCounts(t, db, f.same, allmenning.ThreadFilter{})
		if counts[sommer] != 3 || counts[ferie.ID] != 0 || counts[ferietid.ID] != 0 {
			t.Errorf("counts: sommerferie %d, ferie %d, ferietid %d", counts[sommer], counts[ferie.ID], counts[ferietid.ID])
		}
		for _, fc := range mustFacets(t, db) {
			for _, tag := range fc.Tags {
				if tag.ID == ferie.ID || tag.ID == ferietid.ID {
					t.Errorf("merged tag %s still listed", tag.Slug)
				}
				if tag.ID == sommer && !slices.Equal(tag.Synonyms, []string{"ferie", "ferietid", "fri tid"}) {
					t.Errorf("sommerferie's synonyms = %q", tag.Synonyms)
				}
			}
		}

		// Synonyms: lowercased, unique, not another tag's name.
		jul := tagID(t, db, "jul")
		if err := db.AddSynonym(ctx, jul, "Juletid"); err != nil {
			t.Fatal(err)
		}
		if err := db.AddSynonym(ctx, jul, "juletid"); err != nil {
			t.Errorf("adding a tag's own synonym again: %v", err)
		}
		for _, c := range []struct {
			tag                  int64
			synonym              string
			code, field, message string
		}{
			{sommer, "JULETID", allmenning.ECONFLICT, "synonym", "error.tag.taken"},
			{sommer, "påske", allmenning.ECONFLICT, "synonym", "error.tag.taken"},
			{jul, "ferie", allmenning.ECONFLICT, "synonym", "error.tag.taken"},
			{jul, "  ", allmenning.EINVALID, "synonym", "error.tag.name_required"},
			{jul + 1000, "noe", allmenning.ENOTFOUND, "", ""},
		} {
			err := db.AddSynonym(ctx, c.tag, c.synonym)
			if allmenning.ErrorCode(err) != c.code || (c.field != "" && allmenning.Fields(err)[c.field] != c.message) {
				t.Errorf("synonym %q: %v, want %s", c.synonym, err, c.code)
			}
		}
		if got := tagID(t, db, "JULETID"); got != jul {
			t.Errorf("juletid resolves to %d, want %d", got, jul)
		}
		wantCode(t, db.MergeTags(ctx, sommer, sommer), allmenning.EINVALID, "into", "error.tag.merge_self")
		wantCode(t, db.MergeTags(ctx, sommer, ferie.ID), allmenning.EINVALID, "into", "error.tag.merge_self") // ferie is sommerferie now
		wantCode(t, db.MergeTags(ctx, sommer, jul+1000), allmenning.ENOTFOUND, "", "")

		// Creating facets and terms.
		fc, err := db.CreateFacet(ctx, "", "Kanal")
		if err != nil || fc.Slug != "kanal" || fc.Position != len(allmenning.DefaultFacets) {
			t.Fatalf("create facet = %+v, %v", fc, err)
		}
		_, err = db.CreateFacet(ctx, "kanal", "Kanaler")
		wantCode(t, err, allmenning.ECONFLICT, "slug", "error.tag.taken")
		_, err = db.CreateFacet(ctx, "Ugyldig slug", "Navn")
		wantCode(t, err, allmenning.EINVALID, "slug", "error.area.slug_invalid")
		for _, name := range []string{"Øst", "Åpent", "Ære", "zebra", "Alfa", "Ålesund"} {
			if _, err := db.CreateTag(ctx, fc.ID, "", name); err != nil {
				t.Fatal(err)
			}
		}
		_, err = db.CreateTag(ctx, fc.ID, "", "ALFA")
		wantCode(t, err, allmenning.ECONFLICT, "slug", "error.tag.taken")
		if _, err := db.CreateTag(ctx, hoytid, "", "Alfa"); err != nil {
			t.Errorf("the same slug in another facet: %v", err)
		}
		_, err = db.CreateTag(ctx, fc.ID+1000, "", "Noe")
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
		_, err = db.CreateTag(ctx, fc.ID, "", " ")
		wantCode(t, err, allmenning.EINVALID, "name", "error.tag.name_required")
		all := mustFacets(t, db)
		last := all[len(all)-1]
		var names []string
		for _, tag := range last.Tags {
			names = append(names, tag.Name)
		}
		if want := []string{"Alfa", "zebra", "Ære", "Øst", "Ålesund", "Åpent"}; last.Slug != "kanal" || !slices.Equal(names, want) {
			t.Errorf("facet %s terms %q, want %q", last.Slug, names, want)
		}
	})
}

func mustFacets(t *testing.T, db *store.DB) []*allmenning.Facet {
	t.Helper()
	facets, err := db.FindFacets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return facets
}

// The facets are kept between calls, yet a new facet, a new term and a
// new synonym show at once, and what one caller changes in its copy does
// not reach the next.
func TestFacetsKeptAndRenewed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		newFixture(t, db)
		find := func(facets []*allmenning.Facet, slug string) *allmenning.Facet {
			for _, f := range facets {
				if f.Slug == slug {
					return f
				}
			}
			return nil
		}
		first := mustFacets(t, db)
		hoytid := find(first, "hoytid")
		if hoytid == nil || len(hoytid.Tags) == 0 {
			t.Fatalf("the seeded facets have no hoytid with terms: %+v", first)
		}
		hoytid.Tags[0].Name = "Endret av en som leste"
		hoytid.Tags = nil
		if got := find(mustFacets(t, db), "hoytid"); len(got.Tags) == 0 || got.Tags[0].Name == "Endret av en som leste" {
			t.Fatalf("a caller's change reached the next caller: %+v", got.Tags)
		}

		fc, err := db.CreateFacet(ctx, "", "Innsatsområde i test")
		if err != nil {
			t.Fatal(err)
		}
		if find(mustFacets(t, db), fc.Slug) == nil {
			t.Errorf("the new facet %q is not listed", fc.Slug)
		}
		tag, err := db.CreateTag(ctx, fc.ID, "", "Ungdom")
		if err != nil {
			t.Fatal(err)
		}
		got := find(mustFacets(t, db), fc.Slug)
		if got == nil || !slices.Equal(tagSlugs(got.Tags), []string{tag.Slug}) {
			t.Fatalf("after a new term the facet has %+v", got)
		}
		resolve := func(step, name string, want int64) {
			t.Helper()
			tags, err := db.ResolveTags(ctx, []string{name})
			if err != nil || len(tags) != 1 || tags[0].ID != want {
				t.Errorf("%s: %q resolves to %+v, %v; want tag %d", step, name, tags, err, want)
			}
		}
		resolve("a new term", "ungdom", tag.ID)
		if err := db.AddSynonym(ctx, tag.ID, "unge"); err != nil {
			t.Fatal(err)
		}
		got = find(mustFacets(t, db), fc.Slug)
		if len(got.Tags) != 1 || !slices.Equal(got.Tags[0].Synonyms, []string{"unge"}) {
			t.Errorf("after a new synonym the term has %+v", got.Tags)
		}
		resolve("a new synonym", "unge", tag.ID)
		barn, err := db.CreateTag(ctx, fc.ID, "", "Barn")
		if err != nil {
			t.Fatal(err)
		}
		resolve("another new term", "barn", barn.ID)
		if err := db.MergeTags(ctx, barn.ID, tag.ID); err != nil {
			t.Fatal(err)
		}
		resolve("a term merged into another", "barn", tag.ID)
		if got := find(mustFacets(t, db), fc.Slug); !slices.Equal(tagSlugs(got.Tags), []string{tag.Slug}) {
			t.Errorf("after the merge the facet lists %q", tagSlugs(got.Tags))
		}
	})
}
