package store_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

// numbersFrom lists the first n municipality numbers from the given one on;
// the same text every time, so it runs from the statement cache after its
// first use.
const numbersFrom = "SELECT number FROM municipalities WHERE number >= ? ORDER BY number LIMIT 5"

func scanStrings(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// A query run again while the rows of the same query are still open (in one
// transaction, so on one connection) gets its own cursor: both results are
// complete and right, in read and in write transactions, and again once the
// statement is cached. Only SQLite: PostgreSQL runs one query at a time per
// connection, so the store never nests queries.
func TestStatementReuseNested(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	for _, write := range []bool{false, true} {
		t.Run(fmt.Sprintf("write=%v", write), func(t *testing.T) {
			for round := range 3 {
				err := db.StmtTestInTx(ctx, write, func(tx store.StmtTestTx) error {
					want, err := scanStrings(tx.Query(ctx, "SELECT number FROM municipalities ORDER BY number LIMIT 5"))
					if err != nil || len(want) != 5 {
						return fmt.Errorf("reference list: %v %v", want, err)
					}
					rows, err := tx.Query(ctx, numbersFrom, "")
					if err != nil {
						return err
					}
					defer rows.Close()
					var got []string
					for rows.Next() {
						var n string
						if err := rows.Scan(&n); err != nil {
							return err
						}
						got = append(got, n)
						// The same statement, nested: as a single row and as rows.
						var first string
						if err := tx.QueryRow(ctx, numbersFrom, n).Scan(&first); err != nil {
							return err
						}
						if first != n {
							return fmt.Errorf("nested row from %s = %s", n, first)
						}
						inner, err := scanStrings(tx.Query(ctx, numbersFrom, n))
						if err != nil {
							return err
						}
						i := slices.Index(want, n)
						if len(inner) != 5 || !slices.Equal(inner[:5-i], want[i:]) {
							return fmt.Errorf("nested rows from %s = %v, want to start with %v", n, inner, want[i:])
						}
					}
					if err := rows.Err(); err != nil {
						return err
					}
					if !slices.Equal(got, want) {
						return fmt.Errorf("outer rows = %v, want %v", got, want)
					}
					return nil
				})
				if err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
			}
		})
	}
}

// Statements never seen before, first run inside a write transaction, need no
// connection besides the transaction's: SQLite's writer pool has exactly one.
// A cache that prepared through the pool would wait for that connection
// forever; the deadline turns such a hang into a failure.
func TestStatementCacheInWriteTx(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		before := population(t, db)
		for round := range 2 {
			err := db.StmtTestInTx(ctx, true, func(tx store.StmtTestTx) error {
				for i := range 20 {
					q := fmt.Sprintf("SELECT count(*) + %d FROM municipalities WHERE number >= ?", i)
					var n int
					if err := tx.QueryRow(ctx, q, "").Scan(&n); err != nil {
						return err
					}
					if n < 357+i {
						return fmt.Errorf("%s = %d", q, n)
					}
					if _, err := tx.Exec(ctx, fmt.Sprintf("UPDATE municipalities SET population = population + %d WHERE number = ?", i), "0301"); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if pop := population(t, db); pop != before+2*190 {
			t.Errorf("population of 0301 = %d, want %d after two rounds of updates", pop, before+2*190)
		}
	})
}

func population(t *testing.T, db *store.DB) int {
	t.Helper()
	var pop int
	err := db.StmtTestInTx(ctx, false, func(tx store.StmtTestTx) error {
		return tx.QueryRow(ctx, "SELECT population FROM municipalities WHERE number = ?", "0301").Scan(&pop)
	})
	if err != nil {
		t.Fatal(err)
	}
	return pop
}

// Many goroutines reading through the shared pools at once (run with -race).
func TestStatementCacheConcurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for g := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 20 {
					write := g%4 == 0
					err := db.StmtTestInTx(ctx, write, func(tx store.StmtTestTx) error {
						got, err := scanStrings(tx.Query(ctx, numbersFrom, fmt.Sprintf("%04d", i*100)))
						if err != nil {
							return err
						}
						if len(got) != 5 || got[0] < fmt.Sprintf("%04d", i*100) {
							return fmt.Errorf("from %04d: %v", i*100, got)
						}
						if write {
							_, err = tx.Exec(ctx, "UPDATE municipalities SET population = population WHERE number = ?", got[0])
						}
						return err
					})
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

// A driver that counts what the cache asks of it.
type countingConnector struct {
	mu                                sync.Mutex
	prepared, unprepared, closedStmts int
}

func (c *countingConnector) add(n *int) { c.mu.Lock(); *n++; c.mu.Unlock() }

func (c *countingConnector) counts() (prepared, unprepared, closed int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.prepared, c.unprepared, c.closedStmts
}

func (c *countingConnector) Connect(context.Context) (driver.Conn, error) {
	return &countingConn{c: c}, nil
}

func (c *countingConnector) Driver() driver.Driver { return nil }

type countingConn struct{ c *countingConnector }

func (cn *countingConn) Prepare(q string) (driver.Stmt, error) {
	return cn.PrepareContext(context.Background(), q)
}

func (cn *countingConn) PrepareContext(_ context.Context, q string) (driver.Stmt, error) {
	cn.c.add(&cn.c.prepared)
	return &countingStmt{c: cn.c}, nil
}

func (cn *countingConn) Close() error { return nil }

func (cn *countingConn) Begin() (driver.Tx, error) { return countingTx{}, nil }

func (cn *countingConn) ExecContext(context.Context, string, []driver.NamedValue) (driver.Result, error) {
	cn.c.add(&cn.c.unprepared)
	return driver.RowsAffected(1), nil
}

func (cn *countingConn) QueryContext(_ context.Context, _ string, args []driver.NamedValue) (driver.Rows, error) {
	cn.c.add(&cn.c.unprepared)
	return &echoRows{v: args[0].Value}, nil
}

type countingTx struct{}

func (countingTx) Commit() error   { return nil }
func (countingTx) Rollback() error { return nil }

type countingStmt struct{ c *countingConnector }

func (s *countingStmt) Close() error  { s.c.add(&s.c.closedStmts); return nil }
func (s *countingStmt) NumInput() int { return -1 }
func (s *countingStmt) Exec([]driver.Value) (driver.Result, error) {
	return nil, errors.New("not used")
}
func (s *countingStmt) Query([]driver.Value) (driver.Rows, error) {
	return nil, errors.New("not used")
}
func (s *countingStmt) ExecContext(context.Context, []driver.NamedValue) (driver.Result, error) {
	return driver.RowsAffected(1), nil
}
func (s *countingStmt) QueryContext(_ context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return &echoRows{v: args[0].Value}, nil
}

// echoRows returns its argument as one row.
type echoRows struct {
	v    driver.Value
	done bool
}

func (r *echoRows) Columns() []string { return []string{"v"} }
func (r *echoRows) Close() error      { return nil }
func (r *echoRows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	r.done = true
	dest[0] = r.v
	return nil
}

// Each text is prepared once per connection and then reused; beyond the bound
// texts run unprepared; a statement whose rows are open is not reused under
// them; closing the database closes every prepared statement.
func TestStatementCacheBoundAndClose(t *testing.T) {
	c := &countingConnector{}
	db := sql.OpenDB(store.CacheStatements(c, 3))
	db.SetMaxOpenConns(1)
	echo := func(q string, v int64) {
		t.Helper()
		var got int64
		if err := db.QueryRowContext(ctx, q, v).Scan(&got); err != nil || got != v {
			t.Fatalf("%s(%d) = %d, %v", q, v, got, err)
		}
	}
	for i := range 4 {
		echo("q1", int64(i))
		if _, err := db.ExecContext(ctx, "e1", i); err != nil {
			t.Fatal(err)
		}
	}
	if p, u, _ := c.counts(); p != 2 || u != 0 {
		t.Fatalf("after reusing two texts: prepared %d, unprepared %d; want 2, 0", p, u)
	}
	for _, q := range []string{"q2", "q3", "q3"} {
		echo(q, 7)
	}
	if p, u, _ := c.counts(); p != 3 || u != 2 {
		t.Fatalf("past the bound of 3: prepared %d, unprepared %d; want 3, 2", p, u)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := tx.QueryContext(ctx, "q1", 1)
	if err != nil {
		t.Fatal(err)
	}
	var inner int64
	if err := tx.QueryRowContext(ctx, "q1", 2).Scan(&inner); err != nil || inner != 2 {
		t.Fatalf("nested q1 = %d, %v", inner, err)
	}
	if _, u, _ := c.counts(); u != 3 {
		t.Fatalf("nested use of an open statement ran prepared (unprepared %d, want 3)", u)
	}
	rows.Close()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	echo("q1", 9)
	if p, u, _ := c.counts(); p != 3 || u != 3 {
		t.Fatalf("after the rows closed: prepared %d, unprepared %d; want 3, 3", p, u)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, closed := c.counts(); closed != 3 {
		t.Errorf("closed %d statements when the database closed, want 3", closed)
	}
}
