package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/demo"
	"github.com/allmenning/allmenning/internal/dbtest"
)

// lockedBuffer is an io.Writer that a running server and the test can share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// noEnv keeps the ALLMENNING_* variables of the test process out of the program.
func noEnv(string) string { return "" }

// runCommand runs the program in-process as `allmenning args…` with stdin as
// standard input.
func runCommand(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut lockedBuffer
	env := &environment{args: args, stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: noEnv}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err = run(ctx, env)
	return out.String(), errOut.String(), err
}

// mustRun runs a command that must succeed and returns its standard output.
func mustRun(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	out, errOut, err := runCommand(t, stdin, args...)
	if err != nil {
		t.Fatalf("allmenning %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// testServer is `allmenning serve` running in-process.
type testServer struct {
	URL    string // http://127.0.0.1:PORT
	Stdout *lockedBuffer
	Stderr *lockedBuffer
}

// startServer runs `allmenning serve --addr 127.0.0.1:0 args…` until the test
// ends. The server's log is shown when the test fails.
func startServer(t *testing.T, args ...string) *testServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &testServer{Stdout: &lockedBuffer{}, Stderr: &lockedBuffer{}}
	ready := make(chan string, 1)
	env := &environment{
		args:   append([]string{"serve", "--addr", "127.0.0.1:0"}, args...),
		stdin:  strings.NewReader(""),
		stdout: s.Stdout, stderr: s.Stderr, getenv: noEnv,
		ready: func(addr string) { ready <- addr },
	}
	done := make(chan error, 1)
	go func() { done <- run(ctx, env) }()
	select {
	case s.URL = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("serve stopped before listening: %v\n%s", err, s.Stderr)
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatalf("serve did not start within a minute\n%s", s.Stderr)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Errorf("serve did not stop within 20s of cancel")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", s.Stderr)
		}
	})
	return s
}

// eachDatabase runs fn as the subtests "sqlite" and "postgres", each with the
// address of a fresh, empty database. The PostgreSQL case follows dbtest: it is
// skipped without ALLMENNING_TEST_POSTGRES, unless PostgreSQL is required.
func eachDatabase(t *testing.T, fn func(t *testing.T, database string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, "sqlite:"+filepath.Join(t.TempDir(), "a.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, dbtest.PostgresSchema(t))
	})
}

const cliPassword = "et langt nok passord"

func TestAdminCreateAndToken(t *testing.T) {
	eachDatabase(t, func(t *testing.T, database string) {
		const email = "ola.operator@oslo.kommune.no"
		out := mustRun(t, cliPassword+"\n", "admin", "create", "--database", database, "--email", email, "--name", "Ola Operatør")
		if !strings.Contains(out, "Opprettet operatøren Ola Operatør <"+email+">") {
			t.Errorf("admin create printed %q", out)
		}

		// The same address cannot be used twice.
		if _, _, err := runCommand(t, cliPassword+"\n", "admin", "create", "--database", database, "--email", email, "--name", "Ola igjen"); err == nil {
			t.Error("admin create with an address in use succeeded")
		}

		token := strings.TrimSpace(mustRun(t, "", "token", "create", "--database", database, "--email", email))
		if !strings.HasPrefix(token, "alm_") || strings.ContainsAny(token, " \n") {
			t.Fatalf("token create printed %q, want one token starting with alm_", token)
		}

		srv := startServer(t, "--database", database)
		get := func(auth string) (*http.Response, map[string]any) {
			t.Helper()
			req, err := http.NewRequest("GET", srv.URL+"/api/v1/me", nil)
			if err != nil {
				t.Fatal(err)
			}
			if auth != "" {
				req.Header.Set("Authorization", "Bearer "+auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatalf("GET /api/v1/me: %s: decode: %v", resp.Status, err)
			}
			return resp, body
		}
		resp, me := get(token)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /api/v1/me with the token: %s %v", resp.Status, me)
		}
		if me["email"] != email || me["name"] != "Ola Operatør" {
			t.Errorf("GET /api/v1/me = %v, want the operator", me)
		}
		roles, _ := me["roles"].([]any)
		if len(roles) != 1 || roles[0].(map[string]any)["role"] != allmenning.RoleOperator {
			t.Errorf("roles = %v, want [operator]", me["roles"])
		}
		if resp, _ := get(token + "x"); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/me with a wrong token: %s, want 401", resp.Status)
		}

		// An unknown address gets a Norwegian answer, not a token.
		_, _, err := runCommand(t, "", "token", "create", "--database", database, "--email", "ingen@oslo.kommune.no")
		if err == nil {
			t.Error("token create for an unknown member succeeded")
		}
	})
}

