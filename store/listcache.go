package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// listCacheSize bounds the counts kept per DB. An entry is one count or
// one small map (per area, per tag), so a few thousand stay well under a
// few megabytes; the least recently used goes first.
const listCacheSize = 4096

// The list cache (DB.lists, a versionCache) keeps the counts that list
// pages show — FindThreads' total, CountTags, FindAreas' per-area counts,
// the member count — which would otherwise scan every visible thread or
// member on every request. An entry is keyed by the name of the data
// version it depends on and the exact query it answers (SQL text and
// arguments: the viewer's visibility condition, the filter, resolved tag
// ids), so a viewer only ever gets a count computed for the same condition
// as their own.

// cachedCount returns compute's result for key at the current version of
// the named data, computing it once per version (versionCache.get). The
// result is shared: callers must not change it.
func cachedCount[T any](ctx context.Context, tx *Tx, versionName, key string, compute func() (T, error)) (T, error) {
	version, err := readVersion(ctx, tx, versionName)
	if err != nil {
		var zero T
		return zero, err
	}
	v, err := tx.db.lists.get(ctx, versionName+"\x00"+key, version, func() (any, error) { return compute() })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
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
