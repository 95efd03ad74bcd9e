package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/jobs"
	"github.com/allmenning/allmenning/store"
)

// jobRetention is how long done and dead jobs are kept: a done job's unique
// key keeps the same work (a notification's mail) from being done again.
const jobRetention = 14 * 24 * time.Hour

// registerJobs adds the --jobs flag to serve.
func (c *config) registerJobs(fs *flag.FlagSet, getenv func(string) string) {
	def := true
	if v, err := strconv.ParseBool(getenv("ALLMENNING_JOBS")); err == nil {
		def = v
	}
	fs.BoolVar(&c.jobs, "jobs", def, "kjør bakgrunnsjobber (e-post, sammendrag, eskalering) på denne noden; --jobs=false for noder som bare svarer på forespørsler (ALLMENNING_JOBS)")
}

// newJobRunner returns the runner serve starts: mail goes out through mailer,
// and old finished jobs are cleaned up hourly. Other work registers its
// handlers on it before startJobs.
func newJobRunner(db *store.DB, mailer allmenning.Mailer, log *slog.Logger) *jobs.Runner {
	r := jobs.NewRunner(db, log)
	r.Handle(jobs.KindMail, jobs.MailHandler(mailer))
	r.Cleanup(jobRetention)
	return r
}

// startJobs runs r until ctx ends, unless jobs are off on this node. The
// returned function stops the runner and waits until it has.
func (c *config) startJobs(ctx context.Context, r *jobs.Runner, log *slog.Logger) (stop func()) {
	if !c.jobs {
		log.Info("background jobs are off on this node (--jobs=false): mail and other jobs it queues are run by nodes with jobs on")
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := r.Run(ctx); err != nil {
			log.Error("job runner", "error", err)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// jobsCommand shows the job queue, or retries a dead job:
//
//	allmenning jobs [--state dead] [--kind mail.send] [--limit 20]
//	allmenning jobs retry ID
func jobsCommand(ctx context.Context, env *environment, args []string) error {
	if len(args) > 0 && args[0] == "retry" {
		return jobsRetry(ctx, env, args[1:])
	}
	fs, c := newFlags(env, "jobs", false)
	state := fs.String("state", allmenning.JobDead, "vis jobber i denne tilstanden: pending, running, done eller dead")
	kind := fs.String("kind", "", "vis bare jobber av denne typen, for eksempel "+jobs.KindMail)
	limit := fs.Int("limit", 20, "høyst så mange jobber")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openStore(ctx, c.database)
	if err != nil {
		return err
	}
	defer db.Close()
	counts, err := db.CountJobs(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "TYPE\tTILSTAND\tANTALL")
	for _, n := range counts {
		fmt.Fprintf(w, "%s\t%s\t%d\n", n.Kind, n.State, n.N)
	}
	if len(counts) == 0 {
		fmt.Fprintln(w, "(ingen jobber)\t\t")
	}
	w.Flush()
	list, err := db.FindJobs(ctx, allmenning.JobFilter{State: *state, Kind: *kind, Limit: *limit})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "\nJobber i tilstanden %s (nyeste først):\n", *state)
	if len(list) == 0 {
		fmt.Fprintln(env.stdout, "  ingen")
		return nil
	}
	w = tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tTYPE\tNØKKEL\tFORSØK\tNESTE/FERDIG\tSISTE FEIL")
	for _, j := range list {
		at := j.RunAt
		if j.DoneAt != nil {
			at = *j.DoneAt
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%d/%d\t%s\t%s\n", j.ID, j.Kind, j.Key, j.Attempts, j.MaxAttempts,
			at.Local().Format("2006-01-02 15:04:05"), oneLine(j.LastError, 80))
	}
	return w.Flush()
}

func jobsRetry(ctx context.Context, env *environment, args []string) error {
	fs, c := newFlags(env, "jobs retry", false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("jobs retry: oppgi id-en til én død jobb")
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil {
		return fmt.Errorf("jobs retry: ugyldig id %q", fs.Arg(0))
	}
	db, err := openStore(ctx, c.database)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RetryJob(ctx, id, time.Now()); err != nil {
		if allmenning.ErrorCode(err) == allmenning.ENOTFOUND {
			return fmt.Errorf("jobs retry: fant ingen død jobb med id %d", id)
		}
		return err
	}
	fmt.Fprintf(env.stdout, "Jobb %d er lagt i køen igjen.\n", id)
	return nil
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
