package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The performance budget of issue #5, for full scale on SQLite.
const (
	budgetThreadRPS   = 3000
	budgetThreadP99   = 25 * time.Millisecond
	budgetSearchP95   = 40 * time.Millisecond
	budgetReplyRPS    = 500
	budgetGrowth      = 1.3 // p50 at full scale over p50 at 1 %
	budgetMemoryBytes = 300e6
)

// row is what the verdict needs of one measured scenario.
type row struct {
	name          string
	rps           float64
	p50, p95, p99 time.Duration
	peakMiB       float64
}

func rowOf(r result) row {
	return row{name: r.s.name, rps: r.m.Throughput, p50: r.m.Latencies.P50, p95: r.m.Latencies.P95, p99: r.m.Latencies.P99, peakMiB: r.peakMiB}
}

// verdict lists each budget item the run measured, met or not. baseline,
// when given, is a run at 1 % (read from its -out table) for the growth item.
func verdict(rows []row, baseline map[string]row) string {
	var b strings.Builder
	line := func(ok bool, item, got string) {
		mark := "not met"
		if ok {
			mark = "met"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", item, got, mark)
	}
	b.WriteString("\n| Budget | Measured | |\n|---|---|---|\n")
	peak := 0.0
	for _, r := range rows {
		peak = max(peak, r.peakMiB)
		switch r.name {
		case "thread":
			line(r.rps >= budgetThreadRPS && r.p99 <= budgetThreadP99, "thread page ≥ 3,000 req/s, p99 ≤ 25 ms",
				fmt.Sprintf("%.0f req/s, p99 %s ms", r.rps, ms(r.p99)))
		case "search":
			line(r.p95 <= budgetSearchP95, "search p95 ≤ 40 ms", "p95 "+ms(r.p95)+" ms")
		case "reply":
			line(r.rps >= budgetReplyRPS, "posting a reply ≥ 500/s while reads continue", fmt.Sprintf("%.0f/s", r.rps))
		}
	}
	for _, r := range rows {
		base, ok := baseline[r.name]
		if !ok || r.name == "healthz" || base.p50 <= 0 {
			continue
		}
		growth := float64(r.p50) / float64(base.p50)
		line(growth <= budgetGrowth, r.name+": p50 within 1.3× of 1 %",
			fmt.Sprintf("%s → %s ms (%.2f×)", ms(base.p50), ms(r.p50), growth))
	}
	if len(rows) > 0 {
		line(peak*(1<<20) <= budgetMemoryBytes, "server memory ≤ 300 MB", fmt.Sprintf("%.0f MB", peak*(1<<20)/1e6))
	}
	return b.String()
}

// readTable reads the rows of a table that this tool wrote with -out.
func readTable(r io.Reader) (map[string]row, error) {
	rows := map[string]row{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		cells := strings.Split(strings.Trim(sc.Text(), "| "), " | ")
		// | Scenario | Request | req/s | of ceiling | p50 | p90 | p95 | p99 | errors | CPU | RSS |
		if len(cells) != 11 || cells[0] == "Scenario" || strings.HasPrefix(cells[0], "---") {
			continue
		}
		num := func(i int) (float64, error) { return strconv.ParseFloat(cells[i], 64) }
		var r row
		var vals [5]float64
		for j, i := range []int{2, 4, 6, 7, 10} {
			v, err := num(i)
			if err != nil {
				return nil, fmt.Errorf("baseline row %q: column %d: %w", cells[0], i+1, err)
			}
			vals[j] = v
		}
		r.name, r.rps, r.peakMiB = cells[0], vals[0], vals[4]
		r.p50 = time.Duration(vals[1] * float64(time.Millisecond))
		r.p95 = time.Duration(vals[2] * float64(time.Millisecond))
		r.p99 = time.Duration(vals[3] * float64(time.Millisecond))
		rows[r.name] = r
	}
	return rows, sc.Err()
}
