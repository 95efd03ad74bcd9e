package store

import "context"

// Hooks for the search tests (package store_test), which seed rows with plain
// SQL and index them the way the store's writes do.

// SearchTestExec runs a statement written with '?' placeholders. It changes
// rows behind the store's back, so it counts as a write of search data: the
// search version changes with it, as with every write of the store's own.
func (db *DB) SearchTestExec(ctx context.Context, q string, args ...any) error {
	return db.inTx(ctx, func(tx *Tx) error {
		bumpVersion(tx, versionSearch)
		_, err := tx.exec(ctx, q, args...)
		return err
	})
}

// SearchCacheLen returns the number of pages of results the cache holds.
func (db *DB) SearchCacheLen() int { return db.search.len() }

// SearchTestInsert runs an INSERT and returns the new row's id.
func (db *DB) SearchTestInsert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := db.write.QueryRowContext(ctx, db.rebind(q+" RETURNING id"), db.args(args)...).Scan(&id)
	return id, err
}

// SearchTestIndex indexes one thread, reply or member in its own transaction.
func (db *DB) SearchTestIndex(ctx context.Context, kind string, id int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		switch kind {
		case "thread":
			return db.indexThread(ctx, tx, id)
		case "reply":
			return db.indexReply(ctx, tx, id)
		default:
			return db.indexMember(ctx, tx, id)
		}
	})
}

// SetSearchCandidates changes how many matches Search ranks and counts, and
// returns a function that restores it.
func SetSearchCandidates(n int) (restore func()) {
	old := searchCandidates
	searchCandidates = n
	return func() { searchCandidates = old }
}

// SetSearchPlan forces PostgreSQL's way to the candidates ("walk" or
// "index"; "" lets the store choose) and returns a function that restores it.
func SetSearchPlan(plan string) (restore func()) {
	old := searchPlan
	searchPlan = plan
	return func() { searchPlan = old }
}
