package store

import (
	"context"
	"database/sql/driver"
	"reflect"
)

// CacheStatements wraps a connector so that every connection it opens keeps
// the statements it has prepared, keyed by their SQL text, and runs a query
// it has seen before without preparing it again. Drivers such as
// modernc.org/sqlite prepare and finalize a statement on every call made with
// SQL text, which costs more than many of the queries themselves.
//
// The cache lives on the driver connection, not on the pool: a statement is
// prepared on the connection that is about to run it, which the caller (or
// its transaction) already holds. Nothing ever waits for a second connection,
// so it cannot deadlock a pool of one (SQLite's writer), and queries outside
// transactions are served too.
//
// PostgreSQL needs no wrapper: pgx's database/sql driver, opened with
// sql.Open("pgx", url) as package postgres does, runs every query in its
// default mode QueryExecModeCacheStatement, which keeps up to 512 prepared
// statements per connection (pgx.ParseConfig: statement_cache_capacity).
//
// At most max statements are kept per connection; texts beyond that (for
// example IN lists of yet another length) run unprepared, as without the
// cache. The statements are closed when database/sql closes the connection,
// which (*sql.DB).Close does for every connection.
func CacheStatements(c driver.Connector, max int) driver.Connector {
	return &stmtConnector{Connector: c, max: max}
}

// maxCachedSQL bounds the text of a cached statement: longer texts are
// scripts such as migrations, run once.
const maxCachedSQL = 8 << 10

type stmtConnector struct {
	driver.Connector
	max int
}

func (c *stmtConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ec, ok1 := conn.(driver.ExecerContext)
	qc, ok2 := conn.(driver.QueryerContext)
	pc, ok3 := conn.(driver.ConnPrepareContext)
	if !ok1 || !ok2 || !ok3 {
		return conn, nil
	}
	return &stmtConn{Conn: conn, exec: ec, query: qc, prep: pc, max: c.max, stmts: map[string]*cachedStmt{}}, nil
}

// stmtConn is a driver connection with its statement cache. database/sql
// never uses one driver connection from two goroutines at once (Rows.Close
// from a cancelled context also holds the connection's lock), so the cache
// needs no lock of its own.
type stmtConn struct {
	driver.Conn
	exec  driver.ExecerContext
	query driver.QueryerContext
	prep  driver.ConnPrepareContext
	max   int
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	exec  driver.StmtExecContext
	query driver.StmtQueryContext
	close func() error
	// busy is set while the statement runs or its rows are open: a driver
	// statement has one cursor, so a query nested inside the rows of the same
	// query (in one transaction) must not reuse it; it runs unprepared instead.
	busy bool
}

// stmt returns the connection's statement for q, preparing it on first use,
// or nil when q is not to be cached or its statement is busy.
func (c *stmtConn) stmt(ctx context.Context, q string) *cachedStmt {
	if s, ok := c.stmts[q]; ok {
		if s.busy {
			return nil
		}
		return s
	}
	if len(c.stmts) >= c.max || len(q) > maxCachedSQL {
		return nil
	}
	ds, err := c.prep.PrepareContext(ctx, q)
	if err != nil {
		// Let the unprepared call report the error.
		return nil
	}
	ex, ok1 := ds.(driver.StmtExecContext)
	qu, ok2 := ds.(driver.StmtQueryContext)
	if !ok1 || !ok2 {
		ds.Close()
		return nil
	}
	s := &cachedStmt{exec: ex, query: qu, close: ds.Close}
	c.stmts[q] = s
	return s
}

func (c *stmtConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	s := c.stmt(ctx, q)
	if s == nil {
		return c.exec.ExecContext(ctx, q, args)
	}
	s.busy = true
	defer func() { s.busy = false }()
	return s.exec.ExecContext(ctx, args)
}

func (c *stmtConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	s := c.stmt(ctx, q)
	if s == nil {
		return c.query.QueryContext(ctx, q, args)
	}
	s.busy = true
	rows, err := s.query.QueryContext(ctx, args)
	if err != nil {
		s.busy = false
		return nil, err
	}
	return &stmtRows{Rows: rows, s: s}, nil
}

func (c *stmtConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.prep.PrepareContext(ctx, q)
}

// Close finalizes the cached statements before the connection itself.
func (c *stmtConn) Close() error {
	for q, s := range c.stmts {
		s.close()
		delete(c.stmts, q)
	}
	return c.Conn.Close()
}

func (c *stmtConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return c.Conn.Begin()
}

func (c *stmtConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *stmtConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *stmtConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *stmtConn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// stmtRows frees the statement for reuse when its rows close. It passes on
// the column types the driver reports; without them database/sql's defaults
// apply, as they would without the wrapper.
type stmtRows struct {
	driver.Rows
	s *cachedStmt
}

func (r *stmtRows) Close() error {
	err := r.Rows.Close()
	if r.s != nil {
		r.s.busy = false
		r.s = nil
	}
	return err
}

func (r *stmtRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *stmtRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *stmtRows) ColumnTypeNullable(i int) (bool, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *stmtRows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *stmtRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}
