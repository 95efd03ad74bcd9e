package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/internal/mailtest"
	"github.com/allmenning/allmenning/jobs"
	"github.com/allmenning/allmenning/postgres"
	"github.com/allmenning/allmenning/smtp"
	"github.com/allmenning/allmenning/store"
	"github.com/prometheus/client_golang/prometheus"
)

var ctx = context.Background()

// clock is a test clock shared by runners.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now().UTC().Truncate(time.Second)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

func newRunner(db allmenning.JobStore, c *clock, worker string) *jobs.Runner {
	r := jobs.NewRunner(db, nil)
	r.Now = c.Now
	r.Worker = worker
	r.Poll = 20 * time.Millisecond
	return r
}

// counter records how often each key was handled, and by whom.
type counter struct {
	mu   sync.Mutex
	runs map[string][]string
}

func newCounter() *counter { return &counter{runs: map[string][]string{}} }

func (c *counter) add(key, by string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.runs[key] = append(c.runs[key], by)
	n := 0
	for _, v := range c.runs {
		n += len(v)
	}
	return n
}

func (c *counter) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.runs {
		n += len(v)
	}
	return n
}

// checkOnce fails unless each of keys ran exactly once and nothing else ran.
func (c *counter) checkOnce(t *testing.T, keys []string) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if got := len(c.runs[k]); got != 1 {
			t.Errorf("%s ran %d times (%v), want once", k, got, c.runs[k])
		}
	}
	if len(c.runs) != len(keys) {
		t.Errorf("%d distinct jobs ran, want %d", len(c.runs), len(keys))
	}
}

func eventually(t *testing.T, what string, timeout time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func countState(t *testing.T, db allmenning.JobStore, state string) int {
	t.Helper()
	counts, err := db.CountJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range counts {
		if c.State == state {
			n += c.N
		}
	}
	return n
}

// A mail job survives two temporary SMTP failures: it is retried after an
// exponential, jittered wait and sent once, with its content intact; the same
// key enqueued again afterwards sends nothing.
func TestMailRetryAfterSMTPFailure(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		srv := mailtest.Start(t)
		c := newClock()
		r := newRunner(db, c, "node-a")
		r.Handle(jobs.KindMail, jobs.MailHandler(smtp.New(smtp.Config{Host: srv.Host, Port: srv.Port, From: "Allmenning <noreply@allmenning.test>", TLS: "none"})))
		mail := allmenning.Mail{To: "kari@trondheim.kommune.no", Subject: "Nytt svar på «Brøyting»", Text: "Ola svarte deg.", HTML: "<p>Ola svarte deg.</p>"}
		if err := jobs.EnqueueMail(ctx, db, "mail:notification:42", mail, c.Now()); err != nil {
			t.Fatal(err)
		}
		srv.FailNext(2)

		start := c.Now()
		for attempt, base := range []time.Duration{r.BackoffBase, 2 * r.BackoffBase} {
			if n, err := r.RunDue(ctx); err != nil || n != 1 {
				t.Fatalf("attempt %d: RunDue = %d, %v; want 1 job run", attempt+1, n, err)
			}
			j, err := db.FindJobByKey(ctx, "mail:notification:42")
			if err != nil {
				t.Fatal(err)
			}
			if j.State != allmenning.JobPending || j.Attempts != attempt+1 || !strings.Contains(j.LastError, "451") {
				t.Fatalf("after failure %d: %+v, want pending, %d attempts, the 451 error", attempt+1, j, attempt+1)
			}
			// Backoff: at least half of base·2^(n-1), at most all of it.
			if wait := j.RunAt.Sub(c.Now()); wait < base/2 || wait > base {
				t.Errorf("after failure %d the retry waits %v, want between %v and %v", attempt+1, wait, base/2, base)
			}
			if n, _ := r.RunDue(ctx); n != 0 {
				t.Errorf("a job ran before its retry time")
			}
			c.Set(j.RunAt)
		}
		if n, err := r.RunDue(ctx); err != nil || n != 1 {
			t.Fatalf("third attempt: RunDue = %d, %v", n, err)
		}
		if got := srv.Failed(); got != 2 {
			t.Errorf("server refused %d messages, want 2", got)
		}
		msgs := srv.MessagesTo("kari@trondheim.kommune.no")
		if len(msgs) != 1 {
			t.Fatalf("%d messages delivered, want 1", len(msgs))
		}
		if m := msgs[0]; m.Subject != mail.Subject || m.Text != mail.Text || m.HTML != mail.HTML {
			t.Errorf("delivered %q / %q / %q, want the enqueued mail", m.Subject, m.Text, m.HTML)
		}
		j, _ := db.FindJobByKey(ctx, "mail:notification:42")
		if j.State != allmenning.JobDone || j.Attempts != 3 || j.DoneAt == nil || c.Now().Sub(start) < r.BackoffBase {
			t.Errorf("job = %+v, want done after 3 attempts", j)
		}
		// Enqueued again (say, by a second node): not sent twice.
		if err := jobs.EnqueueMail(ctx, db, "mail:notification:42", mail, c.Now()); err != nil {
			t.Fatal(err)
		}
		c.Add(time.Hour)
		if n, _ := r.RunDue(ctx); n != 0 {
			t.Errorf("RunDue ran %d jobs after re-enqueueing a sent mail's key", n)
		}
		if got := len(srv.Messages()); got != 1 {
			t.Errorf("%d messages in all, want 1", got)
		}
	})
}

