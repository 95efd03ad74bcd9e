package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/allmenning/allmenning"
)

// The taxonomy is small (a few facets, some dozens of terms), so resolving
// names loads it whole and matches in Go: that gives Unicode-aware case
// folding (SQLite's lower() folds ASCII only) and the same answer on both
// databases.

// taxTag is a tag as the resolver sees it.
type taxTag struct {
	allmenning.Tag
	mergedInto int64
	facetPos   int
}

type taxonomy struct {
	tags     []*taxTag // by facet position, then id
	byID     map[int64]*taxTag
	synonyms map[string]int64
}

func loadTaxonomy(ctx context.Context, tx *Tx) (*taxonomy, error) {
	rows, err := tx.query(ctx, `SELECT tg.id, tg.facet_id, f.slug, tg.slug, tg.name, COALESCE(tg.merged_into_id, 0), f.position
		FROM tags tg JOIN facets f ON f.id = tg.facet_id ORDER BY f.position, f.id, tg.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tax := &taxonomy{byID: map[int64]*taxTag{}, synonyms: map[string]int64{}}
	for rows.Next() {
		t := &taxTag{}
		if err := rows.Scan(&t.ID, &t.FacetID, &t.FacetSlug, &t.Slug, &t.Name, &t.mergedInto, &t.facetPos); err != nil {
			return nil, err
		}
		tax.tags = append(tax.tags, t)
		tax.byID[t.ID] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	srows, err := tx.query(ctx, "SELECT synonym, tag_id FROM tag_synonyms")
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		var s string
		var id int64
		if err := srows.Scan(&s, &id); err != nil {
			return nil, err
		}
		tax.synonyms[s] = id
	}
	return tax, srows.Err()
}

// readTaxonomy is loadTaxonomy kept at the taxonomy's data version, for
// reads: every list filtered by a term resolves it. A write transaction,
// which may have changed the taxonomy before it commits, reads afresh.
// The taxonomy is shared: callers must not change it.
func readTaxonomy(ctx context.Context, tx *Tx) (*taxonomy, error) {
	if !tx.readOnly {
		return loadTaxonomy(ctx, tx)
	}
	return cachedCount(ctx, tx, versionTaxonomy, "taxonomy", func() (*taxonomy, error) { return loadTaxonomy(ctx, tx) })
}

// normalizeTerm lowercases s and collapses its spaces.
func normalizeTerm(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// target follows merges to the tag that is in use.
func (tax *taxonomy) target(t *taxTag) *taxTag {
	for range len(tax.tags) {
		next := tax.byID[t.mergedInto]
		if t.mergedInto == 0 || next == nil {
			break
		}
		t = next
	}
	return t
}

// lookup finds a tag by slug, then by name (case-insensitively), then by
// synonym, then by the slug the text would have; it does not follow merges.
func (tax *taxonomy) lookup(s string) *taxTag {
	l := normalizeTerm(s)
	if l == "" {
		return nil
	}
	for _, t := range tax.tags {
		if t.Slug == l {
			return t
		}
	}
	for _, t := range tax.tags {
		if normalizeTerm(t.Name) == l {
			return t
		}
	}
	if id, ok := tax.synonyms[l]; ok && tax.byID[id] != nil {
		return tax.byID[id]
	}
	if slug := allmenning.Slugify(l); slug != "" {
		for _, t := range tax.tags {
			if t.Slug == slug {
				return t
			}
		}
	}
	return nil
}

// resolve turns names into the tags in use, in order and without repeats.
// ok is false when some name is unknown; empty names are skipped.
func (tax *taxonomy) resolve(names []string) (tags []*taxTag, ok bool) {
	ok = true
	seen := map[int64]bool{}
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		t := tax.lookup(n)
		if t == nil {
			ok = false
			continue
		}
		t = tax.target(t)
		if !seen[t.ID] {
			seen[t.ID] = true
			tags = append(tags, t)
		}
	}
	return tags, ok
}

func unknownTags() error {
	return &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"tags": "error.tag.unknown"}}
}

func publicTag(t *taxTag) *allmenning.Tag {
	c := t.Tag
	c.Synonyms = nil
	return &c
}

// resolveTags is ResolveTags inside a transaction.
func resolveTags(ctx context.Context, tx *Tx, names []string) ([]*allmenning.Tag, error) {
	tax, err := readTaxonomy(ctx, tx)
	if err != nil {
		return nil, err
	}
	found, ok := tax.resolve(names)
	if !ok {
		return nil, unknownTags()
	}
	tags := make([]*allmenning.Tag, len(found))
	for i, t := range found {
		tags[i] = publicTag(t)
	}
	return tags, nil
}

// ResolveTags turns slugs, names (case-insensitively) and synonyms into
// tags, in order and without repeats; a merged tag gives the tag it was
// merged into. An unknown name is EINVALID for the field "tags".
func (db *DB) ResolveTags(ctx context.Context, names []string) ([]*allmenning.Tag, error) {
	var tags []*allmenning.Tag
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		tags, err = resolveTags(ctx, tx, names)
		return err
	})
	return tags, err
}

// nbOrder maps æ, ø and å to the bytes after z, as in Norwegian order.
// Built once: a Replacer builds its lookup table on first use, and nbKey
// runs twice in every comparison of a sort.
var nbOrder = strings.NewReplacer("æ", "{", "ä", "{", "ø", "|", "ö", "|", "å", "}", "é", "e", "á", "a")

// nbKey is a sort key that puts æ, ø and å after z, as in Norwegian.
func nbKey(s string) string {
	return nbOrder.Replace(strings.ToLower(s))
}

// compareTagNames orders the terms of one facet: Norwegian alphabetical
// order, then id. (Tags of several facets: threadTagLists.)
func compareTagNames(a, b *allmenning.Tag) int {
	return cmp.Or(cmp.Compare(nbKey(a.Name), nbKey(b.Name)), cmp.Compare(a.ID, b.ID))
}

// FindFacets returns the facets in order, each with its terms in Norwegian
// alphabetical order and their synonyms. Merged tags are left out.
//
// Every list page shows the facets, so they are kept at the taxonomy's
// data version, which every write to facets, tags and synonyms increments;
// each caller gets a copy of its own.
func (db *DB) FindFacets(ctx context.Context) ([]*allmenning.Facet, error) {
	var facets []*allmenning.Facet
	err := db.inReadTx(ctx, func(tx *Tx) error {
		shared, err := cachedCount(ctx, tx, versionTaxonomy, "facets", func() ([]*allmenning.Facet, error) { return readFacets(ctx, tx) })
		if err != nil {
			return err
		}
		facets = cloneFacets(shared)
		return nil
	})
	return facets, err
}

// cloneFacets copies facets and their tags.
func cloneFacets(in []*allmenning.Facet) []*allmenning.Facet {
	out := make([]*allmenning.Facet, len(in))
	for i, f := range in {
		c := *f
		c.Tags = make([]*allmenning.Tag, len(f.Tags))
		for j, t := range f.Tags {
			tc := *t
			tc.Synonyms = slices.Clone(t.Synonyms)
			c.Tags[j] = &tc
		}
		out[i] = &c
	}
	return out
}

// readFacets reads the facets in order with their terms and synonyms.
func readFacets(ctx context.Context, tx *Tx) ([]*allmenning.Facet, error) {
	var facets []*allmenning.Facet
	rows, err := tx.query(ctx, "SELECT id, slug, name, position FROM facets ORDER BY position, id")
	if err != nil {
		return nil, err
	}
	byID := map[int64]*allmenning.Facet{}
	for rows.Next() {
		f := &allmenning.Facet{Tags: []*allmenning.Tag{}}
		if err := rows.Scan(&f.ID, &f.Slug, &f.Name, &f.Position); err != nil {
			rows.Close()
			return nil, err
		}
		facets = append(facets, f)
		byID[f.ID] = f
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tax, err := loadTaxonomy(ctx, tx)
	if err != nil {
		return nil, err
	}
	synonyms := map[int64][]string{}
	for s, id := range tax.synonyms {
		synonyms[id] = append(synonyms[id], s)
	}
	for _, t := range tax.tags {
		f := byID[t.FacetID]
		if t.mergedInto != 0 || f == nil {
			continue
		}
		tag := publicTag(t)
		tag.Synonyms = synonyms[t.ID]
		slices.Sort(tag.Synonyms)
		f.Tags = append(f.Tags, tag)
	}
	for _, f := range facets {
		slices.SortFunc(f.Tags, compareTagNames)
	}
	return facets, nil
}

func fieldError(code, field, message string) error {
	return &allmenning.Error{Code: code, Message: "error.form", Fields: map[string]string{field: message}}
}

// checkSlugName normalises a name and a slug (made from the name when empty).
func checkSlugName(slug, name string) (string, string, error) {
	name = strings.Join(strings.Fields(name), " ")
	slug = strings.TrimSpace(slug)
	if slug == "" {
		slug = allmenning.Slugify(strings.ToLower(name)) // Slugify misses capital accented letters
	}
	fe := allmenning.FieldErrors{}
	if name == "" {
		fe.Add("name", "error.tag.name_required")
	} else if len([]rune(name)) > 80 {
		fe.Add("name", "error.area.name_long")
	}
	if slug == "" || allmenning.Slugify(slug) != slug || len(slug) > 80 {
		fe.Add("slug", "error.area.slug_invalid")
	}
	return slug, name, fe.Err()
}

// CreateFacet creates a facet last in order. A duplicate slug is ECONFLICT.
func (db *DB) CreateFacet(ctx context.Context, slug, name string) (*allmenning.Facet, error) {
	slug, name, err := checkSlugName(slug, name)
	if err != nil {
		return nil, err
	}
	f := &allmenning.Facet{Slug: slug, Name: name, Tags: []*allmenning.Tag{}}
	err = db.inTx(ctx, func(tx *Tx) error {
		bumpVersion(tx, versionTaxonomy)
		if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(position) + 1, 0) FROM facets").Scan(&f.Position); err != nil {
			return err
		}
		err := tx.queryRow(ctx, "INSERT INTO facets (slug, name, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
			slug, name, f.Position).Scan(&f.ID)
		if err == sql.ErrNoRows {
			return fieldError(allmenning.ECONFLICT, "slug", "error.tag.taken")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// CreateTag creates a term in a facet; the slug is made from the name when
// empty. A slug already in the facet is ECONFLICT.
func (db *DB) CreateTag(ctx context.Context, facetID int64, slug, name string) (*allmenning.Tag, error) {
	slug, name, err := checkSlugName(slug, name)
	if err != nil {
		return nil, err
	}
	t := &allmenning.Tag{FacetID: facetID, Slug: slug, Name: name}
	err = db.inTx(ctx, func(tx *Tx) error {
		bumpVersion(tx, versionTaxonomy)
		if err := tx.queryRow(ctx, "SELECT slug FROM facets WHERE id = ?", facetID).Scan(&t.FacetSlug); err != nil {
			return notFound(err, "error.facet.not_found")
		}
		err := tx.queryRow(ctx, "INSERT INTO tags (facet_id, slug, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
			facetID, slug, name).Scan(&t.ID)
		if err == sql.ErrNoRows {
			return fieldError(allmenning.ECONFLICT, "slug", "error.tag.taken")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// AddSynonym adds a lowercased synonym to a tag (to the tag it was merged
// into, if merged). A synonym that already names another tag, as synonym,
// slug or name, is ECONFLICT; adding a tag's own synonym again changes nothing.
func (db *DB) AddSynonym(ctx context.Context, tagID int64, synonym string) error {
	s := normalizeTerm(synonym)
	if s == "" {
		return fieldError(allmenning.EINVALID, "synonym", "error.tag.name_required")
	} else if len([]rune(s)) > 80 {
		return fieldError(allmenning.EINVALID, "synonym", "error.area.name_long")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		bumpVersion(tx, versionTaxonomy)
		tax, err := loadTaxonomy(ctx, tx)
		if err != nil {
			return err
		}
		t := tax.byID[tagID]
		if t == nil {
			return allmenning.Errorf(allmenning.ENOTFOUND, "error.tag.unknown")
		}
		t = tax.target(t)
		if other := tax.lookup(s); other != nil {
			if tax.target(other).ID == t.ID {
				if _, ok := tax.synonyms[s]; ok || other.ID != t.ID {
					return nil // already leads to this tag
				}
			} else {
				return fieldError(allmenning.ECONFLICT, "synonym", "error.tag.taken")
			}
		}
		_, err = tx.exec(ctx, "INSERT INTO tag_synonyms (synonym, tag_id) VALUES (?, ?) ON CONFLICT DO NOTHING", s, t.ID)
		return err
	})
}

// MergeTags moves every use of tag from to tag into (a thread with both
// keeps one), marks from as merged into into, and makes from's name and slug,
// and its synonyms, synonyms of into. Tags merged into from earlier follow.
func (db *DB) MergeTags(ctx context.Context, from, into int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		bumpVersion(tx, versionThreads)
		bumpVersion(tx, versionSearch) // search filters by tag
		bumpVersion(tx, versionTaxonomy)
		tax, err := loadTaxonomy(ctx, tx)
		if err != nil {
			return err
		}
		f, in := tax.byID[from], tax.byID[into]
		if f == nil || in == nil {
			return allmenning.Errorf(allmenning.ENOTFOUND, "error.tag.unknown")
		}
		in = tax.target(in)
		if in.ID == f.ID {
			return fieldError(allmenning.EINVALID, "into", "error.tag.merge_self")
		}
		steps := []struct {
			q    string
			args []any
		}{
			{"INSERT INTO thread_tags (thread_id, tag_id) SELECT thread_id, ? FROM thread_tags WHERE tag_id = ? ON CONFLICT DO NOTHING", []any{in.ID, f.ID}},
			{"DELETE FROM thread_tags WHERE tag_id = ?", []any{f.ID}},
			{"UPDATE tags SET merged_into_id = ? WHERE id = ? OR merged_into_id = ?", []any{in.ID, f.ID, f.ID}},
			{"UPDATE tag_synonyms SET tag_id = ? WHERE tag_id = ?", []any{in.ID, f.ID}},
		}
		for _, s := range steps {
			if _, err := tx.exec(ctx, s.q, s.args...); err != nil {
				return err
			}
		}
		for _, s := range []string{f.Slug, normalizeTerm(f.Name)} {
			if s == in.Slug || s == normalizeTerm(in.Name) {
				continue
			}
			if _, err := tx.exec(ctx, "INSERT INTO tag_synonyms (synonym, tag_id) VALUES (?, ?) ON CONFLICT DO NOTHING", s, in.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// setThreadTags replaces a thread's tags.
func setThreadTags(ctx context.Context, tx *Tx, threadID int64, tags []*allmenning.Tag) error {
	bumpVersion(tx, versionThreads)
	bumpVersion(tx, versionSearch) // search filters by tag
	if _, err := tx.exec(ctx, "DELETE FROM thread_tags WHERE thread_id = ?", threadID); err != nil {
		return err
	}
	for _, t := range tags {
		if _, err := tx.exec(ctx, "INSERT INTO thread_tags (thread_id, tag_id) VALUES (?, ?) ON CONFLICT DO NOTHING", threadID, t.ID); err != nil {
			return err
		}
	}
	return nil
}

// threadTags returns the tags of threads in one query, each list ordered by
// facet and name.
func threadTags(ctx context.Context, tx *Tx, ids []int64) (map[int64][]*allmenning.Tag, error) {
	out := map[int64][]*allmenning.Tag{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.query(ctx, "SELECT thread_id, tag_id FROM thread_tags WHERE thread_id IN ("+placeholders(len(ids))+")", int64Args(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tagIDs := map[int64][]int64{}
	for rows.Next() {
		var threadID, tagID int64
		if err := rows.Scan(&threadID, &tagID); err != nil {
			return nil, err
		}
		tagIDs[threadID] = append(tagIDs[threadID], tagID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return threadTagLists(ctx, tx, tagIDs)
}

// tagGroup is the terms of one facet in a filter: a thread must have one of them.
type tagGroup struct {
	facetID int64
	tagIDs  []int64
}

// cond is the condition that the thread t has one of the group's tags.
func (g tagGroup) cond() cond {
	return cond{"EXISTS (SELECT 1 FROM thread_tags ft WHERE ft.thread_id = t.id AND ft.tag_id IN (" + placeholders(len(g.tagIDs)) + "))", int64Args(g.tagIDs)}
}

// filterGroups resolves a filter's tags (slugs, and names and synonyms
// too) and groups them by facet. ok is false when a tag is unknown: no
// thread has it, so the filter matches nothing.
func filterGroups(tax *taxonomy, names []string) (groups []tagGroup, ok bool) {
	tags, ok := tax.resolve(names)
	byFacet := map[int64]int{}
	for _, t := range tags {
		i, seen := byFacet[t.FacetID]
		if !seen {
			i = len(groups)
			byFacet[t.FacetID] = i
			groups = append(groups, tagGroup{facetID: t.FacetID})
		}
		groups[i].tagIDs = append(groups[i].tagIDs, t.ID)
	}
	return groups, ok
}

// CountTags returns, for every term, how many threads the viewer may see
// that the filter would leave with that term added to f.Tags: with the
// filter's AND across facets and OR within a facet, a term of a facet the
// filter does not name counts the matching threads that have it; a term of a
// facet the filter names counts the threads matching the other facets and
// having either one of the facet's chosen terms or this one (for a chosen
// term, the filter's total). So CountTags(f)[id] always equals
// FindThreads(f with the term added).Total. Terms that would leave nothing
// are missing from the map. Two queries, whatever the number of terms.
func (db *DB) CountTags(ctx context.Context, v allmenning.Viewer, f allmenning.ThreadFilter) (map[int64]int, error) {
	counts := map[int64]int{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		base := threadWhere(v, f)
		tax, err := readTaxonomy(ctx, tx)
		if err != nil {
			return err
		}
		groups, ok := filterGroups(tax, f.Tags)
		if !ok {
			return nil
		}
		all := base.clone()
		constrained := map[int64]bool{}
		for _, g := range groups {
			all.addCond(g.cond())
			constrained[g.facetID] = true
		}
		// Terms of facets the filter does not name: matching threads with the
		// term. CROSS JOIN keeps SQLite to this order (PostgreSQL plans as it
		// likes): the matching threads, then their tags. Led by the tags, it
		// looks up the thread of every tag use, 2–5× slower.
		joined := all.clone()
		joined.add("tt.thread_id = t.id")
		q1 := "SELECT tt.tag_id, COUNT(*) FROM threads t CROSS JOIN thread_tags tt" + joined.String() + " GROUP BY tt.tag_id"
		// Terms of facets the filter names: the total, plus the threads that
		// match the other facets and have the term but none of the facet's chosen ones.
		var q2 string
		var args2 []any
		if len(groups) > 0 {
			parts := []string{"SELECT 0, COUNT(*) FROM threads t" + all.String()}
			args2 = append(args2, all.args...)
			for i, g := range groups {
				w := base.clone()
				for j, o := range groups {
					if j != i {
						w.addCond(o.cond())
					}
				}
				w.add("tg.facet_id = ?", g.facetID)
				not := g.cond()
				w.add("NOT "+not.sql, not.args...)
				parts = append(parts, "SELECT tt.tag_id, COUNT(*) FROM threads t JOIN thread_tags tt ON tt.thread_id = t.id JOIN tags tg ON tg.id = tt.tag_id"+w.String()+" GROUP BY tt.tag_id")
				args2 = append(args2, w.args...)
			}
			q2 = strings.Join(parts, " UNION ALL ")
		}
		compute := func() (*tagCounts, error) {
			tc := &tagCounts{byTag: map[int64]int{}, extra: map[int64]int{}}
			rows, err := tx.query(ctx, q1, joined.args...)
			if err != nil {
				return nil, err
			}
			if err := scanCounts(rows, func(id int64, n int) { tc.byTag[id] = n }); err != nil || q2 == "" {
				return tc, err
			}
			rows, err = tx.query(ctx, q2, args2...)
			if err != nil {
				return nil, err
			}
			return tc, scanCounts(rows, func(id int64, n int) {
				if id == 0 {
					tc.total = n
				} else {
					tc.extra[id] = n
				}
			})
		}
		var tc *tagCounts
		if cacheableFilter(v, f) {
			tc, err = cachedCount(ctx, tx, versionThreads, countKey(q1+"\x00"+q2, append(slices.Clone(joined.args), args2...)), compute)
		} else {
			tc, err = compute()
		}
		if err != nil {
			return err
		}
		// The taxonomy is applied here, not cached: terms created since
		// belong to their facets at once.
		for id, n := range tc.byTag {
			if t := tax.byID[id]; t != nil && !constrained[t.FacetID] {
				counts[id] = n
			}
		}
		if len(groups) == 0 {
			return nil
		}
		for _, t := range tax.tags {
			if constrained[t.FacetID] && t.mergedInto == 0 {
				if n := tc.total + tc.extra[t.ID]; n > 0 {
					counts[t.ID] = n
				}
			}
		}
		return nil
	})
	return counts, err
}

// tagCounts is what CountTags' queries return, before the taxonomy is
// applied: threads per term, and for filters naming facets, the total and
// the threads each term of a named facet adds.
type tagCounts struct {
	byTag map[int64]int
	total int
	extra map[int64]int
}

func scanCounts(rows *sql.Rows, fn func(id int64, n int)) error {
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		fn(id, n)
	}
	return rows.Err()
}
