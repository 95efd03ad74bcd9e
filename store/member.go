package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
)

const memberColumns = `m.id, m.email, m.name, COALESCE(m.handle, ''), m.municipality, m.job_title, m.bio, m.language, m.status, m.created_at, mu.name`

const memberFrom = ` FROM members m JOIN municipalities mu ON mu.number = m.municipality`

func scanMember(s scanner) (*allmenning.Member, error) {
	m := &allmenning.Member{Competences: []string{}, Roles: []allmenning.Grant{}}
	err := s.Scan(&m.ID, &m.Email, &m.Name, &m.Handle, &m.Municipality, &m.JobTitle, &m.Bio, &m.Language, &m.Status, timeScan{&m.CreatedAt}, &m.MunicipalityName)
	return m, err
}

func searchText(name, jobTitle string, competences []string) string {
	return strings.ToLower(name + " " + jobTitle + " " + strings.Join(competences, " "))
}

// CreateMember creates an active member.
func (db *DB) CreateMember(ctx context.Context, n allmenning.NewMember) (*allmenning.Member, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var m *allmenning.Member
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		m, err = createMember(ctx, tx, n, db.now())
		return err
	})
	return m, err
}

func createMember(ctx context.Context, tx *Tx, n allmenning.NewMember, now time.Time) (*allmenning.Member, error) {
	if _, err := findMunicipality(ctx, tx, n.Municipality); err != nil {
		return nil, &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"municipality": "error.municipality.not_found"}}
	}
	id, err := insertMember(ctx, tx, n, now)
	if err != nil {
		return nil, err
	}
	if err := setCompetences(ctx, tx, id, n.Competences); err != nil {
		return nil, err
	}
	if err := tx.db.indexMember(ctx, tx, id); err != nil {
		return nil, err
	}
	return findMember(ctx, tx, id)
}

