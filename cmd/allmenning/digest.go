package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/digest"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/jobs"
	"github.com/allmenning/allmenning/store"
	"github.com/allmenning/allmenning/web"
)

// newDigest returns the service that mails notifications and digests.
// ALLMENNING_UNSUBSCRIBE_MAILTO, when set, is offered in List-Unsubscribe
// besides the one-click link.
func (c *config) newDigest(env *environment, db *store.DB, catalog *i18n.Catalog, log *slog.Logger) *digest.Service {
	return &digest.Service{
		Store: db, Catalog: catalog, BaseURL: strings.TrimSuffix(c.baseURL, "/"),
		UnsubscribeMailto: env.getenv("ALLMENNING_UNSUBSCRIBE_MAILTO"), Log: log,
	}
}

// wireMail makes new notifications send immediate mail and the job runner
// queue the digests when they are due.
func (c *config) wireMail(env *environment, db *store.DB, catalog *i18n.Catalog, log *slog.Logger, srv *web.Server, runner *jobs.Runner) {
	d := c.newDigest(env, db, catalog, log)
	d.Queue = runner.Store()
	srv.OnNotification(d.NotificationsCreated)
	d.Schedule(runner)
}

// digestCommand prints the digest a member would get now: subject and text
// part, without sending it or marking anything.
func digestCommand(ctx context.Context, env *environment, args []string) error {
	fs, c := newFlags(env, "digest", false)
	dryRun := fs.Bool("dry-run", false, "vis sammendraget uten å sende det (påkrevd)")
	email := fs.String("email", "", "medlemmets e-postadresse")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*dryRun {
		return errors.New("digest: bare --dry-run støttes; sammendragene sendes av serveren")
	}
	if *email == "" {
		return errors.New("digest: oppgi --email")
	}
	a, err := c.open(ctx, env)
	if err != nil {
		return err
	}
	defer a.db.Close()
	m, err := a.db.FindMemberByEmail(ctx, allmenning.NormalizeEmail(*email))
	if err != nil {
		return describe(a.catalog, err)
	}
	if c.baseURL == "" {
		c.baseURL = "http://127.0.0.1:8080"
	}
	d := c.newDigest(env, a.db, a.catalog, c.logger(env.stderr))
	prefs, err := a.db.FindMailPrefs(ctx, m.ID)
	if err != nil {
		return err
	}
	mail, dg, err := d.Preview(ctx, m, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Til: %s <%s>\nHyppighet: %s\n", m.Name, m.Email, prefs.Digest)
	if prefs.Digest == allmenning.DigestNever {
		fmt.Fprintln(env.stdout, "Medlemmet har slått av sammendraget; dette er hva et sammendrag ville inneholdt.")
	}
	if mail == nil {
		fmt.Fprintf(env.stdout, "Ingenting nytt siden %s: det sendes ikke noe sammendrag.\n", a.catalog.For("nb").DateTime(dg.Since))
		return nil
	}
	fmt.Fprintf(env.stdout, "Emne: %s\n\n%s", mail.Subject, mail.Text)
	return nil
}
