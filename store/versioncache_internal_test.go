package store

import (
	"context"
	"errors"
	"strconv"
	"testing"
)

// The cache holds at most maxEntries entries (and, when it weighs them,
// at most maxBytes), dropping the least recently used, so memory stays
// bounded whatever filters and searches are asked for.
func TestVersionCacheBounded(t *testing.T) {
	ctx := context.Background()
	value := func(i int) func() (int, error) { return func() (int, error) { return i, nil } }
	c := &versionCache[int]{maxEntries: 100}
	for i := range 150 {
		if _, err := c.get(ctx, strconv.Itoa(i), 1, value(i)); err != nil {
			t.Fatal(err)
		}
		if i == 99 {
			c.get(ctx, "0", 1, value(-1)) // used again: kept
		}
	}
	if n := c.len(); n != 100 {
		t.Fatalf("%d entries, want 100", n)
	}
	if v, _ := c.get(ctx, "0", 1, value(-1)); v != 0 {
		t.Error("the entry used again was evicted")
	}
	if v, _ := c.get(ctx, "1", 1, value(-1)); v != -1 {
		t.Error("the least recently used entry was kept")
	}
	if v, _ := c.get(ctx, "149", 1, value(-1)); v != 149 {
		t.Error("the newest entry is missing")
	}

	weighed := &versionCache[string]{maxEntries: 100, maxBytes: 10, size: func(s string) int { return len(s) }}
	for _, k := range []string{"aaaa", "bbbb", "cccc"} {
		weighed.get(ctx, k, 1, func() (string, error) { return k, nil })
	}
	if n := weighed.len(); n != 2 {
		t.Errorf("%d entries of 4 bytes under a bound of 10 bytes, want 2", n)
	}
	if v, _ := weighed.get(ctx, "aaaa", 1, func() (string, error) { return "new", nil }); v != "new" {
		t.Error("the oldest weighed entry was kept")
	}
}

// An entry answers readers of its version only: a newer version computes
// again and replaces it, an older reader computes its own answer without
// disturbing the newer entry, and a failed computation is not kept.
func TestVersionCacheVersions(t *testing.T) {
	ctx := context.Background()
	c := &versionCache[string]{maxEntries: 10}
	calls := 0
	get := func(version int64, v string, err error) string {
		t.Helper()
		got, gerr := c.get(ctx, "k", version, func() (string, error) { calls++; return v, err })
		if !errors.Is(gerr, err) {
			t.Fatalf("version %d: error %v, want %v", version, gerr, err)
		}
		return got
	}
	for _, step := range []struct {
		version   int64
		compute   string
		err       error
		want      string
		wantCalls int
	}{
		{1, "one", nil, "one", 1},
		{1, "again", nil, "one", 1}, // kept
		{2, "two", nil, "two", 2},   // a newer version computes again
		{1, "old", nil, "old", 3},   // an older snapshot computes its own
		{2, "again", nil, "two", 3}, // and the newer entry is still there
		{3, "", errBoom, "", 4},     // a failure is not kept
		{3, "three", nil, "three", 5},
	} {
		if got := get(step.version, step.compute, step.err); got != step.want || calls != step.wantCalls {
			t.Errorf("version %d: %q after %d computations, want %q after %d", step.version, got, calls, step.want, step.wantCalls)
		}
	}
}

var errBoom = errors.New("boom")

// countKey keeps arguments apart: no string can pass for another argument.
func TestCountKeyUnambiguous(t *testing.T) {
	keys := map[string]bool{}
	for _, args := range [][]any{
		{"5001", "a"}, {"5001\x00\"a\"", ""}, {"5001", "a", ""}, {int64(5001), "a"}, {"5001a"},
	} {
		k := countKey("q", args)
		if keys[k] {
			t.Errorf("arguments %q give a key already given", args)
		}
		keys[k] = true
	}
}
