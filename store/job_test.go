package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

func mustEnqueue(t *testing.T, db *store.DB, n allmenning.NewJob) int64 {
	t.Helper()
	id, created, err := db.EnqueueJob(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	if !created {
		t.Fatalf("job %+v was not created", n)
	}
	return id
}

func mustClaim(t *testing.T, db *store.DB, worker string, at time.Time, limit int) []*allmenning.Job {
	t.Helper()
	jobs, err := db.ClaimJobs(ctx, worker, nil, at, time.Minute, limit)
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

func jobIDs(jobs []*allmenning.Job) []int64 {
	var ids []int64
	for _, j := range jobs {
		ids = append(ids, j.ID)
	}
	return ids
}

func TestJobUniqueKey(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		start := now()
		id := mustEnqueue(t, db, allmenning.NewJob{Kind: "mail.send", Key: "mail:notification:42", Payload: []byte(`{"To":"a@b.no"}`), RunAt: start})
		again, created, err := db.EnqueueJob(ctx, allmenning.NewJob{Kind: "mail.send", Key: "mail:notification:42", Payload: []byte(`{"To":"other@b.no"}`)})
		if err != nil || created || again != id {
			t.Fatalf("second enqueue with the same key = %d, %v, %v; want the first job %d, not created", again, created, err, id)
		}
		// Jobs without a key are never merged.
		a := mustEnqueue(t, db, allmenning.NewJob{Kind: "x"})
		b := mustEnqueue(t, db, allmenning.NewJob{Kind: "x"})
		if a == b {
			t.Fatalf("two keyless jobs share id %d", a)
		}

		// Once done, the key still holds: the mail is not sent again.
		jobs := mustClaim(t, db, "w1", start.Add(time.Second), 10)
		if len(jobs) != 3 {
			t.Fatalf("claimed %d jobs, want 3", len(jobs))
		}
		if string(jobs[0].Payload) != `{"To":"a@b.no"}` || jobs[0].Key != "mail:notification:42" {
			t.Errorf("claimed job = %+v, want the first payload and key", jobs[0])
		}
		if err := completeJob(ctx, db, id, "w1", start.Add(2*time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, created, err := db.EnqueueJob(ctx, allmenning.NewJob{Kind: "mail.send", Key: "mail:notification:42"}); err != nil || created {
			t.Errorf("enqueue after done: created %v, %v; want not created", created, err)
		}
		j, err := db.FindJobByKey(ctx, "mail:notification:42")
		if err != nil {
			t.Fatal(err)
		}
		if j.State != allmenning.JobDone || j.DoneAt == nil || !sameTime(*j.DoneAt, start.Add(2*time.Second)) || len(j.Payload) != 0 || j.Attempts != 1 {
			t.Errorf("done job = %+v, want done at +2s, payload emptied, 1 attempt", j)
		}
		counts, err := db.CountJobs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []allmenning.JobCount{{Kind: "mail.send", State: "done", N: 1}, {Kind: "x", State: "running", N: 2}}
		if fmt.Sprint(counts) != fmt.Sprint(want) {
			t.Errorf("counts = %v, want %v", counts, want)
		}
	})
}

func TestJobClaimLease(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		start := now()
		late := mustEnqueue(t, db, allmenning.NewJob{Kind: "k", RunAt: start.Add(-time.Minute)})
		early := mustEnqueue(t, db, allmenning.NewJob{Kind: "k", RunAt: start.Add(-time.Hour)})
		future := mustEnqueue(t, db, allmenning.NewJob{Kind: "k", RunAt: start.Add(time.Hour)})
		other := mustEnqueue(t, db, allmenning.NewJob{Kind: "other", RunAt: start.Add(-2 * time.Hour)})

		jobs, err := db.ClaimJobs(ctx, "w1", []string{"k"}, start, time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := jobIDs(jobs); fmt.Sprint(got) != fmt.Sprint([]int64{early, late}) {
			t.Fatalf("claimed %v, want the due jobs of kind k in run order %v", got, []int64{early, late})
		}
		for _, j := range jobs {
			if j.State != allmenning.JobRunning || j.ClaimedBy != "w1" || j.Attempts != 1 || j.LockedUntil == nil || !sameTime(*j.LockedUntil, start.Add(time.Minute)) {
				t.Errorf("claimed job = %+v, want running for w1 until +1m, attempt 1", j)
			}
		}
		// Another runner finds nothing while the lease holds.
		if jobs := mustClaim(t, db, "w2", start.Add(30*time.Second), 10); len(jobs) != 1 || jobs[0].ID != other {
			t.Fatalf("w2 during the lease claimed %v, want only the other kind's job %d", jobIDs(jobs), other)
		}
		if err := completeJob(ctx, db, other, "w2", start.Add(30*time.Second)); err != nil {
			t.Fatal(err)
		}
		// w1 crashed: after the lease runs out, w2 takes both over.
		jobs = mustClaim(t, db, "w2", start.Add(61*time.Second), 10)
		if got := jobIDs(jobs); fmt.Sprint(got) != fmt.Sprint([]int64{early, late}) {
			t.Fatalf("after the lease w2 claimed %v, want %v", got, []int64{early, late})
		}
		if jobs[0].Attempts != 2 || jobs[0].ClaimedBy != "w2" {
			t.Errorf("reclaimed job = %+v, want attempt 2 for w2", jobs[0])
		}
		// The old holder can no longer report on them.
		if err := completeJob(ctx, db, early, "w1", start.Add(62*time.Second)); allmenning.ErrorCode(err) != allmenning.ECONFLICT {
			t.Errorf("complete by the old holder: %v, want ECONFLICT", err)
		}
		if _, err := db.FailJob(ctx, early, "w1", "x", start, false, start); allmenning.ErrorCode(err) != allmenning.ECONFLICT {
			t.Errorf("fail by the old holder: %v, want ECONFLICT", err)
		}
		if err := completeJob(ctx, db, early, "w2", start.Add(62*time.Second)); err != nil {
			t.Fatal(err)
		}
		if err := completeJob(ctx, db, early, "w2", start.Add(63*time.Second)); allmenning.ErrorCode(err) != allmenning.ECONFLICT {
			t.Errorf("completing twice: %v, want ECONFLICT", err)
		}
		// Released: pending again, the attempt not counted.
		if err := db.ReleaseJob(ctx, late, "w2", start.Add(62*time.Second)); err != nil {
			t.Fatal(err)
		}
		j, err := db.FindJob(ctx, late)
		if err != nil {
			t.Fatal(err)
		}
		if j.State != allmenning.JobPending || j.Attempts != 1 || j.LockedUntil != nil {
			t.Errorf("released job = %+v, want pending with 1 attempt, no lease", j)
		}
		// The future job waits for its time.
		if j, _ := db.FindJob(ctx, future); j.State != allmenning.JobPending || j.Attempts != 0 {
			t.Errorf("future job = %+v, want untouched", j)
		}
		jobs = mustClaim(t, db, "w3", start.Add(time.Hour), 10)
		if got := jobIDs(jobs); fmt.Sprint(got) != fmt.Sprint([]int64{late, future}) {
			t.Errorf("at +1h claimed %v, want %v", got, []int64{late, future})
		}
	})
}

func TestJobFailBackoffAndDead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		start := now()
		id := mustEnqueue(t, db, allmenning.NewJob{Kind: "k", Payload: []byte("p"), RunAt: start, MaxAttempts: 2})
		mustClaim(t, db, "w", start, 1)
		dead, err := db.FailJob(ctx, id, "w", "smtp: 451 try later", start.Add(10*time.Second), false, start)
		if err != nil || dead {
			t.Fatalf("first failure: dead %v, %v; want pending", dead, err)
		}
		j, _ := db.FindJob(ctx, id)
		if j.State != allmenning.JobPending || !sameTime(j.RunAt, start.Add(10*time.Second)) || j.LastError != "smtp: 451 try later" || j.DoneAt != nil {
			t.Errorf("after a failure = %+v, want pending at +10s with the error", j)
		}
		if jobs := mustClaim(t, db, "w", start.Add(9*time.Second), 1); len(jobs) != 0 {
			t.Errorf("claimed %v before the retry time", jobIDs(jobs))
		}
		if jobs := mustClaim(t, db, "w", start.Add(10*time.Second), 1); len(jobs) != 1 || jobs[0].Attempts != 2 {
			t.Fatalf("retry claim = %+v, want the job on attempt 2", jobs)
		}
		dead, err = db.FailJob(ctx, id, "w", "smtp: 451 again", start.Add(time.Minute), false, start.Add(11*time.Second))
		if err != nil || !dead {
			t.Fatalf("last failure: dead %v, %v; want dead", dead, err)
		}
		j, _ = db.FindJob(ctx, id)
		if j.State != allmenning.JobDead || j.DoneAt == nil || j.LastError != "smtp: 451 again" || string(j.Payload) != "p" {
			t.Errorf("dead job = %+v, want dead with the last error and its payload kept", j)
		}
		if jobs := mustClaim(t, db, "w", start.Add(time.Hour), 1); len(jobs) != 0 {
			t.Errorf("a dead job was claimed: %v", jobIDs(jobs))
		}
		dead1, err := db.FindJobs(ctx, allmenning.JobFilter{State: allmenning.JobDead})
		if err != nil || len(dead1) != 1 || dead1[0].ID != id {
			t.Errorf("dead jobs = %v, %v; want [%d]", jobIDs(dead1), err, id)
		}
		// An operator retries it.
		if err := db.RetryJob(ctx, id, start.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if jobs := mustClaim(t, db, "w", start.Add(2*time.Hour), 1); len(jobs) != 1 || jobs[0].Attempts != 1 {
			t.Fatalf("after retry claimed %+v, want attempt 1", jobs)
		}
		if err := db.RetryJob(ctx, id, start); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("retry of a running job: %v, want ENOTFOUND", err)
		}
		if err := completeJob(ctx, db, id, "w", start.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		// A permanent failure gives up at once.
		p := mustEnqueue(t, db, allmenning.NewJob{Kind: "k", RunAt: start})
		mustClaim(t, db, "w", start.Add(3*time.Hour), 1)
		if dead, err := db.FailJob(ctx, p, "w", "550 no such user", start.Add(4*time.Hour), true, start.Add(3*time.Hour)); err != nil || !dead {
			t.Errorf("permanent failure: dead %v, %v; want dead after 1 of %d attempts", dead, err, allmenning.DefaultJobMaxAttempts)
		}
	})
}

