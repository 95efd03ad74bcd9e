package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/mailtest"
)

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// requestReset asks for a password-reset link the way a browser would.
func requestReset(t *testing.T, base, email string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	resp, err := client.Get(base + "/glemt-passord")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfRE.FindSubmatch(body)
	if m == nil {
		t.Fatalf("GET /glemt-passord: no csrf_token in the form (%s)", resp.Status)
	}
	resp, err = client.PostForm(base+"/glemt-passord", url.Values{"csrf_token": {string(m[1])}, "email": {email}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /glemt-passord: %s", resp.Status)
	}
}

// Account mail from serve goes through the job queue: it arrives, and the
// queue shows it done. A node with --jobs=false queues mail but leaves the
// sending to a node with jobs on.
func TestServeQueuesAccountMail(t *testing.T) {
	eachDatabase(t, func(t *testing.T, database string) {
		const email = "kari.nordmann@trondheim.kommune.no"
		mustRun(t, cliPassword+"\n", "member", "create", "--database", database, "--email", email, "--name", "Kari Nordmann", "--municipality", "5001")
		mail := mailtest.Start(t)
		smtpFlags := []string{"--database", database, "--smtp-host", mail.Host, "--smtp-port", strconv.Itoa(mail.Port), "--smtp-tls", "none"}

		// A read-only node: the mail is queued, not sent.
		readOnly := startServer(t, append(smtpFlags, "--jobs=false")...)
		requestReset(t, readOnly.URL, email)
		time.Sleep(300 * time.Millisecond)
		if n := len(mail.Messages()); n != 0 {
			t.Fatalf("a node with --jobs=false sent %d messages", n)
		}
		out := mustRun(t, "", "jobs", "--database", database, "--state", "pending")
		if !regexp.MustCompile(`mail\.send\s+pending\s+1`).MatchString(out) {
			t.Errorf("jobs after queueing printed:\n%s\nwant one pending mail.send", out)
		}
		if !strings.Contains(readOnly.Stderr.String(), "background jobs are off on this node") {
			t.Errorf("the read-only node's log does not say jobs are off:\n%s", readOnly.Stderr)
		}

		// A node with jobs on sends it, and the one it queues itself.
		worker := startServer(t, smtpFlags...)
		first := mail.WaitFor(t, email, 15*time.Second)
		requestReset(t, worker.URL, email)
		second := mail.WaitFor(t, email, 15*time.Second)
		for _, m := range []mailtest.Message{first, second} {
			if m.Link("/nytt-passord") == "" {
				t.Errorf("mail %q has no reset link:\n%s", m.Subject, m.Text)
			}
		}
		if first.Link("/nytt-passord") == second.Link("/nytt-passord") {
			t.Error("both mails carry the same link; want one per request")
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			out = mustRun(t, "", "jobs", "--database", database, "--state", "done")
			if regexp.MustCompile(`mail\.send\s+done\s+2`).MatchString(out) || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !regexp.MustCompile(`mail\.send\s+done\s+2`).MatchString(out) || regexp.MustCompile(`mail\.send\s+pending`).MatchString(out) {
			t.Errorf("jobs after sending printed:\n%s\nwant two done mail.send and nothing pending", out)
		}
		if n := len(mail.Messages()); n != 2 {
			t.Errorf("%d messages sent in all, want 2", n)
		}
		if !strings.Contains(worker.Stderr.String(), "job runner started") {
			t.Errorf("the worker node's log does not show the job runner:\n%s", worker.Stderr)
		}
	})
}

func TestJobsFlag(t *testing.T) {
	tests := []struct {
		env  string
		args []string
		want bool
	}{
		{"", nil, true},
		{"false", nil, false},
		{"0", nil, false},
		{"true", nil, true},
		{"false", []string{"--jobs=true"}, true},
		{"", []string{"--jobs=false"}, false},
	}
	for _, tt := range tests {
		env := &environment{stderr: io.Discard, getenv: func(k string) string {
			if k == "ALLMENNING_JOBS" {
				return tt.env
			}
			return ""
		}}
		fs, c := newFlags(env, "serve", true)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		if c.jobs != tt.want {
			t.Errorf("ALLMENNING_JOBS=%q %v: jobs = %v, want %v", tt.env, tt.args, c.jobs, tt.want)
		}
	}
}

// An operator lists dead jobs and puts one back in the queue.
func TestJobsCommand(t *testing.T) {
	eachDatabase(t, func(t *testing.T, database string) {
		mustRun(t, "", "migrate", "--database", database)
		db, err := openStore(context.Background(), database)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		id, _, err := db.EnqueueJob(context.Background(), allmenning.NewJob{Kind: "mail.send", Key: "mail:notification:7", Payload: []byte(`{}`), RunAt: now, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		db.ClaimJobs(context.Background(), "w", nil, now, time.Minute, 1)
		if _, err := db.FailJob(context.Background(), id, "w", "smtp: RCPT TO: 550 5.1.1 no such user", now, true, now); err != nil {
			t.Fatal(err)
		}
		db.Close()

		out := mustRun(t, "", "jobs", "--database", database)
		for _, want := range []string{"mail.send", "dead", "mail:notification:7", "1/1", "550 5.1.1 no such user"} {
			if !strings.Contains(out, want) {
				t.Errorf("jobs printed:\n%s\nwant %q in it", out, want)
			}
		}
		out = mustRun(t, "", "jobs", "retry", "--database", database, strconv.FormatInt(id, 10))
		if !strings.Contains(out, "lagt i køen igjen") {
			t.Errorf("jobs retry printed %q", out)
		}
		out = mustRun(t, "", "jobs", "--database", database, "--state", "pending")
		if !regexp.MustCompile(`mail\.send\s+pending\s+1`).MatchString(out) || !strings.Contains(out, "0/1") {
			t.Errorf("after retry jobs printed:\n%s\nwant the job pending with 0 of 1 attempts", out)
		}
		if _, _, err := runCommand(t, "", "jobs", "retry", "--database", database, strconv.FormatInt(id, 10)); err == nil || !strings.Contains(err.Error(), "fant ingen død jobb") {
			t.Errorf("retry of a pending job: %v, want «fant ingen død jobb»", err)
		}
	})
}
