package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// Inflections of one word, bokmål and nynorsk, share the stem of its base form.
func TestInflectionsShareStem(t *testing.T) {
	for _, tc := range []struct {
		base  string
		forms []string
	}{
		{"kommune", []string{"kommunen", "kommuner", "kommunene", "Kommunene", "kommunane", "kommunar"}},
		{"barnehage", []string{"barnehagen", "barnehager", "barnehagene", "barnehagane", "barnehagar", "BARNEHAGEN"}},
		{"medier", []string{"medium", "media", "mediet", "mediene"}},
		{"sosiale", []string{"sosial"}},
		{"sjikane", []string{"sjikanen"}},
		{"hets", []string{"hetsen"}},
		{"arkiverer", []string{"arkivering", "arkivere", "arkiverte", "arkiveringa"}},
		{"melder", []string{"melding", "meldinger", "meldingane", "meldinga"}},
		{"krise", []string{"krisen", "krisa", "kriser", "krisene"}},
		{"rutiner", []string{"rutinar", "rutine"}},
		{"spørsmål", []string{"spørsmålet", "spørsmåla"}},
	} {
		want := Analyze(tc.base)
		if len(want) != 1 {
			t.Fatalf("Analyze(%q) = %q, want one stem", tc.base, want)
		}
		for _, f := range tc.forms {
			if got := Analyze(f); !slices.Equal(got, want) {
				t.Errorf("Analyze(%q) = %q, want %q like %q", f, got, want, tc.base)
			}
		}
	}
}

// Words that must not meet.
func TestDistinctStems(t *testing.T) {
	for _, pair := range [][2]string{
		{"høring", "hører"},
		{"stortinget", "stort"},
		{"kommune", "kommentar"},
		{"barnehage", "barn"},
	} {
		if a, b := Analyze(pair[0]), Analyze(pair[1]); slices.Equal(a, b) {
			t.Errorf("%q and %q both analyse to %q", pair[0], pair[1], a)
		}
	}
}

