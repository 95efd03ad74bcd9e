package store

// ReadConnsInUse is how many connections of the read pool are taken, for
// the snapshot tests (package store_test).
func (db *DB) ReadConnsInUse() int { return db.read.Stats().InUse }
