// Command testcount summarises a `go test -json` event log (such as the
// --jsonfile that gotestsum writes). It prints, per database, the passed,
// failed and skipped leaf subtests that ran on it (names ending in /sqlite or
// /postgres, or with /sqlite/ or /postgres/ inside), then one last line over
// all tests and subtests:
//
//	sqlite: 120 passed, 0 failed, 0 skipped
//	postgres: 120 passed, 0 failed, 0 skipped
//	240 passed, 0 failed, 2 skipped
//
// A package that fails without a failing test (a build error, a panic outside
// a test) counts as one failed test. The exit status is 1 when anything failed.
//
// Usage: testcount [events.json]   (standard input when no file is given)
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// event is one line of `go test -json` output (see `go doc test2json`).
type event struct {
	Action  string
	Package string
	Test    string
}

type key struct{ pkg, test string }

// result is the outcome of one run of a test; with -count=N a test has N.
type result struct {
	key
	action string
}

type counts struct{ passed, failed, skipped int }

func (c *counts) add(result string) {
	switch result {
	case "pass":
		c.passed++
	case "fail":
		c.failed++
	case "skip":
		c.skipped++
	}
}

func (c counts) String() string {
	return fmt.Sprintf("%d passed, %d failed, %d skipped", c.passed, c.failed, c.skipped)
}

// Databases are the database kinds that dbtest runs storage tests on.
var databases = []string{"sqlite", "postgres"}

func main() {
	in := io.Reader(os.Stdin)
	if len(os.Args) > 1 {
		f, err := os.Open(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "testcount:", err)
			os.Exit(2)
		}
		defer f.Close()
		in = f
	}
	results, pkgFailed, err := read(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testcount:", err)
		os.Exit(2)
	}
	perDB, total := summarise(results, pkgFailed)
	for _, db := range databases {
		fmt.Printf("%s: %s\n", db, perDB[db])
	}
	fmt.Println(total)
	if total.failed > 0 {
		os.Exit(1)
	}
}

// read returns the result of every test run and the packages that failed as a whole.
func read(r io.Reader) ([]result, map[string]bool, error) {
	var results []result
	pkgFailed := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var e event
		if err := json.Unmarshal(line, &e); err != nil {
			continue // not an event, e.g. stray output
		}
		switch e.Action {
		case "pass", "fail", "skip":
			if e.Test != "" {
				results = append(results, result{key{e.Package, e.Test}, e.Action})
			} else if e.Action == "fail" {
				// Also how a package that did not build ends (after a build-fail event).
				pkgFailed[e.Package] = true
			}
		}
	}
	return results, pkgFailed, sc.Err()
}

func summarise(results []result, pkgFailed map[string]bool) (map[string]*counts, counts) {
	// A test is a leaf when no other test in its package is below it.
	parent := map[key]bool{}
	for _, r := range results {
		name := r.test
		for {
			i := strings.LastIndexByte(name, '/')
			if i < 0 {
				break
			}
			name = name[:i]
			parent[key{r.pkg, name}] = true
		}
	}
	perDB := map[string]*counts{}
	for _, db := range databases {
		perDB[db] = &counts{}
	}
	var total counts
	failingPkg := map[string]bool{}
	for _, r := range results {
		total.add(r.action)
		if r.action == "fail" {
			failingPkg[r.pkg] = true
		}
		if parent[r.key] {
			continue
		}
		for _, db := range databases {
			if strings.HasSuffix(r.test, "/"+db) || strings.Contains(r.test, "/"+db+"/") {
				perDB[db].add(r.action)
				break
			}
		}
	}
	for pkg := range pkgFailed {
		if !failingPkg[pkg] {
			total.failed++
		}
	}
	return perDB, total
}
