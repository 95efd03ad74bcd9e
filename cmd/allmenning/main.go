// Command allmenning runs the Allmenning community: the web server and the
// administrative commands around it. This file wires the packages together.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/account"
	"github.com/allmenning/allmenning/demo"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/jobs"
	"github.com/allmenning/allmenning/kommune"
	"github.com/allmenning/allmenning/password"
	"github.com/allmenning/allmenning/postgres"
	"github.com/allmenning/allmenning/smtp"
	"github.com/allmenning/allmenning/sqlite"
	"github.com/allmenning/allmenning/store"
	"github.com/allmenning/allmenning/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &environment{args: os.Args[1:], stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	if len(env.args) > 0 && env.args[0] == "serve" {
		tuneGC(os.Getenv)
	}
	if err := run(ctx, env); err != nil {
		fmt.Fprintln(os.Stderr, "allmenning:", err)
		os.Exit(1)
	}
}

// environment is everything the program takes from the process, so that tests
// can run it in-process.
type environment struct {
	args           []string
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// ready, when set, receives the server's address once it listens.
	ready func(addr string)
}

const usage = `Bruk: allmenning <kommando> [flagg]

Kommandoer:
  serve            start webserveren
  migrate          oppdater databaseskjemaet
  seed --demo      last inn demoinnhold
  seed --scale     last inn et datasett i sektorskala (se --fraction)
  admin create     opprett en operatør (passord fra standard input)
  member create    opprett et medlem (passord fra standard input)
  token create     lag et personlig API-token for et medlem
  digest --dry-run vis sammendraget et medlem (--email) ville fått nå, uten å sende
  jobs             vis jobbkøen (jobs retry ID legger en død jobb i køen igjen)
  version          vis versjon

«allmenning <kommando> -h» viser flaggene til en kommando.
`

func run(ctx context.Context, env *environment) error {
	if len(env.args) == 0 {
		fmt.Fprint(env.stderr, usage)
		return errors.New("ingen kommando")
	}
	cmd, rest := env.args[0], env.args[1:]
	if (cmd == "admin" || cmd == "member" || cmd == "token") && len(rest) > 0 && rest[0] == "create" {
		cmd, rest = cmd+" create", rest[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, env, rest)
	case "migrate":
		return migrate(ctx, env, rest)
	case "seed":
		return seed(ctx, env, rest)
	case "admin create":
		return createMember(ctx, env, rest, true)
	case "member create":
		return createMember(ctx, env, rest, false)
	case "token create":
		return createToken(ctx, env, rest)
	case "digest":
		return digestCommand(ctx, env, rest)
	case "jobs":
		return jobsCommand(ctx, env, rest)
	case "version":
		fmt.Fprintln(env.stdout, "allmenning", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(env.stdout, usage)
		return nil
	}
	fmt.Fprint(env.stderr, usage)
	return fmt.Errorf("ukjent kommando %q", strings.Join(env.args[:min(2, len(env.args))], " "))
}

var version = "dev"

// config is the configuration shared by the commands, from flags with
// ALLMENNING_* environment variables as defaults.
type config struct {
	addr, database, baseURL     string
	smtpHost, smtpUser, smtpPwd string
	smtpFrom, smtpTLS           string
	smtpPort                    int
	demo                        bool
	jobs                        bool
	logFormat, logLevel         string
	debugAddr                   string
}

func (c *config) register(fs *flag.FlagSet, getenv func(string) string, server bool) {
	str := func(p *string, name, env, def, help string) {
		if v := getenv(env); v != "" {
			def = v
		}
		fs.StringVar(p, name, def, help+" ("+env+")")
	}
	str(&c.database, "database", "ALLMENNING_DATABASE", "sqlite:data/allmenning.db", "database: sqlite:STI eller postgres://…")
	str(&c.baseURL, "base-url", "ALLMENNING_BASE_URL", "", "offentlig adresse, brukt i lenker i e-post (standard: http://ADDR)")
	str(&c.logFormat, "log-format", "ALLMENNING_LOG_FORMAT", "text", "loggformat: text eller json")
	str(&c.logLevel, "log-level", "ALLMENNING_LOG_LEVEL", "info", "loggnivå: debug, info, warn, error")
	str(&c.smtpHost, "smtp-host", "ALLMENNING_SMTP_HOST", "", "SMTP-tjener; uten den skrives e-post til loggen")
	str(&c.smtpUser, "smtp-user", "ALLMENNING_SMTP_USER", "", "SMTP-brukernavn")
	str(&c.smtpPwd, "smtp-password", "ALLMENNING_SMTP_PASSWORD", "", "SMTP-passord")
	str(&c.smtpFrom, "smtp-from", "ALLMENNING_SMTP_FROM", "Allmenning <noreply@allmenning.localhost>", "avsender")
	str(&c.smtpTLS, "smtp-tls", "ALLMENNING_SMTP_TLS", "starttls", "starttls, tls eller none")
	port := 587
	if v, err := strconv.Atoi(getenv("ALLMENNING_SMTP_PORT")); err == nil {
		port = v
	}
	fs.IntVar(&c.smtpPort, "smtp-port", port, "SMTP-port (ALLMENNING_SMTP_PORT)")
	if server {
		str(&c.addr, "addr", "ALLMENNING_ADDR", "127.0.0.1:8080", "adressen serveren lytter på")
		demoDefault := getenv("ALLMENNING_DEMO") == "1" || getenv("ALLMENNING_DEMO") == "true"
		fs.BoolVar(&c.demo, "demo", demoDefault, "last inn demoinnhold i en tom database (ALLMENNING_DEMO)")
		c.registerJobs(fs, getenv)
		c.registerDebug(fs, getenv)
	}
}

// newFlags returns a command's flag set with the shared configuration flags.
func newFlags(env *environment, name string, server bool) (*flag.FlagSet, *config) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	c := &config{}
	c.register(fs, env.getenv, server)
	return fs, c
}

