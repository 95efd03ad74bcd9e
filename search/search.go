// Package search is the Norwegian text analysis behind the search box: words
// are cut out of text, lowercased, stripped of stop words (bokmål and nynorsk)
// and stemmed with the Snowball Norwegian stemmer, plus a few rules of our own
// for nynorsk and for words the stemmer handles badly. The same analysis is
// used for indexing and for queries on both databases, so SQLite and
// PostgreSQL match the same documents. Snippet makes the HTML excerpts shown
// in the results. The package does no I/O.
package search

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/norwegian"
	"golang.org/x/text/unicode/norm"
)

// MaxQueryTerms is the most terms a query keeps; the rest are ignored.
const MaxQueryTerms = 16

// maxWordRunes is the longest word indexed; longer ones are noise (hashes, base64).
const maxWordRunes = 64

// stopWords are the words neither indexed nor searched for: PostgreSQL's
// (Snowball's) Norwegian list, which covers bokmål and nynorsk, and a few more.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har om
		vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal
		selv sjøl her alle vil bli ble blei blitt kunne inn når være kom noen noe ville dere deres kun ja
		etter ned skulle denne for deg si sine sitt mot å meget hvorfor dette disse uten hvordan ingen din
		ditt blir samme hvilken hvilke sånn inni mellom vår hver hvem vors hvis både bare enn fordi før
		mange også slik vært båe begge siden dykk dykkar dei deira deires deim di då eg ein eit eitt elles
		honom hjå ho hoe henne hennar hennes hoss hossen ingi inkje korleis korso kva kvar kvarhelst kven
		kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre sia sidan so somt somme um upp
		vere vore verte vort varte vart
		ei kor berre òg`) {
		stopWords[w] = true
	}
}

// IsStopWord reports whether a lowercased word is left out of the index.
func IsStopWord(w string) bool { return stopWords[w] }

// stemOverrides are stems for words the Snowball stemmer gets wrong for our
// purposes: nynorsk forms it does not know, and words whose inflections it
// stems apart (sjikane → "sjik" but sjikanen → "sjikan").
var stemOverrides = map[string]string{
	"medium":  "medi", // nynorsk plural «sosiale medium», and singular «et medium»
	"mediuma": "medi",
	"sjikane": "sjikan",
	"hets":    "hets", // not "het"
}

// Stem returns the stem of one lowercased word, or "" for a stop word.
func Stem(w string) string {
	if stopWords[w] {
		return ""
	}
	if s, ok := stemOverrides[w]; ok {
		return s
	}
	s := norwegian.Stem(w, true)
	// Snowball does not remove the derivational -ing: let «arkivering» and
	// «meldinger» meet «arkiverer» and «melder». At least four letters stay,
	// so «høring» is left alone; so is -ting («stortinget» is not «stort»).
	if strings.HasSuffix(s, "ing") && !strings.HasSuffix(s, "ting") && utf8.RuneCountInString(s) >= 7 {
		s = s[:len(s)-len("ing")]
	}
	return s
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// words returns the lowercased words of text in order.
func words(text string) []string {
	var out []string
	for _, sp := range spans([]rune(norm.NFC.String(text))) {
		out = append(out, sp.word)
	}
	return out
}

type span struct {
	start, end int // rune offsets
	word       string
}

// spans cuts rs into words: runs of letters and digits, lowercased. Single
// letters and over-long words are skipped.
func spans(rs []rune) []span {
	var out []span
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isWordRune(rs[j]) {
			j++
		}
		n := j - i
		if n <= maxWordRunes && (n > 1 || unicode.IsDigit(rs[i])) {
			out = append(out, span{i, j, strings.ToLower(string(rs[i:j]))})
		}
		i = j
	}
	return out
}

// Analyze returns the stems of the words of text, in order, without stop words.
func Analyze(text string) []string {
	var out []string
	for _, w := range words(text) {
		if s := Stem(w); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Stems returns Analyze(text) joined by spaces: what is put in the full-text index.
func Stems(text string) string {
	return strings.Join(Analyze(text), " ")
}

// QueryTerms returns the distinct stems of a search query, in order, at most
// MaxQueryTerms. Every term must match (AND). No terms means nothing to search for.
func QueryTerms(q string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range Analyze(q) {
		if seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
		if len(out) == MaxQueryTerms {
			break
		}
	}
	return out
}

var (
	mdFence    = regexp.MustCompile("(?m)^[ \t]*(```|~~~).*$")
	mdImage    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdAutolink = regexp.MustCompile(`<((?:https?://|mailto:)[^>\s]+)>`)
	mdLine     = regexp.MustCompile(`(?m)^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+)+`)
	mdHeadEnd  = regexp.MustCompile(`(?m)[ \t]+#+[ \t]*$`)
	mdEmph     = regexp.MustCompile("\\*+|~~|`+")
	mdRule     = regexp.MustCompile(`(?m)^[ \t]*(?:[-*_][ \t]*){3,}$`)
)