// A runner that dies on a job's last attempt does not leave it running for ever.
func TestJobLeaseExpiredOnLastAttempt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		start := now()
		id := mustEnqueue(t, db, allmenning.NewJob{Kind: "k", RunAt: start, MaxAttempts: 1})
		mustClaim(t, db, "crashed", start, 1)
		if jobs := mustClaim(t, db, "w", start.Add(2*time.Minute), 1); len(jobs) != 0 {
			t.Fatalf("claimed %v after its last attempt", jobIDs(jobs))
		}
		j, _ := db.FindJob(ctx, id)
		if j.State != allmenning.JobDead || j.LastError != "lease expired" {
			t.Errorf("job = %+v, want dead with «lease expired»", j)
		}
	})
}

func TestJobCleanup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		start := now()
		oldDone := mustEnqueue(t, db, allmenning.NewJob{Kind: "k", Key: "old", RunAt: start})
		mustClaim(t, db, "w", start, 1)
		completeJob(ctx, db, oldDone, "w", start)
		newDone := mustEnqueue(t, db, allmenning.NewJob{Kind: "k", Key: "new", RunAt: start.Add(time.Minute)})
		mustClaim(t, db, "w", start.Add(time.Minute), 1)
		completeJob(ctx, db, newDone, "w", start.Add(10*24*time.Hour))
		oldDead := mustEnqueue(t, db, allmenning.NewJob{Kind: "k", RunAt: start.Add(2 * time.Minute), MaxAttempts: 1})
		mustClaim(t, db, "w", start.Add(2*time.Minute), 1)
		db.FailJob(ctx, oldDead, "w", "x", start, false, start.Add(2*time.Minute))
		// A job waiting for a long time is not finished: cleanup keeps it.
		pending := mustEnqueue(t, db, allmenning.NewJob{Kind: "k", RunAt: start.Add(-30 * 24 * time.Hour)})

		n, err := db.DeleteFinishedJobs(ctx, start.Add(7*24*time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("deleted %d, %v; want the old done and the old dead job", n, err)
		}
		left, _ := db.FindJobs(ctx, allmenning.JobFilter{})
		if got := jobIDs(left); fmt.Sprint(got) != fmt.Sprint([]int64{pending, newDone}) {
			t.Errorf("left %v, want %v", got, []int64{pending, newDone})
		}
		// The deleted key is free again.
		if _, created, _ := db.EnqueueJob(ctx, allmenning.NewJob{Kind: "k", Key: "old"}); !created {
			t.Errorf("the key of a deleted job is still taken")
		}
	})
}

