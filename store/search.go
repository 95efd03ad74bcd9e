package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/search"
)

// Full-text search. Every thread, reply and member has a row in search_docs
// with what the filters and the visibility rule need, and its words as
// Norwegian stems computed in Go by package search: in the FTS5 table
// search_fts on SQLite, in the tsvector column search_docs.tsv on PostgreSQL.
// Because both databases index the same stems and are queried with the same
// stems, they match the same documents; only the ranking formula differs
// (bm25 and ts_rank, the title weighing more in both).
//
// The index is kept up to date by the writes themselves: whoever creates,
// edits, deletes or restores a thread, reply or member calls indexThread,
// indexReply or indexMember in the same transaction, except that a new
// reply is queued and indexed a moment later with others (searchqueue.go).
// ReindexAll rebuilds it.

// Search limits.
const (
	searchDefaultLimit = 20
	searchMaxLimit     = 50
)

// searchCandidates bounds the work of one search: at most this many matches
// (the newest the viewer may see) are ranked and counted; beyond it the total
// is reported as capped ("over 1 000 hits").
var searchCandidates = 1000

// searchPlan forces PostgreSQL's way to the candidates in tests: "walk" or
// "index"; empty lets searchByIndex choose.
var searchPlan string

// searchDoc is one row of search_docs.
type searchDoc struct {
	kind         string
	refID        int64
	threadID     any // int64, or nil for members
	number       int
	areaID       any // int64, or nil for members
	municipality string
	visibility   string
	authorID     int64
	createdAt    time.Time
	deleted      bool
	title        string
	body         string
	indexTitle   bool // whether the title's words are searchable (not for replies)
}

// writeSearchDoc inserts or replaces a document and its words.
func (db *DB) writeSearchDoc(ctx context.Context, tx *Tx, d searchDoc) error {
	bumpVersion(tx, versionSearch)
	titleStems := ""
	if d.indexTitle {
		titleStems = search.Stems(d.title)
	}
	bodyStems := search.Stems(search.PlainText(d.body))
	cols := "kind, ref_id, thread_id, number, area_id, municipality, visibility, author_id, created_at, deleted, title, body"
	vals := "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
	set := `thread_id = excluded.thread_id, number = excluded.number, area_id = excluded.area_id,
		municipality = excluded.municipality, visibility = excluded.visibility, author_id = excluded.author_id,
		created_at = excluded.created_at, deleted = excluded.deleted, title = excluded.title, body = excluded.body`
	args := []any{d.kind, d.refID, d.threadID, d.number, d.areaID, d.municipality, d.visibility, d.authorID, d.createdAt, d.deleted, d.title, d.body}
	if db.dialect.Name == "postgres" {
		cols += ", tsv"
		vals += ", setweight(to_tsvector('simple', CAST(? AS TEXT)), 'A') || setweight(to_tsvector('simple', CAST(? AS TEXT)), 'B')"
		set += ", tsv = excluded.tsv"
		args = append(args, titleStems, bodyStems)
	}
	id, err := tx.insertID(ctx, "INSERT INTO search_docs ("+cols+") VALUES ("+vals+") ON CONFLICT (kind, ref_id) DO UPDATE SET "+set, args...)
	if err != nil {
		return err
	}
	if db.dialect.Name == "sqlite" {
		if _, err := tx.exec(ctx, "DELETE FROM search_fts WHERE rowid = ?", id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)", id, titleStems, bodyStems); err != nil {
			return err
		}
	}
	return nil
}

// deleteSearchDocs removes the documents matching cond (on search_docs).
func (db *DB) deleteSearchDocs(ctx context.Context, tx *Tx, cond string, args ...any) error {
	bumpVersion(tx, versionSearch)
	if db.dialect.Name == "sqlite" {
		if _, err := tx.exec(ctx, "DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE "+cond+")", args...); err != nil {
			return err
		}
	}
	_, err := tx.exec(ctx, "DELETE FROM search_docs WHERE "+cond, args...)
	return err
}

