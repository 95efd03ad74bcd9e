package store

import (
	"strconv"
	"testing"
)

// The cache holds at most listCacheSize entries, dropping the least
// recently used, so memory stays bounded whatever filters are asked for.
func TestListCacheBounded(t *testing.T) {
	var c listCache
	for i := range listCacheSize + 100 {
		c.mu.Lock()
		c.store(&listEntry{key: strconv.Itoa(i), version: 1, value: i})
		if i == listCacheSize-1 {
			c.lru.MoveToFront(c.entries["0"]) // used again: kept
		}
		c.mu.Unlock()
	}
	if n := c.size(); n != listCacheSize {
		t.Fatalf("%d entries, want %d", n, listCacheSize)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lookup("0") == nil {
		t.Error("the entry used again was evicted")
	}
	if c.lookup("1") != nil {
		t.Error("the least recently used entry was kept")
	}
	if e := c.lookup(strconv.Itoa(listCacheSize + 99)); e == nil || e.value != listCacheSize+99 {
		t.Error("the newest entry is missing")
	}
}

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