// PlainText turns Markdown into plain text for indexing and snippets: link
// targets, emphasis, headings, quote and list markers are removed; the words
// stay. It does not remove HTML-looking text (it is escaped when shown).
func PlainText(md string) string {
	s := mdFence.ReplaceAllString(md, "")
	s = mdRule.ReplaceAllString(s, "")
	s = mdImage.ReplaceAllString(s, "$1")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdAutolink.ReplaceAllString(s, "$1")
	s = mdLine.ReplaceAllString(s, "")
	s = mdHeadEnd.ReplaceAllString(s, "")
	s = mdEmph.ReplaceAllString(s, "")
	return strings.Join(strings.Fields(s), " ")
}

// DefaultSnippetRunes is the snippet length used when maxRunes is not positive.
const DefaultSnippetRunes = 200

// Snippet returns an HTML excerpt of text of about maxRunes characters around
// the first word that matches one of terms (stems from QueryTerms), with every
// matching word wrapped in <mark>…</mark>. Everything else is HTML-escaped, so
// the result can be inserted into a page as it is. Whitespace is collapsed;
// "…" marks text cut off at either end. Without a match it is the start of text.
func Snippet(text string, terms []string, maxRunes int) string {
	if maxRunes <= 0 {
		maxRunes = DefaultSnippetRunes
	}
	rs := []rune(strings.Join(strings.Fields(norm.NFC.String(text)), " "))
	ws := spans(rs)
	want := make(map[string]bool, len(terms))
	for _, t := range terms {
		want[t] = true
	}
	match := make([]bool, len(ws))
	first := -1
	for i, w := range ws {
		if s := Stem(w.word); s != "" && want[s] {
			match[i] = true
			if first < 0 {
				first = i
			}
		}
	}

	start, end := 0, len(rs)
	if len(rs) > maxRunes {
		if first >= 0 {
			// Some context before the match, starting at a word.
			lead := maxRunes / 4
			if at := ws[first].start; at > lead {
				start = at
				for i := first - 1; i >= 0 && ws[i].start >= at-lead; i-- {
					start = ws[i].start
				}
			}
		}
		if len(rs)-start < maxRunes {
			// Near the end: show a full-length excerpt, starting at a word.
			start = len(rs) - maxRunes
			for _, w := range ws {
				if w.start >= start {
					start = w.start
					break
				}
			}
		}
		end = start + maxRunes
		if end < len(rs) {
			// Do not cut a word in two.
			for _, w := range ws {
				if w.start < end && end < w.end && w.start > start {
					end = w.start
					break
				}
			}
		}
		end = min(end, len(rs))
	}

	var b strings.Builder
	pos := start
	for i, w := range ws {
		if w.start < start || !match[i] {
			continue
		}
		if w.end > end {
			break
		}
		b.WriteString(html.EscapeString(string(rs[pos:w.start])))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(string(rs[w.start:w.end])))
		b.WriteString("</mark>")
		pos = w.end
	}
	b.WriteString(html.EscapeString(string(rs[pos:end])))
	out := strings.TrimSpace(b.String())
	if start > 0 {
		out = "…" + out
	}
	if end < len(rs) {
		out += "…"
	}
	return out
}
