package store

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Migrate applies the numbered .sql files in fsys that are not yet recorded in
// schema_migrations, each in its own transaction. Several nodes may start at
// once: the dialect's lock makes them take turns.
func (db *DB) Migrate(ctx context.Context, fsys fs.FS) (applied []string, err error) {
	if err := db.createMigrationsTable(ctx); err != nil {
		return nil, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		version := strings.TrimSuffix(path.Base(name), ".sql")
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return applied, err
		}
		done, err := db.migrateOne(ctx, version, string(body))
		if err != nil {
			return applied, fmt.Errorf("store: migration %s: %w", version, err)
		}
		if done {
			applied = append(applied, version)
		}
	}
	// Replies an earlier run queued for search and did not index. An empty
	// queue needs no turn of the indexer, whose own look at the queue would
	// otherwise hold a connection beside the caller's first requests.
	if queued, err := db.searchQueued(ctx); err != nil || queued {
		db.wakeIndexer()
	}
	return applied, nil
}

// createMigrationsTable creates schema_migrations under the dialect's lock:
// PostgreSQL's CREATE TABLE IF NOT EXISTS fails with a unique violation when
// two sessions run it at once.
func (db *DB) createMigrationsTable(ctx context.Context) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if db.dialect.LockSQL != "" {
		if _, err := tx.ExecContext(ctx, db.dialect.LockSQL); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY,
		applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)`); err != nil {
		return err
	}
	return tx.Commit()
}

func (db *DB) migrateOne(ctx context.Context, version, body string) (bool, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if db.dialect.LockSQL != "" {
		if _, err := tx.ExecContext(ctx, db.dialect.LockSQL); err != nil {
			return false, err
		}
	}
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", version).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return false, err
	}
	if _, err := tx.exec(ctx, "INSERT INTO schema_migrations (version) VALUES (?)", version); err != nil {
		return false, err
	}
	return true, tx.Commit()
}
