package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/postgres"
	"github.com/allmenning/allmenning/sqlite"
	"github.com/allmenning/allmenning/store"
)

// Test helpers shared by the store tests.

var ctx = context.Background()

// wantCode fails the test unless err carries the given error code (and, when
// field is set, the given message key for that field).
func wantCode(t *testing.T, err error, code, field, message string) {
	t.Helper()
	if got := allmenning.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
	if field != "" {
		if got := allmenning.Fields(err)[field]; got != message {
			t.Fatalf("field %q error = %q, want %q (error: %v)", field, got, message, err)
		}
	}
}

// mustMember creates an active member or fails the test.
func mustMember(t *testing.T, db *store.DB, email, name, municipality string, competences ...string) *allmenning.Member {
	t.Helper()
	m, err := db.CreateMember(ctx, allmenning.NewMember{
		Email: email, Name: name, Municipality: municipality, PasswordHash: "hash-" + email, Competences: competences,
	})
	if err != nil {
		t.Fatalf("create member %s: %v", email, err)
	}
	return m
}

// now returns the current time at the precision both databases keep.
func now() time.Time { return time.Now().Truncate(time.Microsecond) }

// sameTime compares times at microsecond precision, whatever their location.
func sameTime(a, b time.Time) bool {
	return a.Truncate(time.Microsecond).Equal(b.Truncate(time.Microsecond))
}

func migrations(kind string) fs.FS {
	if kind == "postgres" {
		return postgres.Migrations()
	}
	return sqlite.Migrations()
}

func migrationVersions(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no migrations")
	}
	var versions []string
	for _, n := range names {
		versions = append(versions, strings.TrimSuffix(n, ".sql"))
	}
	sort.Strings(versions)
	return versions
}

// rawDB opens an unmigrated database of the given kind.
func rawDB(t *testing.T, kind string) (*store.DB, func() *store.DB) {
	t.Helper()
	var open func() *store.DB
	switch kind {
	case "sqlite":
		path := filepath.Join(t.TempDir(), "raw.db")
		open = func() *store.DB {
			w, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_txlock=immediate")
			if err != nil {
				t.Fatal(err)
			}
			w.SetMaxOpenConns(1)
			db := store.New(w, nil, store.Dialect{Name: "sqlite", TimeAsText: true, IDList: "group_concat(%s)"})
			t.Cleanup(func() { db.Close() })
			return db
		}
	case "postgres":
		dsn := dbtest.PostgresSchema(t)
		open = func() *store.DB {
			pool, err := sql.Open("pgx", dsn)
			if err != nil {
				t.Fatal(err)
			}
			db := store.New(pool, nil, store.Dialect{Name: "postgres", Dollar: true, LockSQL: "SELECT pg_advisory_xact_lock(727165)", IDList: "string_agg(%s::text, ',')"})
			t.Cleanup(func() { db.Close() })
			return db
		}
	}
	return open(), open
}

func TestPing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// An opened database is migrated; migrating again applies nothing and keeps the data.
func TestMigrateIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		m := mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001")
		for i := range 2 {
			applied, err := db.Migrate(ctx, migrations(db.Dialect().Name))
			if err != nil {
				t.Fatalf("migrate #%d: %v", i+2, err)
			}
			if len(applied) != 0 {
				t.Fatalf("migrate #%d applied %v, want nothing", i+2, applied)
			}
		}
		if _, err := db.FindMemberByID(ctx, m.ID); err != nil {
			t.Fatalf("member lost after migrating again: %v", err)
		}
	})
}

// A fresh database gets every migration once, in order; the second run applies none.
func TestMigrateFresh(t *testing.T) {
	for _, kind := range dbtest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db, _ := rawDB(t, kind)
			want := migrationVersions(t, migrations(kind))
			applied, err := db.Migrate(ctx, migrations(kind))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(applied, want) {
				t.Fatalf("first migrate applied %v, want %v", applied, want)
			}
			applied, err = db.Migrate(ctx, migrations(kind))
			if err != nil {
				t.Fatal(err)
			}
			if len(applied) != 0 {
				t.Fatalf("second migrate applied %v, want nothing", applied)
			}
		})
	}
}

// Several nodes starting at once on one database apply each migration exactly once.
func TestMigrateConcurrent(t *testing.T) {
	for _, kind := range dbtest.Kinds {
		t.Run(kind, func(t *testing.T) {
			first, open := rawDB(t, kind)
			nodes := []*store.DB{first}
			if kind == "postgres" {
				for range 3 {
					nodes = append(nodes, open())
				}
			} else {
				nodes = append(nodes, first, first, first)
			}
			want := migrationVersions(t, migrations(kind))
			var mu sync.Mutex
			var all []string
			var wg sync.WaitGroup
			errs := make(chan error, len(nodes))
			for _, db := range nodes {
				wg.Go(func() {
					applied, err := db.Migrate(ctx, migrations(kind))
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					all = append(all, applied...)
					mu.Unlock()
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Errorf("concurrent migrate: %v", err)
			}
			sort.Strings(all)
			if !slices.Equal(all, want) {
				t.Fatalf("nodes applied %v together, want each of %v once", all, want)
			}
		})
	}
}

// Writes from many goroutines at once neither fail nor get lost.
func TestConcurrentWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 20
		var wg sync.WaitGroup
		var failed atomic.Int32
		for i := range n {
			wg.Go(func() {
				_, err := db.CreateMember(ctx, allmenning.NewMember{
					Email: fmt.Sprintf("person%d@bergen.kommune.no", i), Name: fmt.Sprintf("Person %02d", i), Municipality: "4601",
				})
				if err != nil {
					failed.Add(1)
					t.Errorf("create member %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		if failed.Load() > 0 {
			return
		}
		_, total, err := db.FindMembers(ctx, allmenning.MemberFilter{Municipality: "4601"})
		if err != nil {
			t.Fatal(err)
		}
		if total != n {
			t.Fatalf("total = %d, want %d", total, n)
		}
	})
}
