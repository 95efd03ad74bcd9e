package scale

import (
	_ "embed"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/allmenning/allmenning/search"
)

//go:embed words.txt
var wordList string

// vocabulary is the word list by category: each lemma with its forms.
type vocabulary struct {
	nouns, verbs, adjectives [][]string
}

func loadVocabulary() *vocabulary {
	v := &vocabulary{}
	for _, line := range strings.Split(wordList, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "n":
			v.nouns = append(v.nouns, f[1:])
		case "v":
			v.verbs = append(v.verbs, f[1:])
		case "a":
			v.adjectives = append(v.adjectives, f[1:])
		}
	}
	return v
}

// Sentence patterns: N a noun, V a verb, A an adjective, each in a random
// inflected form; other words are kept. The first word is capitalised.
var (
	titlePatterns = []string{
		"N og N i N", "A N for N", "Hvordan V dere N", "Erfaringer med A N", "N V N",
		"Har noen A N om N", "Spørsmål om N til N", "N i N : A N", "Tips til A N", "Når skal N V N",
		"Hvem V N i N", "N og A N", "Hva gjør dere med N", "Ny N for N", "A N på N",
	}
	sentencePatterns = []string{
		"Vi V A N i N .", "Hvordan V dere N når N V ?", "Har noen erfaring med N og N ?",
		"N V N når N V .", "Det er A å V N på N .", "Kan N V N uten N ?", "I N V vi N hver N .",
		"N må V A N før N .", "Vi har V N med N og N .", "Hos oss V N N gjennom N .",
		"Jeg tenker at N bør V N .", "Takk for A N , det V N .", "Etter N V N A N .",
		"N fra N V A N til N .", "Vi prøvde N , men N V ikke .", "Se N om N og N .",
		"Det viktigste er at N V N .", "Mange N V N på N .", "Hva med N i N ?",
		"Vårt N V A N , og N V N .",
	}
)

// textGen makes Norwegian-looking titles and paragraphs, and their search
// stems. The stems of a text are the concatenation of the stems of its
// words: package search cuts text into words at what is not a letter or
// digit, and the generated texts have neither Markdown nor other markup,
// so this is exactly search.Stems(search.PlainText(text)) — only faster,
// because each word is analysed once.
type textGen struct {
	voc   *vocabulary
	stems map[string][]string // lowercased word → search.Analyze(word)
}

func newTextGen() *textGen {
	return &textGen{voc: loadVocabulary(), stems: map[string][]string{}}
}

func (g *textGen) pick(r *rand.Rand, list [][]string) string {
	// A skew towards the start of the list: some words are common, most rare.
	i := int(float64(len(list)) * r.Float64() * r.Float64())
	forms := list[i]
	return forms[r.IntN(len(forms))]
}

// writer builds a text and its stems together.
type writer struct {
	g     *textGen
	b     strings.Builder
	stems []string
	start bool // the next word starts a sentence
}

func (w *writer) word(s string) {
	if s == "," || s == "." || s == "?" || s == ":" {
		w.b.WriteString(s)
		w.start = s == "." || s == "?"
		return
	}
	if w.b.Len() > 0 && !strings.HasSuffix(w.b.String(), "\n") {
		w.b.WriteByte(' ')
	}
	if w.start {
		r, n := utf8.DecodeRuneInString(s)
		s = string(unicode.ToUpper(r)) + s[n:]
		w.start = false
	}
	w.b.WriteString(s)
	low := strings.ToLower(s)
	st, ok := w.g.stems[low]
	if !ok {
		st = search.Analyze(low)
		w.g.stems[low] = st
	}
	w.stems = append(w.stems, st...)
}

func (w *writer) pattern(r *rand.Rand, p string) {
	w.start = true
	for _, tok := range strings.Fields(p) {
		switch tok {
		case "N":
			w.word(w.g.pick(r, w.g.voc.nouns))
		case "V":
			w.word(w.g.pick(r, w.g.voc.verbs))
		case "A":
			w.word(w.g.pick(r, w.g.voc.adjectives))
		default:
			w.word(tok)
		}
	}
}

// title returns a title (a question ends with «?») and its stems.
func (g *textGen) title(r *rand.Rand, question bool) (string, string) {
	w := &writer{g: g}
	w.pattern(r, titlePatterns[r.IntN(len(titlePatterns))])
	if question {
		w.word("?")
	}
	return w.b.String(), strings.Join(w.stems, " ")
}

// body returns paragraphs of sentences, about words long, and their stems.
func (g *textGen) body(r *rand.Rand, words int) (string, string) {
	w := &writer{g: g}
	n := 0
	for n < words {
		if n > 0 && r.IntN(4) == 0 {
			w.b.WriteString("\n\n")
		}
		before := len(w.stems)
		w.pattern(r, sentencePatterns[r.IntN(len(sentencePatterns))])
		n += max(len(w.stems)-before, 3)
	}
	return w.b.String(), strings.Join(w.stems, " ")
}

// bodyHTML is what package markdown renders for a generated body: each
// paragraph in <p>, escaped (the texts have nothing else to render).
func bodyHTML(body string) string {
	var b strings.Builder
	for i, p := range strings.Split(body, "\n\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("<p>")
		b.WriteString(htmlEscaper.Replace(p))
		b.WriteString("</p>")
	}
	b.WriteByte('\n')
	return b.String()
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