// insertMember inserts the member row with a handle made from the name: the
// first free of base, base-2, base-3 … A handle taken by a concurrent signup
// between the choice and the insert is detected and the next one tried.
// ON CONFLICT DO NOTHING (rather than catching the error) keeps a PostgreSQL
// transaction usable, and tells the taken handle from the taken e-mail address.
func insertMember(ctx context.Context, tx *Tx, n allmenning.NewMember, now time.Time) (int64, error) {
	base := handleBase(n.Name)
	next, err := freeHandleSuffix(ctx, tx, base)
	if err != nil {
		return 0, err
	}
	for range 50 {
		handle := base
		if next > 1 {
			handle = base + "-" + strconv.Itoa(next)
		}
		bumpVersion(tx, versionMembers)
		bumpVersion(tx, versionProfiles)
		var id int64
		err := tx.queryRow(ctx, `INSERT INTO members (email, name, handle, municipality, job_title, bio, language, status, password_hash, search_text, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
			n.Email, n.Name, handle, n.Municipality, n.JobTitle, n.Bio, n.Language, n.PasswordHash, searchText(n.Name, n.JobTitle, n.Competences), now, now).Scan(&id)
		if err == nil {
			return id, nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
		var taken int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM members WHERE email = ?", n.Email).Scan(&taken); err != nil {
			return 0, err
		}
		if taken > 0 {
			return 0, &allmenning.Error{Code: allmenning.ECONFLICT, Message: "error.form", Fields: map[string]string{"email": "error.email.taken"}}
		}
		next++
	}
	return 0, fmt.Errorf("store: no free handle for %q", base)
}

// handleBase makes a mention handle from a name: lowercase, Norwegian (and
// Sámi) letters spelt in ASCII, words joined with ".": "Ingrid Haugen" →
// "ingrid.haugen", "Åse Ødegård" → "ase.odegard".
func handleBase(name string) string {
	var words []string
	for _, w := range strings.Fields(name) {
		if s := allmenning.Slugify(strings.ToLower(w)); s != "" {
			words = append(words, s)
		}
	}
	if len(words) == 0 {
		return "medlem"
	}
	return strings.Join(words, ".")
}

// freeHandleSuffix returns 1 when base is free, else the smallest n ≥ 2 for
// which base-n is free.
func freeHandleSuffix(ctx context.Context, tx *Tx, base string) (int, error) {
	rows, err := tx.query(ctx, "SELECT handle FROM members WHERE handle = ? OR handle LIKE ?", base, base+"-%")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	used := map[int]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return 0, err
		}
		if h == base {
			used[1] = true
		} else if n, err := strconv.Atoi(strings.TrimPrefix(h, base+"-")); err == nil && n >= 2 {
			used[n] = true
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 1
	for used[n] {
		n = max(n+1, 2)
	}
	return n, nil
}

// FindMemberByHandle returns the member with a mention handle (case-insensitive).
func (db *DB) FindMemberByHandle(ctx context.Context, handle string) (*allmenning.Member, error) {
	var m *allmenning.Member
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.queryRow(ctx, "SELECT id FROM members WHERE handle = ?", strings.ToLower(strings.TrimSpace(handle))).Scan(&id); err != nil {
			return notFound(err, "error.member.not_found")
		}
		var err error
		m, err = findMember(ctx, tx, id)
		return err
	})
	return m, err
}

func setCompetences(ctx context.Context, tx *Tx, id int64, competences []string) error {
	if _, err := tx.exec(ctx, "DELETE FROM member_competences WHERE member_id = ?", id); err != nil {
		return err
	}
	for i, c := range competences {
		if _, err := tx.exec(ctx, "INSERT INTO member_competences (member_id, competence, position) VALUES (?, ?, ?)", id, c, i); err != nil {
			return err
		}
	}
	return nil
}

// FindMemberByID returns a member with competences and roles.
func (db *DB) FindMemberByID(ctx context.Context, id int64) (*allmenning.Member, error) {
	var m *allmenning.Member
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		m, err = findMember(ctx, tx, id)
		return err
	})
	return m, err
}

func findMember(ctx context.Context, tx *Tx, id int64) (*allmenning.Member, error) {
	m, err := scanMember(tx.queryRow(ctx, "SELECT "+memberColumns+memberFrom+" WHERE m.id = ?", id))
	if err != nil {
		return nil, notFound(err, "error.member.not_found")
	}
	if err := attachDetails(ctx, tx, []*allmenning.Member{m}); err != nil {
		return nil, err
	}
	return m, nil
}

// attachDetails loads competences and roles for a page of members in one
// query: every request of a member loads its member's.
func attachDetails(ctx context.Context, tx *Tx, members []*allmenning.Member) error {
	if len(members) == 0 {
		return nil
	}
	byID := make(map[int64]*allmenning.Member, len(members))
	ids := make([]any, len(members))
	for i, m := range members {
		byID[m.ID] = m
		ids[i] = m.ID
	}
	in := placeholders(len(ids))
	// Competences in their order, then roles by role and municipality.
	rows, err := tx.query(ctx, "SELECT member_id, 0, position, competence, '' FROM member_competences WHERE member_id IN ("+in+`)
		UNION ALL SELECT member_id, 1, 0, role, municipality FROM member_roles WHERE member_id IN (`+in+`)
		ORDER BY 1, 2, 3, 4, 5`, append(slices.Clip(ids), ids...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var role, position int
		var name, municipality string
		if err := rows.Scan(&id, &role, &position, &name, &municipality); err != nil {
			return err
		}
		if m := byID[id]; role == 0 {
			m.Competences = append(m.Competences, name)
		} else {
			m.Roles = append(m.Roles, allmenning.Grant{Role: name, Municipality: municipality})
		}
	}
	return rows.Err()
}

// FindMemberByEmail returns the member with an address.
func (db *DB) FindMemberByEmail(ctx context.Context, email string) (*allmenning.Member, error) {
	var m *allmenning.Member
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.queryRow(ctx, "SELECT id FROM members WHERE email = ?", allmenning.NormalizeEmail(email)).Scan(&id); err != nil {
			return notFound(err, "error.member.not_found")
		}
		var err error
		m, err = findMember(ctx, tx, id)
		return err
	})
	return m, err
}

// FindPasswordHash returns the stored password hash of a member.
func (db *DB) FindPasswordHash(ctx context.Context, memberID int64) (string, error) {
	var h string
	err := db.readRow(ctx, []any{&h}, "SELECT password_hash FROM members WHERE id = ?", memberID)
	return h, notFound(err, "error.member.not_found")
}

// memberWhere returns the conditions of a member filter on members m
// joined with their municipalities mu.
func memberWhere(f allmenning.MemberFilter) (string, []any) {
	where := " WHERE m.status = 'active'"
	var args []any
	if f.Municipality != "" {
		where += " AND m.municipality = ?"
		args = append(args, f.Municipality)
	}
	if f.County != "" {
		where += " AND mu.county = ?"
		args = append(args, f.County)
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		for _, word := range strings.Fields(q) {
			where += " AND m.search_text LIKE ?"
			args = append(args, "%"+escapeLike(word)+"%")
		}
	}
	return where, args
}

// countMembers counts the active members matching a filter. Counts by
// municipality or of all members are cached by the members' data version,
// which every new member changes; counts by county (the municipality
// register can move a municipality) or by name and competence (profiles
// change) are not.
func countMembers(ctx context.Context, tx *Tx, f allmenning.MemberFilter) (int, error) {
	where, args := memberWhere(f)
	q := "SELECT COUNT(*)" + memberFrom + where
	count := func() (int, error) {
		var n int
		err := tx.queryRow(ctx, q, args...).Scan(&n)
		return n, err
	}
	if f.County != "" || strings.TrimSpace(f.Query) != "" {
		return count()
	}
	return cachedCount(ctx, tx, versionMembers, countKey(q, args), count)
}

// CountMembers returns how many active members match a filter (its Offset
// and Limit aside): FindMembers' total without the page.
func (db *DB) CountMembers(ctx context.Context, f allmenning.MemberFilter) (int, error) {
	var n int
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		n, err = countMembers(ctx, tx, f)
		return err
	})
	return n, err
}

// FindMembers returns a page of active members, ordered by name, and the
// total count. A page of a filter without search words (a municipality's
// members, all members) comes from the list cache at the profiles version:
// the front page shows the viewer's colleagues on every view.
func (db *DB) FindMembers(ctx context.Context, f allmenning.MemberFilter) ([]*allmenning.Member, int, error) {
	var list []*allmenning.Member
	var total int
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		if total, err = countMembers(ctx, tx, f); err != nil {
			return err
		}
		where, args := memberWhere(f)
		limit := f.Limit
		if limit <= 0 || limit > 200 {
			limit = 50
		}
		q := "SELECT " + memberColumns + memberFrom + where + " ORDER BY m.name, m.id LIMIT ? OFFSET ?"
		args = append(args, limit, max(f.Offset, 0))
		if strings.TrimSpace(f.Query) != "" {
			list, err = queryMembers(ctx, tx, q, args...)
			return err
		}
		shared, err := cachedCount(ctx, tx, versionProfiles, countKey(q, args), func() ([]allmenning.Member, error) {
			page, err := queryMembers(ctx, tx, q, args...)
			out := make([]allmenning.Member, len(page))
			for i, m := range page {
				out[i] = *m
			}
			return out, err
		})
		list = make([]*allmenning.Member, len(shared))
		for i := range shared {
			list[i] = cloneMember(&shared[i])
		}
		return err
	})
	return list, total, err
}

// queryMembers runs a query of memberColumns and attaches the members'
// competences and roles.
func queryMembers(ctx context.Context, tx *Tx, q string, args ...any) ([]*allmenning.Member, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*allmenning.Member{}
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close() // before the next query of the transaction
	return list, attachDetails(ctx, tx, list)
}

// likeWildcards are removed from a search term used in LIKE.
var likeWildcards = strings.NewReplacer("%", "", "_", "")

func escapeLike(s string) string {
	return likeWildcards.Replace(s)
}

// UpdateProfile saves a validated profile update.
func (db *DB) UpdateProfile(ctx context.Context, id int64, u allmenning.ProfileUpdate) (*allmenning.Member, error) {
	if err := u.Validate(); err != nil {
		return nil, err
	}
	var m *allmenning.Member
	err := db.inTx(ctx, func(tx *Tx) error {
		bumpVersion(tx, versionProfiles)
		var old string
		if err := tx.queryRow(ctx, "SELECT name FROM members WHERE id = ?", id).Scan(&old); err == nil && old != u.Name {
			// Names are shown with posts, on cached pages of replies.
			bumpVersion(tx, versionMembers)
		}
		res, err := tx.exec(ctx, `UPDATE members SET name = ?, job_title = ?, bio = ?, language = ?, search_text = ?, updated_at = ? WHERE id = ?`,
			u.Name, u.JobTitle, u.Bio, u.Language, searchText(u.Name, u.JobTitle, u.Competences), db.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return allmenning.Errorf(allmenning.ENOTFOUND, "error.member.not_found")
		}
		if err := setCompetences(ctx, tx, id, u.Competences); err != nil {
			return err
		}
		if err := db.indexMember(ctx, tx, id); err != nil {
			return err
		}
		m, err = findMember(ctx, tx, id)
		return err
	})
	return m, err
}

// SetPassword stores a new password hash.
func (db *DB) SetPassword(ctx context.Context, id int64, hash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE members SET password_hash = ?, updated_at = ? WHERE id = ?", hash, db.now(), id)
		return err
	})
}

// GrantRole gives a member a role; granting a held role changes nothing.
func (db *DB) GrantRole(ctx context.Context, memberID int64, g allmenning.Grant) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if g.Role == allmenning.RoleMunicipalityAdmin {
			if _, err := findMunicipality(ctx, tx, g.Municipality); err != nil {
				return err
			}
		} else {
			g.Municipality = ""
		}
		bumpVersion(tx, versionProfiles)
		_, err := tx.exec(ctx, `INSERT INTO member_roles (member_id, role, municipality, granted_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (member_id, role, municipality) DO NOTHING`, memberID, g.Role, g.Municipality, db.now())
		return err
	})
}

// RevokeRole removes a role.
func (db *DB) RevokeRole(ctx context.Context, memberID int64, g allmenning.Grant) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if g.Role != allmenning.RoleMunicipalityAdmin {
			g.Municipality = ""
		}
		bumpVersion(tx, versionProfiles)
		res, err := tx.exec(ctx, "DELETE FROM member_roles WHERE member_id = ? AND role = ? AND municipality = ?", memberID, g.Role, g.Municipality)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return allmenning.Errorf(allmenning.ENOTFOUND, "error.role.not_found")
		}
		return nil
	})
}