// indexThread (re)writes the search document of a thread from its row, and
// brings its replies' documents in line with it: title, visibility,
// municipality, area and whether the thread is deleted. Call it in the
// transaction of every write to a thread: create, edit, delete, restore, move.
// A thread that does not exist (any more) is removed from the index.
func (db *DB) indexThread(ctx context.Context, tx *Tx, threadID int64) error {
	// Every write to a thread comes here, so lists and counts learn of it too.
	bumpVersion(tx, versionThreads)
	d := searchDoc{kind: "thread", refID: threadID, threadID: threadID, indexTitle: true}
	var areaID int64
	err := tx.queryRow(ctx, `SELECT area_id, author_id, municipality, visibility, created_at, deleted_at IS NOT NULL, title, body
		FROM threads WHERE id = ?`, threadID).
		Scan(&areaID, &d.authorID, &d.municipality, &d.visibility, timeScan{&d.createdAt}, &d.deleted, &d.title, &d.body)
	if errors.Is(err, sql.ErrNoRows) {
		return db.deleteSearchDocs(ctx, tx, "thread_id = ? AND kind IN ('thread', 'reply')", threadID)
	} else if err != nil {
		return err
	}
	d.areaID = areaID
	if err := db.writeSearchDoc(ctx, tx, d); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE search_docs SET title = ?, area_id = ?, municipality = ?, visibility = ?,
			deleted = (? OR EXISTS (SELECT 1 FROM replies r WHERE r.id = search_docs.ref_id AND r.deleted_at IS NOT NULL))
		WHERE kind = 'reply' AND thread_id = ?`,
		d.title, areaID, d.municipality, d.visibility, d.deleted, threadID)
	return err
}

// indexReply (re)writes the search document of a reply: its body, under its
// thread's title, visible as its thread is, deleted when it or its thread is.
// Call it in the transaction of every write to a reply: edit, delete,
// restore; a new reply is queued for it (queueIndex). A reply that does
// not exist is removed from the index.
func (db *DB) indexReply(ctx context.Context, tx *Tx, replyID int64) error {
	d := searchDoc{kind: "reply", refID: replyID}
	var threadID, areaID int64
	var replyDeleted, threadDeleted bool
	err := tx.queryRow(ctx, `SELECT r.thread_id, r.number, r.author_id, r.created_at, r.deleted_at IS NOT NULL, r.body,
			t.area_id, t.municipality, t.visibility, t.deleted_at IS NOT NULL, t.title
		FROM replies r JOIN threads t ON t.id = r.thread_id WHERE r.id = ?`+db.lockThread(), replyID).
		Scan(&threadID, &d.number, &d.authorID, timeScan{&d.createdAt}, &replyDeleted, &d.body,
			&areaID, &d.municipality, &d.visibility, &threadDeleted, &d.title)
	if errors.Is(err, sql.ErrNoRows) {
		return db.deleteSearchDocs(ctx, tx, "kind = 'reply' AND ref_id = ?", replyID)
	} else if err != nil {
		return err
	}
	d.threadID, d.areaID, d.deleted = threadID, areaID, replyDeleted || threadDeleted
	return db.writeSearchDoc(ctx, tx, d)
}

// lockThread is the suffix of indexReply's query that, on PostgreSQL, holds
// the thread while its reply's document is written. A document inserted by
// another transaction is not seen by indexThread's update of the thread's
// reply documents; with the lock, a thread being moved or hidden at the same
// moment is either read as it ends up or waits for the document to exist.
// SQLite has one writer and needs none.
func (db *DB) lockThread() string {
	if db.dialect.Name == "postgres" {
		return " FOR SHARE OF t"
	}
	return ""
}

// indexMember (re)writes the search document of a member: the name as the
// title, the job title and competences as the text. Only members see it; a
// member who is not active is flagged deleted. Call it in the transaction of
// every write to a member's name, job title, competences or status.
func (db *DB) indexMember(ctx context.Context, tx *Tx, memberID int64) error {
	d := searchDoc{kind: "member", refID: memberID, authorID: memberID, visibility: string(allmenning.VisMembers), indexTitle: true}
	var jobTitle, status string
	err := tx.queryRow(ctx, "SELECT name, job_title, municipality, status, created_at FROM members WHERE id = ?", memberID).
		Scan(&d.title, &jobTitle, &d.municipality, &status, timeScan{&d.createdAt})
	if errors.Is(err, sql.ErrNoRows) {
		return db.deleteSearchDocs(ctx, tx, "kind = 'member' AND ref_id = ?", memberID)
	} else if err != nil {
		return err
	}
	rows, err := tx.query(ctx, "SELECT competence FROM member_competences WHERE member_id = ? ORDER BY position", memberID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var competences []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return err
		}
		competences = append(competences, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	d.body = jobTitle
	if len(competences) > 0 {
		if d.body != "" {
			d.body += " · "
		}
		d.body += strings.Join(competences, ", ")
	}
	d.deleted = status != allmenning.StatusActive
	return db.writeSearchDoc(ctx, tx, d)
}

// reindexBatch is how many items ReindexAll indexes per transaction, so that
// other writers get their turn on SQLite.
const reindexBatch = 200

// ReindexAll rebuilds the search index from the threads, replies and
// members, and removes documents of items that are gone. It is needed once
// for data that existed before the index (or after changing the analysis);
// afterwards the writes keep the index up to date.
func (db *DB) ReindexAll(ctx context.Context) error {
	for _, kind := range []struct {
		table string
		index func(context.Context, *Tx, int64) error
	}{
		{"threads", db.indexThread},
		{"replies", db.indexReply},
		{"members", db.indexMember},
	} {
		var ids []int64
		err := db.inTx(ctx, func(tx *Tx) error {
			rows, err := tx.query(ctx, "SELECT id FROM "+kind.table+" ORDER BY id")
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return err
				}
				ids = append(ids, id)
			}
			return rows.Err()
		})
		if err != nil {
			return err
		}
		for len(ids) > 0 {
			batch := ids[:min(reindexBatch, len(ids))]
			ids = ids[len(batch):]
			if err := db.inTx(ctx, func(tx *Tx) error {
				for _, id := range batch {
					if err := kind.index(ctx, tx, id); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				return err
			}
		}
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := db.deleteSearchDocs(ctx, tx, `(kind = 'thread' AND ref_id NOT IN (SELECT id FROM threads))
			OR (kind = 'reply' AND ref_id NOT IN (SELECT id FROM replies))
			OR (kind = 'member' AND ref_id NOT IN (SELECT id FROM members))`); err != nil {
			return err
		}
		if db.dialect.Name == "sqlite" {
			if _, err := tx.exec(ctx, "DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM search_docs)"); err != nil {
				return err
			}
		}
		return nil
	})
}

// EnsureSearchIndex runs ReindexAll when the index is empty while there are
// threads or members: a database from before the index existed. Otherwise it
// does nothing, so it can be called at every start after migrating.
func (db *DB) EnsureSearchIndex(ctx context.Context) error {
	var indexed, content bool
	if err := db.readRow(ctx, []any{&indexed, &content}, `SELECT EXISTS (SELECT 1 FROM search_docs),
		EXISTS (SELECT 1 FROM threads) OR EXISTS (SELECT 1 FROM members)`); err != nil {
		return err
	}
	if indexed || !content {
		return nil
	}
	return db.ReindexAll(ctx)
}

// Search finds threads, replies and members whose words include every term
// of the query (in any inflection), best first and, among equals, newest
// first. Only what the viewer may see is found and counted: public threads
// for everyone, members-only threads for members, municipality threads for
// members of that municipality, members for members; deleted posts never.
// Filters: Type, Area (with its children), Tags (the thread has one of
// them), Municipality (the thread's, or the member's), From (inclusive) and
// To (exclusive). A query without words (only stop words, say) finds nothing.
//
// Pages of results are cached by the search data version (searchcache.go),
// so a search repeated before anything it could find changes is not run
// again.
func (db *DB) Search(ctx context.Context, v allmenning.Viewer, q allmenning.SearchQuery) (*allmenning.SearchResults, error) {
	terms := search.QueryTerms(q.Text)
	if len(terms) == 0 {
		return emptyResults(), nil
	}
	switch q.Type {
	case "", "thread", "reply":
	case "member":
		if v.Anonymous() {
			return emptyResults(), nil
		}
	default:
		return emptyResults(), nil // no document has an unknown type
	}
	limit := q.Limit
	if limit <= 0 {
		limit = searchDefaultLimit
	}
	limit = min(limit, searchMaxLimit)
	offset := max(q.Offset, 0)
	key := searchKey(v, terms, q, limit, offset)

	var res *allmenning.SearchResults
	err := db.inReadTx(ctx, func(tx *Tx) error {
		version, err := readVersion(ctx, tx, versionSearch)
		if err != nil {
			return err
		}
		res, err = db.search.get(ctx, key, version, func() (*allmenning.SearchResults, error) {
			return db.runSearch(ctx, tx, v, q, terms, limit, offset)
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func emptyResults() *allmenning.SearchResults {
	return &allmenning.SearchResults{Results: []*allmenning.SearchResult{}}
}

// searchCandidate is a match of the bounded candidate set with its score.
type searchCandidate struct {
	id        int64
	score     float64
	createdAt time.Time
}

// runSearch runs a search in the reader's transaction.
func (db *DB) runSearch(ctx context.Context, tx *Tx, v allmenning.Viewer, q allmenning.SearchQuery, terms []string, limit, offset int) (*allmenning.SearchResults, error) {
	res := emptyResults()
	conds := []string{"NOT d.deleted"}
	var args []any
	if v.Anonymous() {
		conds = append(conds, "d.visibility = 'public'", "d.kind <> 'member'")
	} else {
		conds = append(conds, "(d.visibility IN ('public', 'members') OR (d.visibility = 'municipality' AND d.municipality = ?))")
		args = append(args, v.Municipality)
	}
	if q.Type != "" {
		conds = append(conds, "d.kind = ?")
		args = append(args, q.Type)
	}
	if q.Area != "" {
		conds = append(conds, "d.area_id IN (SELECT a.id FROM areas a WHERE a.slug = ? OR a.parent_id IN (SELECT p.id FROM areas p WHERE p.slug = ?))")
		args = append(args, q.Area, q.Area)
	}
	if len(q.Tags) > 0 {
		conds = append(conds, "d.thread_id IN (SELECT tt.thread_id FROM thread_tags tt JOIN tags tg ON tg.id = tt.tag_id WHERE tg.slug IN ("+placeholders(len(q.Tags))+"))")
		for _, t := range q.Tags {
			args = append(args, t)
		}
	}
	if q.Municipality != "" {
		conds = append(conds, "d.municipality = ?")
		args = append(args, q.Municipality)
	}
	if !q.From.IsZero() {
		conds = append(conds, "d.created_at >= ?")
		args = append(args, q.From)
	}
	if !q.To.IsZero() {
		conds = append(conds, "d.created_at < ?")
		args = append(args, q.To)
	}
	filter := strings.Join(conds, " AND ")

	// Ranking every match does not scale: a common word matches half of all
	// documents. So the search takes a bounded candidate set, the newest
	// searchCandidates matches the viewer may see (by document id), ranks
	// only those, and counts no further: Total is exact up to
	// searchCandidates and TotalCapped says there are more. A selective
	// query (fewer matches than that) is ranked exactly as before.
	bound := strconv.Itoa(searchCandidates + 1)
	var candidates string
	if db.dialect.Name == "postgres" {
		matchArg := strings.Join(terms, " ")
		// Two ways to the newest matches. Walking the documents newest
		// first and testing each stops after the bound: cheap when the
		// words are common, a walk through the whole table when they are
		// rare. Taking every match from the text index and sorting them
		// costs as many as there are. Which is cheaper depends on the words,
		// which a prepared statement's generic plan does not know, so the
		// choice is made here from the planner's estimates for these words,
		// and each query is written so that it can only be run its way.
		gin := searchPlan == "index"
		if searchPlan == "" {
			var err error
			if gin, err = db.searchByIndex(ctx, tx, matchArg, filter, args); err != nil {
				return nil, err
			}
		}
		match, order := "(d.tsv @@ query) IS TRUE", "d.id DESC" // IS TRUE: not the text index
		if gin {
			match, order = "d.tsv @@ query", "d.id + 0 DESC" // + 0: not the id index's order
		}
		candidates = `SELECT c.id, ts_rank(c.tsv, query) AS score, c.created_at
			FROM (SELECT d.id, d.tsv, d.created_at FROM search_docs d, plainto_tsquery('simple', CAST(? AS TEXT)) query
				WHERE ` + match + ` AND ` + filter + ` ORDER BY ` + order + ` LIMIT ` + bound + `) c, plainto_tsquery('simple', CAST(? AS TEXT)) query`
		args = append([]any{matchArg}, args...)
		args = append(args, matchArg)
	} else {
		// FTS5 hands out the matches newest first (rowid = document id), so
		// the join stops at the bound; bm25 ranks only those.
		quoted := make([]string, len(terms))
		for i, t := range terms {
			quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		}
		candidates = `SELECT search_fts.rowid, -bm25(search_fts, 10.0, 1.0), d.created_at
			FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
			WHERE search_fts MATCH ? AND ` + filter + ` ORDER BY search_fts.rowid DESC LIMIT ` + bound
		args = append([]any{strings.Join(quoted, " AND ")}, args...)
	}

	var list []searchCandidate
	rows, err := tx.query(ctx, candidates, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c searchCandidate
		if err := rows.Scan(&c.id, &c.score, timeScan{&c.createdAt}); err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	res.Total = len(list)
	if res.Total > searchCandidates {
		res.Total, res.TotalCapped = searchCandidates, true
		list = list[:searchCandidates]
	}
	if offset >= len(list) {
		return res, nil
	}
	// Best first; among equals newest first.
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if !a.createdAt.Equal(b.createdAt) {
			return a.createdAt.After(b.createdAt)
		}
		return a.id > b.id
	})
	page := list[offset:min(offset+limit, len(list))]
	res.Results, err = db.searchPage(ctx, tx, page, terms)
	return res, err
}

// searchPage reads the documents of a page of candidates, in the page's
// order, with their snippets: only the shown hits are read and highlighted.
func (db *DB) searchPage(ctx context.Context, tx *Tx, page []searchCandidate, terms []string) ([]*allmenning.SearchResult, error) {
	ids := make([]any, len(page))
	pos := make(map[int64]int, len(page))
	for i, c := range page {
		ids[i] = c.id
		pos[c.id] = i
	}
	out := make([]*allmenning.SearchResult, len(page))
	rows, err := tx.query(ctx, `SELECT d.id, d.kind, d.ref_id, COALESCE(d.thread_id, 0), d.number, d.title, d.body, d.created_at
		FROM search_docs d WHERE d.id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		r := &allmenning.SearchResult{}
		var id int64
		var number int
		var body string
		if err := rows.Scan(&id, &r.Type, &r.ID, &r.ThreadID, &number, &r.Title, &body, timeScan{&r.Date}); err != nil {
			return nil, err
		}
		switch r.Type {
		case "thread":
			r.URL = "/diskusjoner/" + strconv.FormatInt(r.ThreadID, 10)
		case "reply":
			r.URL = "/diskusjoner/" + strconv.FormatInt(r.ThreadID, 10) + "#svar-" + strconv.Itoa(number)
		case "member":
			r.URL = "/medlemmer/" + strconv.FormatInt(r.ID, 10)
		}
		r.Rank = page[pos[id]].score
		r.Snippet = search.Snippet(search.PlainText(body), terms, search.DefaultSnippetRunes)
		out[pos[id]] = r
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// On PostgreSQL each statement sees the latest commits: a document
	// removed since the candidates were read is left out, not shown empty.
	return slices.DeleteFunc(out, func(r *allmenning.SearchResult) bool { return r == nil }), nil
}

