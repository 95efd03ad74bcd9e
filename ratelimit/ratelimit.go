// Package ratelimit counts attempts per key in fixed windows, in memory. Each
// node counts for itself; with several nodes the effective limit is that many
// times higher, which still stops guessing at scale.
package ratelimit

import (
	"sync"
	"time"
)

// Limiter allows at most Max events per key in each Window.
type Limiter struct {
	Max    int
	Window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	start time.Time
	count int
}

// New returns a Limiter.
func New(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, now: time.Now, buckets: map[string]*bucket{}}
}

// SetClock replaces the clock (for tests).
func (l *Limiter) SetClock(now func() time.Time) { l.now = now }

// Allow records an event for key and reports whether it is within the limit.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.sweep) > l.Window {
		for k, b := range l.buckets {
			if now.Sub(b.start) >= l.Window {
				delete(l.buckets, k)
			}
		}
		l.sweep = now
	}
	b := l.buckets[key]
	if b == nil || now.Sub(b.start) >= l.Window {
		b = &bucket{start: now}
		l.buckets[key] = b
	}
	b.count++
	return b.count <= l.Max
}

// Reset forgets a key, e.g. after a successful login.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.buckets, key)
	l.mu.Unlock()
}