// A permanent refusal (5xx) or a malformed payload is not retried.
func TestMailPermanentFailure(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	c := newClock()
	r := newRunner(db, c, "n")
	r.Handle(jobs.KindMail, jobs.MailHandler(mailerFunc(func(ctx context.Context, m allmenning.Mail) error {
		return fmt.Errorf("smtp: RCPT TO: %w", smtpError(550))
	})))
	if err := jobs.EnqueueMail(ctx, db, "a", allmenning.Mail{To: "x@y.no"}, c.Now()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.EnqueueJob(ctx, allmenning.NewJob{Kind: jobs.KindMail, Key: "b", Payload: []byte("not json"), RunAt: c.Now()}); err != nil {
		t.Fatal(err)
	}
	if n, _ := r.RunDue(ctx); n != 2 {
		t.Fatalf("ran %d jobs, want 2", n)
	}
	for _, key := range []string{"a", "b"} {
		j, _ := db.FindJobByKey(ctx, key)
		if j.State != allmenning.JobDead || j.Attempts != 1 {
			t.Errorf("job %s = %+v, want dead after 1 attempt", key, j)
		}
	}
}

type mailerFunc func(ctx context.Context, m allmenning.Mail) error

func (f mailerFunc) Send(ctx context.Context, m allmenning.Mail) error { return f(ctx, m) }

func TestBackoff(t *testing.T) {
	r := jobs.NewRunner(nil, nil)
	r.BackoffBase, r.BackoffMax = 10*time.Second, 5*time.Minute
	tests := []struct {
		attempt int
		full    time.Duration
	}{
		{1, 10 * time.Second}, {2, 20 * time.Second}, {3, 40 * time.Second}, {5, 160 * time.Second},
		{6, 5 * time.Minute}, {30, 5 * time.Minute}, {200, 5 * time.Minute},
	}
	for _, tt := range tests {
		seen := map[time.Duration]bool{}
		for i := 0; i < 50; i++ {
			d := r.Backoff(tt.attempt)
			if d < tt.full/2 || d > tt.full {
				t.Errorf("Backoff(%d) = %v, want within [%v, %v]", tt.attempt, d, tt.full/2, tt.full)
			}
			seen[d] = true
		}
		if len(seen) < 5 {
			t.Errorf("Backoff(%d) gave only %d distinct waits in 50 tries: no jitter", tt.attempt, len(seen))
		}
	}
}

// A job that keeps failing is tried MaxAttempts times and then left dead; a
// panicking handler counts as a failure and does not stop the runner.
func TestDeadAfterMaxAttempts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClock()
		r := newRunner(db, c, "n")
		calls := 0
		r.Handle("flaky", func(ctx context.Context, j *allmenning.Job) error {
			calls++
			if calls == 2 {
				panic("boom")
			}
			return errors.New("still broken")
		})
		ok := 0
		r.Handle("fine", func(ctx context.Context, j *allmenning.Job) error { ok++; return nil })
		if _, _, err := db.EnqueueJob(ctx, allmenning.NewJob{Kind: "flaky", Key: "f", RunAt: c.Now(), MaxAttempts: 4}); err != nil {
			t.Fatal(err)
		}
		var lastErrors []string
		for i := 0; i < 6; i++ {
			r.RunDue(ctx)
			j, _ := db.FindJobByKey(ctx, "f")
			lastErrors = append(lastErrors, j.LastError)
			c.Add(r.BackoffMax)
		}
		if calls != 4 {
			t.Errorf("handler called %d times, want 4 (MaxAttempts)", calls)
		}
		j, _ := db.FindJobByKey(ctx, "f")
		if j.State != allmenning.JobDead || j.Attempts != 4 || j.LastError != "still broken" {
			t.Errorf("job = %+v, want dead after 4 attempts", j)
		}
		if lastErrors[1] != "panic: boom" {
			t.Errorf("after the panic last_error = %q, want «panic: boom»", lastErrors[1])
		}
		// The runner goes on with other work.
		jobs.Enqueue(ctx, db, "fine", "", nil, time.Time{})
		if n, _ := r.RunDue(ctx); n != 1 || ok != 1 {
			t.Errorf("after a dead job RunDue ran %d, handler %d times; want 1", n, ok)
		}
		dead, _ := db.FindJobs(ctx, allmenning.JobFilter{State: allmenning.JobDead})
		if len(dead) != 1 || dead[0].Key != "f" {
			t.Errorf("dead jobs = %v, want only f", dead)
		}
	})
}

