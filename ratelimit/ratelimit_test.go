package ratelimit

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	l := New(3, time.Minute)
	l.SetClock(func() time.Time { return now })
	steps := []struct {
		advance time.Duration
		key     string
		want    bool
	}{
		{0, "a", true}, {0, "a", true}, {0, "a", true},
		{0, "a", false}, // fourth in the window
		{0, "b", true},  // keys are separate
		{59 * time.Second, "a", false},
		{time.Second, "a", true}, // new window
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got := l.Allow(s.key); got != s.want {
			t.Fatalf("step %d: Allow(%q) = %v, want %v", i, s.key, got, s.want)
		}
	}
	l.Reset("a")
	for i := 0; i < 3; i++ {
		if !l.Allow("a") {
			t.Fatal("Reset did not clear the key")
		}
	}
}
