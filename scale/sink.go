package scale

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// sink writes batches of rows in one transaction each: multi-row INSERTs
// through prepared statements on SQLite, COPY on PostgreSQL.
type sink interface {
	begin(ctx context.Context) error
	commit(ctx context.Context) error
	rollback(ctx context.Context)
	// insert adds rows (values in the order of cols) to table.
	insert(ctx context.Context, table string, cols []string, rows [][]any) error
	// searchDocs adds search documents (docCols plus the title and body
	// stems) and their words, as store.writeSearchDoc does.
	searchDocs(ctx context.Context, rows [][]any) error
	// setIDs runs UPDATE table SET col = value WHERE id = id for each (id, value), value 0 meaning NULL.
	setIDs(ctx context.Context, table, col string, ids, values []int64) error
	exec(ctx context.Context, q string) error
	dialect() string
}

// docCols are the columns of search_docs the generator writes.
var docCols = []string{"id", "kind", "ref_id", "thread_id", "number", "area_id", "municipality", "visibility", "author_id", "created_at", "deleted", "title", "body"}

// timeLayout is how the store keeps times on SQLite (store.timeLayout).
const timeLayout = "2006-01-02 15:04:05.000000"

// sqliteSink writes through one connection of the store's write pool.
type sqliteSink struct {
	conn  *sql.Conn
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

// maxVars is how many values one INSERT binds: the driver binds in time
// that grows faster than the number of values, so short statements win.
const maxVars = 100

func (s *sqliteSink) dialect() string { return "sqlite" }

func (s *sqliteSink) begin(ctx context.Context) error {
	tx, err := s.conn.BeginTx(ctx, nil)
	s.tx, s.stmts = tx, map[string]*sql.Stmt{}
	return err
}

func (s *sqliteSink) commit(ctx context.Context) error {
	for _, st := range s.stmts {
		st.Close()
	}
	err := s.tx.Commit()
	s.tx = nil
	return err
}

func (s *sqliteSink) rollback(ctx context.Context) {
	if s.tx != nil {
		s.tx.Rollback()
		s.tx = nil
	}
}

func (s *sqliteSink) exec(ctx context.Context, q string) error {
	var err error
	if s.tx != nil {
		_, err = s.tx.ExecContext(ctx, q)
	} else {
		_, err = s.conn.ExecContext(ctx, q)
	}
	return err
}

func (s *sqliteSink) stmt(ctx context.Context, table string, cols []string, n int) (*sql.Stmt, error) {
	key := fmt.Sprintf("%s/%d", table, n)
	if st := s.stmts[key]; st != nil {
		return st, nil
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
	st, err := s.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	s.stmts[key] = st
	return st, nil
}

func sqliteValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(timeLayout)
	case *time.Time:
		if x == nil {
			return nil
		}
		return x.UTC().Format(timeLayout)
	}
	return v
}

func (s *sqliteSink) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := max(1, min(500, maxVars/len(cols)))
	args := make([]any, 0, per*len(cols))
	for len(rows) > 0 {
		n := min(per, len(rows))
		st, err := s.stmt(ctx, table, cols, n)
		if err != nil {
			return err
		}
		args = args[:0]
		for _, r := range rows[:n] {
			for _, v := range r {
				args = append(args, sqliteValue(v))
			}
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

func (s *sqliteSink) searchDocs(ctx context.Context, rows [][]any) error {
	docs := make([][]any, len(rows))
	fts := make([][]any, len(rows))
	n := len(docCols)
	for i, r := range rows {
		docs[i] = r[:n]
		fts[i] = []any{r[0], r[n], r[n+1]}
	}
	if err := s.insert(ctx, "search_docs", docCols, docs); err != nil {
		return err
	}
	return s.insert(ctx, "search_fts", []string{"rowid", "title", "body"}, fts)
}

func (s *sqliteSink) setIDs(ctx context.Context, table, col string, ids, values []int64) error {
	st, err := s.tx.PrepareContext(ctx, "UPDATE "+table+" SET "+col+" = ? WHERE id = ?")
	if err != nil {
		return err
	}
	defer st.Close()
	for i, id := range ids {
		var v any
		if values[i] != 0 {
			v = values[i]
		}
		if _, err := st.ExecContext(ctx, v, id); err != nil {
			return err
		}
	}
	return nil
}

// pgSink writes through a pgx connection of the store's pool, with COPY.
type pgSink struct {
	conn *pgx.Conn
	tx   pgx.Tx
}

// withPgx runs fn with the pgx connection under a database/sql connection.
func withPgx(ctx context.Context, c *sql.Conn, fn func(*pgx.Conn) error) error {
	return c.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("scale: not a pgx connection: %T", dc)
		}
		return fn(sc.Conn())
	})
}

func (s *pgSink) dialect() string { return "postgres" }

func (s *pgSink) begin(ctx context.Context) error {
	tx, err := s.conn.Begin(ctx)
	s.tx = tx
	return err
}

func (s *pgSink) commit(ctx context.Context) error {
	err := s.tx.Commit(ctx)
	s.tx = nil
	return err
}

func (s *pgSink) rollback(ctx context.Context) {
	if s.tx != nil {
		s.tx.Rollback(ctx)
		s.tx = nil
	}
}

func (s *pgSink) exec(ctx context.Context, q string) error {
	var err error
	if s.tx != nil {
		_, err = s.tx.Exec(ctx, q)
	} else {
		_, err = s.conn.Exec(ctx, q)
	}
	return err
}

func (s *pgSink) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := s.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	return nil
}

// searchDocs copies the documents with their stems into a temporary table
// and computes the tsvector exactly as store.writeSearchDoc does.
func (s *pgSink) searchDocs(ctx context.Context, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := s.tx.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS scale_docs (
		id BIGINT, kind TEXT, ref_id BIGINT, thread_id BIGINT, number INTEGER, area_id BIGINT, municipality TEXT, visibility TEXT,
		author_id BIGINT, created_at TIMESTAMPTZ, deleted BOOLEAN, title TEXT, body TEXT, title_stems TEXT, body_stems TEXT) ON COMMIT DELETE ROWS`); err != nil {
		return err
	}
	cols := append(append([]string{}, docCols...), "title_stems", "body_stems")
	if err := s.insert(ctx, "scale_docs", cols, rows); err != nil {
		return err
	}
	list := strings.Join(docCols, ", ")
	_, err := s.tx.Exec(ctx, "INSERT INTO search_docs ("+list+", tsv) SELECT "+list+
		", setweight(to_tsvector('simple', CAST(title_stems AS TEXT)), 'A') || setweight(to_tsvector('simple', CAST(body_stems AS TEXT)), 'B') FROM scale_docs ORDER BY id")
	if err != nil {
		return err
	}
	_, err = s.tx.Exec(ctx, "TRUNCATE scale_docs")
	return err
}

func (s *pgSink) setIDs(ctx context.Context, table, col string, ids, values []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.tx.Exec(ctx, "UPDATE "+table+" t SET "+col+" = NULLIF(u.v, 0) FROM unnest($1::bigint[], $2::bigint[]) AS u(id, v) WHERE t.id = u.id", ids, values)
	return err
}