// A node dies while holding a job: when the lease runs out, another runner
// takes the job over and finishes it.
func TestLeaseExpiryRecovery(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClock()
		id, _, err := db.EnqueueJob(ctx, allmenning.NewJob{Kind: "work", Payload: []byte(`"x"`), RunAt: c.Now()})
		if err != nil {
			t.Fatal(err)
		}
		// The crashed node: claimed and never heard from again.
		if got, _ := db.ClaimJobs(ctx, "crashed", nil, c.Now(), 5*time.Minute, 10); len(got) != 1 {
			t.Fatalf("crashed node claimed %d jobs", len(got))
		}
		r := newRunner(db, c, "survivor")
		r.Lease = 5 * time.Minute
		var got []string
		r.Handle("work", func(ctx context.Context, j *allmenning.Job) error {
			got = append(got, string(j.Payload))
			return nil
		})
		c.Add(4 * time.Minute)
		if n, _ := r.RunDue(ctx); n != 0 {
			t.Fatalf("ran %d jobs while the lease held", n)
		}
		c.Add(time.Minute)
		if n, _ := r.RunDue(ctx); n != 1 || len(got) != 1 || got[0] != `"x"` {
			t.Fatalf("after the lease: ran %d, handled %v; want the job once", n, got)
		}
		j, _ := db.FindJob(ctx, id)
		if j.State != allmenning.JobDone || j.ClaimedBy != "survivor" || j.Attempts != 2 {
			t.Errorf("job = %+v, want done by survivor on attempt 2", j)
		}
	})
}

