package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allmenning/allmenning/scale"
)

// seed --scale fills an empty database at the size asked for, tells how to
// log in, and refuses a database that already has content.
func TestSeedScale(t *testing.T) {
	ctx := context.Background()
	database := "sqlite:" + filepath.Join(t.TempDir(), "skala.db")
	seed := func() (string, error) {
		var out, errOut bytes.Buffer
		env := &environment{args: []string{"seed", "--scale", "--fraction", "0.001", "--replies", "300", "--quiet", "--database", database},
			stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
		err := run(ctx, env)
		return out.String(), err
	}
	out, err := seed()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "50 medlemmer, 100 tråder og 300 svar") || !strings.Contains(out, scale.LoginEmail) {
		t.Errorf("output: %q", out)
	}
	db, err := openStore(ctx, database)
	if err != nil {
		t.Fatal(err)
	}
	var replies int
	db.WritePool().QueryRow("SELECT COUNT(*) FROM replies").Scan(&replies)
	db.Close()
	if replies != 300 {
		t.Errorf("%d replies, want 300", replies)
	}
	if _, err := seed(); err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("seeding again: %v", err)
	}
}
