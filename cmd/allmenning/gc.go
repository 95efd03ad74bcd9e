package main

import "runtime/debug"

// Garbage collection of a serving node, unless GOGC or GOMEMLIMIT set it:
// the live heap of a busy node is a few tens of megabytes, most of it
// caches, and every collection marks all of it. Collecting when the heap
// has grown 10× (in practice: near the soft limit) instead of 4× took the
// thread page at full scale from 0.39–0.45 to 0.32–0.36 ms of CPU, back to
// back (BENCHMARKS.md); the soft limit makes the collector work harder well
// before the node's memory budget of 300 MB is reached.
const (
	serveGCPercent   = 1000
	serveMemoryLimit = 200 << 20
)

// tuneGC applies the serving defaults where the environment sets none.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}
