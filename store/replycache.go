package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/allmenning/allmenning"
)

// The replies cache (DB.replies, a versionCache) keeps the pages of a
// thread's replies as every viewer sees them, so that a busy thread is not
// read and scanned again on every view. An entry is keyed by the thread,
// the page and the members version (authors' names come with the replies),
// at the thread's own data version: every write that changes a reply —
// posted, edited, deleted, restored, liked or unliked — bumps it with
// bumpThread in its own transaction, and renaming a member bumps the
// members version. What differs per viewer (their likes, deleted replies
// blanked) is filled in per request.
const (
	replyCacheEntries = 4096
	replyCacheBytes   = 16 << 20
)

// threadVersion is the name of a thread's data version.
func threadVersion(threadID int64) string {
	return "thread:" + strconv.FormatInt(threadID, 10)
}

// bumpThread marks a thread's data version to be incremented by the write's
// transaction (bumpVersion).
func bumpThread(tx *Tx, threadID int64) { bumpVersion(tx, threadVersion(threadID)) }

// cachedReplies returns queryReplies' page at the thread's current version.
// The result is shared: callers copy the replies before changing them.
func cachedReplies(ctx context.Context, tx *Tx, threadID int64, offset, limit int) ([]allmenning.Reply, error) {
	versions, err := readThreadVersions(ctx, tx, threadID)
	if err != nil {
		return nil, err
	}
	return versions.replies(ctx, tx, threadID, offset, limit)
}

// threadVersions are the data versions a thread's cached replies depend on.
type threadVersions struct{ thread, members int64 }

// replies returns queryReplies' page at these versions, read in tx.
func (vs threadVersions) replies(ctx context.Context, tx *Tx, threadID int64, offset, limit int) ([]allmenning.Reply, error) {
	key := strconv.FormatInt(threadID, 10) + "/" + strconv.Itoa(offset) + "/" + strconv.Itoa(limit) + "/" + strconv.FormatInt(vs.members, 10)
	return tx.db.replies.get(ctx, key, vs.thread, func() ([]allmenning.Reply, error) {
		return queryReplies(ctx, tx, threadID, offset, limit)
	})
}

// readThreadVersions reads a thread's data version (0 before its first
// bump) and the members version in one query.
func readThreadVersions(ctx context.Context, tx *Tx, threadID int64) (threadVersions, error) {
	var vs threadVersions
	name := threadVersion(threadID)
	rows, err := tx.query(ctx, "SELECT name, version FROM data_versions WHERE name IN (?, ?)", name, versionMembers)
	if err != nil {
		return vs, err
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var n string
		var v int64
		if err := rows.Scan(&n, &v); err != nil {
			return vs, err
		}
		if n == name {
			vs.thread = v
		} else {
			vs.members, found = v, true
		}
	}
	if err := rows.Err(); err != nil {
		return vs, err
	}
	if !found {
		return vs, errors.Join(sql.ErrNoRows, errors.New("store: no members version"))
	}
	return vs, nil
}

// repliesSize weighs a cached page by what it holds.
func repliesSize(list []allmenning.Reply) int {
	n := 64
	for i := range list {
		r := &list[i]
		n += 160 + len(r.AuthorName) + len(r.Body) + len(r.BodyHTML)
	}
	return n
}
