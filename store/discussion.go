package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Oslo for reading days, also where the OS has no zoneinfo

	"github.com/allmenning/allmenning"
)

// This file holds what the discussion store shares: the visibility rule in
// SQL, a small WHERE builder, mentions, revisions, likes and the default
// taxonomy. Areas, threads, replies, tags and reading are in their own files.

// oslo is the time zone in which reading days are counted.
var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic("store: " + err.Error())
	}
	return loc
}()

// osloDay returns t's date in Norway as YYYY-MM-DD.
func osloDay(t time.Time) string { return t.In(oslo).Format(time.DateOnly) }

// cond is a piece of SQL with its arguments.
type cond struct {
	sql  string
	args []any
}

// where collects conditions joined with AND.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(sql string, args ...any) {
	w.conds = append(w.conds, sql)
	w.args = append(w.args, args...)
}

func (w *where) addCond(c cond) { w.add(c.sql, c.args...) }

func (w *where) clone() *where {
	return &where{conds: slices.Clone(w.conds), args: slices.Clone(w.args)}
}

// String returns " WHERE a AND b", or "" without conditions.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// visibleCond is allmenning.CanSee in SQL for the thread whose columns are
// prefixed with p ("t." or ""): public threads for everyone, members-only
// threads for members, municipality threads for members of the municipality.
// Deleted threads are excluded unless withDeleted is set and the viewer is a
// moderator.
func visibleCond(p string, v allmenning.Viewer, withDeleted bool) cond {
	var c cond
	if v.Anonymous() {
		c.sql = p + "visibility = 'public'"
	} else {
		c.sql = "(" + p + "visibility IN ('public', 'members') OR (" + p + "visibility = 'municipality' AND " + p + "municipality = ?))"
		c.args = []any{v.Municipality}
	}
	if !withDeleted || !v.Moderator {
		c.sql += " AND " + p + "deleted_at IS NULL"
	}
	return c
}

// int64Args turns ids into query arguments.
func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// validPostKind reports whether kind names a kind of post.
func validPostKind(kind string) bool {
	return kind == allmenning.PostThread || kind == allmenning.PostReply
}

// setMentions replaces the members a post mentions. Ids of members that do
// not exist are skipped.
func setMentions(ctx context.Context, tx *Tx, kind string, postID int64, mentions []int64) error {
	if _, err := tx.exec(ctx, "DELETE FROM post_mentions WHERE post_kind = ? AND post_id = ?", kind, postID); err != nil {
		return err
	}
	if len(mentions) == 0 {
		return nil
	}
	args := append([]any{kind, postID}, int64Args(mentions)...)
	_, err := tx.exec(ctx, `INSERT INTO post_mentions (post_kind, post_id, member_id)
		SELECT ?, ?, id FROM members WHERE id IN (`+placeholders(len(mentions))+`) ON CONFLICT DO NOTHING`, args...)
	return err
}

// addRevision stores the next revision of a post; the first is the original.
func addRevision(ctx context.Context, tx *Tx, kind string, postID, editorID int64, title, body string, now time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO revisions (post_kind, post_id, number, editor_id, title, body, created_at)
		SELECT ?, ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ? FROM revisions WHERE post_kind = ? AND post_id = ?`,
		kind, postID, editorID, title, body, now, kind, postID)
	return err
}

// FindRevisions returns every saved version of a post, oldest first, when
// the viewer may see the post: its thread must be visible, and a deleted
// thread or reply is seen only by moderators.
func (db *DB) FindRevisions(ctx context.Context, v allmenning.Viewer, postKind string, postID int64) ([]*allmenning.Revision, error) {
	var list []*allmenning.Revision
	err := db.inReadTx(ctx, func(tx *Tx) error {
		if err := checkPostVisible(ctx, tx, v, postKind, postID, true); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT r.id, r.post_kind, r.post_id, r.number, r.editor_id, m.name, r.title, r.body, r.created_at
			FROM revisions r JOIN members m ON m.id = r.editor_id
			WHERE r.post_kind = ? AND r.post_id = ? ORDER BY r.number`, postKind, postID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := &allmenning.Revision{}
			if err := rows.Scan(&r.ID, &r.PostKind, &r.PostID, &r.Number, &r.EditorID, &r.EditorName, &r.Title, &r.Body, timeScan{&r.CreatedAt}); err != nil {
				return err
			}
			list = append(list, r)
		}
		return rows.Err()
	})
	return list, err
}

