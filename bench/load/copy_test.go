package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/kommune"
	"github.com/allmenning/allmenning/scale"
	"github.com/allmenning/allmenning/sqlite"
)

// A paired run works on a copy of the small database: what its write
// scenario posts is gone after the run, and the next run starts from the
// same data.
func TestWorkingCopy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "skala.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	list, err := kommune.List()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SyncMunicipalities(ctx, list); err != nil {
		t.Fatal(err)
	}
	if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
		t.Fatal(err)
	}
	cfg := scale.Full().Fraction(0.001)
	cfg.Replies = 2000
	if _, err := scale.Generate(ctx, db, cfg); err != nil {
		t.Fatal(err)
	}
	db.Close()
	o := options{database: "sqlite:" + path, fraction: 0.001, bin: "/nonexistent"}

	_, want, err := dataset(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	copied, remove, err := workingCopy(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	dst, ok := strings.CutPrefix(copied, "sqlite:")
	if !ok || dst == path {
		t.Fatalf("working copy %q is not another SQLite file", copied)
	}
	co := o
	co.database = copied
	if _, got, err := dataset(ctx, co); err != nil || got != want {
		t.Fatalf("the copy holds %q (%v), want %q", got, err, want)
	}
	// A write to the copy leaves the original as it was.
	cdb, err := sqlite.Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cdb.WritePool().ExecContext(ctx, "DELETE FROM search_docs WHERE id IN (SELECT id FROM search_docs ORDER BY id DESC LIMIT 5)"); err != nil {
		t.Fatal(err)
	}
	cdb.Close()
	if _, got, err := dataset(ctx, co); err != nil || got == want {
		t.Fatalf("the write to the copy did not show: %q (%v)", got, err)
	}
	if _, got, err := dataset(ctx, o); err != nil || got != want {
		t.Errorf("after writing to the copy the original holds %q (%v), want %q", got, err, want)
	}
	remove()
	if _, err := os.Stat(filepath.Dir(dst)); !os.IsNotExist(err) {
		t.Errorf("the copy's directory is still there after remove: %v", err)
	}
	// PostgreSQL databases are used as they are.
	if db, _, err := workingCopy(ctx, options{database: "postgres://x@127.0.0.1/y"}); err != nil || db != "postgres://x@127.0.0.1/y" {
		t.Errorf("workingCopy of a PostgreSQL database = %q, %v", db, err)
	}
}