// Many concurrent claimers on one database: each job is claimed exactly once.
func TestJobConcurrentClaims(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		start := now()
		const total = 200
		for i := 0; i < total; i++ {
			mustEnqueue(t, db, allmenning.NewJob{Kind: "k", Key: fmt.Sprint("c", i), RunAt: start})
		}
		var mu sync.Mutex
		seen := map[int64]string{}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for w := 0; w < 8; w++ {
			worker := fmt.Sprint("w", w)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					jobs, err := db.ClaimJobs(ctx, worker, nil, start, time.Minute, 7)
					if err != nil {
						errs <- err
						return
					}
					if len(jobs) == 0 {
						return
					}
					mu.Lock()
					for _, j := range jobs {
						if prev, ok := seen[j.ID]; ok {
							errs <- fmt.Errorf("job %d claimed by %s and %s", j.ID, prev, worker)
						}
						seen[j.ID] = worker
					}
					mu.Unlock()
					for _, j := range jobs {
						if err := completeJob(ctx, db, j.ID, worker, start); err != nil {
							errs <- err
							return
						}
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if len(seen) != total {
			t.Errorf("%d jobs claimed, want %d", len(seen), total)
		}
		counts, _ := db.CountJobs(ctx)
		if len(counts) != 1 || counts[0].State != allmenning.JobDone || counts[0].N != total {
			t.Errorf("counts = %v, want %d done", counts, total)
		}
	})
}

