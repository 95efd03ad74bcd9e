package textdiff

import "testing"

func render(chunks []Chunk) string {
	s := ""
	for _, c := range chunks {
		switch c.Op {
		case Equal:
			s += c.Text
		case Insert:
			s += "{+" + c.Text + "+}"
		case Delete:
			s += "[-" + c.Text + "-]"
		}
	}
	return s
}

func TestWords(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"", "", ""},
		{"hei", "hei", "hei"},
		{"", "ny tekst", "{+ny tekst+}"},
		{"gammel tekst", "", "[-gammel tekst-]"},
		{"vi arkiverer alt fra Facebook", "vi arkiverer det meste fra Facebook", "vi arkiverer [-alt -]{+det meste +}fra Facebook"},
		{"en to tre", "en tre", "en [-to -]tre"},
		{"linje én\nlinje to", "linje én\nlinje tre", "linje én\nlinje [-to-]{+tre+}"},
	}
	for _, tt := range tests {
		if got := render(Words(tt.a, tt.b)); got != tt.want {
			t.Errorf("Words(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}
