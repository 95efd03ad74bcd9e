package i18n

import (
	"strings"
	"testing"
	"time"
)

func TestCatalogsHaveSameKeys(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	nb := c.Keys("nb")
	if len(nb) < 100 {
		t.Fatalf("bokmål catalogue has only %d keys", len(nb))
	}
	for _, lang := range []string{"nn", "en"} {
		have := map[string]bool{}
		for _, k := range c.Keys(lang) {
			have[k] = true
		}
		for _, k := range nb {
			if !have[k] {
				t.Errorf("%s lacks %q", lang, k)
			}
			delete(have, k)
		}
		for k := range have {
			t.Errorf("%s has %q, which bokmål lacks", lang, k)
		}
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct{ header, want string }{
		{"", "nb"},
		{"nn-NO,nn;q=0.9,en;q=0.5", "nn"},
		{"no", "nb"},
		{"nb-NO", "nb"},
		{"en-GB,en;q=0.9", "en"},
		{"de-DE, en;q=0.2, nn;q=0.8", "nn"},
		{"fr", "nb"},
		{"en;q=0, nb;q=0.1", "nb"},
	}
	for _, tt := range tests {
		if got := Negotiate(tt.header); got != tt.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ts := time.Date(2026, 5, 17, 8, 30, 0, 0, time.UTC) // 10:30 in Oslo (summer time)
	tests := []struct {
		lang, date, datetime, number string
	}{
		{"nb", "17. mai 2026", "17. mai 2026 kl. 10:30", "12\u00a0345\u00a0678"},
		{"nn", "17. mai 2026", "17. mai 2026 kl. 10:30", "12\u00a0345\u00a0678"},
		{"en", "17 May 2026", "17 May 2026 at 10:30", "12,345,678"},
	}
	for _, tt := range tests {
		l := c.For(tt.lang)
		if got := l.Date(ts); got != tt.date {
			t.Errorf("%s Date = %q, want %q", tt.lang, got, tt.date)
		}
		if got := l.DateTime(ts); got != tt.datetime {
			t.Errorf("%s DateTime = %q, want %q", tt.lang, got, tt.datetime)
		}
		if got := l.Number(12345678); got != tt.number {
			t.Errorf("%s Number = %q, want %q", tt.lang, got, tt.number)
		}
	}
	if got := c.For("nb").Number(999); got != "999" {
		t.Errorf("Number(999) = %q", got)
	}
	if got := c.For("xx").Lang; got != "nb" {
		t.Errorf("unknown language falls back to %q, want nb", got)
	}
	if got := c.For("nn").N("members.count", 1); !strings.Contains(got, "1") {
		t.Errorf("N = %q", got)
	}
}
