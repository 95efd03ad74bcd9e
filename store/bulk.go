package store

import "database/sql"

// WritePool returns the pool that writes go to. It is for bulk loaders
// (package scale) that fill an otherwise idle database faster than the
// store's row-at-a-time writes can; they must keep the data as the store
// would have written it. It must not be used while serving.
func (db *DB) WritePool() *sql.DB { return db.write }
