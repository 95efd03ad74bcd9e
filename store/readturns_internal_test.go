package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// turnDB opens a bare SQLite database with a read pool of one connection.
func turnDB(t *testing.T) *DB {
	t.Helper()
	path := "file:" + filepath.Join(t.TempDir(), "r.db") + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"
	w, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	if _, err := w.Exec("CREATE TABLE notes (k INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO notes VALUES (1, 'en')"); err != nil {
		t.Fatal(err)
	}
	r, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	r.SetMaxOpenConns(1)
	db := New(w, r, Dialect{Name: "sqlite", TimeAsText: true})
	t.Cleanup(func() { db.Close() })
	return db
}

// waitingForTurn waits until n goroutines wait in beginRead.
func waitingForTurn(t *testing.T, n int) {
	t.Helper()
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(10 * time.Second); ; {
		got := strings.Count(string(buf[:runtime.Stack(buf, true)]), "store.(*DB).beginRead(")
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines wait for a turn at the read pool, want %d", got, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// Reads waiting for the read pool get it in the order they asked, where
// database/sql would give a freed connection to any of them.
func TestReadTurnsInOrder(t *testing.T) {
	db := turnDB(t)
	ctx := context.Background()
	hold, err := db.beginRead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const readers = 6
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var v string
			if err := db.readRow(ctx, []any{&v}, "SELECT v FROM notes WHERE k = 1"); err != nil || v != "en" {
				t.Errorf("reader %d: %q, %v", i, v, err)
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		}()
		waitingForTurn(t, i+1)
	}
	db.endRead(hold)
	wg.Wait()
	for i, n := range order {
		if n != i {
			t.Fatalf("readers served in the order %v, want 0 to %d in turn", order, readers-1)
		}
	}
}

// A read that gives up while waiting, or fails, takes no turn with it:
// the pool's one connection still serves the next read.
func TestReadTurnsGivenBack(t *testing.T) {
	db := turnDB(t)
	hold, err := db.beginRead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		var v string
		done <- db.readRow(ctx, []any{&v}, "SELECT v FROM notes")
	}()
	waitingForTurn(t, 1)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("a read given up while waiting: %v, want context.Canceled", err)
	}
	db.endRead(hold)

	var v string
	if err := db.readRow(context.Background(), []any{&v}, "SELECT nothing FROM notes"); err == nil {
		t.Fatal("a query of a column that does not exist succeeded")
	}
	for range 3 {
		readCtx, stop := context.WithTimeout(context.Background(), 10*time.Second)
		err := db.readRow(readCtx, []any{&v}, "SELECT v FROM notes WHERE k = 1")
		stop()
		if err != nil || v != "en" {
			t.Fatalf("a read after the failed ones: %q, %v", v, err)
		}
	}
}
