package main

import (
	"context"
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

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Helpers for the browser tests: a headless Chromium driven with chromedp,
// every page checked with axe-core and for sideways overflow.

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

// browser is one headless Chromium tab pointed at a test server.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	axe  string
	name string // prefixes screenshot file names; empty for the first tab

	noScripts bool // pages load without JavaScript (see scripts)

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
	b.attach()
	return b
}

// session opens a tab in a browser context of its own in the same Chromium:
// another person, with cookies of their own, at another desk.
func (b *browser) session(name string) *browser {
	b.t.Helper()
	ctx, cancelTab := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	b.t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
	})
	s := &browser{t: b.t, ctx: ctx, base: b.base, axe: b.axe, name: name}
	s.attach()
	return s
}

// attach starts the tab and collects its console errors and uncaught exceptions.
func (b *browser) attach() {
	b.t.Helper()
	err := chromedp.Listen(b.ctx, func(ev any) {
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
		b.t.Fatalf("start Chromium: %v", err)
	}
	if err := chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{})
		return err
	})); err != nil {
		b.t.Fatalf("start Chromium: %v", err)
	}
}

// stepTimeout bounds one step, so that a missing element fails the test
// quickly rather than when the whole context times out.
const stepTimeout = 15 * time.Second

// step returns the context for one step.
func (b *browser) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, stepTimeout)
}

// do runs actions and fails the test on an error.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// load runs actions that lead to a new page (navigating, clicking a link or a
// submit button), waits for it, checks its status and its accessibility, and
// reports console errors.
func (b *browser) load(what string, wantStatus int, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
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
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("text of %s: %v", css, err)
	}
	return s
}

func (b *browser) value(id string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID(id)))
	if err != nil {
		b.t.Fatalf("value of #%s: %v", id, err)
	}
	return s
}

func (b *browser) eval(what, js string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
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

// setText puts a long text into a field at once, as pasting would; typing it
// key by key takes seconds.
func (b *browser) setText(id, value string) {
	b.t.Helper()
	b.do("set #"+id, chromedp.SetValue(chromedp.ID(id), value))
}

// typeAtEnd types text after what a field already holds.
func (b *browser) typeAtEnd(id, text string) {
	b.t.Helper()
	b.do("type into #"+id,
		chromedp.Focus(chromedp.ID(id)),
		chromedp.Evaluate[chromedp.Void](`(e => e.setSelectionRange(e.value.length, e.value.length))(document.getElementById(`+strconv.Quote(id)+`))`),
		chromedp.SendKeys(chromedp.ID(id), text),
	)
}

// tick ticks a checkbox by clicking its label, after opening the disclosure
// it is in.
func (b *browser) tick(id string) {
	b.t.Helper()
	box := `document.getElementById(` + strconv.Quote(id) + `)`
	if b.js(box+`.closest("details")?.open === false`) == "true" {
		// It opens with an animation that moves what follows it: wait
		// until its height has stood still for a while.
		b.do("open the disclosure around #"+id,
			chromedp.Evaluate[chromedp.Void](`window.lastHeight = undefined`),
			chromedp.Click(chromedp.CSS(`details:has(#`+id+`) > summary`), chromedp.NodeVisible),
			chromedp.Poll[chromedp.Void](`(() => {
			  const h = `+box+`.closest("details").getBoundingClientRect().height, now = performance.now();
			  if (window.lastHeight !== h) { window.lastHeight = h; window.heightSince = now; return false; }
			  return now - window.heightSince > 250;
			})()`, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)),
		)
	}
	// Wait until a click would reach the label, and not something over it.
	b.do("wait for the label of #"+id, chromedp.Poll[chromedp.Void](`(() => {
	  const l = document.querySelector('label[for="`+id+`"]');
	  l.scrollIntoView({block: "center"});
	  const r = l.getBoundingClientRect();
	  const e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
	  return r.height > 0 && e !== null && l.contains(e);
	})()`, chromedp.WithPollingTimeout(5*time.Second)))
	b.do("tick #"+id, chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`), chromedp.NodeVisible))
	if b.js(box+`.checked`) != "true" {
		b.t.Errorf("clicking the label of #%s did not tick it", id)
	}
}

// js evaluates an expression that yields a string, a number or a boolean, and
// returns it as a string.
func (b *browser) js(expr string) string {
	b.t.Helper()
	return b.eval(expr, `String(`+expr+`)`)
}

// want fails unless the expression is true on the page.
func (b *browser) want(expr, why string) {
	b.t.Helper()
	if got := b.js(expr); got != "true" {
		b.t.Errorf("on %s: %s (%s is %s)", b.location(), why, expr, got)
	}
}

// count returns how many elements match.
func (b *browser) count(css string) int {
	b.t.Helper()
	n, err := strconv.Atoi(b.js(`document.querySelectorAll(` + strconv.Quote(css) + `).length`))
	if err != nil {
		b.t.Fatal(err)
	}
	return n
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
	b.check(what, page, resp.URL)
}

// checkHere checks the page as it is now, after a change without navigation
// (an htmx swap, say).
func (b *browser) checkHere(what string) {
	b.t.Helper()
	b.check(what, b.location(), "")
}

// check runs axe-core on the page, lays it out at both widths and reports
// console errors since the last check. A network error for selfURL is the
// page's own status, which load checks.
func (b *browser) check(what, page, selfURL string) {
	b.t.Helper()
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
	name := fmt.Sprintf("%02d%s", b.pages, slug(page))
	if b.name != "" {
		name = b.name + "-" + name
	}
	b.layout(name)
	for _, p := range problems {
		if selfURL != "" && strings.HasPrefix(p, "console network error:") && strings.HasSuffix(p, "("+selfURL+")") {
			continue // the page's own status, checked by load
		}
		if b.noScripts && strings.Contains(p, "ERR_BLOCKED_BY_CLIENT") {
			continue // the scripts this test keeps away
		}
		b.t.Errorf("on %s (after %s): %s", page, what, p)
	}
}

// scripts lets the pages the tab loads next fetch their scripts, or not, as
// for a browser without JavaScript. The page's only scripts are files (the
// Content-Security-Policy refuses inline ones); axe-core still runs, from
// DevTools.
func (b *browser) scripts(on bool) {
	b.t.Helper()
	b.noScripts = !on
	var patterns []*network.BlockPattern
	if !on {
		patterns = []*network.BlockPattern{{URLPattern: "*://*:*/*.js", Block: true}}
	}
	b.do("switch scripts", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: patterns})
		return err
	}))
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