// searchByIndex reports whether PostgreSQL should take a search's matches
// from the text index rather than walk the documents newest first, from the
// planner's estimates for these words: of the matches (m), of the matches
// the filter leaves (mf) and of all documents (n). The walk reads about
// bound·n/mf documents before it has the bound; the index way reads all m
// matches. Either way finds the same candidates: when the estimates cannot
// be read, the search walks.
func (db *DB) searchByIndex(ctx context.Context, tx *Tx, matchArg, filter string, filterArgs []any) (bool, error) {
	var plan string
	args := append([]any{matchArg, matchArg}, filterArgs...)
	err := tx.queryRow(ctx, `EXPLAIN (FORMAT JSON)
		SELECT 1 FROM search_docs d WHERE d.tsv @@ plainto_tsquery('simple', CAST(? AS TEXT))
		UNION ALL SELECT 1 FROM search_docs d WHERE d.tsv @@ plainto_tsquery('simple', CAST(? AS TEXT)) AND `+filter+`
		UNION ALL SELECT 1 FROM search_docs d`, args...).Scan(&plan)
	if err != nil {
		return false, err
	}
	var explained []struct {
		Plan struct {
			Plans []struct {
				Rows float64 `json:"Plan Rows"`
			} `json:"Plans"`
		} `json:"Plan"`
	}
	if json.Unmarshal([]byte(plan), &explained) != nil || len(explained) != 1 || len(explained[0].Plan.Plans) != 3 {
		return false, nil
	}
	p := explained[0].Plan.Plans
	m, mf, n := p[0].Rows, max(p[1].Rows, 1), p[2].Rows
	return m*mf <= float64(searchCandidates+1)*n, nil
}

// FindAreaTree returns the areas as FindAreas does, top level with their
// children in order, without counting threads: for the search form, which
// only lists them. ThreadCount is not filled.
func (db *DB) FindAreaTree(ctx context.Context, includeArchived bool) ([]*allmenning.Area, error) {
	var top []*allmenning.Area
	err := db.inReadTx(ctx, func(tx *Tx) error {
		list, err := allAreas(ctx, tx)
		if err != nil {
			return err
		}
		for _, a := range areaTree(list) {
			if !includeArchived {
				a.Children = slices.DeleteFunc(a.Children, func(c *allmenning.Area) bool { return c.ArchivedAt != nil })
			}
			if includeArchived || a.ArchivedAt == nil {
				top = append(top, a)
			}
		}
		return nil
	})
	return top, err
}