func TestAnalyze(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"og i på er det som en et ei å til av for med har de den ikke ikkje eg dei kva korleis", nil},
		{"Hvordan håndterer dere sjikane i kommentarfeltet?", []string{"håndter", "sjikan", "kommentarfelt"}},
		{"Korleis handterer kommunane sosiale medium?", []string{"handter", "kommun", "sosial", "medi"}},
		{"Hva arkiverer dere fra Facebook-siden?", []string{"arkiver", "facebook"}},
		{"Noark 5 og 17. mai", []string{"noark", "5", "17", "mai"}},
		{"f.eks. x y z", []string{"eks"}},
		{"ÆØÅ æøå", []string{"æøå", "æøå"}},
		{"Guovdageaidnu Čáhcesuolu giellagáldu ŋ", []string{"guovdageaidnu", "čáhcesuolu", "giellagáldu"}},
		{"a\u030angstrøm", []string{Stem("ångstrøm")}}, // decomposed å is composed first
		{"kommune-Norge\nkommunene\tKOMMUNER", []string{"kommun", "norg", "kommun", "kommun"}},
		{strings.Repeat("x", 65) + " ok", []string{"ok"}},
	} {
		if got := Analyze(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Analyze(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStemsAndQueryTerms(t *testing.T) {
	if got, want := Stems("Kommunene og kommunane i Norge"), "kommun kommun norg"; got != want {
		t.Errorf("Stems = %q, want %q", got, want)
	}
	if got, want := QueryTerms("kommunene  Kommunane sjikane i kommentarfeltet"), []string{"kommun", "sjikan", "kommentarfelt"}; !slices.Equal(got, want) {
		t.Errorf("QueryTerms = %q, want %q", got, want)
	}
	if got := QueryTerms("og i på"); len(got) != 0 {
		t.Errorf("QueryTerms of stop words = %q, want none", got)
	}
	var many []string
	for i := range 40 {
		many = append(many, strings.Repeat("ab", 1+i%20)+string(rune('a'+i/20))+"q")
	}
	if got := QueryTerms(strings.Join(many, " ")); len(got) != MaxQueryTerms {
		t.Errorf("QueryTerms kept %d terms, want %d", len(got), MaxQueryTerms)
	}
}

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"# Overskrift #\n\nDette er **viktig** og *kursiv*.", "Overskrift Dette er viktig og kursiv."},
		{"Se [Facebook-siden](https://facebook.com/kommune) og ![logo](logo.png).", "Se Facebook-siden og logo."},
		{"> sitat\n- punkt en\n- punkt to\n1. først", "sitat punkt en punkt to først"},
		{"```go\nkode her\n```\n`inline`", "kode her inline"},
		{"<https://kommune.no> og <script>alert(1)</script>", "https://kommune.no og <script>alert(1)</script>"},
		{"tekst\n\n---\n\nmer", "tekst mer"},
	} {
		if got := PlainText(tc.in); got != tc.want {
			t.Errorf("PlainText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("Fyllord uten treff her. ", 30)
	for _, tc := range []struct {
		name, text, query string
		max               int
		want              string
	}{
		{"marks every inflection", "Kommunen svarte, og kommunane i fylket er enige med kommunene.", "kommune", 0,
			"<mark>Kommunen</mark> svarte, og <mark>kommunane</mark> i fylket er enige med <mark>kommunene</mark>."},
		{"several terms", "Sjikanen i kommentarfeltet tar tid.", "sjikane kommentarfelt", 0,
			"<mark>Sjikanen</mark> i <mark>kommentarfeltet</mark> tar tid."},
		{"escapes everything else", `Vi fikk <script>alert("x")</script> & sjikane i feltet.`, "sjikane", 0,
			`Vi fikk &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; <mark>sjikane</mark> i feltet.`},
		{"escapes around a marked word", `<b>script</b>`, "script", 0,
			`&lt;b&gt;<mark>script</mark>&lt;/b&gt;`},
		{"no mark for stop words or parts of words", "Det er barnehagebarn og barn.", "barn det", 0,
			"Det er barnehagebarn og <mark>barn</mark>."},
		{"collapses whitespace", "  Beredskap\n\n  og   krise  ", "krise", 0, "Beredskap og <mark>krise</mark>"},
		{"no match gives the start", long, "barnehage", 40, "Fyllord uten treff her. Fyllord uten…"},
		{"cuts around a late match", long + "Her kommer barnehagen endelig. " + long, "barnehage", 60,
			"…Her kommer <mark>barnehagen</mark> endelig. Fyllord uten treff her.…"},
		{"match at the end", long + "Til slutt: barnehagen", "barnehage", 50,
			"…her. Fyllord uten treff her. Til slutt: <mark>barnehagen</mark>"},
		{"empty", "", "kommune", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Snippet(tc.text, QueryTerms(tc.query), tc.max)
			if got != tc.want {
				t.Errorf("Snippet = %q\nwant      %q", got, tc.want)
			}
			max := tc.max
			if max <= 0 {
				max = DefaultSnippetRunes
			}
			plain := strings.NewReplacer("<mark>", "", "</mark>", "", "…", "", "&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`).Replace(got)
			if n := utf8.RuneCountInString(plain); n > max {
				t.Errorf("snippet has %d characters of text, want at most %d", n, max)
			}
		})
	}
}

// Whatever the text, a snippet never carries markup of its own.
func TestSnippetNeverUnescaped(t *testing.T) {
	for _, text := range []string{
		`<img src=x onerror=alert(1)> kommune`,
		`kommune"><script>alert(1)</script>`,
		`'kommune' & <kommune>`,
	} {
		got := Snippet(text, QueryTerms("kommune"), 30)
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(got)
		if strings.ContainsAny(rest, `<>"'`) {
			t.Errorf("Snippet(%q) = %q carries unescaped markup", text, got)
		}
		if !strings.Contains(got, "<mark>kommune</mark>") {
			t.Errorf("Snippet(%q) = %q, want kommune marked", text, got)
		}
	}
}
