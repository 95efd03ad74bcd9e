package store

import "context"

// snapshotKey carries a read transaction in a context (Snapshot).
type snapshotKey struct{}

type snapshot struct {
	db *DB
	tx *Tx
}

// Snapshot runs fn with one read transaction carried by its context: every
// read of this DB made with that context uses it instead of taking a
// connection (and on SQLite a turn at the read pool) of its own. Work that
// reads much at once, such as deciding who hears of a batch of events, then
// waits for the pool once. fn must not read concurrently; writes are not
// affected and go to the writer as usual.
func (db *DB) Snapshot(ctx context.Context, fn func(ctx context.Context) error) error {
	if s, ok := ctx.Value(snapshotKey{}).(*snapshot); ok && s.db == db {
		return fn(ctx)
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer db.endRead(tx)
	return fn(context.WithValue(ctx, snapshotKey{}, &snapshot{db: db, tx: tx}))
}

// snapshotTx returns the read transaction ctx carries for db, or nil.
func (db *DB) snapshotTx(ctx context.Context) *Tx {
	if s, ok := ctx.Value(snapshotKey{}).(*snapshot); ok && s.db == db {
		return s.tx
	}
	return nil
}
