package main

import (
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// The profiler answers only on --debug-addr, never on the public address.
func TestServeDebugAddr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	debugAddr := ln.Addr().String()
	ln.Close()
	srv := startServer(t, "--database", "sqlite:"+filepath.Join(t.TempDir(), "a.db"), "--debug-addr", debugAddr)

	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := get("http://" + debugAddr + "/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("GET /debug/pprof/ on the debug address: %d\n%.300s", code, body)
	}
	if code, _ := get(srv.URL + "/debug/pprof/"); code != http.StatusNotFound {
		t.Errorf("GET /debug/pprof/ on the public address: %d, want 404", code)
	}
	if !strings.Contains(srv.Stderr.String(), "profiler listening") {
		t.Errorf("serve did not log the profiler's address:\n%s", srv.Stderr)
	}
}
