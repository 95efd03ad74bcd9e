package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
)

// Data versions (table data_versions). Every write that changes what a
// cached count or search result would hold increments the version of its
// kind inside its own transaction; a cache entry is keyed by the version it
// was computed at. A reader first reads the version (one small indexed row),
// so a write is visible to every node as soon as it commits — the version
// is in the database, not in one process.
const (
	versionThreads = "threads" // which threads lists and counts hold
	versionSearch  = "search"  // search documents
	versionMembers = "members" // active members, and members' names
	// versionProfiles is what member lists show of each member: the
	// profile, competences and roles, and who is a member at all.
	versionProfiles = "profiles"
	// versionTaxonomy is the facets, their terms (tags) and the terms'
	// synonyms and merges (FindFacets).
	versionTaxonomy = "taxonomy"
)

// bumpVersion marks a data version to be incremented by the write's
// transaction. The increment happens last, just before commit, once per
// name: on PostgreSQL the version row is locked from the UPDATE to the
// commit, so holding it only at the very end keeps concurrent writers from
// waiting on it long or locking rows in opposite orders.
func bumpVersion(tx *Tx, name string) {
	for _, n := range tx.bumps {
		if n == name {
			return
		}
	}
	tx.bumps = append(tx.bumps, name)
}

// flushVersions increments the versions marked by bumpVersion.
func (tx *Tx) flushVersions(ctx context.Context) error {
	if len(tx.bumps) == 0 {
		return nil
	}
	slices.Sort(tx.bumps) // the same order in every transaction
	for _, name := range tx.bumps {
		// A thread's version (replycache.go) has no row before its first bump.
		if _, err := tx.exec(ctx, `INSERT INTO data_versions (name, version) VALUES (?, 1)
			ON CONFLICT (name) DO UPDATE SET version = data_versions.version + 1`, name); err != nil {
			return err
		}
	}
	tx.bumps = nil
	return nil
}

// readVersion returns a data version as the transaction sees it: 0 for
// one never bumped.
func readVersion(ctx context.Context, tx *Tx, name string) (int64, error) {
	var v int64
	err := tx.queryRow(ctx, "SELECT version FROM data_versions WHERE name = ?", name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// Versions returns the current data versions by name.
func (db *DB) Versions(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT name, version FROM data_versions")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			var v int64
			if err := rows.Scan(&name, &v); err != nil {
				return err
			}
			out[name] = v
		}
		return rows.Err()
	})
	return out, err
}
