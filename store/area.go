package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/allmenning/allmenning"
)

const areaColumns = "a.id, COALESCE(a.parent_id, 0), a.slug, a.name, a.description, a.position, a.archived_at"

func scanArea(s scanner) (*allmenning.Area, error) {
	a := &allmenning.Area{}
	err := s.Scan(&a.ID, &a.ParentID, &a.Slug, &a.Name, &a.Description, &a.Position, nullTime{&a.ArchivedAt})
	return a, err
}

// allAreas returns every area, parents before children, each level by position.
func allAreas(ctx context.Context, tx *Tx) ([]*allmenning.Area, error) {
	rows, err := tx.query(ctx, "SELECT "+areaColumns+" FROM areas a ORDER BY COALESCE(a.parent_id, 0), a.position, a.id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*allmenning.Area
	for rows.Next() {
		a, err := scanArea(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// areaTree arranges areas as top-level areas with their children.
func areaTree(list []*allmenning.Area) []*allmenning.Area {
	byID := make(map[int64]*allmenning.Area, len(list))
	for _, a := range list {
		byID[a.ID] = a
	}
	var top []*allmenning.Area
	for _, a := range list {
		if a.ParentID == 0 {
			top = append(top, a)
		} else if p := byID[a.ParentID]; p != nil {
			p.Children = append(p.Children, a)
		}
	}
	return top
}

// FindAreas returns the top-level areas in order with their children. Each
// area's ThreadCount is the number of threads the viewer may see in it,
// deleted ones not counted; a parent's count includes its children's
// (archived children too, as listing a parent's threads does). Archived
// areas, and the children of archived areas, are left out unless
// includeArchived is set.
func (db *DB) FindAreas(ctx context.Context, v allmenning.Viewer, includeArchived bool) ([]*allmenning.Area, error) {
	var top []*allmenning.Area
	err := db.inReadTx(ctx, func(tx *Tx) error {
		list, err := allAreas(ctx, tx)
		if err != nil {
			return err
		}
		counts, err := areaCounts(ctx, tx, v)
		if err != nil {
			return err
		}
		for _, a := range areaTree(list) {
			a.ThreadCount = counts[a.ID]
			var children []*allmenning.Area
			for _, c := range a.Children {
				c.ThreadCount = counts[c.ID]
				a.ThreadCount += c.ThreadCount
				if includeArchived || c.ArchivedAt == nil {
					children = append(children, c)
				}
			}
			a.Children = children
			if includeArchived || a.ArchivedAt == nil {
				top = append(top, a)
			}
		}
		return nil
	})
	return top, err
}

// areaCounts returns the number of threads the viewer may see per area id,
// not counting children. Cached by the threads' data version: the areas'
// tree is read afresh each time, only the counts come from the cache.
func areaCounts(ctx context.Context, tx *Tx, v allmenning.Viewer) (map[int64]int, error) {
	vis := visibleCond("t.", v, false)
	q := "SELECT t.area_id, COUNT(*) FROM threads t WHERE " + vis.sql + " GROUP BY t.area_id"
	return cachedCount(ctx, tx, versionThreads, countKey(q, vis.args), func() (map[int64]int, error) {
		rows, err := tx.query(ctx, q, vis.args...)
		if err != nil {
			return nil, err
		}
		counts := map[int64]int{}
		return counts, scanCounts(rows, func(id int64, n int) { counts[id] = n })
	})
}

// FindAreaBySlug returns an area, archived or not, with its children in order.
// ThreadCount is not filled.
func (db *DB) FindAreaBySlug(ctx context.Context, slug string) (*allmenning.Area, error) {
	var a *allmenning.Area
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		a, err = scanArea(tx.queryRow(ctx, "SELECT "+areaColumns+" FROM areas a WHERE a.slug = ?", slug))
		if err != nil {
			return notFound(err, "error.area.not_found")
		}
		return fillChildren(ctx, tx, a)
	})
	return a, err
}

func findArea(ctx context.Context, tx *Tx, id int64) (*allmenning.Area, error) {
	a, err := scanArea(tx.queryRow(ctx, "SELECT "+areaColumns+" FROM areas a WHERE a.id = ?", id))
	if err != nil {
		return nil, notFound(err, "error.area.not_found")
	}
	return a, fillChildren(ctx, tx, a)
}

func fillChildren(ctx context.Context, tx *Tx, a *allmenning.Area) error {
	rows, err := tx.query(ctx, "SELECT "+areaColumns+" FROM areas a WHERE a.parent_id = ? ORDER BY a.position, a.id", a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanArea(rows)
		if err != nil {
			return err
		}
		a.Children = append(a.Children, c)
	}
	return rows.Err()
}

func areaFieldError(field, message string) error {
	return &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{field: message}}
}

func areaSlugTaken() error {
	return &allmenning.Error{Code: allmenning.ECONFLICT, Message: "error.form", Fields: map[string]string{"slug": "error.area.slug_taken"}}
}

// CreateArea creates an area last among its siblings. A.ParentID, when set,
// must be a top-level area: the tree has two levels.
func (db *DB) CreateArea(ctx context.Context, n allmenning.NewArea) (*allmenning.Area, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var a *allmenning.Area
	err := db.inTx(ctx, func(tx *Tx) error {
		var parent any
		sibling := "parent_id IS NULL"
		var sargs []any
		if n.ParentID != 0 {
			var grand sql.NullInt64
			if err := tx.queryRow(ctx, "SELECT parent_id FROM areas WHERE id = ?", n.ParentID).Scan(&grand); err != nil {
				if err == sql.ErrNoRows {
					return areaFieldError("parent", "error.area.parent_invalid")
				}
				return err
			}
			if grand.Valid {
				return areaFieldError("parent", "error.area.parent_invalid")
			}
			parent = n.ParentID
			sibling = "parent_id = ?"
			sargs = []any{n.ParentID}
		}
		var pos int
		if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(position) + 1, 0) FROM areas WHERE "+sibling, sargs...).Scan(&pos); err != nil {
			return err
		}
		bumpVersion(tx, versionThreads) // a parent's count includes its children
		var id int64
		err := tx.queryRow(ctx, `INSERT INTO areas (parent_id, slug, name, description, position, created_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING RETURNING id`, parent, n.Slug, n.Name, n.Description, pos, db.now()).Scan(&id)
		if err == sql.ErrNoRows {
			return areaSlugTaken()
		} else if err != nil {
			return err
		}
		a, err = findArea(ctx, tx, id)
		return err
	})
	return a, err
}

