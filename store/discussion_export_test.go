package store

import "time"

// SetDiscussionClock sets the clock a database stamps new rows with, so that
// tests can write threads, replies and likes in the past. Call it before the
// database is used from other goroutines.
func SetDiscussionClock(db *DB, now func() time.Time) { db.now = now }
