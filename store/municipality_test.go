package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/kommune"
	"github.com/allmenning/allmenning/store"
)

func TestSyncMunicipalities(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		// dbtest has synced the built-in list once.
		counts := []struct {
			filter allmenning.MunicipalityFilter
			want   int
		}{
			{allmenning.MunicipalityFilter{}, 372},
			{allmenning.MunicipalityFilter{Kind: allmenning.KindMunicipality}, 357},
			{allmenning.MunicipalityFilter{Kind: allmenning.KindCounty}, 15},
			{allmenning.MunicipalityFilter{County: "50"}, 39}, // Trøndelag: 38 municipalities and the county
			{allmenning.MunicipalityFilter{Kind: allmenning.KindMunicipality, County: "50"}, 38},
			{allmenning.MunicipalityFilter{Kind: allmenning.KindMunicipality, County: "03"}, 1},
			{allmenning.MunicipalityFilter{County: "99"}, 0},
		}
		for _, tt := range counts {
			list, err := db.FindMunicipalities(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != tt.want {
				t.Errorf("FindMunicipalities(%+v) returned %d, want %d", tt.filter, len(list), tt.want)
			}
			for i, m := range list {
				if tt.filter.Kind != "" && m.Kind != tt.filter.Kind || tt.filter.County != "" && m.County != tt.filter.County {
					t.Errorf("FindMunicipalities(%+v) returned %s (%s, county %s)", tt.filter, m.Number, m.Kind, m.County)
				}
				if i > 0 && list[i-1].Number >= m.Number {
					t.Errorf("FindMunicipalities(%+v) not ordered by number: %s before %s", tt.filter, list[i-1].Number, m.Number)
				}
			}
		}

		all, err := db.FindMunicipalities(ctx, allmenning.MunicipalityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		byNumber := map[string]*allmenning.Municipality{}
		domains := 0
		for _, m := range all {
			byNumber[m.Number] = m
			domains += len(m.Domains)
			if m.CountyName == "" {
				t.Errorf("%s %s has no county name", m.Number, m.Name)
			}
		}
		// Every municipality and county has its web domain, except the county of
		// Oslo, which shares oslo.kommune.no with the municipality.
		if domains != 371 {
			t.Errorf("%d domains in all, want 371", domains)
		}

		tests := []struct {
			number, kind, name, sami, county, countyName string
			domains                                      []string
		}{
			{"5001", allmenning.KindMunicipality, "Trondheim", "", "50", "Trøndelag", []string{"trondheim.kommune.no"}},
			{"0301", allmenning.KindMunicipality, "Oslo", "", "03", "Oslo", []string{"oslo.kommune.no"}},
			{"3201", allmenning.KindMunicipality, "Bærum", "", "32", "Akershus", []string{"baerum.kommune.no"}},
			{"5612", allmenning.KindMunicipality, "Kautokeino", "Guovdageaidnu", "56", "Finnmark", []string{"kautokeino.kommune.no"}},
			{"5501", allmenning.KindMunicipality, "Tromsø", "", "55", "Troms", []string{"tromso.kommune.no"}},
			{"50", allmenning.KindCounty, "Trøndelag", "", "50", "Trøndelag", []string{"trondelagfylke.no"}},
			{"46", allmenning.KindCounty, "Vestland", "", "46", "Vestland", []string{"vestlandfylke.no"}},
			{"03", allmenning.KindCounty, "Oslo", "", "03", "Oslo", []string{}},
		}
		for _, tt := range tests {
			for _, src := range []string{"list", "number"} {
				m := byNumber[tt.number]
				if src == "number" {
					if m, err = db.FindMunicipalityByNumber(ctx, tt.number); err != nil {
						t.Fatalf("FindMunicipalityByNumber(%s): %v", tt.number, err)
					}
				}
				if m == nil {
					t.Fatalf("%s missing", tt.number)
				}
				if m.Kind != tt.kind || m.Name != tt.name || m.SamiName != tt.sami || m.County != tt.county || m.CountyName != tt.countyName {
					t.Errorf("%s by %s = %s %q/%q in %s %q, want %s %q/%q in %s %q", tt.number, src,
						m.Kind, m.Name, m.SamiName, m.County, m.CountyName, tt.kind, tt.name, tt.sami, tt.county, tt.countyName)
				}
				if !slices.Equal(m.Domains, tt.domains) {
					t.Errorf("%s by %s: domains %v, want %v", tt.number, src, m.Domains, tt.domains)
				}
			}
		}
		if m := byNumber["0301"]; m.Population < 500000 || m.AdmCenter != "Oslo" || m.Language != "Nøytral" {
			t.Errorf("Oslo facts: population %d, centre %q, language %q", m.Population, m.AdmCenter, m.Language)
		}

		if _, err := db.FindMunicipalityByNumber(ctx, "9999"); err != nil {
			wantCode(t, err, allmenning.ENOTFOUND, "", "")
		} else {
			t.Error("FindMunicipalityByNumber(9999) found something")
		}
	})
}

