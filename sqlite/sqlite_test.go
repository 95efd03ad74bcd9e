package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/allmenning/allmenning/sqlite"
	"github.com/allmenning/allmenning/store"
	_ "modernc.org/sqlite"
)

// open opens a new database file through the package, migrated.
func open(t *testing.T) (string, *store.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return path, db
}

// Optimize leaves no per-index samples behind: with samples, SQLite
// recompiles reused statements whenever a parameter's value changes.
func TestOptimizeDropsSampleStats(t *testing.T) {
	ctx := context.Background()
	path, db := open(t)
	db.Close()

	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	for _, q := range []string{
		"CREATE TABLE probe (a INTEGER, b TEXT)",
		"CREATE INDEX probe_a ON probe (a)",
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO probe SELECT i % 7, 'x' FROM n",
		"ANALYZE",
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	count := func(table string) int {
		var n int
		if err := raw.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count("sqlite_stat4") == 0 {
		t.Skip("this SQLite build keeps no sqlite_stat4 samples")
	}
	if err := sqlite.Optimize(ctx, raw, true); err != nil {
		t.Fatal(err)
	}
	if n := count("sqlite_stat4"); n != 0 {
		t.Errorf("sqlite_stat4 has %d samples after Optimize, want 0", n)
	}
	if count("sqlite_stat1") == 0 {
		t.Error("Optimize removed the averages in sqlite_stat1 too")
	}
}

// Written pages reach the database file without the writer checkpointing:
// a connection of the store's own copies them from the WAL while the
// server runs.
func TestCheckpointsBesideTheWriter(t *testing.T) {
	ctx := context.Background()
	path, db := open(t)
	defer db.Close()

	// A writer that never checkpoints itself, as the store's writer does
	// not until its WAL holds checkpointFallback pages.
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=wal_autocheckpoint(0)&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	for _, q := range []string{
		"CREATE TABLE probe (a INTEGER PRIMARY KEY, b TEXT)",
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO probe SELECT i, randomblob(1000) FROM n",
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const grown = 2 << 20 // the 2,000 rows of 1 KB
	deadline := time.Now().Add(10 * time.Second)
	for size() < before+grown {
		if time.Now().After(deadline) {
			t.Fatalf("database file %d bytes 10 s after writing 2 MB (%d before): the WAL was not checkpointed", size(), before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
