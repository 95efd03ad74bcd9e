package store

import (
	"context"
	"sync"
	"time"
)

// The search queue. Posting a reply does not write the reply's search
// document: it puts the reply's id in search_queue, in its own transaction,
// and a background indexer writes the documents of all the replies queued
// meanwhile in one transaction a moment later. The document and its
// full-text entry were a third of the writer's work per reply, and in one
// batch the full-text index takes a few hundred documents at the cost of a
// handful. Search shows a new reply about a tenth of a second after it is
// posted. Edits, deletions and restorations still index in their own
// transaction, so what is removed or hidden leaves search at once.
//
// The queue is a table, so a reply queued by a server that stops is
// indexed when a server starts again (on PostgreSQL by any node: each takes
// its batch with FOR UPDATE SKIP LOCKED).

const (
	// indexBatch bounds the replies indexed in one transaction, so that
	// other writers get their turn between batches.
	indexBatch = 256
	// indexLinger is how long the indexer waits after a reply is queued
	// for others to join the batch.
	indexLinger = 100 * time.Millisecond
	// indexPoll is how often the indexer looks for replies queued by other
	// nodes or before a restart when nothing woke it.
	indexPoll = 5 * time.Second
	// indexOnClose bounds how long Close spends indexing what is queued.
	indexOnClose = 10 * time.Second
)

// searchQueue is the in-process half of the queue.
type searchQueue struct {
	wake chan struct{} // capacity 1: "a reply was queued"
	mu   sync.Mutex    // one batch at a time on this node
}

// startIndexer starts the goroutine that indexes queued replies.
func (db *DB) startIndexer() {
	db.queue = &searchQueue{wake: make(chan struct{}, 1)}
	db.bg.Add(1)
	go func() {
		defer db.bg.Done()
		poll := time.NewTicker(indexPoll)
		defer poll.Stop()
		for {
			select {
			case <-db.ctx.Done():
				return
			case <-db.queue.wake:
				select {
				case <-db.ctx.Done():
					return
				case <-time.After(indexLinger):
				}
			case <-poll.C:
			}
			// An error leaves the replies queued for the next turn.
			_ = db.IndexPending(db.ctx)
		}
	}()
}

// queueIndex queues a reply for the search index in tx.
func queueIndex(ctx context.Context, tx *Tx, replyID int64) error {
	_, err := tx.exec(ctx, "INSERT INTO search_queue (reply_id) VALUES (?) ON CONFLICT DO NOTHING", replyID)
	return err
}

// wakeIndexer tells the indexer that a reply was queued; call it after the
// queuing transaction committed.
func (db *DB) wakeIndexer() {
	select {
	case db.queue.wake <- struct{}{}:
	default:
	}
}

// searchQueued reports whether any reply waits for the search index.
func (db *DB) searchQueued(ctx context.Context) (bool, error) {
	var queued bool
	err := db.readRow(ctx, []any{&queued}, "SELECT EXISTS (SELECT 1 FROM search_queue)")
	return queued, err
}

// IndexPending writes the search documents of the replies queued so far
// and returns when they are searchable (allmenning.SearchQueue). A batch
// another node has taken is left to that node.
func (db *DB) IndexPending(ctx context.Context) error {
	db.queue.mu.Lock()
	defer db.queue.mu.Unlock()
	if queued, err := db.searchQueued(ctx); err != nil || !queued {
		return err
	}
	take := "DELETE FROM search_queue WHERE reply_id IN (SELECT reply_id FROM search_queue ORDER BY reply_id LIMIT ?"
	if db.dialect.Name == "postgres" {
		take += " FOR UPDATE SKIP LOCKED"
	}
	take += ") RETURNING reply_id"
	for {
		n := 0
		err := db.inTx(ctx, func(tx *Tx) error {
			ids, err := queryIDs(ctx, tx, take, indexBatch)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := db.indexReply(ctx, tx, id); err != nil {
					return err
				}
			}
			n = len(ids)
			return nil
		})
		if err != nil || n < indexBatch {
			return err
		}
	}
}
