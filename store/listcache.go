package store

import (
	"container/list"
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// listCacheSize bounds the counts kept per DB. An entry is one count or
// one small map (per area, per tag), so a few thousand stay well under a
// few megabytes; the least recently used goes first.
const listCacheSize = 4096

// listCache keeps the counts that list pages show — FindThreads' total,
// CountTags, FindAreas' per-area counts, the member count — which would
// otherwise scan every visible thread or member on every request.
//
// An entry is keyed by the exact query it answers (SQL text and
// arguments: the viewer's visibility condition, the filter, resolved tag
// ids), so a viewer only ever gets a count computed for the same condition
// as their own. It holds the data version (version.go) it was computed at
// and is used only while the version read in the reader's transaction is
// the same: every write that changes what such a count holds changes the
// version in its own transaction, on whichever node it runs.
//
// The version is read before the count, in the same transaction: on
// SQLite the transaction is one snapshot; on PostgreSQL (read committed) a
// later statement sees at least what the version read saw, so an entry
// never holds less than its version says.
//
// The zero value is ready to use.
type listCache struct {
	mu      sync.Mutex
	entries map[string]*list.Element // of *listEntry
	lru     list.List                // front: most recently used
}

type listEntry struct {
	key     string
	version int64
	value   any
	done    chan struct{} // closed when value is set; nil once it is
	err     error
}

// cachedCount returns compute's result for key at the current version of
// the named data, computing it once per version: concurrent readers of the
// same key at the same version wait for the one computing it. The result
// is shared: callers must not change it.
func cachedCount[T any](ctx context.Context, tx *Tx, versionName, key string, compute func() (T, error)) (T, error) {
	var zero T
	version, err := readVersion(ctx, tx, versionName)
	if err != nil {
		return zero, err
	}
	c := &tx.db.lists
	key = versionName + "\x00" + key
	for {
		c.mu.Lock()
		e := c.lookup(key)
		if e != nil && e.version == version {
			done := e.done
			if done == nil {
				c.lru.MoveToFront(c.entries[key])
				v := e.value.(T)
				c.mu.Unlock()
				return v, nil
			}
			c.mu.Unlock()
			select {
			case <-done:
				if e.err != nil {
					// The computation failed (perhaps its request was
					// cancelled): compute it here.
					return compute()
				}
				continue
			case <-ctx.Done():
				return zero, ctx.Err()
			}
		}
		if e != nil && e.version > version {
			// A newer version is cached or being computed; this reader's
			// snapshot is older. Answer it without disturbing the entry.
			c.mu.Unlock()
			return compute()
		}
		mine := &listEntry{key: key, version: version, done: make(chan struct{})}
		c.store(mine)
		c.mu.Unlock()
		v, err := compute()
		c.mu.Lock()
		if err != nil {
			mine.err = err
			if el := c.entries[key]; el != nil && el.Value == mine {
				c.lru.Remove(el)
				delete(c.entries, key)
			}
		} else {
			mine.value = v
		}
		close(mine.done)
		mine.done = nil
		c.mu.Unlock()
		return v, err
	}
}

// lookup returns the entry of a key, or nil. c.mu is held.
func (c *listCache) lookup(key string) *listEntry {
	if el := c.entries[key]; el != nil {
		return el.Value.(*listEntry)
	}
	return nil
}

// store puts an entry in, replacing the key's entry and evicting the least
// recently used beyond the bound. c.mu is held.
func (c *listCache) store(e *listEntry) {
	if c.entries == nil {
		c.entries = map[string]*list.Element{}
	}
	if el := c.entries[e.key]; el != nil {
		el.Value = e
		c.lru.MoveToFront(el)
		return
	}
	c.entries[e.key] = c.lru.PushFront(e)
	for c.lru.Len() > listCacheSize {
		old := c.lru.Back()
		c.lru.Remove(old)
		delete(c.entries, old.Value.(*listEntry).key)
	}
}

// size returns the number of entries.
func (c *listCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// countKey makes a cache key of a query's text and arguments. Strings are
// quoted so that no argument can run into the next one.
func countKey(query string, args []any) string {
	var b strings.Builder
	b.Grow(len(query) + 16*len(args))
	b.WriteString(query)
	for _, a := range args {
		b.WriteByte(0)
		switch a := a.(type) {
		case string:
			b.WriteString(strconv.Quote(a))
		case int64:
			b.WriteString(strconv.FormatInt(a, 10))
		case int:
			b.WriteString(strconv.Itoa(a))
		case bool:
			b.WriteString(strconv.FormatBool(a))
		case time.Time:
			b.WriteString("t" + a.UTC().Format(time.RFC3339Nano))
		default:
			// Not produced by the filters cached today; keep the key unique anyway.
			b.WriteString(strconv.Quote(fmt.Sprintf("%T:%v", a, a)))
		}
	}
	return b.String()
}
