package store

import (
	"container/list"
	"context"
	"sync"
)

// versionCache keeps values computed from the database at a data version
// (version.go), keyed by everything else the value depends on. An entry is
// used only by a reader whose transaction read the same version: every
// write that changes what such a value holds changes the version in its
// own transaction, on whichever node it runs, so a cached value is never
// older than the reader's snapshot.
//
// The reader reads the version before computing, in the same transaction:
// on SQLite the transaction is one snapshot; on PostgreSQL (read committed)
// a later statement sees at least what the version read saw, so an entry
// never holds less than its version says.
//
// Concurrent readers of the same key at the same version wait for the one
// computing it instead of computing it again. The least recently used
// entries go first beyond maxEntries or beyond maxBytes (as size counts
// them; without size, bytes are not bounded).
type versionCache[V any] struct {
	maxEntries int
	maxBytes   int
	size       func(V) int // nil: entries are not weighed
	clone      func(V) V   // nil: values are shared and must not be changed

	mu      sync.Mutex
	entries map[string]*list.Element // of *versionEntry[V]
	lru     list.List                // front: most recently used
	bytes   int                      // sum of the entries' sizes
}

type versionEntry[V any] struct {
	key     string
	version int64
	value   V
	size    int
	done    chan struct{} // closed when value or err is set; nil once it is
	err     error
}

// get returns compute's value for key at version, computing it once per
// version.
func (c *versionCache[V]) get(ctx context.Context, key string, version int64, compute func() (V, error)) (V, error) {
	var zero V
	c.mu.Lock()
	e := c.lookup(key)
	switch {
	case e != nil && e.version == version && e.done == nil:
		c.lru.MoveToFront(c.entries[key])
		v := e.value
		c.mu.Unlock()
		return c.copy(v), nil
	case e != nil && e.version == version:
		done := e.done
		c.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return zero, ctx.Err()
		}
		if e.err != nil {
			// The computation failed (perhaps its request was
			// cancelled): compute it here.
			return compute()
		}
		return c.copy(e.value), nil
	case e != nil && e.version > version:
		// A newer version is cached or being computed; this reader's
		// snapshot is older. Answer it without disturbing the entry.
		c.mu.Unlock()
		return compute()
	}
	mine := &versionEntry[V]{key: key, version: version, done: make(chan struct{})}
	c.put(mine)
	c.mu.Unlock()

	v, err := compute()
	c.mu.Lock()
	if err != nil {
		mine.err = err
		c.remove(mine)
	} else {
		mine.value = c.copy(v)
		if c.size != nil {
			mine.size = c.size(v)
		}
		if el := c.entries[key]; el != nil && el.Value == mine {
			c.bytes += mine.size
		}
		c.evict()
	}
	close(mine.done)
	mine.done = nil
	c.mu.Unlock()
	return v, err
}

func (c *versionCache[V]) copy(v V) V {
	if c.clone == nil {
		return v
	}
	return c.clone(v)
}

// lookup returns the entry of a key, or nil. c.mu is held.
func (c *versionCache[V]) lookup(key string) *versionEntry[V] {
	if el := c.entries[key]; el != nil {
		return el.Value.(*versionEntry[V])
	}
	return nil
}

// put adds an entry, replacing the key's entry. c.mu is held.
func (c *versionCache[V]) put(e *versionEntry[V]) {
	if c.entries == nil {
		c.entries = map[string]*list.Element{}
	}
	if el := c.entries[e.key]; el != nil {
		c.bytes -= el.Value.(*versionEntry[V]).size
		el.Value = e
		c.lru.MoveToFront(el)
		return
	}
	c.entries[e.key] = c.lru.PushFront(e)
	c.evict()
}

// remove takes an entry out if it is still the key's. c.mu is held.
func (c *versionCache[V]) remove(e *versionEntry[V]) {
	if el := c.entries[e.key]; el != nil && el.Value == e {
		c.bytes -= e.size
		c.lru.Remove(el)
		delete(c.entries, e.key)
	}
}

// evict drops the least recently used entries beyond the bounds, never the
// most recent one. c.mu is held.
func (c *versionCache[V]) evict() {
	for c.lru.Len() > 1 && (c.lru.Len() > c.maxEntries || (c.size != nil && c.bytes > c.maxBytes)) {
		c.remove(c.lru.Back().Value.(*versionEntry[V]))
	}
}

// len returns the number of entries.
func (c *versionCache[V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
