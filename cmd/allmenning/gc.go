package main

import "runtime/debug"

// Garbage collection of a serving node, unless GOGC or GOMEMLIMIT set it:
// the live heap of a busy node is a few tens of megabytes, so collecting
// when it has grown 4× instead of 2× halves the collector's share of the CPU
// (a tenth of a thread page), and the soft limit makes the collector work
// harder well before the node's memory budget is reached.
const (
	serveGCPercent   = 400
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
