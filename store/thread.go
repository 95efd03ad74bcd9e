package store

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
)

const threadColumns = `t.id, t.kind, t.area_id, a.slug, a.name, t.author_id, m.name, t.municipality, t.title, t.body, t.body_html,
	t.visibility, t.reply_count, t.like_count, t.created_at, t.edited_at, t.last_activity_at, t.deleted_at`

const threadFrom = " FROM threads t JOIN areas a ON a.id = t.area_id JOIN members m ON m.id = t.author_id"

func threadDest(t *allmenning.Thread) []any {
	return []any{&t.ID, &t.Kind, &t.AreaID, &t.AreaSlug, &t.AreaName, &t.AuthorID, &t.AuthorName, &t.Municipality, &t.Title, &t.Body, &t.BodyHTML,
		&t.Visibility, &t.ReplyCount, &t.LikeCount, timeScan{&t.CreatedAt}, nullTime{&t.EditedAt}, timeScan{&t.LastActivityAt}, nullTime{&t.DeletedAt}}
}

// Page sizes of thread lists.
const (
	defaultThreadLimit = 20
	maxThreadLimit     = 100
)

// CreateThread starts a thread in an area given by slug or id, with the
// author's municipality, the first revision, the mentions and the tags
// (resolved like ResolveTags). The author has read it. An archived area, an
// unknown area and unknown tags are EINVALID.
func (db *DB) CreateThread(ctx context.Context, author *allmenning.Member, n allmenning.NewThread, bodyHTML string, mentions []int64) (*allmenning.Thread, error) {
	v := allmenning.ViewerOf(author)
	if v.Anonymous() {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var t *allmenning.Thread
	err := db.inTx(ctx, func(tx *Tx) error {
		id, err := db.createThread(ctx, tx, author, n, bodyHTML, mentions)
		if err != nil {
			return err
		}
		t, err = findThread(ctx, tx, v, id)
		return err
	})
	return t, err
}

// createThread inserts a validated thread in tx and returns its id.
func (db *DB) createThread(ctx context.Context, tx *Tx, author *allmenning.Member, n allmenning.NewThread, bodyHTML string, mentions []int64) (int64, error) {
	area, err := resolveArea(ctx, tx, strings.TrimSpace(n.Area))
	if err != nil {
		return 0, err
	}
	tags, err := resolveTags(ctx, tx, n.Tags)
	if err != nil {
		return 0, err
	}
	var municipality string
	if err := tx.queryRow(ctx, "SELECT municipality FROM members WHERE id = ?", author.ID).Scan(&municipality); err != nil {
		return 0, notFound(err, "error.member.not_found")
	}
	now := db.now()
	id, err := tx.insertID(ctx, `INSERT INTO threads (kind, area_id, author_id, municipality, title, body, body_html, visibility, created_at, last_activity_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.Kind, area.ID, author.ID, municipality, n.Title, n.Body, bodyHTML, string(n.Visibility), now, now)
	if err != nil {
		return 0, err
	}
	tx.addPosts(author.ID, 1)
	if err := addRevision(ctx, tx, allmenning.PostThread, id, author.ID, n.Title, n.Body, now); err != nil {
		return 0, err
	}
	if err := setMentions(ctx, tx, allmenning.PostThread, id, mentions); err != nil {
		return 0, err
	}
	if err := setThreadTags(ctx, tx, id, tags); err != nil {
		return 0, err
	}
	if err := markRead(ctx, tx, author.ID, id, 0, now); err != nil {
		return 0, err
	}
	return id, db.indexThread(ctx, tx, id)
}

// FindThreadByID returns a thread the viewer may see, filled for the viewer.
// Deleted threads are found by moderators only.
func (db *DB) FindThreadByID(ctx context.Context, v allmenning.Viewer, id int64) (*allmenning.Thread, error) {
	var t *allmenning.Thread
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		t, err = findThread(ctx, tx, v, id)
		return err
	})
	return t, err
}

func findThread(ctx context.Context, tx *Tx, v allmenning.Viewer, id int64) (*allmenning.Thread, error) {
	vis := visibleCond("t.", v, true)
	t := &allmenning.Thread{}
	err := tx.queryRow(ctx, "SELECT "+threadColumns+threadFrom+" WHERE t.id = ? AND "+vis.sql, append([]any{id}, vis.args...)...).Scan(threadDest(t)...)
	if err != nil {
		return nil, notFound(err, "error.thread.not_found")
	}
	if err := fillThreads(ctx, tx, v, []*allmenning.Thread{t}); err != nil {
		return nil, err
	}
	return t, nil
}

// fillThreads sets tags, LikedByMe and the unread marks of a page of
// threads: one query each. UnreadCount is -1 for a thread the member has
// never opened (FirstUnread 0: start at the top), else the number of replies
// (not deleted) since the member last read and FirstUnread the number of
// the first of them; anonymous viewers get 0 and 0.
func fillThreads(ctx context.Context, tx *Tx, v allmenning.Viewer, threads []*allmenning.Thread) error {
	return fillThreadsMarked(ctx, tx, v, threads, nil, nil, nil)
}

// fillThreadsMarked is fillThreads with the viewer's likes and the unread
// marks given instead of read: liked when not nil; unread, by thread (a
// thread the member never read has none), when not nil.
func fillThreadsMarked(ctx context.Context, tx *Tx, v allmenning.Viewer, threads []*allmenning.Thread, tags map[int64][]*allmenning.Tag, liked map[int64]bool, unread map[int64]unreadMark) error {
	if len(threads) == 0 {
		return nil
	}
	ids := make([]int64, len(threads))
	for i, t := range threads {
		ids[i] = t.ID
	}
	var err error
	if tags == nil {
		if tags, err = threadTags(ctx, tx, ids); err != nil {
			return err
		}
	}
	if liked == nil {
		if liked, err = likedByMe(ctx, tx, v.MemberID, allmenning.PostThread, ids); err != nil {
			return err
		}
	}
	if unread == nil {
		if unread, err = unreadMarks(ctx, tx, v.MemberID, ids); err != nil {
			return err
		}
	}
	for _, t := range threads {
		t.Tags = tags[t.ID]
		if t.Tags == nil {
			t.Tags = []*allmenning.Tag{}
		}
		t.LikedByMe = liked[t.ID]
		if v.Anonymous() {
			continue
		}
		if u, ok := unread[t.ID]; ok {
			t.UnreadCount, t.FirstUnread = u.count, u.first
		} else {
			t.UnreadCount = -1
		}
	}
	return nil
}

// threadWhere returns the conditions of a filter, without its tags, on the
// threads t the viewer may see. Deleted threads are never listed, not even
// for moderators, so that lists, counts and area counts agree.
func threadWhere(v allmenning.Viewer, f allmenning.ThreadFilter) *where {
	w := &where{}
	w.addCond(visibleCond("t.", v, false))
	if f.Kind != "" {
		w.add("t.kind = ?", f.Kind)
	}
	if f.Area != "" {
		w.add("t.area_id IN (SELECT x.id FROM areas x LEFT JOIN areas xp ON xp.id = x.parent_id WHERE x.slug = ? OR xp.slug = ?)", f.Area, f.Area)
	}
	if f.Municipality != "" {
		w.add("t.municipality = ?", f.Municipality)
	}
	if f.Author != 0 {
		w.add("t.author_id = ?", f.Author)
	}
	if !f.Since.IsZero() {
		w.add("t.last_activity_at >= ?", f.Since)
	}
	if f.Unread && !v.Anonymous() {
		// Never read, or a reply (not deleted) beyond what was read.
		w.add(`(NOT EXISTS (SELECT 1 FROM thread_read_state rs WHERE rs.thread_id = t.id AND rs.member_id = ?)
			OR EXISTS (SELECT 1 FROM thread_read_state rs JOIN replies ur ON ur.thread_id = rs.thread_id AND ur.number > rs.last_read_number AND ur.deleted_at IS NULL
				WHERE rs.thread_id = t.id AND rs.member_id = ?))`, v.MemberID, v.MemberID)
	}
	return w
}

// sortSQL returns the score a sort orders by (after which newer ids come
// first) and the order. ReadCount is the score of most-read.
func sortSQL(sort string, start time.Time) (score cond, order string) {
	all := start.IsZero()
	repliesSince := cond{"(SELECT COUNT(*) FROM replies sr WHERE sr.thread_id = t.id AND sr.deleted_at IS NULL AND sr.created_at >= ?)", []any{start}}
	switch sort {
	case allmenning.SortNewThreads:
		return cond{sql: "0"}, "t.created_at DESC, t.id DESC"
	case allmenning.SortActive:
		if all {
			return cond{sql: "t.reply_count"}, "score DESC, t.id DESC"
		}
		return repliesSince, "score DESC, t.id DESC"
	case allmenning.SortMostRead:
		if all {
			return cond{sql: "COALESCE((SELECT SUM(d.readers) FROM thread_daily_reads d WHERE d.thread_id = t.id), 0)"}, "score DESC, t.id DESC"
		}
		return cond{"COALESCE((SELECT SUM(d.readers) FROM thread_daily_reads d WHERE d.thread_id = t.id AND d.day >= ?), 0)", []any{osloDay(start)}}, "score DESC, t.id DESC"
	case allmenning.SortTop:
		if all {
			return cond{sql: "t.like_count + t.reply_count"}, "score DESC, t.id DESC"
		}
		return cond{"(SELECT COUNT(*) FROM likes sl WHERE sl.post_kind = 'thread' AND sl.post_id = t.id AND sl.created_at >= ?) + " + repliesSince.sql,
			[]any{start, start}}, "score DESC, t.id DESC"
	}
	return cond{sql: "0"}, "t.last_activity_at DESC, t.id DESC"
}

// FindThreads returns a page of the threads the viewer may see that match
// the filter, in the filter's order, and how many match in all.
//
//   - Tags are slugs (names and synonyms work too; merged tags count as the
//     tag they were merged into). A thread matches when, for each facet
//     named, it has one of the facet's terms. An unknown tag matches nothing.
//   - Area includes the area's children.
//   - Since keeps threads with activity (created or replied to) since then.
//   - Unread keeps threads the viewer has never opened or that have replies
//     beyond what the viewer has read; it is ignored for anonymous viewers.
//   - Sort: latest (by last activity; the default), new-threads (by
//     creation), active (replies in the period), most-read (unique readers
//     per day summed over the period, also set as ReadCount), top (likes of
//     the thread and replies in the period). Period is week, month, year
//     or all (the default). Ties go to the newer thread. The sort never
//     changes which threads match.
//   - Limit is 20 by default and at most 100.
//   - NoTotal leaves Total 0 instead of counting the matches.
func (db *DB) FindThreads(ctx context.Context, v allmenning.Viewer, f allmenning.ThreadFilter) (*allmenning.ThreadPage, error) {
	page := &allmenning.ThreadPage{Threads: []*allmenning.Thread{}}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultThreadLimit
	}
	limit = min(limit, maxThreadLimit)
	err := db.inReadTx(ctx, func(tx *Tx) error {
		w := threadWhere(v, f)
		// The page itself walks an index in the sort's order and checks
		// each thread, so the area is a check per thread there: given the
		// area as a set of ids, SQLite would rather collect and sort every
		// visible thread in it (300 ms for a large area of 100,000 threads).
		noArea := f
		noArea.Area = ""
		lw := threadWhere(v, noArea)
		if f.Area != "" {
			lw.add("EXISTS (SELECT 1 FROM areas x LEFT JOIN areas xp ON xp.id = x.parent_id WHERE x.id = t.area_id AND (x.slug = ? OR xp.slug = ?))", f.Area, f.Area)
		}
		if len(f.Tags) > 0 {
			tax, err := readTaxonomy(ctx, tx)
			if err != nil {
				return err
			}
			groups, ok := filterGroups(tax, f.Tags)
			if !ok {
				return nil
			}
			for _, g := range groups {
				w.addCond(g.cond())
				lw.addCond(g.cond())
			}
		}
		if !f.NoTotal {
			total, err := countThreads(ctx, tx, v, f, w)
			if err != nil {
				return err
			}
			page.Total = total
			if total <= f.Offset {
				return nil
			}
		}
		score, order := sortSQL(f.Sort, allmenning.PeriodStart(f.Period, db.now()))
		// The clamped limit is written into the SQL: SQLite prepares a
		// statement with LIMIT ? again on every execution.
		args := append(append(append([]any{}, score.args...), lw.args...), max(f.Offset, 0))
		rows, err := tx.query(ctx, "SELECT "+threadColumns+", "+score.sql+" AS score"+threadFrom+lw.String()+" ORDER BY "+order+" LIMIT "+strconv.Itoa(limit)+" OFFSET ?", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t := &allmenning.Thread{}
			var score int
			if err := rows.Scan(append(threadDest(t), &score)...); err != nil {
				return err
			}
			if f.Sort == allmenning.SortMostRead {
				t.ReadCount = score
			}
			page.Threads = append(page.Threads, t)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return fillThreads(ctx, tx, v, page.Threads)
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// countThreads counts the threads matching w, the conditions of f for v.
// The count is cached by the threads' data version unless it depends on
// more than which threads exist where and with which tags: activity since a
// time changes with every reply, and unread marks with every read.
func countThreads(ctx context.Context, tx *Tx, v allmenning.Viewer, f allmenning.ThreadFilter, w *where) (int, error) {
	q := "SELECT COUNT(*) FROM threads t" + w.String()
	count := func() (int, error) {
		var n int
		err := tx.queryRow(ctx, q, w.args...).Scan(&n)
		return n, err
	}
	if !cacheableFilter(v, f) {
		return count()
	}
	return cachedCount(ctx, tx, versionThreads, countKey(q, w.args), count)
}

// cacheableFilter reports whether counts under f depend only on what the
// threads version covers.
func cacheableFilter(v allmenning.Viewer, f allmenning.ThreadFilter) bool {
	return f.Since.IsZero() && !(f.Unread && !v.Anonymous())
}

// editableThread returns the title and body of a thread the viewer may see
// (moderators also deleted ones), or ENOTFOUND.
func editableThread(ctx context.Context, tx *Tx, v allmenning.Viewer, id int64) (title, body string, err error) {
	vis := visibleCond("t.", v, true)
	err = tx.queryRow(ctx, "SELECT t.title, t.body FROM threads t WHERE t.id = ? AND "+vis.sql, append([]any{id}, vis.args...)...).Scan(&title, &body)
	return title, body, notFound(err, "error.thread.not_found")
}

// UpdateThread edits a thread's first post. A change of title or body is
// saved as a new revision by the editor and sets EditedAt; the mentions are
// replaced, and the tags too when u.Tags is not nil. The thread must be
// visible to the editor; who may edit is decided by policy beforehand.
func (db *DB) UpdateThread(ctx context.Context, editor *allmenning.Member, id int64, u allmenning.ThreadUpdate, bodyHTML string, mentions []int64) (*allmenning.Thread, error) {
	v := allmenning.ViewerOf(editor)
	if v.Anonymous() {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	var t *allmenning.Thread
	err := db.inTx(ctx, func(tx *Tx) error {
		title, body, err := editableThread(ctx, tx, v, id)
		if err != nil {
			return err
		}
		if u.Tags != nil {
			tags, err := resolveTags(ctx, tx, u.Tags)
			if err != nil {
				return err
			}
			if err := setThreadTags(ctx, tx, id, tags); err != nil {
				return err
			}
		}
		now := db.now()
		if title != u.Title || body != u.Body {
			if err := addRevision(ctx, tx, allmenning.PostThread, id, editor.ID, u.Title, u.Body, now); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, "UPDATE threads SET title = ?, body = ?, body_html = ?, edited_at = ? WHERE id = ?", u.Title, u.Body, bodyHTML, now, id); err != nil {
				return err
			}
		} else if _, err := tx.exec(ctx, "UPDATE threads SET body_html = ? WHERE id = ?", bodyHTML, id); err != nil {
			return err
		}
		if err := setMentions(ctx, tx, allmenning.PostThread, id, mentions); err != nil {
			return err
		}
		if err := db.indexThread(ctx, tx, id); err != nil {
			return err
		}
		t, err = findThread(ctx, tx, v, id)
		return err
	})
	return t, err
}

// DeleteThread hides a thread (soft delete), noting who did it. Deleting a
// deleted thread changes nothing.
func (db *DB) DeleteThread(ctx context.Context, by *allmenning.Member, id int64) error {
	if by == nil {
		return allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var author int64
		err := tx.queryRow(ctx, "UPDATE threads SET deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL RETURNING author_id", db.now(), by.ID, id).Scan(&author)
		if err := postChanged(ctx, tx, err, "threads", id, "error.thread.not_found", author, -1); err != nil {
			return err
		}
		return db.indexThread(ctx, tx, id)
	})
}

// RestoreThread brings a deleted thread back.
func (db *DB) RestoreThread(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var author int64
		err := tx.queryRow(ctx, "UPDATE threads SET deleted_at = NULL, deleted_by = NULL WHERE id = ? AND deleted_at IS NOT NULL RETURNING author_id", id).Scan(&author)
		if err := postChanged(ctx, tx, err, "threads", id, "error.thread.not_found", author, 1); err != nil {
			return err
		}
		return db.indexThread(ctx, tx, id)
	})
}

// postChanged finishes a delete or restore whose UPDATE … RETURNING author_id
// gave err: a post that changed moves its author's post count by delta; a
// post already in that state changes nothing; a missing one is ENOTFOUND.
func postChanged(ctx context.Context, tx *Tx, err error, table string, id int64, message string, author int64, delta int) error {
	if err == sql.ErrNoRows {
		var one int
		return notFound(tx.queryRow(ctx, "SELECT 1 FROM "+table+" WHERE id = ?", id).Scan(&one), message)
	} else if err != nil {
		return err
	}
	tx.addPosts(author, delta)
	return nil
}

// addPosts moves a member's post count (members.post_count) by delta when
// the transaction commits. The UPDATE is made last, as the data versions
// are: on PostgreSQL it locks the member's row until commit, and a member
// posting in several threads at once would otherwise wait for each other's
// whole transactions.
func (tx *Tx) addPosts(memberID int64, delta int) {
	if tx.posts == nil {
		tx.posts = map[int64]int{}
	}
	tx.posts[memberID] += delta
}

// flushPosts writes the post counts changed by addPosts, in member order
// (the same order in every transaction).
func (tx *Tx) flushPosts(ctx context.Context) error {
	ids := slices.Sorted(maps.Keys(tx.posts))
	for _, id := range ids {
		if d := tx.posts[id]; d != 0 {
			if _, err := tx.exec(ctx, "UPDATE members SET post_count = post_count + ? WHERE id = ?", d, id); err != nil {
				return err
			}
		}
	}
	tx.posts = nil
	return nil
}

// affectedOrExists is nil when res changed a row or the row exists, else ENOTFOUND.
func affectedOrExists(ctx context.Context, tx *Tx, res sql.Result, table string, id int64, message string) error {
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	var one int
	return notFound(tx.queryRow(ctx, "SELECT 1 FROM "+table+" WHERE id = ?", id).Scan(&one), message)
}