func TestFindMunicipalityByDomain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		tests := []struct {
			domain, want string // want "" means not found
		}{
			{"trondheim.kommune.no", "5001"},
			{"Trondheim.Kommune.NO", "5001"},
			{" trondheim.kommune.no. ", "5001"},
			{"@bergen.kommune.no", "4601"},
			{"oslo.kommune.no", "0301"},
			{"vestlandfylke.no", "46"},
			{"kommune.no", ""},
			{"mail.trondheim.kommune.no", ""},
			{"example.com", ""},
			{"", ""},
		}
		for _, tt := range tests {
			m, err := db.FindMunicipalityByDomain(ctx, tt.domain)
			if tt.want == "" {
				if err == nil {
					t.Errorf("FindMunicipalityByDomain(%q) = %s, want not found", tt.domain, m.Number)
				} else if code := allmenning.ErrorCode(err); code != allmenning.ENOTFOUND {
					t.Errorf("FindMunicipalityByDomain(%q): %v, want %s", tt.domain, err, allmenning.ENOTFOUND)
				}
				continue
			}
			if err != nil {
				t.Errorf("FindMunicipalityByDomain(%q): %v", tt.domain, err)
			} else if m.Number != tt.want {
				t.Errorf("FindMunicipalityByDomain(%q) = %s, want %s", tt.domain, m.Number, tt.want)
			}
		}
	})
}

// Syncing again updates names and facts, adds nothing twice, keeps domains
// added by admins and never moves a taken domain.
func TestSyncMunicipalitiesAgain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001")
		if err := db.AddDomain(ctx, "5001", "trondheim.no"); err != nil {
			t.Fatal(err)
		}
		list, err := kommune.List()
		if err != nil {
			t.Fatal(err)
		}
		for i := range list {
			switch list[i].Number {
			case "5001":
				list[i].Name = "Trondheim (endret)"
				list[i].Population = 1
				list[i].Domains = []string{"trondheim.kommune.no", "nytt-trondheim.no"}
			case "5031": // Malvik claims a domain Trondheim holds
				list[i].Domains = append(list[i].Domains, "trondheim.no")
			}
		}
		list = append(list, allmenning.Municipality{
			Number: "5099", Kind: allmenning.KindMunicipality, Name: "Nykommune", County: "50", Domains: []string{"nykommune.no"},
		})
		for range 2 {
			if err := db.SyncMunicipalities(ctx, list); err != nil {
				t.Fatal(err)
			}
		}
		all, err := db.FindMunicipalities(ctx, allmenning.MunicipalityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 373 {
			t.Errorf("%d municipalities after sync, want 373", len(all))
		}
		m, err := db.FindMunicipalityByNumber(ctx, "5001")
		if err != nil {
			t.Fatal(err)
		}
		if m.Name != "Trondheim (endret)" || m.Population != 1 {
			t.Errorf("Trondheim after sync: %q, population %d", m.Name, m.Population)
		}
		if want := []string{"nytt-trondheim.no", "trondheim.kommune.no", "trondheim.no"}; !slices.Equal(m.Domains, want) {
			t.Errorf("Trondheim domains %v, want %v", m.Domains, want)
		}
		if m.Members != 1 {
			t.Errorf("Trondheim has %d members after sync, want 1", m.Members)
		}
		malvik, err := db.FindMunicipalityByNumber(ctx, "5031")
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"malvik.kommune.no"}; !slices.Equal(malvik.Domains, want) {
			t.Errorf("Malvik domains %v, want %v", malvik.Domains, want)
		}
		n, err := db.FindMunicipalityByDomain(ctx, "nykommune.no")
		if err != nil || n.Number != "5099" || n.CountyName != "Trøndelag" {
			t.Errorf("new municipality: %+v, %v", n, err)
		}
	})
}

func TestMunicipalityMemberCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		mustMember(t, db, "a@trondheim.kommune.no", "Anne Aune", "5001")
		mustMember(t, db, "b@trondheim.kommune.no", "Bjørn Bakke", "5001")
		mustMember(t, db, "c@malvik.kommune.no", "Cato Celius", "5031")
		mustMember(t, db, "d@trondelagfylke.no", "Dina Dahl", "50")
		want := map[string]int{"5001": 2, "5031": 1, "50": 1, "0301": 0}
		for number, n := range want {
			m, err := db.FindMunicipalityByNumber(ctx, number)
			if err != nil {
				t.Fatal(err)
			}
			if m.Members != n {
				t.Errorf("%s has %d members, want %d", number, m.Members, n)
			}
		}
		list, err := db.FindMunicipalities(ctx, allmenning.MunicipalityFilter{County: "50"})
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, m := range list {
			if m.Members != want[m.Number] {
				t.Errorf("list: %s has %d members, want %d", m.Number, m.Members, want[m.Number])
			}
			sum += m.Members
		}
		if sum != 4 {
			t.Errorf("Trøndelag has %d members in all, want 4", sum)
		}
		m, err := db.FindMunicipalityByDomain(ctx, "trondheim.kommune.no")
		if err != nil || m.Members != 2 {
			t.Errorf("by domain: %+v, %v", m, err)
		}
	})
}

// The counts are cached, and a member who joins on another node is counted
// by the next read on this one.
func TestMunicipalityMemberCountsFollowNewMembers(t *testing.T) {
	dbtest.EachNodes(t, func(t *testing.T, db, other *store.DB) {
		mustMember(t, db, "a@trondheim.kommune.no", "Anne Aune", "5001")
		for i, want := range []int{1, 2, 3} {
			if i > 0 {
				mustMember(t, other, fmt.Sprintf("n%d@trondheim.kommune.no", i), fmt.Sprintf("Ny Person %d", i), "5001")
			}
			m, err := db.FindMunicipalityByNumber(ctx, "5001")
			if err != nil || m.Members != want {
				t.Errorf("after %d new members: %d members, %v; want %d", i, m.Members, err, want)
			}
			list, err := db.FindMunicipalities(ctx, allmenning.MunicipalityFilter{County: "50"})
			if err != nil || list[slices.IndexFunc(list, func(m *allmenning.Municipality) bool { return m.Number == "5001" })].Members != want {
				t.Errorf("list after %d new members: %v", i, err)
			}
		}
	})
}

