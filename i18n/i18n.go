// Package i18n holds the message catalogue in bokmål (the default), nynorsk
// and English, picks a language for a request, and formats dates and numbers
// the Norwegian way.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed messages/*.json
var files embed.FS

// Default is the language used when nothing else is known.
const Default = "nb"

// Catalog holds the messages of every language.
type Catalog struct {
	messages map[string]map[string]string
}

// Load reads the embedded catalogue. Each language is spread over files
// named messages/<lang>.json and messages/<part>.<lang>.json, one part per
// feature; a key defined in two files of one language is an error.
func Load() (*Catalog, error) {
	c := &Catalog{messages: map[string]map[string]string{}}
	names, err := fs.Glob(files, "messages/*.json")
	if err != nil {
		return nil, err
	}
	for _, lang := range []string{"nb", "nn", "en"} {
		c.messages[lang] = map[string]string{}
	}
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".json")
		lang := base[strings.LastIndex(base, ".")+1:]
		all, ok := c.messages[lang]
		if !ok {
			return nil, fmt.Errorf("i18n: %s: unknown language %q", name, lang)
		}
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		for k, v := range m {
			if _, dup := all[k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q is defined twice", name, k)
			}
			all[k] = v
		}
	}
	return c, nil
}

// Keys returns the keys of one language, sorted.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.messages[lang]))
	for k := range c.messages[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Localizer translates and formats for one language.
type Localizer struct {
	Lang string
	c    *Catalog
}

// For returns a Localizer for lang, falling back to bokmål.
func (c *Catalog) For(lang string) *Localizer {
	if _, ok := c.messages[lang]; !ok {
		lang = Default
	}
	return &Localizer{Lang: lang, c: c}
}

// T returns the message for key, formatted with args as by fmt.Sprintf. A
// missing message falls back to bokmål, then to the key itself, so that a
// gap shows up on the page rather than as an error.
func (l *Localizer) T(key string, args ...any) string {
	msg, ok := l.c.messages[l.Lang][key]
	if !ok {
		if msg, ok = l.c.messages[Default][key]; !ok {
			msg = key
		}
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// N returns the singular (key.one) or plural (key.other) message for n, with n formatted.
func (l *Localizer) N(key string, n int) string {
	suffix := ".other"
	if n == 1 {
		suffix = ".one"
	}
	return l.T(key+suffix, l.Number(n))
}

// Has reports whether key exists in the catalogue.
func (l *Localizer) Has(key string) bool {
	_, ok := l.c.messages[Default][key]
	return ok
}

var months = map[string][]string{
	"nb": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	"nn": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// Oslo is the time zone dates are shown in.
var Oslo = loadOslo()

func loadOslo() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}

// Date formats t as "21. november 2026" (English: "21 November 2026").
func (l *Localizer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Oslo)
	m := months[l.Lang][t.Month()-1]
	if l.Lang == "en" {
		return fmt.Sprintf("%d %s %d", t.Day(), m, t.Year())
	}
	return fmt.Sprintf("%d. %s %d", t.Day(), m, t.Year())
}

// DateTime formats t as "21. november 2026 kl. 14:05".
func (l *Localizer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	clock := t.In(Oslo).Format("15:04")
	if l.Lang == "en" {
		return l.Date(t) + " at " + clock
	}
	return l.Date(t) + " kl. " + clock
}

// ISO formats t for a <time datetime> attribute.
func (l *Localizer) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Number formats n with a space between thousands ("12 345"; English "12,345").
func (l *Localizer) Number(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "\u00a0"
	if l.Lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// Negotiate picks nb, nn or en from an Accept-Language header. "no" counts as bokmål.
func Negotiate(header string) string {
	best, bestQ := "", -1.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
		var lang string
		switch primary {
		case "nb", "no":
			lang = "nb"
		case "nn":
			lang = "nn"
		case "en":
			lang = "en"
		default:
			continue
		}
		if q > bestQ && q > 0 {
			best, bestQ = lang, q
		}
	}
	if best == "" {
		return Default
	}
	return best
}
