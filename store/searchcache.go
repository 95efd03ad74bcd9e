package store

import (
	"container/list"
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/allmenning/allmenning"
)

// Bounds of the search result cache per DB: at most this many pages of
// results, and at most about this many bytes of their text. A page of 20
// hits takes some 10 KB, so the byte bound is what usually holds.
const (
	searchCacheEntries = 2048
	searchCacheBytes   = 8 << 20
)

// searchCache keeps pages of search results. Ranking the newest matches of
// a common word costs tens of milliseconds (bm25 counts every document
// holding each term), and the same searches come again and again.
//
// An entry is keyed by everything the results depend on (searchKey): the
// viewer's visibility class, the query's terms, the filters and the page.
// It holds the "search" data version (version.go) it was computed at and is
// used only by a reader whose transaction reads the same version: every
// write of a search document, and every change of the areas and tags the
// filters use, increments it in its own transaction, on whichever node it
// runs. So a post is found by the first search that starts after its
// commit.
//
// The version is read before the search, in the same transaction: on
// SQLite the transaction is one snapshot; on PostgreSQL (read committed) a
// later statement sees at least what the version read saw, so an entry
// never holds less than its version says.
//
// Concurrent searches of the same key at the same version wait for the
// one computing it instead of computing it again.
//
// The zero value is ready to use.
type searchCache struct {
	mu      sync.Mutex
	entries map[string]*list.Element // of *searchEntry
	lru     list.List                // front: most recently used
	bytes   int                      // sum of the entries' sizes
}

type searchEntry struct {
	key     string
	version int64
	res     *allmenning.SearchResults
	size    int
	done    chan struct{} // closed when res or err is set; nil once it is
	err     error
}

// get returns compute's results for key at version, computing them once per
// version. The results are the caller's own: the cache keeps a copy.
func (c *searchCache) get(ctx context.Context, key string, version int64, compute func() (*allmenning.SearchResults, error)) (*allmenning.SearchResults, error) {
	c.mu.Lock()
	var e *searchEntry
	if el := c.entries[key]; el != nil {
		e = el.Value.(*searchEntry)
	}
	switch {
	case e != nil && e.version == version && e.done == nil:
		c.lru.MoveToFront(c.entries[key])
		res := e.res
		c.mu.Unlock()
		return cloneResults(res), nil
	case e != nil && e.version == version:
		done := e.done
		c.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.err != nil {
			// The search failed (perhaps its request was cancelled):
			// search here.
			return compute()
		}
		return cloneResults(e.res), nil
	case e != nil && e.version > version:
		// A newer version is cached or being computed; this reader's
		// snapshot is older. Answer it without disturbing the entry.
		c.mu.Unlock()
		return compute()
	}
	mine := &searchEntry{key: key, version: version, done: make(chan struct{})}
	c.put(mine)
	c.mu.Unlock()

	res, err := compute()
	c.mu.Lock()
	if err != nil {
		mine.err = err
		c.remove(mine)
	} else {
		mine.res = cloneResults(res)
		mine.size = resultsSize(res)
		if c.entries[key] != nil && c.entries[key].Value == mine {
			c.bytes += mine.size
		}
		c.evict()
	}
	close(mine.done)
	mine.done = nil
	c.mu.Unlock()
	return res, err
}

// put adds an entry, replacing the key's entry. c.mu is held.
func (c *searchCache) put(e *searchEntry) {
	if c.entries == nil {
		c.entries = map[string]*list.Element{}
	}
	if el := c.entries[e.key]; el != nil {
		c.bytes -= el.Value.(*searchEntry).size
		el.Value = e
		c.lru.MoveToFront(el)
		return
	}
	c.entries[e.key] = c.lru.PushFront(e)
	c.evict()
}

// remove takes an entry out if it is still the key's. c.mu is held.
func (c *searchCache) remove(e *searchEntry) {
	if el := c.entries[e.key]; el != nil && el.Value == e {
		c.bytes -= e.size
		c.lru.Remove(el)
		delete(c.entries, e.key)
	}
}

// evict drops the least recently used entries beyond the bounds, never the
// most recent one. c.mu is held.
func (c *searchCache) evict() {
	for c.lru.Len() > 1 && (c.lru.Len() > searchCacheEntries || c.bytes > searchCacheBytes) {
		c.remove(c.lru.Back().Value.(*searchEntry))
	}
}

// len returns the number of entries.
func (c *searchCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// searchKey names a search by everything its results depend on besides the
// data: the viewer's visibility class (what Search's visibility condition
// reads — whether anyone is logged in and, if so, the municipality; roles
// do not widen search), the terms (the query's words as stems, in order:
// inflections of the same words give the same results), the filters, the
// page, and the candidate bound and plan that tests may set. Every part is
// quoted or a number, so no part can run into the next.
func searchKey(v allmenning.Viewer, terms []string, q allmenning.SearchQuery, limit, offset int) string {
	var b strings.Builder
	if v.Anonymous() {
		b.WriteString("anon")
	} else {
		b.WriteString("member " + strconv.Quote(v.Municipality))
	}
	b.WriteString(" terms")
	for _, t := range terms {
		b.WriteString(" " + strconv.Quote(t))
	}
	b.WriteString(" type " + strconv.Quote(q.Type))
	b.WriteString(" area " + strconv.Quote(q.Area))
	b.WriteString(" tags")
	for _, t := range q.Tags {
		b.WriteString(" " + strconv.Quote(t))
	}
	b.WriteString(" municipality " + strconv.Quote(q.Municipality))
	b.WriteString(" from " + searchKeyTime(q.From))
	b.WriteString(" to " + searchKeyTime(q.To))
	b.WriteString(" page " + strconv.Itoa(offset) + " " + strconv.Itoa(limit))
	b.WriteString(" bound " + strconv.Itoa(searchCandidates) + " " + strconv.Quote(searchPlan))
	return b.String()
}

func searchKeyTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// cloneResults copies results so that neither the cache nor a caller can
// change what the other holds.
func cloneResults(r *allmenning.SearchResults) *allmenning.SearchResults {
	out := &allmenning.SearchResults{Total: r.Total, TotalCapped: r.TotalCapped, Results: make([]*allmenning.SearchResult, len(r.Results))}
	for i, hit := range r.Results {
		h := *hit
		out.Results[i] = &h
	}
	return out
}

// resultsSize estimates the memory results take.
func resultsSize(r *allmenning.SearchResults) int {
	n := 256
	for _, hit := range r.Results {
		n += 160 + len(hit.Type) + len(hit.Title) + len(hit.URL) + len(hit.Snippet)
	}
	return n
}
