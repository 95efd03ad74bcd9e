package store

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/allmenning/allmenning"
)

// tagCache holds the tags that threads carry, by id, with what sorts them.
// A tag's facet, slug and name, and its facet's slug and place, never change
// once written: tags are merged (MergeTags), not renamed or removed. So an
// entry is never stale, on any number of servers, and a tag is read once,
// when a thread first shows it. (Should tags become renameable, this cache
// needs a data version.)
type tagCache struct {
	mu   sync.RWMutex
	byID map[int64]*cachedTag
}

type cachedTag struct {
	tag allmenning.Tag
	pos int    // the facet's position
	key string // nbKey of the name
}

// get returns the tags with the given ids, reading those not held yet.
func (c *tagCache) get(ctx context.Context, tx *Tx, ids []int64) (map[int64]*cachedTag, error) {
	out := make(map[int64]*cachedTag, len(ids))
	var missing []int64
	c.mu.RLock()
	for _, id := range ids {
		if t, ok := c.byID[id]; ok {
			out[id] = t
		} else if !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	c.mu.RUnlock()
	if len(missing) == 0 {
		return out, nil
	}
	rows, err := tx.query(ctx, `SELECT tg.id, tg.facet_id, f.slug, tg.slug, tg.name, f.position
		FROM tags tg JOIN facets f ON f.id = tg.facet_id WHERE tg.id IN (`+placeholders(len(missing))+`)`, int64Args(missing)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var read []*cachedTag
	for rows.Next() {
		t := &cachedTag{}
		if err := rows.Scan(&t.tag.ID, &t.tag.FacetID, &t.tag.FacetSlug, &t.tag.Slug, &t.tag.Name, &t.pos); err != nil {
			return nil, err
		}
		t.key = nbKey(t.tag.Name)
		read = append(read, t)
		out[t.tag.ID] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.byID == nil {
		c.byID = map[int64]*cachedTag{}
	}
	for _, t := range read {
		c.byID[t.tag.ID] = t
	}
	c.mu.Unlock()
	return out, nil
}

// threadTagLists turns the tag ids of threads into their tags, each list
// ordered by facet and name. Every thread gets a copy of its tags.
func threadTagLists(ctx context.Context, tx *Tx, ids map[int64][]int64) (map[int64][]*allmenning.Tag, error) {
	var all []int64
	for _, list := range ids {
		all = append(all, list...)
	}
	tags, err := tx.db.tags.get(ctx, tx, all)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]*allmenning.Tag, len(ids))
	for threadID, list := range ids {
		held := make([]*cachedTag, 0, len(list))
		for _, id := range list {
			if t := tags[id]; t != nil {
				held = append(held, t)
			}
		}
		slices.SortFunc(held, func(a, b *cachedTag) int {
			return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.tag.FacetID, b.tag.FacetID), cmp.Compare(a.key, b.key), cmp.Compare(a.tag.ID, b.tag.ID))
		})
		copies := make([]allmenning.Tag, len(held))
		lst := make([]*allmenning.Tag, len(held))
		for i, t := range held {
			copies[i] = t.tag
			lst[i] = &copies[i]
		}
		out[threadID] = lst
	}
	return out, nil
}

// parseIDList reads a comma-separated list of ids, as Dialect.IDList gives.
func parseIDList(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	var ids []int64
	for part := range strings.SplitSeq(s, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}
