package main

import (
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Pieces measured apart pool into one row: the rate is over the measured
// time, not the hour between the pieces, and the percentiles are of all
// the requests.
func TestTallyPoolsPieces(t *testing.T) {
	start := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	var tl tally
	piece := func(at time.Time, n int, latency time.Duration, code uint16) {
		var m vegeta.Metrics
		for i := range n {
			r := &vegeta.Result{Code: code, Timestamp: at.Add(time.Duration(i) * time.Second / time.Duration(n)), Latency: latency}
			m.Add(r)
			tl.all.Add(r)
		}
		m.Close()
		tl.add(m)
	}
	piece(start, 100, 2*time.Millisecond, 200)                  // 100 requests in 1 s
	piece(start.Add(time.Hour), 300, 10*time.Millisecond, 200)  // 300 requests in 1 s, an hour later
	piece(start.Add(2*time.Hour), 100, 4*time.Millisecond, 500) // 100 failures
	m := tl.metrics()
	if m.Requests != 500 {
		t.Fatalf("%d requests, want 500", m.Requests)
	}
	// Three pieces of about one second (the last request's latency
	// included): about 500 requests and 400 successes per 3 s.
	if m.Rate < 160 || m.Rate > 170 || m.Throughput < 130 || m.Throughput > 135 {
		t.Errorf("rate %.1f/s, throughput %.1f/s; want about 166 and 133 (over the measured time only)", m.Rate, m.Throughput)
	}
	if m.Latencies.P50 != 10*time.Millisecond || m.Latencies.P99 != 10*time.Millisecond {
		t.Errorf("p50 %v, p99 %v; want 10ms of the pooled requests", m.Latencies.P50, m.Latencies.P99)
	}
	if m.Success != 0.8 {
		t.Errorf("success %.2f, want 0.80", m.Success)
	}
}

func TestPairedOrder(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{1, "SL"}, {2, "SLLS"}, {4, "SLLSSLLS"}, {3, "SLLSSL"}} {
		got := ""
		for _, small := range pairedOrder(c.n) {
			if small {
				got += "S"
			} else {
				got += "L"
			}
		}
		if got != c.want {
			t.Errorf("pairedOrder(%d) = %s, want %s", c.n, got, c.want)
		}
	}
}
