package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/internal/mailtest"
	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser test drives the real server in headless Chromium as a person
// would: register, confirm by e-mail, fill in the profile, log out and in, and
// look around. Every page it sees is checked with axe-core against WCAG 2.1 A
// and AA.
//
// Every page is also laid out 1280 and 390 pixels wide, and must not be wider
// than the screen. Set ALLMENNING_SCREENSHOTS to a folder to get full-page
// screenshots of each page at both widths (slower).

// findChromium returns the browser to use, or skips (fails in CI) without one.
func findChromium(t *testing.T) string {
	t.Helper()
	candidates := []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
	if p := os.Getenv("ALLMENNING_CHROMIUM"); p != "" {
		candidates = []string{p}
	}
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("ALLMENNING_TEST_REQUIRE_BROWSER") == "1" {
		t.Fatal("no Chromium found (looked for " + strings.Join(candidates, ", ") + ") but ALLMENNING_TEST_REQUIRE_BROWSER=1")
	}
	t.Skip("no Chromium found; install it (apt-get install chromium) to run the browser test")
	return ""
}

// axeSource reads axe-core from the repository's node_modules.
func axeSource(t *testing.T) string {
	t.Helper()
	path := filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("ALLMENNING_TEST_REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core is missing (run npm ci): %v", err)
		}
		t.Skipf("axe-core is missing (run npm ci): %v", err)
	}
	return string(b)
}

func TestBrowser(t *testing.T) {
	chromium := findChromium(t)
	axe := axeSource(t)
	t.Run("sqlite", func(t *testing.T) {
		browserJourney(t, chromium, axe, "sqlite:"+filepath.Join(t.TempDir(), "a.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		browserJourney(t, chromium, axe, dbtest.PostgresSchema(t))
	})
}

// browser is one headless Chromium tab pointed at a test server.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	axe  string

	pages int // pages checked with axe-core

	mu       sync.Mutex
	problems []string // console errors and uncaught exceptions
}

func newBrowser(t *testing.T, chromium, axe, base string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		// A Norwegian browser: the pages follow Accept-Language.
		chromedp.Flag("lang", "nb-NO"),
		chromedp.Flag("accept-lang", "nb-NO,nb,no,nn,en"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
	})
	b := &browser{t: t, ctx: ctx, base: base, axe: axe}
	err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg = "uncaught exception: " + ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				msg += " " + ev.ExceptionDetails.Exception.Description
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				msg = fmt.Sprintf("console %s error: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		}
		if msg != "" {
			b.mu.Lock()
			b.problems = append(b.problems, msg)
			b.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{})
		return err
	})); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return b
}

// do runs actions and fails the test on an error.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// load runs actions that lead to a new page (navigating, clicking a link or a
// submit button), waits for it, checks its status and its accessibility, and
// reports console errors.
func (b *browser) load(what string, wantStatus int, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, actions...)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	if resp == nil {
		b.t.Fatalf("%s: no response", what)
	}
	if int(resp.Status) != wantStatus {
		b.t.Errorf("%s: %s answered %d %s, want %d", what, resp.URL, resp.Status, resp.StatusText, wantStatus)
	}
	b.checkPage(what, resp)
}

// open goes to a path on the server.
func (b *browser) open(path string, wantStatus int) {
	b.t.Helper()
	b.load("open "+path, wantStatus, chromedp.Navigate(b.base+path))
}

