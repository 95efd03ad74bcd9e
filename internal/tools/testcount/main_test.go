package main

import (
	"strings"
	"testing"
)

const events = `{"Action":"start","Package":"a"}
{"Action":"run","Package":"a","Test":"TestX"}
{"Action":"run","Package":"a","Test":"TestX/sqlite"}
{"Action":"pass","Package":"a","Test":"TestX/sqlite"}
{"Action":"run","Package":"a","Test":"TestX/postgres"}
{"Action":"skip","Package":"a","Test":"TestX/postgres"}
{"Action":"pass","Package":"a","Test":"TestX"}
{"Action":"pass","Package":"a","Test":"TestY/sqlite/case_1"}
{"Action":"fail","Package":"a","Test":"TestY/sqlite/case_2"}
{"Action":"fail","Package":"a","Test":"TestY/sqlite"}
{"Action":"pass","Package":"a","Test":"TestY/postgres/case_1"}
{"Action":"pass","Package":"a","Test":"TestY/postgres/case_2"}
{"Action":"pass","Package":"a","Test":"TestY/postgres"}
{"Action":"fail","Package":"a","Test":"TestY"}
{"Action":"pass","Package":"a","Test":"TestPostgresql"}
{"Action":"pass","Package":"a","Test":"TestZ/sqlite_only"}
{"Action":"output","Package":"a","Output":"FAIL\n"}
{"Action":"fail","Package":"a"}
not json
{"ImportPath":"b","Action":"build-output","Output":"b/x.go:1: syntax error\n"}
{"ImportPath":"b","Action":"build-fail"}
{"Action":"fail","Package":"b","FailedBuild":"b"}
{"Action":"pass","Package":"c","Test":"TestA"}
{"Action":"pass","Package":"c","Test":"TestA"}
{"Action":"pass","Package":"c"}
`

func TestSummarise(t *testing.T) {
	results, pkgFailed, err := read(strings.NewReader(events))
	if err != nil {
		t.Fatal(err)
	}
	perDB, total := summarise(results, pkgFailed)
	want := map[string]string{
		"sqlite":   "2 passed, 1 failed, 0 skipped",
		"postgres": "2 passed, 0 failed, 1 skipped",
	}
	for db, w := range want {
		if got := perDB[db].String(); got != w {
			t.Errorf("%s: %s, want %s", db, got, w)
		}
	}
	// 12 test results in a (8 passed, 3 failed, 1 skipped), the failed build of b, and c's test run twice.
	if got, w := total.String(), "10 passed, 4 failed, 1 skipped"; got != w {
		t.Errorf("total: %s, want %s", got, w)
	}
}
