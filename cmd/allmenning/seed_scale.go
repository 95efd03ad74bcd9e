package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/allmenning/allmenning/scale"
)

// seedScale fills an empty database with the sector-sized dataset of
// package scale (or a fraction of it).
func seedScale(ctx context.Context, env *environment, args []string) error {
	fs, c := newFlags(env, "seed --scale", false)
	fs.Bool("scale", true, "last inn et datasett i sektorskala")
	full := scale.Full()
	members := fs.Int("members", full.Members, "antall medlemmer")
	threads := fs.Int("threads", full.Threads, "antall tråder og spørsmål")
	replies := fs.Int("replies", full.Replies, "antall svar")
	fraction := fs.Float64("fraction", 1, "skaler antallene, for eksempel 0.01 for 1 %")
	questions := fs.Float64("questions", 0.3, "andelen tråder som er spørsmål")
	readers := fs.Float64("readers", 5, "lesere per tråd i snitt")
	seed := fs.Uint64("seed", full.Seed, "frø for tilfeldighetene: samme frø gir samme data")
	until := fs.String("until", "2026-06-01", "dato for det nyeste innlegget (ÅÅÅÅ-MM-DD); innleggene går to år tilbake")
	quiet := fs.Bool("quiet", false, "ingen fremdriftsindikator")
	if err := fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	cfg := scale.Config{Members: *members, Threads: *threads, Replies: *replies, QuestionShare: *questions, ReadersPerThread: *readers, Seed: *seed}
	if *fraction != 1 {
		scaled := full.Fraction(*fraction)
		for name, p := range map[string]*int{"members": &cfg.Members, "threads": &cfg.Threads, "replies": &cfg.Replies} {
			if !set[name] {
				*p = map[string]int{"members": scaled.Members, "threads": scaled.Threads, "replies": scaled.Replies}[name]
			}
		}
	}
	u, err := time.Parse(time.DateOnly, *until)
	if err != nil {
		return fmt.Errorf("--until: %w", err)
	}
	cfg.Until = u.Add(12 * time.Hour)
	if !*quiet {
		cfg.Progress = env.stderr
	}
	db, err := openStore(ctx, c.database)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(env.stdout, "Laster inn %d medlemmer, %d tråder og %d svar (frø %d) …\n", cfg.Members, cfg.Threads, cfg.Replies, cfg.Seed)
	res, err := scale.Generate(ctx, db, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Skrev %d rader på %s (%.0f rader/s); kontrollsum %s.\n", res.Total, res.Duration.Round(time.Millisecond), res.RowsPerSecond(), res.Hash)
	fmt.Fprintf(env.stdout, "Logg inn som %s med passordet %s.\n", scale.LoginEmail, scale.LoginPassword)
	return nil
}
