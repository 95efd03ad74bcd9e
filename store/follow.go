package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/allmenning/allmenning"
)

// Follows and mutes: one row per member, kind and target. The target's id
// is not a foreign key, as it points into a different table per kind; rows
// whose target is gone are simply never matched.

func followURL(kind string, id int64, slug string) string {
	switch kind {
	case allmenning.FollowArea:
		return "/omrader/" + slug
	case allmenning.FollowTag:
		return "/diskusjoner?emne=" + slug
	case allmenning.FollowThread:
		return "/diskusjoner/" + strconv.FormatInt(id, 10)
	case allmenning.FollowMember:
		return "/medlemmer/" + strconv.FormatInt(id, 10)
	}
	return ""
}

// FindFollowTarget resolves what a member names to follow or mute.
func (db *DB) FindFollowTarget(ctx context.Context, ref allmenning.FollowRef) (*allmenning.Follow, error) {
	f := &allmenning.Follow{Kind: ref.Kind}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		id := ref.NumericID()
		var err error
		switch ref.Kind {
		case allmenning.FollowArea:
			q := "SELECT id, slug, name FROM areas WHERE "
			err = tx.queryRow(ctx, q+"slug = ?", ref.Ref).Scan(&f.ID, &f.Slug, &f.Name)
			if errors.Is(err, sql.ErrNoRows) && id > 0 {
				err = tx.queryRow(ctx, q+"id = ?", id).Scan(&f.ID, &f.Slug, &f.Name)
			}
			err = notFound(err, "error.area.not_found")
		case allmenning.FollowTag:
			tax, terr := readTaxonomy(ctx, tx)
			if terr != nil {
				return terr
			}
			t := tax.byID[id]
			if t == nil {
				t = tax.lookup(ref.Ref)
			}
			if t == nil {
				return allmenning.Errorf(allmenning.ENOTFOUND, "notify.error.tag_not_found")
			}
			t = tax.target(t)
			f.ID, f.Slug, f.Name = t.ID, t.Slug, t.Name
		case allmenning.FollowThread:
			err = notFound(tx.queryRow(ctx, "SELECT id, title FROM threads WHERE id = ? AND deleted_at IS NULL", id).Scan(&f.ID, &f.Name), "error.thread.not_found")
		case allmenning.FollowMember:
			err = notFound(tx.queryRow(ctx, "SELECT id, name FROM members WHERE id = ? AND status = 'active'", id).Scan(&f.ID, &f.Name), "error.member.not_found")
		default:
			err = allmenning.Errorf(allmenning.EINVALID, "notify.error.kind_invalid")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	f.URL = followURL(f.Kind, f.ID, f.Slug)
	return f, nil
}

func (db *DB) setFollowRow(ctx context.Context, table string, memberID int64, kind string, targetID int64, on bool) error {
	// Nothing to change costs no write transaction: on SQLite every write
	// waits for the one writer, and the automatic follow after each reply
	// usually finds the follow made already.
	var exists bool
	if err := db.readRow(ctx, []any{&exists}, "SELECT EXISTS (SELECT 1 FROM "+table+" WHERE member_id = ? AND kind = ? AND target_id = ?)",
		memberID, kind, targetID); err != nil {
		return err
	}
	if exists == on {
		return nil
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if !on {
			_, err := tx.exec(ctx, "DELETE FROM "+table+" WHERE member_id = ? AND kind = ? AND target_id = ?", memberID, kind, targetID)
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO "+table+" (member_id, kind, target_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			memberID, kind, targetID, db.now())
		return err
	})
}

// SetFollow follows (on) or unfollows a target; doing either twice changes nothing.
func (db *DB) SetFollow(ctx context.Context, memberID int64, kind string, targetID int64, on bool) error {
	if !allmenning.ValidFollowKind(kind) {
		return allmenning.Errorf(allmenning.EINVALID, "notify.error.kind_invalid")
	}
	return db.setFollowRow(ctx, "follows", memberID, kind, targetID, on)
}

// SetMute mutes (on) or unmutes a thread or member.
func (db *DB) SetMute(ctx context.Context, memberID int64, kind string, targetID int64, on bool) error {
	if !allmenning.ValidMuteKind(kind) {
		return allmenning.Errorf(allmenning.EINVALID, "notify.error.kind_invalid")
	}
	return db.setFollowRow(ctx, "mutes", memberID, kind, targetID, on)
}

// FindFollows lists what a member follows: areas, tags, threads the viewer
// may see, and active members, each kind by name.
func (db *DB) FindFollows(ctx context.Context, v allmenning.Viewer, memberID int64) ([]*allmenning.Follow, error) {
	return db.findFollowRows(ctx, "follows", v, memberID)
}

// FindMutes lists the threads and members a member has muted.
func (db *DB) FindMutes(ctx context.Context, v allmenning.Viewer, memberID int64) ([]*allmenning.Follow, error) {
	return db.findFollowRows(ctx, "mutes", v, memberID)
}

func (db *DB) findFollowRows(ctx context.Context, table string, v allmenning.Viewer, memberID int64) ([]*allmenning.Follow, error) {
	vis := visibleCond("t.", v, false)
	q := `SELECT f.kind, f.target_id, a.slug, a.name, f.created_at FROM ` + table + ` f JOIN areas a ON a.id = f.target_id WHERE f.kind = 'area' AND f.member_id = ?
		UNION ALL SELECT f.kind, f.target_id, tg.slug, tg.name, f.created_at FROM ` + table + ` f JOIN tags tg ON tg.id = f.target_id WHERE f.kind = 'tag' AND f.member_id = ?
		UNION ALL SELECT f.kind, f.target_id, '', t.title, f.created_at FROM ` + table + ` f JOIN threads t ON t.id = f.target_id WHERE f.kind = 'thread' AND f.member_id = ? AND ` + vis.sql + `
		UNION ALL SELECT f.kind, f.target_id, '', m.name, f.created_at FROM ` + table + ` f JOIN members m ON m.id = f.target_id WHERE f.kind = 'member' AND f.member_id = ? AND m.status = 'active'`
	args := append(append([]any{memberID, memberID, memberID}, vis.args...), memberID)
	var list []*allmenning.Follow
	err := db.inReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			f := &allmenning.Follow{}
			if err := rows.Scan(&f.Kind, &f.ID, &f.Slug, &f.Name, timeScan{&f.CreatedAt}); err != nil {
				return err
			}
			f.URL = followURL(f.Kind, f.ID, f.Slug)
			list = append(list, f)
		}
		return rows.Err()
	})
	order := map[string]int{}
	for i, k := range allmenning.FollowKinds {
		order[k] = i
	}
	sortFollows(list, order)
	return list, err
}

