// Package store implements allmenning.Store with database/sql. The same SQL
// serves SQLite and PostgreSQL; a Dialect covers the few places where they differ.
// The sqlite and postgres packages open connections and hold the migrations.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/allmenning/allmenning"
)

// Dialect names the database and adapts SQL written for SQLite-style '?' placeholders.
type Dialect struct {
	Name string // "sqlite" or "postgres"
	// Dollar placeholders ($1, $2 …) instead of '?'.
	Dollar bool
	// TimeAsText stores times as fixed-width UTC text, which sorts and compares correctly.
	TimeAsText bool
	// LockSQL serialises migrations between nodes; empty when the database has a single writer.
	LockSQL string
	// GroupCommit runs concurrent write transactions as one (groupcommit.go):
	// for a database with a single writer.
	GroupCommit bool
	// IDList is an aggregate that joins the integers of its column, %s,
	// into one text with commas between them.
	IDList string
}

// DB is a database handle. Writes go to write; reads may go to read, which for
// SQLite is a separate pool of read-only connections.
type DB struct {
	write   *sql.DB
	read    *sql.DB
	dialect Dialect
	now     func() time.Time
	lists   *versionCache[any]                       // counts shown by lists (listcache.go)
	search  *versionCache[*allmenning.SearchResults] // pages of search results (searchcache.go)
	replies *versionCache[[]allmenning.Reply]        // pages of a thread's replies (replycache.go)
	// sessionMembers are the members of logged-in visitors (FindSessionMember).
	sessionMembers *versionCache[*allmenning.Member]
	tags           *tagCache    // the tags threads carry (tagcache.go)
	writes         *writeQueue  // nil unless Dialect.GroupCommit
	queue          *searchQueue // replies waiting for the search index (searchqueue.go)
	// readTurns, when not nil, hands out the read pool's connections in the
	// order they were asked for (beginRead).
	readTurns chan struct{}

	// Background upkeep (Every) stops when the DB closes.
	ctx    context.Context
	cancel context.CancelFunc
	bg     sync.WaitGroup
	// closers release what a dialect opened besides the two pools.
	closers []func() error
}

// New returns a DB using the given pools.
func New(write, read *sql.DB, d Dialect) *DB {
	if read == nil {
		read = write
	}
	ctx, cancel := context.WithCancel(context.Background())
	db := &DB{write: write, read: read, dialect: d, now: time.Now, ctx: ctx, cancel: cancel,
		lists:          &versionCache[any]{maxEntries: listCacheSize},
		search:         &versionCache[*allmenning.SearchResults]{maxEntries: searchCacheEntries, maxBytes: searchCacheBytes, size: resultsSize, clone: cloneResults},
		replies:        &versionCache[[]allmenning.Reply]{maxEntries: replyCacheEntries, maxBytes: replyCacheBytes, size: repliesSize},
		sessionMembers: &versionCache[*allmenning.Member]{maxEntries: sessionMemberEntries, clone: cloneMember},
		tags:           &tagCache{},
	}
	if n := read.Stats().MaxOpenConnections; read != write && n > 0 {
		db.readTurns = make(chan struct{}, n)
	}
	if d.GroupCommit {
		db.startWriteQueue()
	}
	db.startIndexer()
	return db
}

// Every runs fn every interval until the DB closes, for upkeep such as
// refreshing planner statistics. Upkeep is best effort: an error only means
// it is tried again at the next interval.
func (db *DB) Every(interval time.Duration, fn func(ctx context.Context) error) {
	db.bg.Add(1)
	go func() {
		defer db.bg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-db.ctx.Done():
				return
			case <-t.C:
				_ = fn(db.ctx)
			}
		}
	}()
}

// OnClose has Close call fn after the upkeep has stopped and the pools are
// closed: for what a dialect opened besides the pools.
func (db *DB) OnClose(fn func() error) { db.closers = append(db.closers, fn) }

