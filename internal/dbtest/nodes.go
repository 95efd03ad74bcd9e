package dbtest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/allmenning/allmenning/kommune"
	"github.com/allmenning/allmenning/postgres"
	"github.com/allmenning/allmenning/sqlite"
	"github.com/allmenning/allmenning/store"
)

// EachNodes runs fn as a subtest per database kind with two handles on one
// fresh database, as two server nodes sharing it have: each handle has its
// own pools and its own in-process caches.
func EachNodes(t *testing.T, fn func(t *testing.T, a, b *store.DB)) {
	t.Helper()
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) {
			a, b := OpenNodes(t, kind)
			fn(t, a, b)
		})
	}
}

// OpenNodes returns two handles on one fresh, migrated database of the
// given kind with the municipality list loaded. Both are closed (and the
// database removed) when the test ends.
func OpenNodes(t testing.TB, kind string) (a, b *store.DB) {
	t.Helper()
	ctx := context.Background()
	var open func() (*store.DB, error)
	switch kind {
	case "sqlite":
		path := filepath.Join(t.TempDir(), "test.db")
		open = func() (*store.DB, error) { return sqlite.Open(ctx, path) }
	case "postgres":
		dsn := PostgresSchema(t)
		open = func() (*store.DB, error) { return postgres.Open(ctx, dsn) }
	default:
		t.Fatalf("dbtest: unknown kind %q", kind)
	}
	for _, db := range []**store.DB{&a, &b} {
		var err error
		if *db, err = open(); err != nil {
			t.Fatalf("dbtest: open %s: %v", kind, err)
		}
		t.Cleanup(func() { (*db).Close() })
	}
	list, err := kommune.List()
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SyncMunicipalities(ctx, list); err != nil {
		t.Fatalf("dbtest: sync municipalities: %v", err)
	}
	return a, b
}
