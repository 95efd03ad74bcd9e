package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A server with the demo content escalates its overdue expert questions on
// the job runner by itself, and the moderators find them among their
// notifications.
func TestServeEscalatesOverdueExpertQuestions(t *testing.T) {
	eachDatabase(t, func(t *testing.T, database string) {
		srv := startServer(t, "--database", database, "--demo")
		deadline := time.Now().Add(60 * time.Second)
		for !strings.Contains(srv.Stderr.String(), "expert questions escalated") {
			if time.Now().After(deadline) {
				t.Fatalf("no escalation logged within a minute:\n%s", srv.Stderr)
			}
			time.Sleep(200 * time.Millisecond)
		}
		if !strings.Contains(srv.Stderr.String(), "count=2") {
			t.Errorf("want the demo's 2 overdue questions escalated, log:\n%s", srv.Stderr)
		}

		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar, Timeout: 30 * time.Second}
		get := func(path string) string {
			t.Helper()
			resp, err := client.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %s", path, resp.Status)
			}
			return string(b)
		}
		m := csrfRE.FindStringSubmatch(get("/logg-inn"))
		if m == nil {
			t.Fatal("no csrf_token on /logg-inn")
		}
		resp, err := client.PostForm(srv.URL+"/logg-inn", url.Values{"csrf_token": {m[1]},
			"email": {"ola.nordmann@oslo.kommune.no"}, "password": {"allmenning-demo"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		page := get("/varsler")
		if n := strings.Count(page, "har passert fristen uten ekspertsvar"); n != 2 {
			t.Errorf("the moderator has %d escalation notifications, want 2", n)
		}
	})
}