// click clicks the element and waits for the page it leads to.
func (b *browser) click(css string, wantStatus int) {
	b.t.Helper()
	b.load("click "+css, wantStatus, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
}

// fill types a value into an emptied field.
func (b *browser) fill(id, value string) {
	b.t.Helper()
	b.do("fill #"+id,
		chromedp.WaitVisible(chromedp.ID(id)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById(`+strconv.Quote(id)+`).value = ""`),
		chromedp.SendKeys(chromedp.ID(id), value),
	)
}

func (b *browser) text(css string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("text of %s: %v", css, err)
	}
	return s
}

func (b *browser) value(id string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.ID(id)))
	if err != nil {
		b.t.Fatalf("value of #%s: %v", id, err)
	}
	return s
}

func (b *browser) eval(what, js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return s
}

// location returns the path and query of the current page.
func (b *browser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatal(err)
	}
	return u.RequestURI()
}

// wantText fails unless the element's visible text contains every string.
func (b *browser) wantText(css string, want ...string) {
	b.t.Helper()
	got := b.text(css)
	for _, w := range want {
		if !strings.Contains(got, w) {
			b.t.Errorf("on %s, %s does not show %q; it shows:\n%s", b.location(), css, w, got)
		}
	}
}

type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Nodes   int      `json:"nodes"`
	Targets []string `json:"targets"`
}

type axeResult struct {
	Passes     int            `json:"passes"`
	Violations []axeViolation `json:"violations"`
}

const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
  .then(r => ({
    passes: r.passes.length,
    violations: r.violations.map(v => ({
      id: v.id, impact: v.impact || "", help: v.help, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 4).map(n => n.target.join(" "))
    }))
  }))`

// runAxe loads axe-core into the page, unless it is there, and runs it.
func (b *browser) runAxe(what string) axeResult {
	b.t.Helper()
	// DevTools evaluation is not subject to the page's Content-Security-Policy.
	if _, err := chromedp.Run(b.ctx, chromedp.EvaluateAsDevTools[chromedp.Void](
		`if (typeof axe === "undefined") {`+b.axe+"\n}")); err != nil {
		b.t.Fatalf("%s: inject axe-core: %v", what, err)
	}
	res, err := chromedp.Run(b.ctx, chromedp.EvaluateAsDevTools[axeResult](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: run axe-core: %v", what, err)
	}
	return res
}

// checkPage runs axe-core on the page and reports console errors since the
// last check.
func (b *browser) checkPage(what string, resp *network.Response) {
	b.t.Helper()
	page := resp.URL
	if u, err := url.Parse(resp.URL); err == nil {
		page = u.RequestURI()
	}
	res := b.runAxe(what + ", on " + page)
	if res.Passes == 0 {
		b.t.Errorf("axe on %s (after %s) checked nothing", page, what)
	}
	b.pages++
	if testing.Verbose() {
		b.t.Logf("axe on %s: %d rules passed, %d violated", page, res.Passes, len(res.Violations))
	}
	for _, v := range res.Violations {
		b.t.Errorf("axe on %s (after %s): %s [%s] %s — %d element(s): %s",
			page, what, v.ID, v.Impact, v.Help, v.Nodes, strings.Join(v.Targets, " | "))
	}
	b.mu.Lock()
	problems := b.problems
	b.problems = nil
	b.mu.Unlock()
	b.layout(fmt.Sprintf("%02d%s", b.pages, slug(page)))
	for _, p := range problems {
		if strings.HasPrefix(p, "console network error:") && strings.HasSuffix(p, "("+resp.URL+")") {
			continue // the page's own status, checked by load
		}
		b.t.Errorf("on %s (after %s): %s", page, what, p)
	}
}

// slug turns a path into a file name.
func slug(path string) string {
	path, _, _ = strings.Cut(path, "?")
	var sb strings.Builder
	for _, r := range path {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			sb.WriteRune(r)
		} else {
			sb.WriteRune('-')
		}
	}
	return strings.TrimRight(sb.String(), "-")
}

// layout checks the current page at a desktop and a phone width: nothing may
// stick out sideways. With ALLMENNING_SCREENSHOTS set it saves screenshots.
func (b *browser) layout(name string) {
	b.t.Helper()
	dir := os.Getenv("ALLMENNING_SCREENSHOTS")
	for _, width := range []int64{1280, 390} {
		b.do("resize", chromedp.EmulateViewport(width, 900))
		overflow := b.eval("measure", `(() => {
		  const w = document.documentElement.clientWidth;
		  if (document.documentElement.scrollWidth <= w) return "";
		  const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > w + 1 ||
		    (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible"))
		    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : ""));
		  return document.documentElement.scrollWidth + "px: " + wide.slice(0, 6).join(", ");
		})()`)
		if overflow != "" {
			b.t.Errorf("%s at %dpx is wider than the screen, %s", b.location(), width, overflow)
		}
		if dir != "" {
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				b.t.Fatalf("screenshot: %v", err)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				b.t.Fatal(err)
			}
			file := filepath.Join(dir, name+"-"+strconv.FormatInt(width, 10)+".png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				b.t.Fatal(err)
			}
		}
	}
	b.do("resize", chromedp.EmulateViewport(1280, 900))
}

func browserJourney(t *testing.T, chromium, axe, database string) {
	start := time.Now()
	mail := mailtest.Start(t)
	srv := startServer(t, "--database", database,
		"--smtp-host", mail.Host, "--smtp-port", strconv.Itoa(mail.Port), "--smtp-tls", "none")
	b := newBrowser(t, chromium, axe, srv.URL)

	const (
		email    = "kari.nordmann@trondheim.kommune.no"
		name     = "Kari Nordmann"
		password = "fjellet er fint om vinteren"
	)

	// An anonymous visitor sees the front page and the public municipality list.
	b.open("/", 200)
	b.wantText("main h1", "")
	b.open("/kommuner?fylke=50", 200)
	b.wantText("main", "Trondheim")
	b.open("/tilgjengelighet", 200)

	// Registration with a private address is refused, in Norwegian, with the
	// address kept.
	b.open("/registrer", 200)
	b.fill("email", "kari.nordmann@gmail.com")
	b.click(`main form[action="/registrer"] button[type="submit"]`, 422)
	b.wantText("#error-summary", "Adressen må høre til en kommune eller fylkeskommune")
	b.wantText("#email-error", "Adressen må høre til en kommune eller fylkeskommune")
	if got := b.value("email"); got != "kari.nordmann@gmail.com" {
		t.Errorf("after the error, the e-mail field holds %q, want the typed address", got)
	}
	if got := b.eval("title", `document.title`); !strings.HasPrefix(got, "Feil: ") {
		t.Errorf("the page with errors has the title %q; it should start with «Feil: »", got)
	}
	if got := b.eval("focus", `document.activeElement ? document.activeElement.id : ""`); got != "error-summary" {
		t.Errorf("after the error, focus is on %q, want the error summary", got)
	}
	if got := b.eval("invalid", `document.getElementById("email").getAttribute("aria-invalid") || ""`); got != "true" {
		t.Errorf("the e-mail field has aria-invalid=%q, want true", got)
	}
	// The summary's link leads to the field.
	b.do("follow the summary link", chromedp.Click(chromedp.CSS(`#error-summary a[href="#email"]`), chromedp.NodeVisible))
	if got := b.eval("focus", `document.activeElement ? document.activeElement.id : ""`); got != "email" {
		t.Errorf("after following the error summary link, focus is on %q, want the field", got)
	}

	// With the work address, a confirmation link is sent.
	b.fill("email", email)
	b.click(`main form[action="/registrer"] button[type="submit"]`, 200)
	b.wantText("main", email)
	msg := mail.WaitFor(t, email, 10*time.Second)
	link := msg.Link("/registrer/bekreft")
	if link == "" {
		t.Fatalf("the confirmation mail has no /registrer/bekreft link:\n%s", msg.Text)
	}
	if !strings.HasPrefix(link, srv.URL+"/") {
		t.Errorf("the confirmation link %s is not on the server %s", link, srv.URL)
	}

	// The link opens the form that completes the account.
	b.load("open the confirmation link", 200, chromedp.Navigate(link))
	b.wantText("main", email, "Trondheim")
	b.fill("name", name)
	b.fill("password", password)
	b.fill("password_confirm", password)
	b.click(`main form button[type="submit"]`, 200)
	if loc := b.location(); !strings.HasPrefix(loc, "/profil/rediger") {
		t.Fatalf("after signing up, the browser is on %s, want /profil/rediger", loc)
	}
	b.wantText(".site-account", name)

	// Fill in the profile.
	if got := b.value("name"); got != name {
		t.Errorf("the profile form's name is %q, want %q", got, name)
	}
	b.fill("job_title", "Beredskapskoordinator")
	b.fill("competences", "beredskap, sosiale medier")
	b.fill("bio", "Jobber med beredskap og krisekommunikasjon i Trondheim kommune.")
	b.click(`main form[action="/profil/rediger"] button[type="submit"]`, 200)
	if loc := b.location(); !strings.HasPrefix(loc, "/medlemmer/") {
		t.Errorf("after saving the profile, the browser is on %s, want the profile page", loc)
	}
	b.wantText("main h1", name)
	b.wantText("main", "Beredskapskoordinator", "beredskap", "sosiale medier", "krisekommunikasjon", email)
	tags := b.eval("tags", `[...document.querySelectorAll("main .ds-tag")].map(e => e.textContent.trim()).join("|")`)
	if tags != "beredskap|sosiale medier" {
		t.Errorf("the profile shows the competences %q, want beredskap|sosiale medier", tags)
	}

	// Log out, and back in through the form.
	b.click(`form[action="/logg-ut"] button[type="submit"]`, 200)
	if loc := b.location(); !strings.HasPrefix(loc, "/?") && loc != "/" {
		t.Errorf("after logging out, the browser is on %s, want /", loc)
	}
	b.click(`.site-account a[href="/logg-inn"]`, 200)
	b.fill("email", email)
	b.fill("password", password)
	b.click(`main form[action="/logg-inn"] button[type="submit"]`, 200)
	if loc := b.location(); loc != "/" {
		t.Errorf("after logging in, the browser is on %s, want /", loc)
	}
	b.wantText("main h1", name)

	// From the profile, to the municipality, where Kari is listed.
	b.click(`.site-account a[href="/profil"]`, 200)
	b.wantText("main h1", name)
	b.click(`main a[href="/kommuner/5001"]`, 200)
	if loc := b.location(); loc != "/kommuner/5001" {
		t.Errorf("the municipality link led to %s", loc)
	}
	b.wantText("main h1", "Trondheim")
	b.wantText("main .member-list", name, "Beredskapskoordinator")

	// The rest of the main navigation.
	b.click(`.site-nav a[href="/medlemmer"]`, 200)
	b.wantText("main .member-list", name)
	b.open("/medlemmer?q=beredskap", 200)
	b.wantText("main .member-list", name)
	b.click(`.site-nav a[href="/kommuner"]`, 200)
	b.open("/kommuner/50", 200) // the county
	b.open("/inviter", 200)
	b.open("/finnes-ikke", 404)

	// The check itself works: axe-core reports a picture without a text
	// alternative put into the page.
	b.do("add a bad image", chromedp.Evaluate[chromedp.Void](
		`document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="/favicon.ico">')`))
	found := false
	for _, v := range b.runAxe("self-check").Violations {
		found = found || v.ID == "image-alt"
	}
	if !found {
		t.Error("axe-core did not report an image without alt text; the accessibility check is not working")
	}
	// And the console check: the page's Content-Security-Policy refuses inline style.
	b.do("add inline style", chromedp.Evaluate[chromedp.Void](
		`document.querySelector("main").insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')`))
	deadline := time.Now().Add(5 * time.Second)
	for {
		b.mu.Lock()
		problems := strings.Join(b.problems, "\n")
		b.mu.Unlock()
		if strings.Contains(problems, "Content Security Policy") {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("no console error for an inline style refused by the Content-Security-Policy; the console check is not working (got %q)", problems)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}

	if d := time.Since(start); d > time.Minute {
		t.Errorf("the browser journey took %v; keep it under a minute", d)
	}
	if errors.Is(b.ctx.Err(), context.DeadlineExceeded) {
		t.Error("the browser context timed out")
	}
}
