package notify

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
)

// gatedStore holds every event at its first read until the gate opens.
type gatedStore struct {
	allmenning.NotificationStore
	gate chan struct{}
}

func (g *gatedStore) FindNotifySubject(ctx context.Context, threadID, replyID int64) (*allmenning.Thread, *allmenning.Reply, error) {
	<-g.gate
	return nil, nil, errors.New("no such thread")
}

// A Dispatcher that cannot keep up makes Publish wait once MaxQueued events
// are queued, instead of queueing without bound.
func TestDispatcherBackpressure(t *testing.T) {
	g := &gatedStore{gate: make(chan struct{})}
	d := NewDispatcher(&Service{Store: g, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: time.Now})
	d.maxQueued = 2
	e := allmenning.Event{Kind: allmenning.EventLiked, ThreadID: 1}
	d.Publish(context.Background(), e) // taken by the worker, which waits at the gate
	for {
		d.mu.Lock()
		empty := len(d.queue) == 0
		d.mu.Unlock()
		if empty {
			break
		}
		time.Sleep(time.Millisecond)
	}
	d.Publish(context.Background(), e)
	d.Publish(context.Background(), e)
	published := make(chan struct{})
	go func() {
		d.Publish(context.Background(), e)
		close(published)
	}()
	select {
	case <-published:
		t.Fatal("Publish returned with the queue full")
	case <-time.After(100 * time.Millisecond):
	}
	close(g.gate)
	select {
	case <-published:
	case <-time.After(10 * time.Second):
		t.Fatal("Publish still waits after the queue drained")
	}
	d.Close()
	if d.handled != 4 {
		t.Errorf("%d events handled after Close, want 4", d.handled)
	}
}
