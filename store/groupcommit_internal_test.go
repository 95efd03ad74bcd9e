package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// groupDB opens a bare SQLite database with group commit and the two tables
// that every write transaction may touch at commit.
func groupDB(t *testing.T) *DB {
	t.Helper()
	w, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "g.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	for _, q := range []string{
		"CREATE TABLE notes (k INTEGER PRIMARY KEY, v TEXT NOT NULL)",
		"CREATE TABLE data_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)",
		"INSERT INTO data_versions VALUES ('threads', 0)",
		"CREATE TABLE members (id INTEGER PRIMARY KEY, post_count INTEGER NOT NULL)",
		"INSERT INTO members VALUES (1, 0)",
	} {
		if _, err := w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db := New(w, nil, Dialect{Name: "sqlite", TimeAsText: true, GroupCommit: true})
	t.Cleanup(func() { db.Close() })
	return db
}

// inOneBatch runs the functions concurrently through inTx and makes sure
// they share one batch: while the write connection is held, the writer takes
// a first job that does nothing and waits; the functions queue behind it.
// It returns each one's error (a panic is returned as an error naming it).
func inOneBatch(t *testing.T, db *DB, ctxs []context.Context, fns []func(tx *Tx) error) []error {
	t.Helper()
	hold, err := db.write.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Close()
	queued := func(want int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			db.writes.mu.Lock()
			n := len(db.writes.jobs)
			db.writes.mu.Unlock()
			if n == want {
				return
			}
			if time.Now().After(deadline) {
				t.Errorf("%d jobs queued, want %d", n, want)
				return
			}
			time.Sleep(time.Millisecond)
		}
	}
	first := make(chan error, 1)
	go func() { first <- db.inTx(context.Background(), func(*Tx) error { return nil }) }()
	time.Sleep(10 * time.Millisecond)
	queued(0) // taken by the writer, which now waits for the connection

	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	live := 0 // a job whose caller has gone is refused before it is queued
	for i, fn := range fns {
		ctx := context.Background()
		if ctxs != nil && ctxs[i] != nil {
			ctx = ctxs[i]
		}
		if ctx.Err() == nil {
			live++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("panic: %v", p)
				}
			}()
			errs[i] = db.inTx(ctx, fn)
		}()
	}
	queued(live)
	hold.Close()
	wg.Wait()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	return errs
}

func insertNote(k int, v string) func(tx *Tx) error {
	return func(tx *Tx) error {
		_, err := tx.exec(context.Background(), "INSERT INTO notes (k, v) VALUES (?, ?)", k, v)
		return err
	}
}

func notes(t *testing.T, db *DB) map[int]string {
	t.Helper()
	rows, err := db.write.Query("SELECT k, v FROM notes")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var k int
		var v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		out[k] = v
	}
	return out
}

func intQuery(t *testing.T, db *DB, q string) int {
	t.Helper()
	var n int
	if err := db.write.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Transactions that share a commit keep their own outcome: one that fails or
// panics is rolled back alone, one whose caller has gone is not run, and the
// others' writes, version bumps and post counts are all committed.
func TestGroupCommitKeepsEachOutcome(t *testing.T) {
	db := groupDB(t)
	boom := errors.New("refused")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	post := func(k int) func(tx *Tx) error {
		return func(tx *Tx) error {
			if err := insertNote(k, "ok")(tx); err != nil {
				return err
			}
			bumpVersion(tx, versionThreads)
			tx.addPosts(1, 1)
			return nil
		}
	}
	fns := []func(tx *Tx) error{
		post(1),
		func(tx *Tx) error { // writes, then fails: nothing of it stays
			insertNote(2, "failed")(tx)
			tx.addPosts(1, 100)
			return boom
		},
		post(3),
		func(tx *Tx) error { // writes, then panics
			insertNote(4, "panicked")(tx)
			panic("broken invariant")
		},
		insertNote(100, "duplicate key"), // a constraint error
		post(5),                          // its caller has gone
		post(6),
	}
	if err := db.inTx(context.Background(), insertNote(100, "before")); err != nil {
		t.Fatal(err)
	}
	ctxs := make([]context.Context, len(fns))
	ctxs[5] = cancelled
	errs := inOneBatch(t, db, ctxs, fns)

	for i, want := range []string{"", "refused", "", "panic: broken invariant", "UNIQUE", "context canceled", ""} {
		got := ""
		if errs[i] != nil {
			got = errs[i].Error()
		}
		if (want == "") != (got == "") || want != "" && !strings.Contains(got, want) {
			t.Errorf("job %d: error %q, want %q", i, got, want)
		}
	}
	if got := notes(t, db); len(got) != 4 || got[1] != "ok" || got[3] != "ok" || got[6] != "ok" || got[100] != "before" {
		t.Errorf("committed notes %v, want 1, 3, 6 and the one from before", got)
	}
	if n := intQuery(t, db, "SELECT post_count FROM members WHERE id = 1"); n != 3 {
		t.Errorf("post count %d, want 3 (the failed job's 100 rolled back)", n)
	}
	if n := intQuery(t, db, "SELECT version FROM data_versions WHERE name = 'threads'"); n < 1 {
		t.Errorf("threads version %d: the committed jobs' bump is lost", n)
	}
}

// When the shared transaction itself fails, no caller in the batch is told
// that its write was saved, and none of it was.
func TestGroupCommitFailsTheWholeBatchTogether(t *testing.T) {
	db := groupDB(t)
	fns := []func(tx *Tx) error{
		insertNote(1, "a"),
		func(tx *Tx) error { // ends the shared transaction under the others
			_, err := tx.exec(context.Background(), "ROLLBACK")
			return err
		},
		insertNote(3, "c"),
	}
	errs := inOneBatch(t, db, nil, fns)
	for i, err := range errs {
		if err == nil {
			t.Errorf("job %d reported success, but the batch was not committed", i)
		}
	}
	if got := notes(t, db); len(got) != 0 {
		t.Errorf("notes %v survived a failed batch", got)
	}
	// The queue goes on working after a failed batch.
	if err := db.inTx(context.Background(), insertNote(7, "after")); err != nil {
		t.Fatal(err)
	}
	if got := notes(t, db); got[7] != "after" {
		t.Errorf("notes %v, want the write after the failed batch", got)
	}
}

// Writes queued after Close are refused, not left waiting.
func TestGroupCommitAfterClose(t *testing.T) {
	db := groupDB(t)
	db.Close()
	done := make(chan error, 1)
	go func() { done <- db.inTx(context.Background(), insertNote(1, "late")) }()
	select {
	case err := <-done:
		if !errors.Is(err, errClosed) {
			t.Errorf("write after close: %v, want %v", err, errClosed)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a write after close is still waiting")
	}
}
