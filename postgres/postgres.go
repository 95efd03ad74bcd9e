// Package postgres opens a PostgreSQL database shared by several stateless
// allmenning nodes. Migrations take an advisory lock, so nodes starting at the
// same time apply each migration once.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/allmenning/allmenning/store"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the PostgreSQL migrations.
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations")
	return sub
}

var dialect = store.Dialect{Name: "postgres", Dollar: true, LockSQL: "SELECT pg_advisory_xact_lock(727165)", IDList: "string_agg(%s::text, ',')"}

// Open connects to the database at dsn (a postgres:// URL) and migrates it.
func Open(ctx context.Context, dsn string) (*store.DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	pool.SetMaxOpenConns(32)
	pool.SetMaxIdleConns(32)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db := store.New(pool, pool, dialect)
	if _, err := db.Migrate(ctx, Migrations()); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