// A runner is stopped in the middle of a queue; a new one on the same
// database finishes it. Every job runs exactly once and the keys still hold.
func TestNoDuplicateAfterRestart(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClock()
		const total = 40
		var keys []string
		for i := 0; i < total; i++ {
			key := fmt.Sprintf("mail:notification:%d", i)
			keys = append(keys, key)
			if err := jobs.Enqueue(ctx, db, "work", key, key, c.Now()); err != nil {
				t.Fatal(err)
			}
		}
		runs := newCounter()
		handler := func(name string) jobs.Handler {
			return func(ctx context.Context, j *allmenning.Job) error {
				time.Sleep(5 * time.Millisecond)
				var key string
				if err := jobs.Decode(j, &key); err != nil {
					return err
				}
				runs.add(key, name)
				return nil
			}
		}
		first := newRunner(db, c, "first")
		first.Concurrency = 3
		first.Handle("work", handler("first"))
		stop, cancel := context.WithCancel(ctx)
		stopped := make(chan error, 1)
		go func() { stopped <- first.Run(stop) }()
		eventually(t, "the first runner has done 10 jobs", 10*time.Second, func() bool { return runs.total() >= 10 })
		cancel()
		if err := <-stopped; err != nil {
			t.Fatal(err)
		}
		doneBefore := runs.total()
		if doneBefore >= total {
			t.Fatalf("the first runner finished all %d jobs before it was stopped; the test proves nothing", total)
		}
		if n := countState(t, db, allmenning.JobRunning); n != 0 {
			t.Errorf("%d jobs left running by a stopped runner, want 0", n)
		}
		if n := countState(t, db, allmenning.JobDone); n != doneBefore {
			t.Errorf("%d jobs done in the database, %d handled", n, doneBefore)
		}

		// The restart: a new runner (new worker name) on the same database.
		second := newRunner(db, c, "second")
		second.Handle("work", handler("second"))
		ctx2, cancel2 := context.WithCancel(ctx)
		defer cancel2()
		go second.Run(ctx2)
		eventually(t, "every job is done", 10*time.Second, func() bool { return countState(t, db, allmenning.JobDone) == total })
		cancel2()
		runs.checkOnce(t, keys)
		// Enqueued again after the restart: nothing is created or run.
		for _, key := range keys {
			if id, created, err := db.EnqueueJob(ctx, allmenning.NewJob{Kind: "work", Key: key, Payload: []byte(`"again"`)}); err != nil || created {
				t.Fatalf("re-enqueue %s: id %d created %v, %v", key, id, created, err)
			}
		}
		third := newRunner(db, c, "third")
		third.Handle("work", handler("third"))
		if n, _ := third.RunDue(ctx); n != 0 {
			t.Errorf("after re-enqueueing, %d jobs ran", n)
		}
		runs.checkOnce(t, keys)
	})
}

// A job still running when the stop timeout is over is cancelled and given
// back, with its attempt not counted; the next runner does it.
func TestStopReleasesRunningJob(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClock()
		jobs.Enqueue(ctx, db, "slow", "slow:1", nil, c.Now())
		r := newRunner(db, c, "stopping")
		r.StopTimeout = 50 * time.Millisecond
		started := make(chan struct{})
		r.Handle("slow", func(ctx context.Context, j *allmenning.Job) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		runCtx, cancel := context.WithCancel(ctx)
		stopped := make(chan error, 1)
		go func() { stopped <- r.Run(runCtx) }()
		<-started
		cancel()
		select {
		case <-stopped:
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after the stop timeout")
		}
		j, _ := db.FindJobByKey(ctx, "slow:1")
		if j.State != allmenning.JobPending || j.Attempts != 0 || j.LastError != "" {
			t.Fatalf("job after stop = %+v, want pending again with no attempt counted", j)
		}
		next := newRunner(db, c, "next")
		ran := 0
		next.Handle("slow", func(ctx context.Context, j *allmenning.Job) error { ran++; return nil })
		if n, _ := next.RunDue(ctx); n != 1 || ran != 1 {
			t.Errorf("the next runner ran %d jobs, want the released one", n)
		}
	})
}

// Work enqueued through the runner's store starts at once, not at the next poll.
func TestWakeOnEnqueue(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	r := newRunner(db, newClock(), "n")
	r.Now = time.Now // the store stamps a job enqueued for now with its own clock
	r.Poll = time.Hour
	done := make(chan string, 1)
	r.Handle("work", func(ctx context.Context, j *allmenning.Job) error { done <- string(j.Payload); return nil })
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go r.Run(runCtx)
	time.Sleep(50 * time.Millisecond) // the first, empty poll
	if err := jobs.Enqueue(ctx, r.Store(), "work", "", "now", time.Time{}); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-done:
		if p != `"now"` {
			t.Errorf("payload %s", p)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the job did not run within 5s of being enqueued (poll is an hour)")
	}
}

