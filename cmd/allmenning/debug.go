package main

import (
	"flag"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
)

// registerDebug adds --debug-addr to serve: a separate listener with Go's
// profiler, off unless set, so that profiles can be taken from a running
// server without exposing them on the public address.
func (c *config) registerDebug(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&c.debugAddr, "debug-addr", getenv("ALLMENNING_DEBUG_ADDR"),
		"adresse for profilering med pprof, for eksempel 127.0.0.1:6060; av når tom (ALLMENNING_DEBUG_ADDR)")
}

// startDebug serves /debug/pprof/ on c.debugAddr when it is set and returns
// a function that stops it.
func (c *config) startDebug(log *slog.Logger) (stop func(), err error) {
	if c.debugAddr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", c.debugAddr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	log.Info("profiler listening", "addr", "http://"+ln.Addr().String()+"/debug/pprof/")
	return func() { srv.Close() }, nil
}