func TestAddDomain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		tests := []struct {
			name, number, domain string
			code, field, message string
			stored               string // the normalised domain when added
		}{
			{"plain", "5001", "trondheim.no", "", "", "", "trondheim.no"},
			{"normalised", "5001", " Trd.Kommune.NO. ", "", "", "", "trd.kommune.no"},
			{"at sign", "5001", "@postmottak-trondheim.no", "", "", "", "postmottak-trondheim.no"},
			{"norwegian letters", "3201", "bærum.no", "", "", "", "bærum.no"},
			{"county", "50", "tfk.no", "", "", "", "tfk.no"},
			{"no dot", "5001", "localhost", allmenning.EINVALID, "domain", "error.domain.invalid", ""},
			{"spaces", "5001", "not a domain.no", allmenning.EINVALID, "domain", "error.domain.invalid", ""},
			{"empty label", "5001", "a..no", allmenning.EINVALID, "domain", "error.domain.invalid", ""},
			{"leading hyphen", "5001", "-bad.no", allmenning.EINVALID, "domain", "error.domain.invalid", ""},
			{"underscore", "5001", "bad_name.no", allmenning.EINVALID, "domain", "error.domain.invalid", ""},
			{"address", "5001", "post@trondheim.no", allmenning.EINVALID, "domain", "error.domain.invalid", ""},
			{"empty", "5001", "", allmenning.EINVALID, "domain", "error.domain.invalid", ""},
			{"taken by other", "5001", "oslo.kommune.no", allmenning.ECONFLICT, "domain", "error.domain.taken", ""},
			{"taken by self", "5001", "trondheim.kommune.no", allmenning.ECONFLICT, "domain", "error.domain.taken", ""},
			{"taken, other case", "0301", "TRONDHEIM.NO", allmenning.ECONFLICT, "domain", "error.domain.taken", ""},
			{"unknown municipality", "9999", "ukjent.no", allmenning.ENOTFOUND, "", "", ""},
		}
		for _, tt := range tests {
			err := db.AddDomain(ctx, tt.number, tt.domain)
			if tt.code != "" {
				if err == nil {
					t.Errorf("%s: AddDomain(%s, %q) succeeded, want %s", tt.name, tt.number, tt.domain, tt.code)
					continue
				}
				if allmenning.ErrorCode(err) != tt.code || tt.field != "" && allmenning.Fields(err)[tt.field] != tt.message {
					t.Errorf("%s: AddDomain(%s, %q) = %v, want %s with %s=%s", tt.name, tt.number, tt.domain, err, tt.code, tt.field, tt.message)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: AddDomain(%s, %q): %v", tt.name, tt.number, tt.domain, err)
				continue
			}
			m, err := db.FindMunicipalityByDomain(ctx, tt.stored)
			if err != nil || m.Number != tt.number {
				t.Errorf("%s: domain %q belongs to %v (%v), want %s", tt.name, tt.stored, m, err, tt.number)
			}
		}
		m, err := db.FindMunicipalityByNumber(ctx, "5001")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"postmottak-trondheim.no", "trd.kommune.no", "trondheim.kommune.no", "trondheim.no"}
		if !slices.Equal(m.Domains, want) {
			t.Errorf("Trondheim domains %v, want %v", m.Domains, want)
		}
		if _, err := db.FindMunicipalityByDomain(ctx, "ukjent.no"); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("domain of unknown municipality stored: %v", err)
		}
	})
}

func TestRemoveDomain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.AddDomain(ctx, "5001", "trondheim.no"); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, number, domain string
			code                 string
		}{
			{"other municipality's domain", "5001", "oslo.kommune.no", allmenning.ENOTFOUND},
			{"unknown domain", "5001", "ukjent.no", allmenning.ENOTFOUND},
			{"unknown municipality", "9999", "trondheim.no", allmenning.ENOTFOUND},
			{"added domain", "5001", "trondheim.no", ""},
			{"again", "5001", "trondheim.no", allmenning.ENOTFOUND},
			{"usual domain, other case", "5001", "Trondheim.Kommune.NO", ""},
			{"surrounding space", "4601", " bergen.kommune.no ", ""},
		}
		for _, tt := range tests {
			err := db.RemoveDomain(ctx, tt.number, tt.domain)
			if got := allmenning.ErrorCode(err); got != tt.code {
				t.Errorf("%s: RemoveDomain(%s, %q) = %v, want code %q", tt.name, tt.number, tt.domain, err, tt.code)
			}
		}
		for _, d := range []string{"trondheim.no", "trondheim.kommune.no", "bergen.kommune.no"} {
			if _, err := db.FindMunicipalityByDomain(ctx, d); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
				t.Errorf("%s still known after removal: %v", d, err)
			}
		}
		if m, err := db.FindMunicipalityByDomain(ctx, "oslo.kommune.no"); err != nil || m.Number != "0301" {
			t.Errorf("oslo.kommune.no: %v, %v", m, err)
		}
		m, err := db.FindMunicipalityByNumber(ctx, "5001")
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Domains) != 0 {
			t.Errorf("Trondheim still has domains %v", m.Domains)
		}
		// A removed domain can be given to another municipality.
		if err := db.AddDomain(ctx, "5031", "trondheim.kommune.no"); err != nil {
			t.Errorf("re-adding a removed domain elsewhere: %v", err)
		}
	})
}