// Two runners on two connection pools to one PostgreSQL schema (on SQLite:
// two runners on one database) share a queue: every job runs exactly once,
// and a recurring job runs once per slot.
func TestTwoRunnersOneDatabase(t *testing.T) {
	for _, kind := range dbtest.Kinds {
		t.Run(kind, func(t *testing.T) {
			var a, b *store.DB
			if kind == "postgres" {
				dsn := dbtest.PostgresSchema(t)
				var err error
				if a, err = postgres.Open(ctx, dsn); err != nil {
					t.Fatal(err)
				}
				defer a.Close()
				if b, err = postgres.Open(ctx, dsn); err != nil {
					t.Fatal(err)
				}
				defer b.Close()
			} else {
				a = dbtest.Open(t, kind)
				b = a
			}
			c := newClock()
			c.Set(c.Now().Truncate(time.Hour))
			const total = 300
			var keys []string
			for i := 0; i < total; i++ {
				key := fmt.Sprintf("job:%d", i)
				keys = append(keys, key)
				db := a
				if i%2 == 1 {
					db = b
				}
				if err := jobs.Enqueue(ctx, db, "work", key, key, c.Now()); err != nil {
					t.Fatal(err)
				}
			}
			runs := newCounter()
			slots := newCounter()
			// Each runner's jobs wait (a while at most) for the other runner
			// to have started one: one runner must not finish all 300 before
			// the other's first poll on a busy machine, while the other can
			// still only take jobs the first has not claimed.
			started := []chan struct{}{make(chan struct{}), make(chan struct{})}
			var once [2]sync.Once
			var runners []*jobs.Runner
			for i, db := range []*store.DB{a, b} {
				name := fmt.Sprint("node-", i)
				r := newRunner(db, c, name)
				r.Poll = 10 * time.Millisecond
				r.Handle("work", func(ctx context.Context, j *allmenning.Job) error {
					var key string
					if err := jobs.Decode(j, &key); err != nil {
						return err
					}
					runs.add(key, name)
					once[i].Do(func() { close(started[i]) })
					select {
					case <-started[1-i]:
					case <-time.After(5 * time.Second):
					}
					time.Sleep(time.Millisecond)
					return nil
				})
				r.Every("tick", time.Minute, func(ctx context.Context, slot time.Time) error {
					slots.add(slot.Format("15:04"), name)
					return nil
				})
				runners = append(runners, r)
			}
			runCtx, cancel := context.WithCancel(ctx)
			var wg sync.WaitGroup
			for _, r := range runners {
				wg.Add(1)
				go func() { defer wg.Done(); r.Run(runCtx) }()
			}
			// Time moves on a minute at a time; each minute is one slot.
			start := c.Now()
			var wantSlots []string
			for m := 0; m <= 5; m++ {
				slot := start.Add(time.Duration(m) * time.Minute)
				wantSlots = append(wantSlots, slot.Format("15:04"))
				eventually(t, "slot "+slot.Format("15:04")+" has run", 10*time.Second, func() bool {
					j, err := a.FindJobByKey(ctx, jobs.SlotKey("tick", slot))
					return err == nil && j.State == allmenning.JobDone
				})
				if m < 5 {
					c.Add(time.Minute)
				}
			}
			eventually(t, "every job is done", 20*time.Second, func() bool { return countState(t, a, allmenning.JobDone) >= total+len(wantSlots) })
			// A moment more, in which a duplicate would show.
			time.Sleep(100 * time.Millisecond)
			cancel()
			wg.Wait()

			runs.checkOnce(t, keys)
			slots.checkOnce(t, wantSlots)
			by := map[string]int{}
			for _, v := range runs.runs {
				by[v[0]]++
			}
			if by["node-0"] == 0 || by["node-1"] == 0 {
				t.Errorf("jobs per runner = %v; want both to have worked", by)
			}
			// The next slot is queued, once.
			if j, err := a.FindJobByKey(ctx, jobs.SlotKey("tick", start.Add(6*time.Minute))); err != nil || j.State != allmenning.JobPending {
				t.Errorf("next slot = %+v, %v; want pending", j, err)
			}
			t.Logf("%s: jobs per runner %v", kind, by)
		})
	}
}

