// Package dbtest gives tests fresh, migrated databases of both kinds. SQLite
// is a file in a temporary folder. PostgreSQL is a new schema in the database
// named by ALLMENNING_TEST_POSTGRES (a postgres:// URL); without it the
// PostgreSQL cases are skipped, unless ALLMENNING_TEST_REQUIRE_POSTGRES=1 (the
// project's test command sets both), in which case they fail.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/allmenning/allmenning/kommune"
	"github.com/allmenning/allmenning/postgres"
	"github.com/allmenning/allmenning/sqlite"
	"github.com/allmenning/allmenning/store"
)

// Kinds are the database kinds every storage test runs on.
var Kinds = []string{"sqlite", "postgres"}

// Each runs fn as a subtest per database kind, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) {
			fn(t, Open(t, kind))
		})
	}
}

// Open returns a fresh, migrated database of the given kind with the
// municipality list loaded. It is closed and removed when the test ends.
func Open(t testing.TB, kind string) *store.DB {
	t.Helper()
	ctx := context.Background()
	var db *store.DB
	var err error
	switch kind {
	case "sqlite":
		db, err = sqlite.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	case "postgres":
		db, err = postgres.Open(ctx, PostgresSchema(t))
	default:
		t.Fatalf("dbtest: unknown kind %q", kind)
	}
	if err != nil {
		t.Fatalf("dbtest: open %s: %v", kind, err)
	}
	t.Cleanup(func() { db.Close() })
	list, err := kommune.List()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SyncMunicipalities(ctx, list); err != nil {
		t.Fatalf("dbtest: sync municipalities: %v", err)
	}
	return db
}

// PostgresSchema creates an empty schema in the test PostgreSQL and returns a
// URL whose connections use it. The schema is dropped when the test ends.
func PostgresSchema(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("ALLMENNING_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("ALLMENNING_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatal("dbtest: ALLMENNING_TEST_POSTGRES is not set but PostgreSQL is required")
		}
		t.Skip("PostgreSQL not configured: set ALLMENNING_TEST_POSTGRES or run the README's test command")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("dbtest: create schema: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