// sortFollows orders by kind, then name as Norwegians sort it.
func sortFollows(list []*allmenning.Follow, order map[string]int) {
	slices.SortStableFunc(list, func(a, b *allmenning.Follow) int {
		return cmp.Or(cmp.Compare(order[a.Kind], order[b.Kind]), cmp.Compare(nbKey(a.Name), nbKey(b.Name)), cmp.Compare(a.ID, b.ID))
	})
}

// FollowStates reports which of the targets a member follows and which they
// mute, in one query: every page with follow buttons asks.
func (db *DB) FollowStates(ctx context.Context, memberID int64, targets []allmenning.FollowRef) (follows, mutes map[allmenning.FollowRef]bool, err error) {
	follows, mutes = map[allmenning.FollowRef]bool{}, map[allmenning.FollowRef]bool{}
	if len(targets) == 0 || memberID == 0 {
		return follows, mutes, nil
	}
	cond, args := targetsCond(targets)
	if cond == "" {
		return follows, mutes, nil
	}
	err = db.inReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT 0, kind, target_id FROM follows WHERE member_id = ? AND ("+cond+
			") UNION ALL SELECT 1, kind, target_id FROM mutes WHERE member_id = ? AND ("+cond+")",
			append(append(append([]any{memberID}, args...), memberID), args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var muted int
			var kind string
			var id int64
			if err := rows.Scan(&muted, &kind, &id); err != nil {
				return err
			}
			set := follows
			if muted == 1 {
				set = mutes
			}
			set[allmenning.FollowRef{Kind: kind, Ref: strconv.FormatInt(id, 10)}] = true
		}
		return rows.Err()
	})
	return follows, mutes, err
}

