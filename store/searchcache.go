package store

import (
	"strconv"
	"strings"
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

// The search cache (DB.search, a versionCache) keeps pages of search
// results. Ranking the newest matches of a common word costs tens of
// milliseconds (bm25 counts every document holding each term), and the
// same searches come again and again. An entry is keyed by everything the
// results depend on (searchKey): the viewer's visibility class, the query's
// terms, the filters and the page. It is kept at the "search" data version:
// every write of a search document, and every change of the areas and tags
// the filters use, increments it, so a post is found by the first search
// that starts after its commit. Results are copied in and out, so that
// neither the cache nor a caller can change what the other holds.

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
