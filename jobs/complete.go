package jobs

import (
	"context"
	"slices"
	"sync"

	"github.com/allmenning/allmenning"
)

// completer records finished jobs in batches. The first job to finish
// writes its completion; every job that finishes meanwhile joins the next
// write, so that under load a runner marks many jobs done in one
// transaction instead of one each (on SQLite each is a turn at the writer).
type completer struct {
	r *Runner

	mu      sync.Mutex
	queue   []*completion
	writing bool
}

type completion struct {
	id   int64
	err  error
	done chan struct{}
}

// complete marks job id done and returns when it is recorded: nil, an
// ECONFLICT error when the runner no longer holds the job, or the store's.
func (c *completer) complete(ctx context.Context, id int64) error {
	cm := &completion{id: id, done: make(chan struct{})}
	c.mu.Lock()
	c.queue = append(c.queue, cm)
	lead := !c.writing
	c.writing = true
	c.mu.Unlock()
	if lead {
		c.write(ctx)
	}
	<-cm.done
	return cm.err
}

// write records what is queued until nothing is.
func (c *completer) write(ctx context.Context) {
	for {
		c.mu.Lock()
		batch := c.queue
		c.queue = nil
		if len(batch) == 0 {
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		ids := make([]int64, len(batch))
		for i, cm := range batch {
			ids[i] = cm.id
		}
		lost, err := c.r.store.CompleteJobs(ctx, ids, c.r.Worker, c.r.Now())
		for _, cm := range batch {
			switch {
			case err != nil:
				cm.err = err
			case slices.Contains(lost, cm.id):
				cm.err = allmenning.ErrLeaseLost
			}
			close(cm.done)
		}
	}
}
