// Command load is the load benchmark: it seeds (or reuses) a database with
// package scale's dataset, starts `allmenning serve` on 127.0.0.1 against
// it, logs in as the benchmark member, and drives vegeta with a fixed
// number of connections against the pages that matter, one after the
// other, each after a warm-up. It prints a Markdown table: requests per
// second, latency percentiles, errors and the server's peak memory.
//
//	go run ./bench/load -database sqlite:data/bench/skala-0.01.db -fraction 0.01
//
// It never talks to anything but the server it started on 127.0.0.1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/allmenning/allmenning/postgres"
	"github.com/allmenning/allmenning/scale"
	"github.com/allmenning/allmenning/sqlite"
	"github.com/allmenning/allmenning/store"
)

type options struct {
	bin, database, out, only string
	baseline                 string
	paired, pairedOut        string
	pairedInPlace            bool
	pairedPieces             int
	fraction, pairedFraction float64
	seed                     uint64
	conns                    int
	duration, warmup         time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "bin/allmenning", "the allmenning binary to start")
	flag.StringVar(&o.database, "database", "sqlite:data/bench/skala-0.01.db", "database: sqlite:PATH or postgres://… (seeded when it has no members)")
	flag.Float64Var(&o.fraction, "fraction", 0.01, "dataset size as a fraction of the full sector (1 = 20,000 members, 100,000 threads, 1,000,000 replies)")
	flag.Uint64Var(&o.seed, "seed", 1, "seed of the dataset")
	flag.IntVar(&o.conns, "connections", 32, "concurrent connections")
	flag.DurationVar(&o.duration, "duration", 15*time.Second, "measuring time per scenario")
	flag.DurationVar(&o.warmup, "warmup", 3*time.Second, "warm-up time per scenario (not measured)")
	flag.StringVar(&o.out, "out", "", "also write the Markdown table to this file")
	flag.StringVar(&o.only, "only", "", "comma-separated scenario names to run (default all)")
	flag.StringVar(&o.baseline, "baseline", "", "a table written by -out at 1 %: also check that each page's p50 grew at most 1.3×")
	flag.StringVar(&o.paired, "paired", "", "a database at 1 % (sqlite:PATH or postgres://…): measure each scenario on it and on -database in alternating pieces, and check that each page's p50 grew at most 1.3×")
	flag.Float64Var(&o.pairedFraction, "paired-fraction", 0.01, "the dataset size of -paired, seeded when it has no members")
	flag.StringVar(&o.pairedOut, "paired-out", "", "also write the -paired run's Markdown table to this file")
	flag.IntVar(&o.pairedPieces, "paired-pieces", 4, "with -paired, measure each scenario in this many pieces on each server, alternating 1 %, full, full, 1 %, 1 %, full …")
	flag.BoolVar(&o.pairedInPlace, "paired-in-place", false, "run on the -paired SQLite file itself, not on a copy of it (its write scenario then adds replies to it)")
	flag.Parse()
	if o.paired != "" && o.baseline != "" {
		fmt.Fprintln(os.Stderr, "load: -paired and -baseline both give the 1 % figures; give one")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func openDB(ctx context.Context, database string) (*store.DB, error) {
	if p, ok := strings.CutPrefix(database, "sqlite:"); ok {
		return sqlite.Open(ctx, p)
	}
	return postgres.Open(ctx, database)
}

// dataset seeds the database when it has no members, and returns the
// benchmark targets and a description of the data.
func dataset(ctx context.Context, o options) (*scale.Targets, string, error) {
	db, err := openDB(ctx, o.database)
	if err != nil {
		return nil, "", err
	}
	var members int
	err = db.WritePool().QueryRowContext(ctx, "SELECT COUNT(*) FROM members").Scan(&members)
	db.Close()
	if err != nil {
		return nil, "", err
	}
	if members == 0 {
		fmt.Fprintf(os.Stderr, "Seeding %s at %g of full scale …\n", redact(o.database), o.fraction)
		cmd := exec.CommandContext(ctx, o.bin, "seed", "--scale", "--fraction", strconv.FormatFloat(o.fraction, 'g', -1, 64),
			"--seed", strconv.FormatUint(o.seed, 10), "--database", o.database)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, "", fmt.Errorf("seed: %w", err)
		}
	} else {
		fmt.Fprintf(os.Stderr, "Reusing %s (%d members).\n", redact(o.database), members)
	}
	if db, err = openDB(ctx, o.database); err != nil {
		return nil, "", err
	}
	defer db.Close()
	var counts [5]int
	if err := db.WritePool().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM threads),
		(SELECT COUNT(*) FROM threads WHERE kind = 'question'), (SELECT COUNT(*) FROM replies), (SELECT COUNT(*) FROM search_docs)`).
		Scan(&counts[0], &counts[1], &counts[2], &counts[3], &counts[4]); err != nil {
		return nil, "", err
	}
	me, err := db.FindMemberByEmail(ctx, scale.LoginEmail)
	if err != nil {
		return nil, "", fmt.Errorf("the benchmark member %s: %w", scale.LoginEmail, err)
	}
	t, err := scale.FindTargets(ctx, db, me)
	if err != nil {
		return nil, "", err
	}
	desc := fmt.Sprintf("%d members, %d threads (%d questions), %d replies, %d search documents", counts[0], counts[1], counts[2], counts[3], counts[4])
	return t, desc, nil
}

// workingCopy seeds the SQLite database of o when it is empty and copies
// it to a temporary file, so that every paired run starts from the same
// data: run in place, the write scenario adds thousands of replies to the
// small database each time, and after a few runs it is no longer the size
// it is compared as. A PostgreSQL database is used as it is.
func workingCopy(ctx context.Context, o options) (database string, remove func(), err error) {
	path, ok := strings.CutPrefix(o.database, "sqlite:")
	if !ok {
		return o.database, func() {}, nil
	}
	if _, _, err := dataset(ctx, o); err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "allmenning-paired-")
	if err != nil {
		return "", nil, err
	}
	remove = func() { os.RemoveAll(dir) }
	dst := filepath.Join(dir, filepath.Base(path))
	// Closed by dataset, the file holds everything; a WAL left by a
	// server that was killed is copied with it.
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(path+suffix, dst+suffix); err != nil && !(suffix != "" && errors.Is(err, fs.ErrNotExist)) {
			remove()
			return "", nil, err
		}
	}
	fmt.Fprintf(os.Stderr, "Copied %s to %s for this run.\n", path, dst)
	return "sqlite:" + dst, remove, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// server is the allmenning process under test.
type server struct {
	cmd     *exec.Cmd
	base    string
	stopped bool
}

func startServer(ctx context.Context, o options) (*server, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(o.bin, "serve", "--addr", addr, "--database", o.database, "--log-level", "error")
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.stop()
	return nil, errors.New("the server did not start")
}

func (s *server) stop() {
	if s.stopped {
		return
	}
	s.stopped = true
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// peakRSS is the server's peak resident memory (VmHWM) in MiB.
func (s *server) peakRSS() float64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// cpu is the server's CPU time so far (user and system).
func (s *server) cpu() time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * (time.Second / 100) // USER_HZ is 100 on Linux
}

// login signs in as the benchmark member and returns the cookies to send
// and the CSRF token for forms.
func login(base string) (string, string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + "/logg-inn")
	if err != nil {
		return "", "", err
	}
	resp.Body.Close()
	u, _ := url.Parse(base)
	csrf := ""
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "alm_csrf" {
			csrf = ck.Value
		}
	}
	resp, err = c.PostForm(base+"/logg-inn", url.Values{"email": {scale.LoginEmail}, "password": {scale.LoginPassword}, "csrf_token": {csrf}})
	if err != nil {
		return "", "", err
	}
	resp.Body.Close()
	var parts []string
	session := false
	for _, ck := range jar.Cookies(u) {
		parts = append(parts, ck.Name+"="+ck.Value)
		session = session || ck.Name == "alm_session"
	}
	if !session {
		return "", "", fmt.Errorf("login as %s failed: %s", scale.LoginEmail, resp.Status)
	}
	return strings.Join(parts, "; "), csrf, nil
}

// scenario is one row of the table.
type scenario struct {
	name, what string
	targets    []vegeta.Target
	// background, when set, runs with half the connections while the
	// scenario runs with the other half: reads continuing during writes.
	background *scenario
}

func scenarios(base, cookie, csrf string, t *scale.Targets) []*scenario {
	h := http.Header{"Cookie": {cookie}}
	get := func(paths ...string) []vegeta.Target {
		var out []vegeta.Target
		for _, p := range paths {
			out = append(out, vegeta.Target{Method: "GET", URL: base + p, Header: h})
		}
		return out
	}
	var searches []string
	for _, q := range scale.Queries {
		searches = append(searches, "/sok?q="+url.QueryEscape(q))
	}
	var writes []vegeta.Target
	ph := http.Header{"Cookie": {cookie}, "Content-Type": {"application/x-www-form-urlencoded"}, "X-CSRF-Token": {csrf}}
	for i, id := range t.Write {
		body := url.Values{"body": {fmt.Sprintf("Takk for innspillet. Vi i kommunen har prøvd det samme, og innbyggerne likte løsningen (%d).", i)}}.Encode()
		writes = append(writes, vegeta.Target{Method: "POST", URL: base + "/diskusjoner/" + strconv.FormatInt(id, 10) + "/svar", Header: ph, Body: []byte(body)})
	}
	thread := "/diskusjoner/" + strconv.FormatInt(t.Thread, 10)
	reads := &scenario{name: "reads during writes", what: "thread page and front page, alongside the writes", targets: get(thread, "/")}
	return []*scenario{
		{name: "healthz", what: "GET /healthz (trivial handler: the ceiling)", targets: get("/healthz")},
		{name: "front", what: "GET / (front page)", targets: get("/")},
		{name: "area", what: "GET /omrader/" + t.Area + " (area list)", targets: get("/omrader/" + t.Area)},
		{name: "thread", what: "GET " + thread + " (20 replies)", targets: get(thread)},
		{name: "tag", what: "GET /diskusjoner?emne=" + t.Tag + " (tag-filtered list)", targets: get("/diskusjoner?emne=" + t.Tag)},
		{name: "search", what: "GET /sok?q=… (50 Norwegian queries in turn)", targets: get(searches...)},
		{name: "question", what: "GET /sporsmal/" + strconv.FormatInt(t.Question, 10) + " (question page)", targets: get("/sporsmal/" + strconv.FormatInt(t.Question, 10))},
		{name: "reply", what: "POST /diskusjoner/{id}/svar (50 threads in turn; reads continue)", targets: writes, background: reads},
	}
}

// result is one measured scenario.
type result struct {
	s       *scenario
	m       vegeta.Metrics
	peakMiB float64
	cpu     time.Duration // server CPU time per request
}

// attack drives s with conns connections for d and returns the metrics;
// each result is also added to pool when there is one.
func attack(ctx context.Context, s *scenario, conns int, d time.Duration, pool *vegeta.Metrics) vegeta.Metrics {
	a := vegeta.NewAttacker(vegeta.Connections(conns), vegeta.MaxConnections(conns), vegeta.Workers(uint64(conns)), vegeta.MaxWorkers(uint64(conns)),
		vegeta.KeepAlive(true), vegeta.Timeout(30*time.Second), vegeta.Redirects(vegeta.NoFollow),
		// Bodies are read to the end and dropped: kept, each page was read
		// into a new buffer, garbage the load generator collected on the
		// same two cores as the server it measures.
		vegeta.MaxBody(0))
	var m vegeta.Metrics
	res := a.Attack(vegeta.NewStaticTargeter(s.targets...), vegeta.Rate{}, d, s.name)
	for {
		select {
		case <-ctx.Done():
			a.Stop()
		case r, ok := <-res:
			if !ok {
				m.Close()
				return m
			}
			m.Add(r)
			if pool != nil {
				pool.Add(r)
			}
			continue
		}
	}
}

// measure runs s for o.duration with all connections, or, when s has
// reads in the background, with half of them beside the reads on the other
// half. Results are also added to the pools given.
func measure(ctx context.Context, s *scenario, o options, pool, bgPool *vegeta.Metrics) (vegeta.Metrics, *vegeta.Metrics) {
	if s.background == nil {
		return attack(ctx, s, o.conns, o.duration, pool), nil
	}
	var bg vegeta.Metrics
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); bg = attack(ctx, s.background, o.conns/2, o.duration, bgPool) }()
	m := attack(ctx, s, o.conns-o.conns/2, o.duration, pool)
	wg.Wait()
	return m, &bg
}

// tally pools the pieces of one scenario measured on one server (with
// -paired, measurePaired's pieces).
type tally struct {
	all     vegeta.Metrics // every result of every piece
	span    time.Duration  // measured time, summed over the pieces
	success float64
}

// add counts a measured piece whose results went to t.all.
func (t *tally) add(piece vegeta.Metrics) {
	t.span += piece.Duration + piece.Wait
	t.success += piece.Success * float64(piece.Requests)
}

// metrics returns the pooled metrics; rates are over the measured time
// only, not the time between the pieces.
func (t *tally) metrics() vegeta.Metrics {
	m := t.all
	m.Close()
	if secs := t.span.Seconds(); secs > 0 {
		m.Duration, m.Wait = t.span, 0
		m.Rate = float64(m.Requests) / secs
		m.Throughput = t.success / secs
	}
	return m
}

// measurement is one scenario measured on one server, in one piece or more.
type measurement struct {
	srv  *server
	s    *scenario
	main tally
	bg   tally
	cpu  time.Duration // server CPU time over the pieces
}

// piece warms up (when warm) and measures one piece of d.
func (x *measurement) piece(ctx context.Context, o options, d time.Duration, warm bool, label string) {
	if warm {
		fmt.Fprintf(os.Stderr, "%-8s %swarm-up %s, measuring %s …\n", x.s.name, label, o.warmup, d)
		wo := o
		wo.duration = o.warmup
		measure(ctx, x.s, wo, nil, nil)
	} else {
		fmt.Fprintf(os.Stderr, "%-8s %smeasuring %s …\n", x.s.name, label, d)
	}
	po := o
	po.duration = d
	before := x.srv.cpu()
	m, bg := measure(ctx, x.s, po, &x.main.all, &x.bg.all)
	x.cpu += x.srv.cpu() - before
	x.main.add(m)
	if bg != nil {
		x.bg.add(*bg)
	}
	if len(m.Errors) > 0 {
		fmt.Fprintf(os.Stderr, "  errors: %s\n", strings.Join(m.Errors[:min(3, len(m.Errors))], "; "))
	}
}

// results are the measurement's rows: one, or two when reads ran in the
// background. The CPU time is shared by both; it is given per request of
// either.
func (x *measurement) results() []result {
	m := x.main.metrics()
	n := m.Requests
	var bg vegeta.Metrics
	if x.s.background != nil {
		bg = x.bg.metrics()
		n += bg.Requests
	}
	cpu := x.cpu / time.Duration(max(n, 1))
	peak := x.srv.peakRSS()
	out := []result{{s: x.s, m: m, peakMiB: peak, cpu: cpu}}
	if x.s.background != nil {
		out = append(out, result{s: x.s.background, m: bg, peakMiB: peak, cpu: cpu})
	}
	return out
}

// target is a started server with its scenarios.
type target struct {
	srv       *server
	scenarios map[string]*scenario
	order     []*scenario
	desc      string
}

// start seeds or reuses the database of o, starts a server on it and logs in.
func start(ctx context.Context, o options) (*target, error) {
	targets, desc, err := dataset(ctx, o)
	if err != nil {
		return nil, err
	}
	srv, err := startServer(ctx, o)
	if err != nil {
		return nil, err
	}
	cookie, csrf, err := login(srv.base)
	if err != nil {
		srv.stop()
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "Server %s (pid %d) on %s; targets: %s\n", srv.base, srv.cmd.Process.Pid, redact(o.database), targets)
	t := &target{srv: srv, scenarios: map[string]*scenario{}, desc: desc}
	for _, s := range scenarios(srv.base, cookie, csrf, targets) {
		t.scenarios[s.name] = s
		t.order = append(t.order, s)
	}
	return t, nil
}

// measureOn warms up and measures one scenario on a server: one result, or
// two when reads run in the background.
func measureOn(ctx context.Context, srv *server, s *scenario, o options, label string) []result {
	x := &measurement{srv: srv, s: s}
	x.piece(ctx, o, o.duration, true, label)
	return x.results()
}

// measurePaired measures a scenario on the small and the large server in
// o.pairedPieces pieces each, alternating small, large, large, small,
// small, large …: each size gets o.duration in all, and a change of the
// host's pace during the pair falls on both alike. A server is warmed up
// before its first piece, and briefly whenever it takes over from the other.
func measurePaired(ctx context.Context, small, large *server, ss, ls *scenario, o options) (smallRes, largeRes []result) {
	n := max(o.pairedPieces, 1)
	xs := &measurement{srv: small, s: ss}
	xl := &measurement{srv: large, s: ls}
	var last *measurement
	done := map[*measurement]int{}
	for _, onSmall := range pairedOrder(n) {
		x := xl
		if onSmall {
			x = xs
		}
		k := done[x]
		po := o
		if k > 0 {
			po.warmup = min(o.warmup, time.Second)
		}
		label := fmt.Sprintf("(%d/%d) ", k+1, n)
		if onSmall {
			label = "(paired " + label[1:]
		}
		// Pieces share out o.duration, the last taking what the
		// division leaves.
		d := o.duration / time.Duration(n)
		if k == n-1 {
			d = o.duration - d*time.Duration(n-1)
		}
		x.piece(ctx, po, d, last != x, label)
		done[x]++
		last = x
	}
	return xs.results(), xl.results()
}

// pairedOrder is the order of the pieces of a paired measurement with n
// pieces on each server (true: the small one): small, large, large, small,
// small, large … With an even n each size's pieces sit as early on
// average as the other's, so a steady drift of the host's pace falls on
// both alike.
func pairedOrder(n int) []bool {
	out := make([]bool, 0, 2*n)
	for k := range n {
		out = append(out, k%2 == 0, k%2 == 1)
	}
	return out
}

func rowsOf(results []result) []row {
	rows := make([]row, len(results))
	for i, r := range results {
		rows[i] = rowOf(r)
	}
	return rows
}

func run(ctx context.Context, o options) error {
	var baseline map[string]row
	if o.baseline != "" {
		f, err := os.Open(o.baseline)
		if err != nil {
			return err
		}
		baseline, err = readTable(f)
		f.Close()
		if err != nil {
			return err
		}
	}
	large, err := start(ctx, o)
	if err != nil {
		return err
	}
	defer large.srv.stop()
	// With -paired, each scenario runs on the small database and the
	// large one in alternating pieces, so that both meet the machine in
	// the same state: on shared cores, runs minutes apart differ more than
	// the sizes of the data do.
	var small *target
	po := o
	if o.paired != "" {
		po.database, po.fraction = o.paired, o.pairedFraction
		if !o.pairedInPlace {
			copied, remove, err := workingCopy(ctx, po)
			if err != nil {
				return err
			}
			defer remove()
			po.database = copied
		}
		if small, err = start(ctx, po); err != nil {
			return err
		}
		defer small.srv.stop()
	}
	only := map[string]bool{}
	for _, n := range strings.Split(o.only, ",") {
		if n != "" {
			only[n] = true
		}
	}
	var results, smallResults []result
	for _, s := range large.order {
		if len(only) > 0 && !only[s.name] {
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if small != nil {
			sr, lr := measurePaired(ctx, small.srv, large.srv, small.scenarios[s.name], s, o)
			smallResults, results = append(smallResults, sr...), append(results, lr...)
			if s.background != nil {
				// Writes leave mail for the server to send: stopped, the
				// small one cannot send it while a later scenario is measured.
				small.srv.stop()
			}
			continue
		}
		results = append(results, measureOn(ctx, large.srv, s, o, "")...)
	}
	var out strings.Builder
	if small != nil {
		smallTable := report(po, small.desc, smallResults)
		if o.pairedOut != "" {
			if err := os.WriteFile(o.pairedOut, []byte(smallTable), 0o644); err != nil {
				return err
			}
		}
		baseline = map[string]row{}
		for _, r := range rowsOf(smallResults) {
			baseline[r.name] = r
		}
		out.WriteString("Paired run, each scenario just before the same one below:\n\n" + smallTable + "\n")
	}
	table := report(o, large.desc, results) + verdict(rowsOf(results), baseline)
	out.WriteString(table)
	fmt.Print(out.String())
	if o.out != "" {
		return os.WriteFile(o.out, []byte(table), 0o644)
	}
	return nil
}

func ms2(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64)
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
}

func report(o options, desc string, results []result) string {
	var b strings.Builder
	kind := "SQLite"
	if !strings.HasPrefix(o.database, "sqlite:") {
		kind = "PostgreSQL"
	}
	fmt.Fprintf(&b, "%s, %s; %d connections, %s per scenario after %s warm-up.\n\n", kind, desc, o.conns, o.duration, o.warmup)
	b.WriteString("| Scenario | Request | req/s | of ceiling | p50 ms | p90 ms | p95 ms | p99 ms | errors | server CPU ms/req | peak RSS MiB |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	ceiling := 0.0
	for _, r := range results {
		if r.s.name == "healthz" {
			ceiling = r.m.Throughput
		}
	}
	for _, r := range results {
		share := "–"
		if ceiling > 0 {
			share = strconv.FormatFloat(100*r.m.Throughput/ceiling, 'f', 1, 64) + " %"
		}
		errs := uint64(float64(r.m.Requests) * (1 - r.m.Success))
		fmt.Fprintf(&b, "| %s | %s | %.0f | %s | %s | %s | %s | %s | %d | %s | %.0f |\n", r.s.name, r.s.what, r.m.Throughput, share,
			ms(r.m.Latencies.P50), ms(r.m.Latencies.P90), ms(r.m.Latencies.P95), ms(r.m.Latencies.P99), errs, ms2(r.cpu), r.peakMiB)
	}
	return b.String()
}

func redact(database string) string {
	if i := strings.Index(database, "@"); i >= 0 {
		if j := strings.Index(database, "://"); j >= 0 && j < i {
			return database[:j+3] + "…" + database[i:]
		}
	}
	return database
}
