package notify

import (
	"context"
	"sync"

	"github.com/allmenning/allmenning"
)

// Dispatcher hands events to a Service in batches, after the request that
// caused them has answered. Deciding who hears of a reply and queueing their
// mail takes more reads and writes than the reply itself; one batch of many
// events costs about what one event does (Service.NotifyAll), so under load
// the work per event falls instead of queueing up behind every request.
//
// Events wait in memory, at most MaxQueued of them: beyond that Publish
// waits, so that a node that cannot keep up slows its writers down instead
// of falling behind without bound. Close hands over what is queued before it
// returns. Like publishing after commit, an event is lost if the process
// dies before it is handled.
type Dispatcher struct {
	s         *Service
	maxBatch  int
	maxQueued int

	mu      sync.Mutex
	changed *sync.Cond // signalled when queue, handled or closed change
	queue   []allmenning.Event
	queued  uint64 // events ever queued
	handled uint64 // events ever handled
	closed  bool
	done    chan struct{}
}

// Dispatcher limits.
const (
	MaxBatch  = 256  // events handled together
	MaxQueued = 4096 // events waiting before Publish waits
)

// NewDispatcher starts a Dispatcher for s.
func NewDispatcher(s *Service) *Dispatcher {
	d := &Dispatcher{s: s, maxBatch: MaxBatch, maxQueued: MaxQueued, done: make(chan struct{})}
	d.changed = sync.NewCond(&d.mu)
	go d.run()
	return d
}

// Publish queues an event. After Close it is handled at once instead.
func (d *Dispatcher) Publish(ctx context.Context, e allmenning.Event) {
	d.mu.Lock()
	for len(d.queue) >= d.maxQueued && !d.closed {
		d.changed.Wait()
	}
	if d.closed {
		d.mu.Unlock()
		d.s.Publish(context.WithoutCancel(ctx), e)
		return
	}
	d.queue = append(d.queue, e)
	d.queued++
	d.changed.Broadcast()
	d.mu.Unlock()
}

// Wait returns when every event queued before the call has been handled.
func (d *Dispatcher) Wait() {
	d.mu.Lock()
	defer d.mu.Unlock()
	target := d.queued
	for d.handled < target {
		d.changed.Wait()
	}
}

// Close handles what is queued and stops the Dispatcher.
func (d *Dispatcher) Close() {
	d.mu.Lock()
	d.closed = true
	d.changed.Broadcast()
	d.mu.Unlock()
	<-d.done
}

func (d *Dispatcher) run() {
	defer close(d.done)
	ctx := context.Background()
	for {
		d.mu.Lock()
		for len(d.queue) == 0 && !d.closed {
			d.changed.Wait()
		}
		if len(d.queue) == 0 {
			d.mu.Unlock()
			return
		}
		n := min(len(d.queue), d.maxBatch)
		batch := make([]allmenning.Event, n)
		copy(batch, d.queue)
		d.queue = append(d.queue[:0], d.queue[n:]...)
		d.changed.Broadcast()
		d.mu.Unlock()

		d.s.PublishAll(ctx, batch)

		d.mu.Lock()
		d.handled += uint64(n)
		d.changed.Broadcast()
		d.mu.Unlock()
	}
}