func TestMemberCreate(t *testing.T) {
	eachDatabase(t, func(t *testing.T, database string) {
		base := []string{"member", "create", "--database", database, "--name", "Kari Nordmann"}

		out := mustRun(t, cliPassword+"\n", append(base, "--email", "kari@trondheim.kommune.no", "--municipality", "5001")...)
		if !strings.Contains(out, "Opprettet medlemmet Kari Nordmann <kari@trondheim.kommune.no> i Trondheim") {
			t.Errorf("member create printed %q", out)
		}

		_, _, err := runCommand(t, "kort\n", append(base, "--email", "kort@trondheim.kommune.no", "--municipality", "5001")...)
		if err == nil {
			t.Fatal("member create with a short password succeeded")
		}
		if msg := err.Error(); !strings.Contains(msg, "--password") || !strings.Contains(msg, "Passordet må ha minst 10 tegn") {
			t.Errorf("short password: error %q, want the field and the Norwegian message", msg)
		}

		_, _, err = runCommand(t, cliPassword+"\n", append(base, "--email", "ukjent@trondheim.kommune.no", "--municipality", "9999")...)
		if err == nil {
			t.Fatal("member create in an unknown municipality succeeded")
		}
		if msg := err.Error(); !strings.Contains(msg, "--municipality") || !strings.Contains(strings.ToLower(msg), "kommune") {
			t.Errorf("unknown municipality: error %q, want the field and a Norwegian message", msg)
		}

		// Neither failure created a member.
		db, err := openStore(context.Background(), database)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, total, err := db.FindMembers(context.Background(), allmenning.MemberFilter{Limit: 10}); err != nil || total != 1 {
			t.Errorf("members after the failures: %d, %v; want 1", total, err)
		}
	})
}

func TestMigrateTwice(t *testing.T) {
	eachDatabase(t, func(t *testing.T, database string) {
		for i := range 2 {
			if out := mustRun(t, "", "migrate", "--database", database); !strings.Contains(out, "Databasen er oppdatert.") {
				t.Errorf("migrate run %d printed %q", i+1, out)
			}
		}
	})
}

func TestSeedDemo(t *testing.T) {
	eachDatabase(t, func(t *testing.T, database string) {
		out := mustRun(t, "", "seed", "--demo", "--database", database)
		if want := "Lastet inn 14 demomedlemmer"; !strings.Contains(out, want) {
			t.Errorf("first seed printed %q, want %q", out, want)
		}
		out = mustRun(t, "", "seed", "--demo", "--database", database)
		if want := "demoinnhold ble ikke lastet inn"; !strings.Contains(out, want) {
			t.Errorf("second seed printed %q, want %q", out, want)
		}
		db, err := openStore(context.Background(), database)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, total, err := db.FindMembers(context.Background(), allmenning.MemberFilter{Limit: 1}); err != nil || total != 14 {
			t.Errorf("members after two seeds: %d, %v; want 14", total, err)
		}
	})
}

func TestSeedWithoutWhat(t *testing.T) {
	_, _, err := runCommand(t, "", "seed", "--database", "sqlite:"+filepath.Join(t.TempDir(), "a.db"))
	if err == nil || !strings.Contains(err.Error(), "--demo") {
		t.Errorf("seed without --demo: %v, want an error naming --demo", err)
	}
}

func TestUnknownCommand(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"admin", "delete"}, {}} {
		_, stderr, err := runCommand(t, "", args...)
		if err == nil {
			t.Errorf("allmenning %v succeeded", args)
			continue
		}
		if len(args) > 0 && !strings.Contains(err.Error(), "ukjent kommando") {
			t.Errorf("allmenning %v: %v, want «ukjent kommando»", args, err)
		}
		if !strings.Contains(stderr, "Bruk: allmenning <kommando>") {
			t.Errorf("allmenning %v did not print the usage: %q", args, stderr)
		}
	}
}

func TestUnknownDatabase(t *testing.T) {
	_, _, err := runCommand(t, "", "migrate", "--database", "mysql://x")
	if err == nil || !strings.Contains(err.Error(), "ukjent database") {
		t.Errorf("migrate with mysql: %v", err)
	}
}

func TestHelpAndVersion(t *testing.T) {
	if out := mustRun(t, "", "help"); !strings.Contains(out, "serve") || !strings.Contains(out, "member create") {
		t.Errorf("help printed %q", out)
	}
	if out := mustRun(t, "", "version"); !strings.HasPrefix(out, "allmenning ") {
		t.Errorf("version printed %q", out)
	}
}

func TestServePrintsAddressAndDemoLogins(t *testing.T) {
	srv := startServer(t, "--database", "sqlite:"+filepath.Join(t.TempDir(), "a.db"), "--demo")
	out := srv.Stdout.String()
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("ready got %q", srv.URL)
	}
	if !strings.Contains(out, "Allmenning kjører på "+srv.URL) {
		t.Errorf("serve did not print its address %s:\n%s", srv.URL, out)
	}
	if !strings.Contains(out, "passord: "+demo.Password) {
		t.Errorf("serve did not print the demo password:\n%s", out)
	}
	for _, p := range demo.People {
		if !strings.Contains(out, p.Email) {
			t.Errorf("serve did not print the demo login %s", p.Email)
		}
	}
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz: %s", resp.Status)
	}
}

func TestServeRedactsDatabasePassword(t *testing.T) {
	if got := redact("postgres://allmenning:hemmelig@db:5432/allmenning"); strings.Contains(got, "hemmelig") {
		t.Errorf("redact kept the password: %s", got)
	}
}