// targetsCond is "(kind = ? AND target_id IN (…)) OR …" for numeric refs.
func targetsCond(targets []allmenning.FollowRef) (string, []any) {
	byKind := map[string][]int64{}
	var kinds []string
	for _, t := range targets {
		id := t.NumericID()
		if id == 0 {
			continue
		}
		if _, ok := byKind[t.Kind]; !ok {
			kinds = append(kinds, t.Kind)
		}
		byKind[t.Kind] = append(byKind[t.Kind], id)
	}
	var parts []string
	var args []any
	for _, k := range kinds {
		parts = append(parts, "(kind = ? AND target_id IN ("+placeholders(len(byKind[k]))+"))")
		args = append(append(args, k), int64Args(byKind[k])...)
	}
	return strings.Join(parts, " OR "), args
}

// FindFollowerIDs returns the members who follow any of the targets. An
// area's followers include those of its parent, as the parent's threads
// include its children's.
func (db *DB) FindFollowerIDs(ctx context.Context, targets []allmenning.FollowRef) ([]int64, error) {
	var ids []int64
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var areas []int64
		for _, t := range targets {
			if t.Kind == allmenning.FollowArea && t.NumericID() > 0 {
				areas = append(areas, t.NumericID())
			}
		}
		if len(areas) > 0 {
			parents, err := queryIDs(ctx, tx, "SELECT parent_id FROM areas WHERE parent_id IS NOT NULL AND id IN ("+placeholders(len(areas))+")", int64Args(areas)...)
			if err != nil {
				return err
			}
			for _, p := range parents {
				targets = append(targets, allmenning.FollowRef{Kind: allmenning.FollowArea, Ref: strconv.FormatInt(p, 10)})
			}
		}
		cond, args := targetsCond(targets)
		if cond == "" {
			return nil
		}
		var err error
		ids, err = queryIDs(ctx, tx, "SELECT DISTINCT member_id FROM follows WHERE "+cond+" ORDER BY member_id", args...)
		return err
	})
	return ids, err
}

// FindMutedIDs returns those of the members who muted the thread or the actor.
func (db *DB) FindMutedIDs(ctx context.Context, memberIDs []int64, threadID, actorID int64) ([]int64, error) {
	if len(memberIDs) == 0 {
		return nil, nil
	}
	var ids []int64
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		args := append(int64Args(memberIDs), threadID, actorID)
		ids, err = queryIDs(ctx, tx, "SELECT DISTINCT member_id FROM mutes WHERE member_id IN ("+placeholders(len(memberIDs))+
			") AND ((kind = 'thread' AND target_id = ?) OR (kind = 'member' AND target_id = ?))", args...)
		return err
	})
	return ids, err
}

// FindMembersByIDs returns the members with the ids, roles attached, by id.
func (db *DB) FindMembersByIDs(ctx context.Context, ids []int64) ([]*allmenning.Member, error) {
	var list []*allmenning.Member
	if len(ids) == 0 {
		return list, nil
	}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT "+memberColumns+memberFrom+" WHERE m.id IN ("+placeholders(len(ids))+") ORDER BY m.id", int64Args(ids)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMember(rows)
			if err != nil {
				return err
			}
			list = append(list, m)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return attachDetails(ctx, tx, list)
	})
	return list, err
}

// FindModeratorIDs returns the active moderators and operators.
func (db *DB) FindModeratorIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		ids, err = queryIDs(ctx, tx, `SELECT DISTINCT m.id FROM members m JOIN member_roles r ON r.member_id = m.id
			WHERE r.role IN (?, ?) AND m.status = 'active' ORDER BY m.id`, allmenning.RoleModerator, allmenning.RoleOperator)
		return err
	})
	return ids, err
}
