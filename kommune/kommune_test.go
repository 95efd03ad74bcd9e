package kommune

import (
	"testing"

	"github.com/allmenning/allmenning"
)

func TestList(t *testing.T) {
	list, err := List()
	if err != nil {
		t.Fatal(err)
	}
	var municipalities, counties int
	byNumber := map[string]allmenning.Municipality{}
	for _, m := range list {
		byNumber[m.Number] = m
		switch m.Kind {
		case allmenning.KindMunicipality:
			municipalities++
		case allmenning.KindCounty:
			counties++
		}
	}
	if municipalities != 357 || counties != 15 {
		t.Fatalf("got %d municipalities and %d counties, want 357 and 15", municipalities, counties)
	}
	tests := []struct {
		number, name, sami, county, domain string
	}{
		{"5001", "Trondheim", "", "Trøndelag", "trondheim.kommune.no"},
		{"0301", "Oslo", "", "Oslo", "oslo.kommune.no"},
		{"5636", "Nesseby", "Unjárga", "Finnmark", "nesseby.kommune.no"},
		{"1826", "Hattfjelldal", "Aarborte", "Nordland", "hattfjelldal.kommune.no"},
		{"46", "Vestland", "", "Vestland", "vestlandfylke.no"},
	}
	for _, tt := range tests {
		m, ok := byNumber[tt.number]
		if !ok {
			t.Errorf("%s missing", tt.number)
			continue
		}
		if m.Name != tt.name || m.SamiName != tt.sami || m.CountyName != tt.county {
			t.Errorf("%s = %q/%q in %q, want %q/%q in %q", tt.number, m.Name, m.SamiName, m.CountyName, tt.name, tt.sami, tt.county)
		}
		if len(m.Domains) != 1 || m.Domains[0] != tt.domain {
			t.Errorf("%s domains = %v, want [%s]", tt.number, m.Domains, tt.domain)
		}
	}
}