// app is what the administrative commands work with.
type app struct {
	db       *store.DB
	accounts *account.Service
	catalog  *i18n.Catalog
}

// open opens the configured database and the services on it; the caller closes a.db.
func (c *config) open(ctx context.Context, env *environment) (*app, error) {
	db, err := openStore(ctx, c.database)
	if err != nil {
		return nil, err
	}
	accounts, catalog, err := c.services(db, c.logger(env.stderr))
	if err != nil {
		db.Close()
		return nil, err
	}
	return &app{db: db, accounts: accounts, catalog: catalog}, nil
}

func (c *config) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if c.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openStore opens the configured database, migrates it and loads the
// municipality list.
func openStore(ctx context.Context, database string) (*store.DB, error) {
	var db *store.DB
	var err error
	switch {
	case strings.HasPrefix(database, "sqlite:"):
		db, err = sqlite.Open(ctx, strings.TrimPrefix(database, "sqlite:"))
	case strings.HasPrefix(database, "postgres://"), strings.HasPrefix(database, "postgresql://"):
		db, err = postgres.Open(ctx, database)
	default:
		return nil, fmt.Errorf("ukjent database %q: bruk sqlite:STI eller postgres://…", database)
	}
	if err != nil {
		return nil, err
	}
	list, err := kommune.List()
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := db.SyncMunicipalities(ctx, list); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.EnsureSearchIndex(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (c *config) services(db *store.DB, log *slog.Logger) (*account.Service, *i18n.Catalog, error) {
	catalog, err := i18n.Load()
	if err != nil {
		return nil, nil, err
	}
	var mailer allmenning.Mailer = smtp.LogMailer{Log: log}
	if c.smtpHost != "" {
		mailer = smtp.New(smtp.Config{Host: c.smtpHost, Port: c.smtpPort, Username: c.smtpUser, Password: c.smtpPwd, From: c.smtpFrom, TLS: c.smtpTLS})
	}
	return &account.Service{
		Store: db, Mailer: mailer, Catalog: catalog, BaseURL: strings.TrimSuffix(c.baseURL, "/"),
		Password: password.Default, Log: log,
	}, catalog, nil
}

func serve(ctx context.Context, env *environment, args []string) error {
	fs, c := newFlags(env, "serve", true)
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := c.logger(env.stderr)
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	addr := "http://" + ln.Addr().String()
	if c.baseURL == "" {
		c.baseURL = addr
	}
	db, err := openStore(ctx, c.database)
	if err != nil {
		return err
	}
	defer db.Close()
	accounts, catalog, err := c.services(db, log)
	if err != nil {
		return err
	}
	// Account mail goes through the durable queue; the runner sends it.
	jobRunner := newJobRunner(db, accounts.Mailer, log)
	accounts.Mailer = jobs.QueueMailer{Store: jobRunner.Store()}
	var demoPeople []demo.Person
	if c.demo {
		if demoPeople, err = loadDemo(ctx, accounts, db); err != nil {
			return err
		}
	}
	srv, err := web.New(web.Config{BaseURL: c.baseURL}, db, accounts, catalog, log)
	if err != nil {
		return err
	}
	// After the HTTP server and the job runner have stopped, the events
	// still queued are handled before the database closes.
	defer srv.Close()
	c.wireMail(env, db, catalog, log, srv, jobRunner)
	scheduleEscalation(jobRunner, srv, log)
	if err := jobRunner.Register(srv.Registry()); err != nil {
		return err
	}
	defer c.startJobs(ctx, jobRunner, log)()
	stopDebug, err := c.startDebug(log)
	if err != nil {
		return err
	}
	defer stopDebug()
	httpServer := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	printBanner(env.stdout, addr, c.database, demoPeople)
	log.Info("server started", "addr", addr, "database", redact(c.database))
	if env.ready != nil {
		env.ready(addr)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return httpServer.Shutdown(shutdownCtx)
}

func printBanner(w io.Writer, addr, database string, people []demo.Person) {
	fmt.Fprintf(w, "\nAllmenning kjører på %s  (database: %s)\n", addr, redact(database))
	if len(people) > 0 {
		fmt.Fprintf(w, "\nDemoinnhold er lastet inn. Logg inn med en av disse (passord: %s):\n", demo.Password)
		for _, p := range people {
			role := "medlem"
			if len(p.Roles) > 0 {
				role = p.Roles[0].Role
			}
			if areas := demo.ExpertAreas(p.Email); len(areas) > 0 {
				role += ", ekspert i " + strings.Join(areas, ", ")
			}
			fmt.Fprintf(w, "  %-42s %s\n", p.Email, role)
		}
	}
	fmt.Fprintln(w)
}

// redact hides a password in a database URL.
func redact(database string) string {
	if i := strings.Index(database, "://"); i >= 0 {
		if at := strings.Index(database[i+3:], "@"); at >= 0 {
			cred := database[i+3 : i+3+at]
			if user, _, ok := strings.Cut(cred, ":"); ok {
				return database[:i+3] + user + ":***" + database[i+3+at:]
			}
		}
	}
	return database
}

func migrate(ctx context.Context, env *environment, args []string) error {
	fs, c := newFlags(env, "migrate", false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openStore(ctx, c.database)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(env.stdout, "Databasen er oppdatert.")
	return nil
}

func seed(ctx context.Context, env *environment, args []string) error {
	if slices.Contains(args, "--scale") || slices.Contains(args, "-scale") {
		return seedScale(ctx, env, args)
	}
	fs, c := newFlags(env, "seed", false)
	withDemo := fs.Bool("demo", false, "last inn demoinnhold")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*withDemo {
		return errors.New("seed: velg hva som skal lastes inn, for eksempel --demo")
	}
	a, err := c.open(ctx, env)
	if err != nil {
		return err
	}
	defer a.db.Close()
	people, err := loadDemo(ctx, a.accounts, a.db)
	if err != nil {
		return err
	}
	if people == nil {
		fmt.Fprintln(env.stdout, "Databasen har allerede medlemmer; demoinnhold ble ikke lastet inn.")
		return nil
	}
	fmt.Fprintf(env.stdout, "Lastet inn %d demomedlemmer (passord: %s).\n", len(people), demo.Password)
	return nil
}

// loadDemo loads demo members and, when they were new, demo discussions.
func loadDemo(ctx context.Context, accounts *account.Service, db *store.DB) ([]demo.Person, error) {
	people, err := demo.Load(ctx, accounts)
	if err != nil || people == nil {
		return people, err
	}
	if _, err := demo.LoadThreads(ctx, db, db, time.Now()); err != nil {
		return nil, err
	}
	if _, err := demo.LoadQuestions(ctx, db, db, time.Now()); err != nil {
		return nil, err
	}
	return people, nil
}

// The store keeps both accounts and discussions.
var (
	_ allmenning.Store           = (*store.DB)(nil)
	_ allmenning.DiscussionStore = (*store.DB)(nil)
)

func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func createMember(ctx context.Context, env *environment, args []string, operator bool) error {
	name := "member create"
	if operator {
		name = "admin create"
	}
	fs, c := newFlags(env, name, false)
	email := fs.String("email", "", "e-postadresse")
	fullName := fs.String("name", "", "fullt navn")
	defaultMuni := ""
	if operator {
		defaultMuni = "0301"
	}
	muni := fs.String("municipality", defaultMuni, "kommunenummer, for eksempel 5001")
	lang := fs.String("language", "nb", "språk: nb, nn eller en")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pw, err := readPassword(env.stdin)
	if err != nil {
		return err
	}
	a, err := c.open(ctx, env)
	if err != nil {
		return err
	}
	defer a.db.Close()
	db, accounts, catalog := a.db, a.accounts, a.catalog
	m, err := accounts.CreateMember(ctx, allmenning.NewMember{Email: *email, Name: *fullName, Municipality: *muni, Language: *lang}, pw)
	if err != nil {
		return describe(catalog, err)
	}
	if operator {
		if err := db.GrantRole(ctx, m.ID, allmenning.Grant{Role: allmenning.RoleOperator}); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "Opprettet operatøren %s <%s> med id %d.\n", m.Name, m.Email, m.ID)
		return nil
	}
	fmt.Fprintf(env.stdout, "Opprettet medlemmet %s <%s> i %s med id %d.\n", m.Name, m.Email, m.MunicipalityName, m.ID)
	return nil
}

// describe turns a user error into a Norwegian message naming each field.
func describe(catalog *i18n.Catalog, err error) error {
	code := allmenning.ErrorCode(err)
	if code == allmenning.EINTERNAL {
		return err
	}
	l := catalog.For("nb")
	var parts []string
	for field, key := range allmenning.Fields(err) {
		parts = append(parts, "--"+strings.ReplaceAll(field, "_", "-")+": "+l.T(key))
	}
	if len(parts) == 0 {
		return errors.New(l.T(allmenning.ErrorMessage(err)))
	}
	return errors.New(strings.Join(parts, "; "))
}

func createToken(ctx context.Context, env *environment, args []string) error {
	fs, c := newFlags(env, "token create", false)
	email := fs.String("email", "", "medlemmets e-postadresse")
	name := fs.String("name", "CLI", "navn på tokenet")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := c.open(ctx, env)
	if err != nil {
		return err
	}
	defer a.db.Close()
	db, accounts, catalog := a.db, a.accounts, a.catalog
	m, err := db.FindMemberByEmail(ctx, *email)
	if err != nil {
		return describe(catalog, err)
	}
	secret, _, err := accounts.CreateAPIToken(ctx, m, *name)
	if err != nil {
		return describe(catalog, err)
	}
	fmt.Fprintln(env.stdout, secret)
	return nil
}