// UpdateArea renames an area and changes its description and, when n.Slug
// is set and free, its slug; an empty n.Slug keeps the slug, so that
// renaming does not break links. n.ParentID is ignored: areas keep their place.
func (db *DB) UpdateArea(ctx context.Context, id int64, n allmenning.NewArea) (*allmenning.Area, error) {
	keepSlug := n.Slug == ""
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var a *allmenning.Area
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := findArea(ctx, tx, id)
		if err != nil {
			return err
		}
		if keepSlug {
			n.Slug = old.Slug
		}
		if n.Slug != old.Slug {
			var taken int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM areas WHERE slug = ? AND id <> ?", n.Slug, id).Scan(&taken); err != nil {
				return err
			}
			if taken > 0 {
				return areaSlugTaken()
			}
		}
		// Lists and searches filter areas by slug.
		bumpVersion(tx, versionThreads)
		bumpVersion(tx, versionSearch)
		if _, err := tx.exec(ctx, "UPDATE areas SET slug = ?, name = ?, description = ? WHERE id = ?", n.Slug, n.Name, n.Description, id); err != nil {
			if isUniqueViolation(err) {
				return areaSlugTaken()
			}
			return err
		}
		a, err = findArea(ctx, tx, id)
		return err
	})
	return a, err
}

// MoveArea swaps an area with the sibling before it (delta < 0) or after it
// (delta > 0). Moving the first up or the last down changes nothing. The
// siblings are renumbered 0, 1, 2 … on the way.
func (db *DB) MoveArea(ctx context.Context, id int64, delta int) error {
	return db.inTx(ctx, func(tx *Tx) error {
		a, err := findArea(ctx, tx, id)
		if err != nil {
			return err
		}
		sibling := "parent_id IS NULL"
		var args []any
		if a.ParentID != 0 {
			sibling = "parent_id = ?"
			args = []any{a.ParentID}
		}
		rows, err := tx.query(ctx, "SELECT id FROM areas WHERE "+sibling+" ORDER BY position, id", args...)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var sid int64
			if err := rows.Scan(&sid); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, sid)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i, sid := range ids {
			if sid != id {
				continue
			}
			j := i
			if delta < 0 {
				j = i - 1
			} else if delta > 0 {
				j = i + 1
			}
			if j >= 0 && j < len(ids) {
				ids[i], ids[j] = ids[j], ids[i]
			}
			break
		}
		for pos, sid := range ids {
			if _, err := tx.exec(ctx, "UPDATE areas SET position = ? WHERE id = ? AND position <> ?", pos, sid, pos); err != nil {
				return err
			}
		}
		return nil
	})
}

// ArchiveArea archives an area (no new threads; hidden from FindAreas unless
// asked for) or brings it back. Its threads stay readable.
func (db *DB) ArchiveArea(ctx context.Context, id int64, archived bool) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var at any
		if archived {
			at = db.now()
		}
		bumpVersion(tx, versionThreads)
		res, err := tx.exec(ctx, "UPDATE areas SET archived_at = ? WHERE id = ?", at, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return allmenning.Errorf(allmenning.ENOTFOUND, "error.area.not_found")
		}
		return nil
	})
}

// resolveArea finds the area a new thread goes in, by slug or else by
// numeric id. Unknown and archived areas (or areas under an archived parent)
// are EINVALID for the field "area".
func resolveArea(ctx context.Context, tx *Tx, ref string) (*allmenning.Area, error) {
	const q = `SELECT a.id, a.slug, a.name, a.archived_at, p.archived_at FROM areas a LEFT JOIN areas p ON p.id = a.parent_id WHERE `
	a := &allmenning.Area{}
	var parentArchived *time.Time
	scan := func(row *sql.Row) error {
		return row.Scan(&a.ID, &a.Slug, &a.Name, nullTime{&a.ArchivedAt}, nullTime{&parentArchived})
	}
	err := scan(tx.queryRow(ctx, q+"a.slug = ?", ref))
	if err == sql.ErrNoRows {
		if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
			err = scan(tx.queryRow(ctx, q+"a.id = ?", id))
		}
	}
	if err == sql.ErrNoRows {
		return nil, areaFieldError("area", "error.area.not_found")
	} else if err != nil {
		return nil, err
	}
	if a.ArchivedAt != nil || parentArchived != nil {
		return nil, areaFieldError("area", "error.area.archived")
	}
	return a, nil
}
