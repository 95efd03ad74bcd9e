// Package sqlite opens the embedded SQLite database: one writer connection and
// a pool of readers, WAL, foreign keys on and a busy timeout, so that readers
// never wait for the writer and writers queue instead of failing.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/allmenning/allmenning/store"
	"modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the SQLite migrations.
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations")
	return sub
}

// Dialect describes SQLite to the store.
var dialect = store.Dialect{Name: "sqlite", TimeAsText: true, GroupCommit: true, IDList: "group_concat(%s)"}

// cachedStatements is how many prepared statements each connection keeps.
// The application has a few hundred distinct queries; IN lists of other
// lengths beyond the bound run unprepared.
const cachedStatements = 512

// optimizeEvery is how often a running server refreshes planner statistics.
const optimizeEvery = time.Hour

// Checkpoints. SQLite's own checkpoint runs in the commit that grows the WAL
// past 1,000 pages: the one writer then copies those pages into the
// database file and waits for two fsyncs before it can take the next batch,
// a tenth of its time under a stream of replies. Here a connection of its
// own checkpoints every checkpointEvery instead, beside the writer (a
// checkpoint does not hold SQLite's write lock); the writer's automatic
// checkpoint stays, at checkpointFallback pages, for when that falls behind.
const (
	checkpointEvery    = 100 * time.Millisecond
	checkpointFallback = 10000
)

// readers is the size of the read pool: one connection per core that runs
// Go code, and at least two. Reads from a file the OS has cached are CPU
// work, so more readers than cores only take turns; and every connection
// of the driver allocates memory and pages under the same process-wide
// locks, so each extra reader is one more that the writer waits behind
// (on two cores, two readers against four: 585–883 replies/s against
// 239–719, BENCHMARKS.md).
func readers() int { return max(2, runtime.GOMAXPROCS(0)) }

// Open opens (creating if needed) the database file at path and migrates it.
func Open(ctx context.Context, path string) (*store.DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	base := "file:" + (&url.URL{Path: path}).EscapedPath()
	write, err := openPool(base + "?" + pragmas + "&_pragma=wal_autocheckpoint(" + strconv.Itoa(checkpointFallback) + ")&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := openPool(base + "?" + pragmas + "&mode=ro")
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(readers())
	read.SetMaxIdleConns(readers())
	// Readers load the planner statistics when they connect; renewing them now
	// and then lets them see what the periodic optimize found.
	read.SetConnMaxLifetime(optimizeEvery)
	checkpointer, err := openPool(base + "?" + pragmas)
	if err != nil {
		write.Close()
		read.Close()
		return nil, err
	}
	checkpointer.SetMaxOpenConns(1)
	db := store.New(write, read, dialect)
	db.OnClose(checkpointer.Close)
	if _, err := db.Migrate(ctx, Migrations()); err != nil {
		db.Close()
		return nil, err
	}
	// A database grown by the application has no statistics unless something
	// gathers them, and without them the planner sorts whole tables where an
	// index would do.
	if err := Optimize(ctx, write, true); err != nil {
		db.Close()
		return nil, err
	}
	db.Every(optimizeEvery, func(ctx context.Context) error { return Optimize(ctx, write, false) })
	db.Every(checkpointEvery, func(ctx context.Context) error {
		// PASSIVE: copy what no reader still needs, wait for no one.
		_, err := checkpointer.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
		return err
	})
	return db, nil
}

// openPool opens a pool whose connections each keep their prepared statements
// (modernc.org/sqlite otherwise prepares and finalizes a statement per call).
func openPool(dsn string) (*sql.DB, error) {
	c, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return sql.OpenDB(store.CacheStatements(c, cachedStatements)), nil
}

// Optimize gathers planner statistics for the tables whose statistics are
// missing or stale (SQLite's PRAGMA optimize). At open, all tables are checked
// (0x10000), since a fresh connection has run no queries for optimize to go
// by; later runs check the tables the writer has used. analysis_limit makes
// ANALYZE sample each index instead of reading all of it, so this stays fast
// on a file of several gigabytes.
func Optimize(ctx context.Context, write *sql.DB, all bool) error {
	c, err := write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: optimize: %w", err)
	}
	defer c.Close()
	q := "PRAGMA optimize"
	if all {
		q = "PRAGMA optimize=0x10002"
	}
	for _, q := range []string{"PRAGMA analysis_limit=400", q} {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlite: optimize: %w", err)
		}
	}
	if err := DropSampleStats(ctx, c); err != nil {
		return fmt.Errorf("sqlite: optimize: %w", err)
	}
	return nil
}

// DropSampleStats keeps the planner to sqlite_stat1's averages. ANALYZE also
// writes per-index samples to sqlite_stat4, and with samples present SQLite
// recompiles a prepared statement whenever a new value is bound to a
// parameter the samples could plan differently for — on every request, so
// statement reuse is lost (a fifth of the thread page's CPU at full scale).
// Our queries are planned well from the averages; the load benchmark
// measured every page as fast or faster without the samples.
func DropSampleStats(ctx context.Context, c execQuerier) error {
	var n int
	if err := c.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'").Scan(&n); err != nil || n == 0 {
		return err
	}
	_, err := c.ExecContext(ctx, "DELETE FROM sqlite_stat4")
	return err
}

// execQuerier is a connection or a transaction.
type execQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