// checkPostVisible returns ENOTFOUND unless the viewer may see the post.
// withDeleted lets moderators see deleted threads and replies.
func checkPostVisible(ctx context.Context, tx *Tx, v allmenning.Viewer, kind string, id int64, withDeleted bool) error {
	var q string
	var args []any
	vis := visibleCond("t.", v, withDeleted)
	message := "error.post.not_found"
	switch kind {
	case allmenning.PostThread:
		message = "error.thread.not_found"
		q = "SELECT 1 FROM threads t WHERE t.id = ? AND " + vis.sql
		args = append([]any{id}, vis.args...)
	case allmenning.PostReply:
		q = "SELECT 1 FROM replies r JOIN threads t ON t.id = r.thread_id WHERE r.id = ? AND " + vis.sql
		args = append([]any{id}, vis.args...)
		if !withDeleted || !v.Moderator {
			q += " AND r.deleted_at IS NULL"
		}
	default:
		return allmenning.Errorf(allmenning.ENOTFOUND, message)
	}
	var one int
	return notFound(tx.queryRow(ctx, q, args...).Scan(&one), message)
}

// SetLike likes (on) or unlikes a post for a member and returns the post's
// like count. Liking twice or unliking what is not liked changes nothing.
// The post must be visible to the member and not deleted. Whether members
// may like their own posts is policy, decided before this is called.
func (db *DB) SetLike(ctx context.Context, member *allmenning.Member, postKind string, postID int64, on bool) (int, error) {
	v := allmenning.ViewerOf(member)
	if v.Anonymous() {
		return 0, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	table := "threads"
	if postKind == allmenning.PostReply {
		table = "replies"
	}
	var count int
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := checkPostVisible(ctx, tx, v, postKind, postID, false); err != nil {
			return err
		}
		var res sql.Result
		var err error
		delta := "+ 1"
		if on {
			res, err = tx.exec(ctx, "INSERT INTO likes (post_kind, post_id, member_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
				postKind, postID, v.MemberID, db.now())
		} else {
			delta = "- 1"
			res, err = tx.exec(ctx, "DELETE FROM likes WHERE post_kind = ? AND post_id = ? AND member_id = ?", postKind, postID, v.MemberID)
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n > 0 {
			if postKind == allmenning.PostReply {
				// A reply's like count is on its thread's cached pages.
				var threadID int64
				if err := tx.queryRow(ctx, "UPDATE replies SET like_count = like_count "+delta+" WHERE id = ? RETURNING thread_id", postID).Scan(&threadID); err != nil {
					return err
				}
				bumpThread(tx, threadID)
			} else if _, err := tx.exec(ctx, "UPDATE threads SET like_count = like_count "+delta+" WHERE id = ?", postID); err != nil {
				return err
			}
		}
		return tx.queryRow(ctx, "SELECT like_count FROM "+table+" WHERE id = ?", postID).Scan(&count)
	})
	return count, err
}

// likedByMe returns which of the posts the member has liked, in one query.
func likedByMe(ctx context.Context, tx *Tx, memberID int64, kind string, ids []int64) (map[int64]bool, error) {
	liked := map[int64]bool{}
	if memberID == 0 || len(ids) == 0 {
		return liked, nil
	}
	// One range of the member's own likes (index likes_member_post) between
	// the lowest and highest id asked for, instead of a lookup per post.
	lo, hi := slices.Min(ids), slices.Max(ids)
	rows, err := tx.query(ctx, "SELECT post_id FROM likes WHERE member_id = ? AND post_kind = ? AND post_id BETWEEN ? AND ?", memberID, kind, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	asked := make(map[int64]bool, len(ids))
	for _, id := range ids {
		asked[id] = true
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		if asked[id] {
			liked[id] = true
		}
	}
	return liked, rows.Err()
}

// EnsureTaxonomy creates the default knowledge areas when there are none,
// and the default facets with their terms when there are none. On
// PostgreSQL, nodes starting at once take turns (the migration lock).
func (db *DB) EnsureTaxonomy(ctx context.Context, areas []allmenning.DefaultArea, facets []allmenning.DefaultFacet) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if db.dialect.LockSQL != "" {
			if _, err := tx.ExecContext(ctx, db.dialect.LockSQL); err != nil {
				return err
			}
		}
		now := db.now()
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM areas").Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			for i, a := range areas {
				id, err := tx.insertID(ctx, "INSERT INTO areas (slug, name, description, position, created_at) VALUES (?, ?, ?, ?, ?)",
					a.Slug, a.Name, a.Description, i, now)
				if err != nil {
					return err
				}
				for j, c := range a.Children {
					if _, err := tx.exec(ctx, "INSERT INTO areas (parent_id, slug, name, description, position, created_at) VALUES (?, ?, ?, ?, ?, ?)",
						id, c.Slug, c.Name, c.Description, j, now); err != nil {
						return err
					}
				}
			}
		}
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM facets").Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			bumpVersion(tx, versionTaxonomy)
			for i, f := range facets {
				id, err := tx.insertID(ctx, "INSERT INTO facets (slug, name, position) VALUES (?, ?, ?)", f.Slug, f.Name, i)
				if err != nil {
					return err
				}
				for _, term := range f.Terms {
					if _, err := tx.exec(ctx, "INSERT INTO tags (facet_id, slug, name) VALUES (?, ?, ?)", id, allmenning.Slugify(term), term); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}
