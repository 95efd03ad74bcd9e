package store

import (
	"testing"
	"time"
)

// Times as SQLite stores them are read exactly as time.Parse reads them, and
// anything else falls through to the general parsing (or is refused).
func TestParseTimeLayout(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"2026-11-21 19:26:34.123456", true},
		{"2024-02-29 00:00:00.000000", true},
		{"1999-12-31 23:59:59.999999", true},
		{"2026-04-31 10:00:00.000000", false}, // no 31 April
		{"2026-13-01 10:00:00.000000", false},
		{"2026-11-21 24:00:00.000000", false},
		{"2026-11-21T19:26:34.123456", false},
		{"2026-11-21 19:26:34.12345x", false},
		{"2026-11-21 19:26:34", false},
		{"", false},
	} {
		got, ok := parseTimeLayout(tc.in)
		if ok != tc.ok {
			t.Errorf("parseTimeLayout(%q) ok = %v, want %v", tc.in, ok, tc.ok)
			continue
		}
		want, err := time.Parse(timeLayout, tc.in)
		if ok && (err != nil || !got.Equal(want) || got.Location() != time.UTC) {
			t.Errorf("parseTimeLayout(%q) = %v, time.Parse gives %v (%v)", tc.in, got, want, err)
		}
	}
	// The other forms still scan.
	var at time.Time
	if err := (timeScan{&at}).Scan("2026-11-21T19:26:34Z"); err != nil || at.Hour() != 19 {
		t.Errorf("RFC 3339 time scanned as %v, %v", at, err)
	}
}
