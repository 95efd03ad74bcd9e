package main

import (
	"strings"
	"testing"
	"time"
)

func TestVerdict(t *testing.T) {
	msd := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	base := map[string]row{"thread": {name: "thread", p50: msd(4)}, "area": {name: "area", p50: msd(10)}}
	for _, c := range []struct {
		name string
		rows []row
		want []string // lines that must appear
	}{
		{"thread met", []row{{name: "thread", rps: 3100, p99: msd(24.9), peakMiB: 100}},
			[]string{"| thread page ≥ 3,000 req/s, p99 ≤ 25 ms | 3100 req/s, p99 24.9 ms | met |", "| server memory ≤ 300 MB | 105 MB | met |"}},
		{"thread too slow at the tail", []row{{name: "thread", rps: 5000, p99: msd(30)}},
			[]string{"| 5000 req/s, p99 30.0 ms | not met |"}},
		{"thread too few", []row{{name: "thread", rps: 2999, p99: msd(5)}},
			[]string{"2999 req/s, p99 5.0 ms | not met |"}},
		{"search", []row{{name: "search", p95: msd(40)}, {name: "reply", rps: 499}},
			[]string{"| search p95 ≤ 40 ms | p95 40.0 ms | met |", "| posting a reply ≥ 500/s while reads continue | 499/s | not met |"}},
		{"memory over", []row{{name: "healthz", peakMiB: 290}},
			[]string{"| server memory ≤ 300 MB | 304 MB | not met |"}},
		{"growth", []row{{name: "thread", p50: msd(5.2)}, {name: "area", p50: msd(13.1)}},
			[]string{"| thread: p50 within 1.3× of 1 % | 4.0 → 5.2 ms (1.30×) | met |", "| area: p50 within 1.3× of 1 % | 10.0 → 13.1 ms (1.31×) | not met |"}},
	} {
		got := verdict(c.rows, base)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: verdict lacks %q:\n%s", c.name, w, got)
			}
		}
	}
}

// A table written with -out reads back as the rows it was made from, so a
// 1 % run can be the baseline of a full-scale run.
func TestReadTableRoundTrip(t *testing.T) {
	table := "SQLite, 200 members; 32 connections.\n\n" +
		"| Scenario | Request | req/s | of ceiling | p50 ms | p90 ms | p95 ms | p99 ms | errors | server CPU ms/req | peak RSS MiB |\n" +
		"|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" +
		"| thread | GET /diskusjoner/196 (20 replies) | 570 | 9.0 % | 54.7 | 77.3 | 85.1 | 101.6 | 0 | 3.07 | 104 |\n" +
		"| search | GET /sok?q=… (50 Norwegian queries in turn) | 41 | – | 721.0 | 1139.9 | 1273.9 | 1609.4 | 0 | 46.83 | 151 |\n" +
		"\n| Budget | Measured | |\n|---|---|---|\n| search p95 ≤ 40 ms | p95 1273.9 ms | not met |\n"
	rows, err := readTable(strings.NewReader(table))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows = %v, want thread and search", rows)
	}
	th := rows["thread"]
	if th.rps != 570 || th.p50 != 54700*time.Microsecond || th.p95 != 85100*time.Microsecond || th.p99 != 101600*time.Microsecond || th.peakMiB != 104 {
		t.Errorf("thread = %+v", th)
	}
	if rows["search"].p95 != 1273900*time.Microsecond {
		t.Errorf("search = %+v", rows["search"])
	}
	if _, err := readTable(strings.NewReader("| thread | x | many | 1 % | 1 | 1 | 1 | 1 | 0 | 1 | 1 |\n")); err == nil {
		t.Error("a row with a word for req/s was read without error")
	}
}
