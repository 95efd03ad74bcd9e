package main

import (
	"context"
	"strings"
	"testing"

	"github.com/allmenning/allmenning"
)

func TestDigestDryRun(t *testing.T) {
	eachDatabase(t, func(t *testing.T, database string) {
		ctx := context.Background()
		const kari, per = "kari@trondheim.kommune.no", "per@oslo.kommune.no"
		mustRun(t, cliPassword+"\n", "member", "create", "--database", database, "--email", kari, "--name", "Kari Nordmann", "--municipality", "5001")
		mustRun(t, cliPassword+"\n", "member", "create", "--database", database, "--email", per, "--name", "Per Persen", "--municipality", "0301", "--language", "en")

		out := mustRun(t, "", "digest", "--dry-run", "--database", database, "--email", per)
		if !strings.Contains(out, "Ingenting nytt") || strings.Contains(out, "Emne:") {
			t.Errorf("dry run with nothing new printed:\n%s", out)
		}

		db, err := openStore(ctx, database)
		if err != nil {
			t.Fatal(err)
		}
		k, err := db.FindMemberByEmail(ctx, kari)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.GrantRole(ctx, k.ID, allmenning.Grant{Role: allmenning.RoleModerator}); err != nil {
			t.Fatal(err)
		}
		k, _ = db.FindMemberByEmail(ctx, kari)
		pub, err := db.CreateThread(ctx, k, allmenning.NewThread{Title: "Ukens tråd om Facebook-live", Body: "Tekst", Area: "etikk", Visibility: allmenning.VisPublic}, "<p>Tekst</p>", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateTopic(ctx, k, allmenning.NewTopic{ThreadID: pub.ID, Intro: "Les hvordan tre kommuner gjør det."}); err != nil {
			t.Fatal(err)
		}
		db.Close()

		out = mustRun(t, "", "digest", "--dry-run", "--database", database, "--email", per, "--base-url", "https://allmenning.example.no")
		for _, want := range []string{"Til: Per Persen <" + per + ">", "Emne: Your weekly Allmenning digest", "Topic of the week", "Ukens tråd om Facebook-live",
			"Les hvordan tre kommuner gjør det.", "https://allmenning.example.no/diskusjoner/"} {
			if !strings.Contains(out, want) {
				t.Errorf("dry run lacks %q:\n%s", want, out)
			}
		}
		// Nothing was sent or recorded: the same preview again, and no unsubscribe link made.
		again := mustRun(t, "", "digest", "--dry-run", "--database", database, "--email", per, "--base-url", "https://allmenning.example.no")
		if again != out {
			t.Errorf("second dry run differs:\n%s\n---\n%s", out, again)
		}
		db, err = openStore(ctx, database)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		p, _ := db.FindMemberByEmail(ctx, per)
		if last, err := db.FindLastDigest(ctx, p.ID); err != nil || last != nil {
			t.Errorf("dry run recorded a digest: %v, %v", last, err)
		}
		if jobs, err := db.FindJobs(ctx, allmenning.JobFilter{}); err != nil || len(jobs) != 0 {
			t.Errorf("dry run queued jobs: %d, %v", len(jobs), err)
		}

		if _, _, err := runCommand(t, "", "digest", "--database", database, "--email", per); err == nil || !strings.Contains(err.Error(), "--dry-run") {
			t.Errorf("digest without --dry-run: %v", err)
		}
		if _, _, err := runCommand(t, "", "digest", "--dry-run", "--database", database, "--email", "ingen@oslo.kommune.no"); err == nil {
			t.Error("digest for an unknown address did not fail")
		}
	})
}