// Jobs completed together are marked done in one call; one that another
// runner holds is reported lost and left as it is.
func TestJobCompleteMany(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		start := now()
		for range 3 {
			mustEnqueue(t, db, allmenning.NewJob{Kind: "x", RunAt: start})
		}
		mine := mustClaim(t, db, "w1", start.Add(time.Second), 2)
		theirs := mustClaim(t, db, "w2", start.Add(time.Second), 1)
		if len(mine) != 2 || len(theirs) != 1 {
			t.Fatalf("claimed %d and %d jobs", len(mine), len(theirs))
		}
		ids := append(jobIDs(mine), theirs[0].ID)
		lost, err := db.CompleteJobs(ctx, ids, "w1", start.Add(2*time.Second))
		if err != nil || len(lost) != 1 || lost[0] != theirs[0].ID {
			t.Fatalf("CompleteJobs = lost %v, %v; want only w2's job %d", lost, err, theirs[0].ID)
		}
		// w2 still holds its job and can complete it; w1's are done.
		if err := completeJob(ctx, db, theirs[0].ID, "w2", start.Add(3*time.Second)); err != nil {
			t.Errorf("w2 completing its own job after w1's batch: %v", err)
		}
		if err := completeJob(ctx, db, mine[0].ID, "w1", start.Add(3*time.Second)); allmenning.ErrorCode(err) != allmenning.ECONFLICT {
			t.Errorf("completing a done job again = %v, want ECONFLICT", err)
		}
	})
}

// completeJob marks one job done through CompleteJobs: ErrLeaseLost when
// worker no longer holds it.
func completeJob(ctx context.Context, db *store.DB, id int64, worker string, now time.Time) error {
	lost, err := db.CompleteJobs(ctx, []int64{id}, worker, now)
	if err == nil && len(lost) > 0 {
		return allmenning.ErrLeaseLost
	}
	return err
}