func smtpError(code int) error { return &textproto.Error{Code: code, Msg: "5.1.1 no such user"} }

// The runner's metrics count attempts by kind and result, and the queue by state.
func TestMetrics(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	c := newClock()
	r := newRunner(db, c, "n")
	reg := prometheus.NewRegistry()
	if err := r.Register(reg); err != nil {
		t.Fatal(err)
	}
	r.Handle("ok", func(ctx context.Context, j *allmenning.Job) error { return nil })
	r.Handle("bad", func(ctx context.Context, j *allmenning.Job) error { return errors.New("nei") })
	for i := 0; i < 3; i++ {
		jobs.Enqueue(ctx, db, "ok", "", i, c.Now())
	}
	jobs.Enqueue(ctx, db, "bad", "", nil, c.Now())
	if n, _ := r.RunDue(ctx); n != 4 {
		t.Fatalf("ran %d, want 4", n)
	}
	got := map[string]float64{}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			name := f.GetName()
			for _, l := range m.GetLabel() {
				name += " " + l.GetName() + "=" + l.GetValue()
			}
			if m.Counter != nil {
				got[name] = m.GetCounter().GetValue()
			} else if m.Gauge != nil {
				got[name] = m.GetGauge().GetValue()
			}
		}
	}
	want := map[string]float64{
		"allmenning_jobs kind=bad state=pending":          1,
		"allmenning_jobs kind=ok state=done":              3,
		"allmenning_jobs_run_total kind=bad result=retry": 1,
		"allmenning_jobs_run_total kind=ok result=done":   3,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("metrics = %v\nwant %v", got, want)
	}
}

// countingStore counts the claims that found jobs and the completion
// writes, each of which takes as long as a write waiting its turn under
// load does.
type countingStore struct {
	allmenning.JobStore
	mu                sync.Mutex
	claims, completes int
}

func (s *countingStore) ClaimJobs(ctx context.Context, worker string, kinds []string, now time.Time, lease time.Duration, limit int) ([]*allmenning.Job, error) {
	time.Sleep(20 * time.Millisecond)
	jobs, err := s.JobStore.ClaimJobs(ctx, worker, kinds, now, lease, limit)
	if len(jobs) > 0 {
		s.mu.Lock()
		s.claims++
		s.mu.Unlock()
	}
	return jobs, err
}

func (s *countingStore) CompleteJobs(ctx context.Context, ids []int64, worker string, now time.Time) ([]int64, error) {
	s.mu.Lock()
	s.completes++
	s.mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	return s.JobStore.CompleteJobs(ctx, ids, worker, now)
}

// Under load a runner claims the slots that freed together in one claim,
// and marks the jobs that finished together done in one write: a mail per
// reply must not cost two turns at SQLite's one writer each.
func TestRunnerBatchesClaimsAndCompletions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		c := newClock()
		const total = 96
		for i := range total {
			if err := jobs.Enqueue(ctx, db, "work", fmt.Sprintf("k%d", i), i, c.Now()); err != nil {
				t.Fatal(err)
			}
		}
		cs := &countingStore{JobStore: db}
		r := newRunner(cs, c, "batcher")
		r.Concurrency = 16
		var handled atomic.Int64
		r.Handle("work", func(ctx context.Context, j *allmenning.Job) error {
			time.Sleep(5 * time.Millisecond)
			handled.Add(1)
			return nil
		})
		run, cancel := context.WithCancel(ctx)
		stopped := make(chan error, 1)
		go func() { stopped <- r.Run(run) }()
		eventually(t, "every job is done", 20*time.Second, func() bool { return countState(t, db, allmenning.JobDone) == total })
		cancel()
		if err := <-stopped; err != nil {
			t.Fatal(err)
		}
		if handled.Load() != total {
			t.Errorf("%d jobs handled, want %d", handled.Load(), total)
		}
		cs.mu.Lock()
		defer cs.mu.Unlock()
		// One by one would be a claim and a write per job.
		if cs.claims > total/4 || cs.completes > total/4 {
			t.Errorf("%d jobs took %d claims and %d completion writes; want at most %d of each", total, cs.claims, cs.completes, total/4)
		}
	})
}
