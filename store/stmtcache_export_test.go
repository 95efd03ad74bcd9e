package store

import (
	"context"
	"database/sql"
)

// StmtTestTx gives the statement-cache tests (package store_test) the
// transaction helpers every store query goes through.
type StmtTestTx struct{ tx *Tx }

// StmtTestInTx runs fn in a read-write transaction, or a read-only one on the
// read pool.
func (db *DB) StmtTestInTx(ctx context.Context, write bool, fn func(tx StmtTestTx) error) error {
	run := db.inReadTx
	if write {
		run = db.inTx
	}
	return run(ctx, func(tx *Tx) error { return fn(StmtTestTx{tx}) })
}

func (t StmtTestTx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.query(ctx, q, args...)
}

func (t StmtTestTx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.queryRow(ctx, q, args...)
}

func (t StmtTestTx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.exec(ctx, q, args...)
}
