package markdown

import (
	"strings"
	"testing"
)

func resolver(handle string) (int64, bool) {
	switch handle {
	case "kari.nordmann":
		return 7, true
	case "ola":
		return 9, true
	}
	return 0, false
}

func TestRenderFormatting(t *testing.T) {
	r := New()
	tests := []struct {
		name, src string
		want      []string
	}{
		{"heading", "## Mål for 2027", []string{"<h2", "Mål for 2027</h2>"}},
		{"list", "- jul\n- påske", []string{"<ul>", "<li>jul</li>", "<li>påske</li>"}},
		{"link", "[Difi](https://www.digdir.no)", []string{`<a href="https://www.digdir.no" rel="nofollow">Difi</a>`}},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}},
		{"quote", "> sitat", []string{"<blockquote>", "sitat"}},
		{"code", "`kode`\n\n```\nblokk\n```", []string{"<code>kode</code>", "<pre><code>blokk"}},
		{"emphasis", "**viktig** og _kursiv_", []string{"<strong>viktig</strong>", "<em>kursiv</em>"}},
	}
	for _, tt := range tests {
		res, err := r.Render(tt.src, resolver)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(res.HTML, w) {
				t.Errorf("%s: %q lacks %q", tt.name, res.HTML, w)
			}
		}
	}
}

func TestRenderInert(t *testing.T) {
	r := New()
	attacks := []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror="alert(1)">`,
		`[klikk](javascript:alert(1))`,
		`<a href="javascript:alert(1)">x</a>`,
		`<iframe src="https://evil.example"></iframe>`,
		`<svg onload=alert(1)>`,
		`<div style="background:url(javascript:alert(1))">x</div>`,
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		`<a href="#" onclick="alert(1)">x</a>`,
		`<form action="https://evil.example"><input name=a></form>`,
		`<object data="x"></object>`,
	}
	bad := []string{"<script", "onerror", "javascript:", "<iframe", "onload", "style=", "data:text/html", "onclick", "<form", "<input", "<object", "<svg"}
	for _, src := range attacks {
		res, err := r.Render(src, resolver)
		if err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(res.HTML)
		for _, b := range bad {
			if strings.Contains(low, b) {
				t.Errorf("Render(%q) = %q, contains %q", src, res.HTML, b)
			}
		}
	}
}

func TestMentions(t *testing.T) {
	r := New()
	tests := []struct {
		src      string
		mentions []int64
		want     []string
		notWant  []string
	}{
		{"Hei @kari.nordmann, se dette.", []int64{7}, []string{`<a href="/medlemmer/7" class="mention" rel="nofollow">@kari.nordmann</a>, se dette.`}, nil},
		{"@ola og @kari.nordmann og @ola igjen", []int64{9, 7}, []string{`href="/medlemmer/9"`, `href="/medlemmer/7"`}, nil},
		{"Skriv til post@trondheim.kommune.no", nil, []string{"post@trondheim.kommune.no"}, []string{"/medlemmer/"}},
		{"@ukjent finnes ikke", nil, []string{"@ukjent"}, []string{"/medlemmer/"}},
		{"`@kari.nordmann` i kode", nil, []string{"<code>@kari.nordmann</code>"}, []string{"/medlemmer/"}},
		{"Takk, @ola.", []int64{9}, []string{`>@ola</a>.`}, nil},
	}
	for _, tt := range tests {
		res, err := r.Render(tt.src, resolver)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Mentions) != len(tt.mentions) {
			t.Errorf("%q: mentions %v, want %v", tt.src, res.Mentions, tt.mentions)
		}
		for i := range tt.mentions {
			if i < len(res.Mentions) && res.Mentions[i] != tt.mentions[i] {
				t.Errorf("%q: mentions %v, want %v", tt.src, res.Mentions, tt.mentions)
			}
		}
		for _, w := range tt.want {
			if !strings.Contains(res.HTML, w) {
				t.Errorf("%q: %q lacks %q", tt.src, res.HTML, w)
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(res.HTML, w) {
				t.Errorf("%q: %q has %q", tt.src, res.HTML, w)
			}
		}
	}
}