// SetClock replaces the clock that stamps new rows. Demo and scale data use
// it to date posts in the past; it must not be called while serving.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Dialect returns the database's dialect.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close indexes the replies still queued for search, stops the upkeep and
// closes both pools (and what OnClose was given).
func (db *DB) Close() error {
	ctx, cancel := context.WithTimeout(db.ctx, indexOnClose)
	_ = db.IndexPending(ctx) // what is left is indexed at the next start
	cancel()
	db.cancel()
	db.bg.Wait()
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	for _, fn := range db.closers {
		err = errors.Join(err, fn())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.readRow(ctx, []any{&one}, "SELECT 1")
}

// Tx wraps *sql.Tx with the dialect's rebinding.
type Tx struct {
	*sql.Tx
	db *DB
	// bumps are the data versions (version.go) this transaction changes;
	// inTx increments them last, just before commit.
	bumps []string
	// posts are the changes of members' post counts (addPosts), also
	// written just before commit.
	posts map[int64]int
	// fixed, when set, is the context of every statement instead of the
	// caller's: a group-committed transaction is shared (groupcommit.go).
	fixed context.Context
	// readOnly: a transaction of beginRead, which sees only committed data.
	readOnly bool
}

func (tx *Tx) stmtCtx(ctx context.Context) context.Context {
	if tx.fixed != nil {
		return tx.fixed
	}
	return ctx
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.ExecContext(tx.stmtCtx(ctx), tx.db.rebind(q), tx.db.args(args)...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.QueryContext(tx.stmtCtx(ctx), tx.db.rebind(q), tx.db.args(args)...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.QueryRowContext(tx.stmtCtx(ctx), tx.db.rebind(q), tx.db.args(args)...)
}

// insertID runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// begin starts a read-write transaction.
func (db *DB) begin(ctx context.Context) (*Tx, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &Tx{Tx: tx, db: db}, nil
}

// beginRead starts a read-only transaction on the read pool.
//
// database/sql gives a connection that comes free to a random one of the
// goroutines waiting for it, so under load a few wait many turns while
// others wait none. With readTurns the goroutines queue on a channel
// instead, which serves them in order, and the pool has a connection free
// for each that gets a turn. endRead gives the turn back.
func (db *DB) beginRead(ctx context.Context) (*Tx, error) {
	if db.readTurns != nil {
		select {
		case db.readTurns <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: db.dialect.Name == "postgres"})
	if err != nil {
		db.endTurn()
		return nil, err
	}
	return &Tx{Tx: tx, db: db, readOnly: true}, nil
}

// readRow scans the one row of a query on the read pool, in its turn (or in
// the snapshot ctx carries).
func (db *DB) readRow(ctx context.Context, dest []any, q string, args ...any) error {
	return db.inReadTx(ctx, func(tx *Tx) error { return tx.queryRow(ctx, q, args...).Scan(dest...) })
}

// endRead ends a transaction from beginRead.
func (db *DB) endRead(tx *Tx) {
	tx.Rollback()
	db.endTurn()
}

func (db *DB) endTurn() {
	if db.readTurns != nil {
		<-db.readTurns
	}
}

// inTx runs fn in a read-write transaction and commits when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	if db.writes != nil {
		return db.queueTx(ctx, fn)
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.commit(ctx)
}

// commit writes the post counts and data versions the transaction changed,
// last so that their rows are locked only briefly, and commits.
func (tx *Tx) commit(ctx context.Context) error {
	if err := tx.flushPosts(ctx); err != nil {
		return err
	}
	if err := tx.flushVersions(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// inReadTx runs fn in a read-only transaction: the one ctx carries
// (Snapshot), or its own.
func (db *DB) inReadTx(ctx context.Context, fn func(tx *Tx) error) error {
	if tx := db.snapshotTx(ctx); tx != nil {
		return fn(tx)
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer db.endRead(tx)
	return fn(tx)
}

func (db *DB) rebind(q string) string {
	if !db.dialect.Dollar || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// timeLayout is how SQLite stores times: fixed width, UTC, so text order is time order.
const timeLayout = "2006-01-02 15:04:05.000000"

func (db *DB) args(args []any) []any {
	if !db.dialect.TimeAsText {
		return args
	}
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			args[i] = v.UTC().Format(timeLayout)
		case *time.Time:
			if v == nil {
				args[i] = nil
			} else {
				args[i] = v.UTC().Format(timeLayout)
			}
		}
	}
	return args
}

// timeScan scans a time stored as a timestamp or as text (SQLite aggregates return text).
type timeScan struct{ t *time.Time }

func (s timeScan) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		*s.t = x
	case string:
		return s.parse(x)
	case []byte:
		return s.parse(string(x))
	case nil:
		*s.t = time.Time{}
	default:
		return fmt.Errorf("store: cannot scan %T as time", v)
	}
	return nil
}

func (s timeScan) parse(x string) error {
	if t, ok := parseTimeLayout(x); ok {
		*s.t = t
		return nil
	}
	for _, layout := range []string{timeLayout, time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02 15:04:05.999999999-07:00"} {
		if t, err := time.Parse(layout, x); err == nil {
			*s.t = t
			return nil
		}
	}
	return fmt.Errorf("store: cannot parse time %q", x)
}

// parseTimeLayout parses a time written in timeLayout, the form of every
// time SQLite stores, without time.Parse's general machinery: a thread page
// scans some sixty of them. ok is false for any other form.
func parseTimeLayout(x string) (t time.Time, ok bool) {
	if len(x) != len(timeLayout) || x[4] != '-' || x[7] != '-' || x[10] != ' ' || x[13] != ':' || x[16] != ':' || x[19] != '.' {
		return time.Time{}, false
	}
	num := func(from, to int) int {
		n := 0
		for i := from; i < to; i++ {
			c := x[i]
			if c < '0' || c > '9' {
				ok = false
				return 0
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	ok = true
	year, month, day := num(0, 4), num(5, 7), num(8, 10)
	hour, minute, sec, micro := num(11, 13), num(14, 16), num(17, 19), num(20, 26)
	if !ok || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	t = time.Date(year, time.Month(month), day, hour, minute, sec, micro*1000, time.UTC)
	if t.Day() != day { // 31 April and the like
		return time.Time{}, false
	}
	return t, true
}

// nullTime scans a nullable time into a *time.Time.
type nullTime struct{ t **time.Time }

func (s nullTime) Scan(v any) error {
	if v == nil {
		*s.t = nil
		return nil
	}
	var t time.Time
	if err := (timeScan{&t}).Scan(v); err != nil {
		return err
	}
	*s.t = &t
	return nil
}

// notFound turns sql.ErrNoRows into an ENOTFOUND error.
func notFound(err error, message string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return allmenning.Errorf(allmenning.ENOTFOUND, message)
	}
	return err
}

// isUniqueViolation reports whether err is a unique-constraint violation on either database.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}
