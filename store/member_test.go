package store_test

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

func TestCreateMember(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		before := time.Now().Add(-time.Second)
		m, err := db.CreateMember(ctx, allmenning.NewMember{
			Email:        "  Kari.Nordmann@Trondheim.Kommune.NO ",
			Name:         "  Kari   Nordmann ",
			Municipality: "5001",
			PasswordHash: "hash1",
			JobTitle:     "Arkivar",
			Bio:          "Jobber med arkiv.",
			Competences:  []string{"Arkiv, Saksbehandling", "arkiv", "  Noark   5 "},
		})
		if err != nil {
			t.Fatal(err)
		}
		if m.ID == 0 || m.Email != "kari.nordmann@trondheim.kommune.no" || m.Name != "Kari Nordmann" ||
			m.Municipality != "5001" || m.MunicipalityName != "Trondheim" || m.JobTitle != "Arkivar" ||
			m.Bio != "Jobber med arkiv." || m.Language != "nb" || m.Status != allmenning.StatusActive {
			t.Errorf("created member = %+v", m)
		}
		if want := []string{"arkiv", "saksbehandling", "noark 5"}; !slices.Equal(m.Competences, want) {
			t.Errorf("competences %q, want %q", m.Competences, want)
		}
		if m.Roles == nil || len(m.Roles) != 0 {
			t.Errorf("roles %#v, want empty", m.Roles)
		}
		if m.CreatedAt.Before(before) || m.CreatedAt.After(time.Now().Add(time.Second)) {
			t.Errorf("created at %v, want about now", m.CreatedAt)
		}

		for _, find := range []struct {
			name string
			fn   func() (*allmenning.Member, error)
		}{
			{"by id", func() (*allmenning.Member, error) { return db.FindMemberByID(ctx, m.ID) }},
			{"by e-mail", func() (*allmenning.Member, error) {
				return db.FindMemberByEmail(ctx, "kari.nordmann@trondheim.kommune.no")
			}},
			{"by e-mail, other case", func() (*allmenning.Member, error) {
				return db.FindMemberByEmail(ctx, " KARI.NORDMANN@trondheim.kommune.no")
			}},
		} {
			got, err := find.fn()
			if err != nil {
				t.Errorf("%s: %v", find.name, err)
				continue
			}
			if got.ID != m.ID || got.Email != m.Email || got.Name != m.Name || got.MunicipalityName != "Trondheim" ||
				!slices.Equal(got.Competences, m.Competences) || !sameTime(got.CreatedAt, m.CreatedAt) {
				t.Errorf("%s = %+v, want %+v", find.name, got, m)
			}
		}
		if h, err := db.FindPasswordHash(ctx, m.ID); err != nil || h != "hash1" {
			t.Errorf("password hash = %q, %v", h, err)
		}
		if err := db.SetPassword(ctx, m.ID, "hash2"); err != nil {
			t.Fatal(err)
		}
		if h, err := db.FindPasswordHash(ctx, m.ID); err != nil || h != "hash2" {
			t.Errorf("password hash after SetPassword = %q, %v", h, err)
		}

		_, err = db.FindMemberByID(ctx, m.ID+1000)
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
		_, err = db.FindMemberByEmail(ctx, "ola@trondheim.kommune.no")
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
		_, err = db.FindPasswordHash(ctx, m.ID+1000)
		wantCode(t, err, allmenning.ENOTFOUND, "", "")
	})
}

func TestCreateMemberErrors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001")
		tests := []struct {
			name                 string
			n                    allmenning.NewMember
			code, field, message string
		}{
			{"duplicate e-mail", allmenning.NewMember{Email: "kari@trondheim.kommune.no", Name: "Kari To", Municipality: "5001"},
				allmenning.ECONFLICT, "email", "error.email.taken"},
			{"duplicate e-mail, other case", allmenning.NewMember{Email: "KARI@Trondheim.kommune.no", Name: "Kari To", Municipality: "0301"},
				allmenning.ECONFLICT, "email", "error.email.taken"},
			{"unknown municipality", allmenning.NewMember{Email: "ola@trondheim.kommune.no", Name: "Ola Nordmann", Municipality: "9999"},
				allmenning.EINVALID, "municipality", "error.municipality.not_found"},
			{"no municipality", allmenning.NewMember{Email: "ola@trondheim.kommune.no", Name: "Ola Nordmann"},
				allmenning.EINVALID, "municipality", "error.municipality.required"},
			{"invalid e-mail", allmenning.NewMember{Email: "ola", Name: "Ola Nordmann", Municipality: "5001"},
				allmenning.EINVALID, "email", "error.email.invalid"},
			{"no name", allmenning.NewMember{Email: "ola@trondheim.kommune.no", Name: "   ", Municipality: "5001"},
				allmenning.EINVALID, "name", "error.name.required"},
			{"invalid language", allmenning.NewMember{Email: "ola@trondheim.kommune.no", Name: "Ola Nordmann", Municipality: "5001", Language: "sv"},
				allmenning.EINVALID, "language", "error.language.invalid"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.CreateMember(ctx, tt.n)
				wantCode(t, err, tt.code, tt.field, tt.message)
			})
		}
		// None of the failures left anything behind.
		_, total, err := db.FindMembers(ctx, allmenning.MemberFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 {
			t.Errorf("%d members after failed creations, want 1", total)
		}
		if _, err := db.FindMemberByEmail(ctx, "ola@trondheim.kommune.no"); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("failed member stored: %v", err)
		}
		// The same address at once from several requests: exactly one wins.
		var wg sync.WaitGroup
		results := make(chan error, 5)
		for i := range 5 {
			wg.Go(func() {
				_, err := db.CreateMember(ctx, allmenning.NewMember{Email: "samtidig@bergen.kommune.no", Name: fmt.Sprintf("Samtidig %d", i), Municipality: "4601"})
				results <- err
			})
		}
		wg.Wait()
		close(results)
		created := 0
		for err := range results {
			if err == nil {
				created++
			} else if allmenning.ErrorCode(err) != allmenning.ECONFLICT {
				t.Errorf("concurrent duplicate: %v, want %s", err, allmenning.ECONFLICT)
			}
		}
		if created != 1 {
			t.Errorf("%d concurrent creations with one address succeeded, want 1", created)
		}
	})
}

// directory creates members for the directory tests and returns them by e-mail.
func directory(t *testing.T, db *store.DB) map[string]*allmenning.Member {
	t.Helper()
	people := []struct {
		email, name, municipality, jobTitle string
		competences                         []string
	}{
		{"ase@trondheim.kommune.no", "Åse Ødegård", "5001", "Rådgiver", []string{"Økonomi", "Arkiv"}},
		{"per@trondheim.kommune.no", "Per Hansen", "5001", "Rådgiver", []string{"GIS", "kart og oppmåling"}},
		{"bjorn@trondheim.kommune.no", "Bjørn Dahl", "5001", "Saksbehandler", []string{"byggesak"}},
		{"oystein@oslo.kommune.no", "Øystein Berg", "0301", "Jurist", []string{"Personvern", "arkiv"}},
		{"mari@malvik.kommune.no", "Mari Moe", "5031", "Sjef", []string{"ØKONOMI"}},
		{"anne@bergen.kommune.no", "Anne Lie", "4601", "Arkivleder", nil},
		{"trine@trondelagfylke.no", "Trine Tangen", "50", "", []string{"vei"}},
	}
	byEmail := map[string]*allmenning.Member{}
	for _, p := range people {
		m, err := db.CreateMember(ctx, allmenning.NewMember{
			Email: p.email, Name: p.name, Municipality: p.municipality, JobTitle: p.jobTitle, Competences: p.competences,
		})
		if err != nil {
			t.Fatal(err)
		}
		byEmail[p.email] = m
	}
	return byEmail
}

func emailsOf(list []*allmenning.Member) []string {
	out := []string{}
	for _, m := range list {
		out = append(out, m.Email)
	}
	return out
}

func TestFindMembersFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		people := directory(t, db)
		tests := []struct {
			name   string
			filter allmenning.MemberFilter
			want   []string // e-mails; compared as sets, since names with Å and Ø sort by collation
		}{
			{"all", allmenning.MemberFilter{}, []string{"ase@trondheim.kommune.no", "per@trondheim.kommune.no", "bjorn@trondheim.kommune.no",
				"oystein@oslo.kommune.no", "mari@malvik.kommune.no", "anne@bergen.kommune.no", "trine@trondelagfylke.no"}},
			{"municipality", allmenning.MemberFilter{Municipality: "5001"}, []string{"ase@trondheim.kommune.no", "per@trondheim.kommune.no", "bjorn@trondheim.kommune.no"}},
			{"municipality without members", allmenning.MemberFilter{Municipality: "1103"}, nil},
			{"county", allmenning.MemberFilter{County: "50"}, []string{"ase@trondheim.kommune.no", "per@trondheim.kommune.no",
				"bjorn@trondheim.kommune.no", "mari@malvik.kommune.no", "trine@trondelagfylke.no"}},
			{"county of Oslo", allmenning.MemberFilter{County: "03"}, []string{"oystein@oslo.kommune.no"}},
			{"name", allmenning.MemberFilter{Query: "hansen"}, []string{"per@trondheim.kommune.no"}},
			{"name, capitals", allmenning.MemberFilter{Query: "HANSEN"}, []string{"per@trondheim.kommune.no"}},
			{"name with Ø", allmenning.MemberFilter{Query: "Ødegård"}, []string{"ase@trondheim.kommune.no"}},
			{"name with Ø, capitals", allmenning.MemberFilter{Query: "ØDEGÅRD"}, []string{"ase@trondheim.kommune.no"}},
			{"name with ø, lower case", allmenning.MemberFilter{Query: "øystein"}, []string{"oystein@oslo.kommune.no"}},
			{"first name with Å", allmenning.MemberFilter{Query: "ÅSE"}, []string{"ase@trondheim.kommune.no"}},
			{"part of a name", allmenning.MemberFilter{Query: "bjø"}, []string{"bjorn@trondheim.kommune.no"}},
			{"competence", allmenning.MemberFilter{Query: "gis"}, []string{"per@trondheim.kommune.no"}},
			{"competence, any case", allmenning.MemberFilter{Query: "Økonomi"}, []string{"ase@trondheim.kommune.no", "mari@malvik.kommune.no"}},
			{"competence, lower case", allmenning.MemberFilter{Query: "økonomi"}, []string{"ase@trondheim.kommune.no", "mari@malvik.kommune.no"}},
			{"competence of several words", allmenning.MemberFilter{Query: "oppmåling"}, []string{"per@trondheim.kommune.no"}},
			{"job title", allmenning.MemberFilter{Query: "rådgiver"}, []string{"ase@trondheim.kommune.no", "per@trondheim.kommune.no"}},
			{"competence and job title", allmenning.MemberFilter{Query: "arkiv"}, []string{"ase@trondheim.kommune.no", "oystein@oslo.kommune.no", "anne@bergen.kommune.no"}},
			{"every word must match", allmenning.MemberFilter{Query: "  rådgiver   GIS "}, []string{"per@trondheim.kommune.no"}},
			{"words match in any field", allmenning.MemberFilter{Query: "per kart"}, []string{"per@trondheim.kommune.no"}},
			{"no match", allmenning.MemberFilter{Query: "brannvesen"}, nil},
			{"words that match different people", allmenning.MemberFilter{Query: "hansen personvern"}, nil},
			{"e-mail is not searched", allmenning.MemberFilter{Query: "kommune.no"}, nil},
			{"query and municipality", allmenning.MemberFilter{Query: "arkiv", Municipality: "0301"}, []string{"oystein@oslo.kommune.no"}},
			{"query and county", allmenning.MemberFilter{Query: "økonomi", County: "50"}, []string{"ase@trondheim.kommune.no", "mari@malvik.kommune.no"}},
			{"query and other county", allmenning.MemberFilter{Query: "økonomi", County: "46"}, nil},
			{"LIKE wildcard is literal", allmenning.MemberFilter{Query: "h_nsen"}, nil},
			{"blank query", allmenning.MemberFilter{Query: "   ", Municipality: "0301"}, []string{"oystein@oslo.kommune.no"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, total, err := db.FindMembers(ctx, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				got := emailsOf(list)
				want := slices.Clone(tt.want)
				if want == nil {
					want = []string{}
				}
				sort.Strings(got)
				sort.Strings(want)
				if !slices.Equal(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
				if total != len(want) {
					t.Errorf("total %d, want %d", total, len(want))
				}
				for _, m := range list {
					p := people[m.Email]
					if !slices.Equal(m.Competences, p.Competences) || m.MunicipalityName != p.MunicipalityName || m.Roles == nil {
						t.Errorf("%s listed as %+v, want %+v", m.Email, m, p)
					}
				}
			})
		}
	})
}

func TestFindMembersPaging(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		// Names starting with plain letters, so that every collation orders them alike.
		names := []string{"Eirik Eide", "Berit Berg", "Dag Dahl", "Anna Aas", "Cecilie Carlsen", "Dag Dahl"}
		var ids []int64
		for i, name := range names {
			m := mustMember(t, db, fmt.Sprintf("p%d@stavanger.kommune.no", i), name, "1103", "plan")
			ids = append(ids, m.ID)
		}
		mustMember(t, db, "x@sandnes.kommune.no", "Aaron Andersen", "1108", "plan")
		byName := []string{"Anna Aas", "Berit Berg", "Cecilie Carlsen", "Dag Dahl", "Dag Dahl", "Eirik Eide"}
		tests := []struct {
			offset, limit int
			want          []string
		}{
			{0, 2, byName[0:2]},
			{2, 2, byName[2:4]},
			{4, 2, byName[4:6]},
			{5, 2, byName[5:6]},
			{6, 2, []string{}},
			{100, 10, []string{}},
			{0, 0, byName},      // no limit: the default page
			{-3, 3, byName[:3]}, // a negative offset is the start
			{0, 1000, byName},   // too large a limit: the default page
		}
		for _, tt := range tests {
			list, total, err := db.FindMembers(ctx, allmenning.MemberFilter{Municipality: "1103", Offset: tt.offset, Limit: tt.limit})
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, m := range list {
				got = append(got, m.Name)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("offset %d limit %d: %v, want %v", tt.offset, tt.limit, got, tt.want)
			}
			if total != len(names) {
				t.Errorf("offset %d limit %d: total %d, want %d", tt.offset, tt.limit, total, len(names))
			}
		}
		// Equal names are ordered by id, so pages neither repeat nor skip anyone.
		first, _, _ := db.FindMembers(ctx, allmenning.MemberFilter{Municipality: "1103", Offset: 3, Limit: 1})
		second, _, _ := db.FindMembers(ctx, allmenning.MemberFilter{Municipality: "1103", Offset: 4, Limit: 1})
		if len(first) != 1 || len(second) != 1 || first[0].ID != ids[2] || second[0].ID != ids[5] {
			t.Errorf("equal names not ordered by id: %v, %v", first, second)
		}
		// Default page size is 50 and the total counts every match.
		for i := range 55 {
			mustMember(t, db, fmt.Sprintf("m%02d@haugesund.kommune.no", i), fmt.Sprintf("Medlem %02d", i), "1106")
		}
		list, total, err := db.FindMembers(ctx, allmenning.MemberFilter{County: "11"})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 50 || total != 62 {
			t.Errorf("county page: %d members, total %d, want 50 and 62", len(list), total)
		}
		list, total, err = db.FindMembers(ctx, allmenning.MemberFilter{County: "11", Offset: 50, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 12 || total != 62 {
			t.Errorf("county second page: %d members, total %d, want 12 and 62", len(list), total)
		}
	})
}

func TestUpdateProfile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		m := mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001", "arkiv", "gis")
		other := mustMember(t, db, "ola@trondheim.kommune.no", "Ola Nordmann", "5001", "arkiv")
		got, err := db.UpdateProfile(ctx, m.ID, allmenning.ProfileUpdate{
			Name: "  Kari   Ødegård ", JobTitle: " Arkivleder ", Bio: " Hei ", Competences: []string{"Personvern, Økonomi", "personvern"}, Language: "nn",
		})
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != m.ID || got.Name != "Kari Ødegård" || got.JobTitle != "Arkivleder" || got.Bio != "Hei" || got.Language != "nn" ||
			got.Email != m.Email || got.Municipality != "5001" || got.Status != allmenning.StatusActive || !sameTime(got.CreatedAt, m.CreatedAt) {
			t.Errorf("updated member = %+v", got)
		}
		if want := []string{"personvern", "økonomi"}; !slices.Equal(got.Competences, want) {
			t.Errorf("competences %q, want %q", got.Competences, want)
		}
		again, err := db.FindMemberByID(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.Name != got.Name || again.JobTitle != got.JobTitle || again.Bio != got.Bio || again.Language != got.Language ||
			!slices.Equal(again.Competences, got.Competences) {
			t.Errorf("stored member = %+v, want %+v", again, got)
		}
		// The directory search follows the profile.
		search := []struct {
			query string
			want  []int64
		}{
			{"ødegård", []int64{m.ID}},
			{"ØKONOMI", []int64{m.ID}},
			{"arkivleder", []int64{m.ID}},
			{"gis", nil},
			{"arkiv", []int64{m.ID, other.ID}}, // "arkivleder" contains "arkiv"
			{"kari nordmann", nil},
		}
		for _, s := range search {
			list, _, err := db.FindMembers(ctx, allmenning.MemberFilter{Query: s.query})
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, x := range list {
				ids = append(ids, x.ID)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, s.want) {
				t.Errorf("search %q after update: %v, want %v", s.query, ids, s.want)
			}
		}
		// Clearing competences.
		got, err = db.UpdateProfile(ctx, m.ID, allmenning.ProfileUpdate{Name: "Kari Ødegård", Language: "nb"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Competences) != 0 || got.JobTitle != "" {
			t.Errorf("after clearing: %+v", got)
		}
		// The other member is untouched.
		o, err := db.FindMemberByID(ctx, other.ID)
		if err != nil || o.Name != "Ola Nordmann" || !slices.Equal(o.Competences, []string{"arkiv"}) {
			t.Errorf("other member = %+v, %v", o, err)
		}

		errs := []struct {
			name                 string
			id                   int64
			u                    allmenning.ProfileUpdate
			code, field, message string
		}{
			{"no name", m.ID, allmenning.ProfileUpdate{Name: " ", Language: "nb"}, allmenning.EINVALID, "name", "error.name.required"},
			{"short name", m.ID, allmenning.ProfileUpdate{Name: "K", Language: "nb"}, allmenning.EINVALID, "name", "error.name.length"},
			{"language", m.ID, allmenning.ProfileUpdate{Name: "Kari", Language: "de"}, allmenning.EINVALID, "language", "error.language.invalid"},
			{"unknown member", m.ID + 1000, allmenning.ProfileUpdate{Name: "Kari", Language: "nb"}, allmenning.ENOTFOUND, "", ""},
		}
		for _, tt := range errs {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.UpdateProfile(ctx, tt.id, tt.u)
				wantCode(t, err, tt.code, tt.field, tt.message)
			})
		}
		if got, _ := db.FindMemberByID(ctx, m.ID); got.Name != "Kari Ødegård" {
			t.Errorf("failed updates changed the name to %q", got.Name)
		}
	})
}

func TestRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		m := mustMember(t, db, "kari@trondheim.kommune.no", "Kari Nordmann", "5001")
		other := mustMember(t, db, "ola@trondheim.kommune.no", "Ola Nordmann", "5001")
		op := allmenning.RoleOperator
		mod := allmenning.RoleModerator
		adm := allmenning.RoleMunicipalityAdmin
		steps := []struct {
			name   string
			grant  bool // else revoke
			g      allmenning.Grant
			code   string
			roles  []allmenning.Grant // the member's roles afterwards
			admins []string           // AdminOf is true for exactly these
		}{
			{"grant operator, municipality ignored", true, allmenning.Grant{Role: op, Municipality: "5001"}, "",
				[]allmenning.Grant{{Role: op}}, nil},
			{"grant operator again", true, allmenning.Grant{Role: op}, "",
				[]allmenning.Grant{{Role: op}}, nil},
			{"grant moderator", true, allmenning.Grant{Role: mod, Municipality: "0301"}, "",
				[]allmenning.Grant{{Role: mod}, {Role: op}}, nil},
			{"grant admin", true, allmenning.Grant{Role: adm, Municipality: "5001"}, "",
				[]allmenning.Grant{{Role: mod}, {Role: adm, Municipality: "5001"}, {Role: op}}, []string{"5001"}},
			{"grant admin of a second municipality", true, allmenning.Grant{Role: adm, Municipality: "50"}, "",
				[]allmenning.Grant{{Role: mod}, {Role: adm, Municipality: "50"}, {Role: adm, Municipality: "5001"}, {Role: op}}, []string{"5001", "50"}},
			{"grant admin again", true, allmenning.Grant{Role: adm, Municipality: "5001"}, "",
				[]allmenning.Grant{{Role: mod}, {Role: adm, Municipality: "50"}, {Role: adm, Municipality: "5001"}, {Role: op}}, []string{"5001", "50"}},
			{"grant admin of unknown municipality", true, allmenning.Grant{Role: adm, Municipality: "9999"}, allmenning.ENOTFOUND,
				[]allmenning.Grant{{Role: mod}, {Role: adm, Municipality: "50"}, {Role: adm, Municipality: "5001"}, {Role: op}}, []string{"5001", "50"}},
			{"grant admin of no municipality", true, allmenning.Grant{Role: adm}, allmenning.ENOTFOUND,
				[]allmenning.Grant{{Role: mod}, {Role: adm, Municipality: "50"}, {Role: adm, Municipality: "5001"}, {Role: op}}, []string{"5001", "50"}},
			{"revoke operator, municipality ignored", false, allmenning.Grant{Role: op, Municipality: "0301"}, "",
				[]allmenning.Grant{{Role: mod}, {Role: adm, Municipality: "50"}, {Role: adm, Municipality: "5001"}}, []string{"5001", "50"}},
			{"revoke operator again", false, allmenning.Grant{Role: op}, allmenning.ENOTFOUND,
				[]allmenning.Grant{{Role: mod}, {Role: adm, Municipality: "50"}, {Role: adm, Municipality: "5001"}}, []string{"5001", "50"}},
			{"revoke admin of another municipality", false, allmenning.Grant{Role: adm, Municipality: "0301"}, allmenning.ENOTFOUND,
				[]allmenning.Grant{{Role: mod}, {Role: adm, Municipality: "50"}, {Role: adm, Municipality: "5001"}}, []string{"5001", "50"}},
			{"revoke admin without municipality", false, allmenning.Grant{Role: adm}, allmenning.ENOTFOUND,
				[]allmenning.Grant{{Role: mod}, {Role: adm, Municipality: "50"}, {Role: adm, Municipality: "5001"}}, []string{"5001", "50"}},
			{"revoke admin", false, allmenning.Grant{Role: adm, Municipality: "5001"}, "",
				[]allmenning.Grant{{Role: mod}, {Role: adm, Municipality: "50"}}, []string{"50"}},
			{"revoke moderator", false, allmenning.Grant{Role: mod}, "",
				[]allmenning.Grant{{Role: adm, Municipality: "50"}}, []string{"50"}},
		}
		for _, s := range steps {
			var err error
			if s.grant {
				err = db.GrantRole(ctx, m.ID, s.g)
			} else {
				err = db.RevokeRole(ctx, m.ID, s.g)
			}
			if got := allmenning.ErrorCode(err); got != s.code {
				t.Fatalf("%s: %v, want code %q", s.name, err, s.code)
			}
			got, err := db.FindMemberByID(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Roles, s.roles) {
				t.Fatalf("%s: roles %v, want %v", s.name, got.Roles, s.roles)
			}
			for _, number := range []string{"5001", "50", "0301", ""} {
				if got.AdminOf(number) != slices.Contains(s.admins, number) {
					t.Fatalf("%s: AdminOf(%q) = %v", s.name, number, got.AdminOf(number))
				}
			}
		}
		// Roles are per member and show in the directory too.
		o, err := db.FindMemberByID(ctx, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Roles) != 0 {
			t.Errorf("other member has roles %v", o.Roles)
		}
		list, _, err := db.FindMembers(ctx, allmenning.MemberFilter{Municipality: "5001"})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range list {
			want := []allmenning.Grant{}
			if x.ID == m.ID {
				want = []allmenning.Grant{{Role: adm, Municipality: "50"}}
			}
			if !slices.Equal(x.Roles, want) {
				t.Errorf("directory: %s has roles %v, want %v", x.Email, x.Roles, want)
			}
		}
		if err := db.RevokeRole(ctx, other.ID, allmenning.Grant{Role: adm, Municipality: "50"}); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("revoking another member's role: %v", err)
		}
	})
}

// A municipality's list of members comes from the list cache, and every
// change to what it shows — made through another node — is in the next
// page: a job title, competences, a role, a new colleague. A caller that
// changes the members it got changes nothing for the next.
func TestMemberListCacheAcrossNodes(t *testing.T) {
	dbtest.EachNodes(t, func(t *testing.T, a, b *store.DB) {
		anne := mustMember(t, a, "anne@trondheim.kommune.no", "Anne Aune", "5001", "plan")
		mustMember(t, a, "berit@trondheim.kommune.no", "Berit Berg", "5001")
		mustMember(t, a, "ola@bergen.kommune.no", "Ola Olsen", "4601")
		page := func(step string) []*allmenning.Member {
			t.Helper()
			list, total, err := a.FindMembers(ctx, allmenning.MemberFilter{Municipality: "5001", Limit: 8})
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			if total != len(list) {
				t.Fatalf("%s: total %d for %d members", step, total, len(list))
			}
			return list
		}
		first := page("first")
		if len(first) != 2 || first[0].Name != "Anne Aune" || !slices.Equal(first[0].Competences, []string{"plan"}) {
			t.Fatalf("first page: %+v", first[0])
		}
		first[0].Name, first[0].Competences[0] = "Endret av kalleren", "endret"
		if got := page("after a caller's change")[0]; got.Name != "Anne Aune" || got.Competences[0] != "plan" {
			t.Fatalf("a caller's change reached the cache: %q %v", got.Name, got.Competences)
		}

		if _, err := b.UpdateProfile(ctx, anne.ID, allmenning.ProfileUpdate{Name: "Anne Aune", JobTitle: "Beredskapsleder",
			Competences: []string{"beredskap", "plan"}, Language: "nb"}); err != nil {
			t.Fatal(err)
		}
		if got := page("profile edited")[0]; got.JobTitle != "Beredskapsleder" || !slices.Equal(got.Competences, []string{"beredskap", "plan"}) {
			t.Errorf("after the edit on the other node: %q %v", got.JobTitle, got.Competences)
		}

		admin := allmenning.Grant{Role: allmenning.RoleMunicipalityAdmin, Municipality: "5001"}
		if err := b.GrantRole(ctx, anne.ID, admin); err != nil {
			t.Fatal(err)
		}
		if got := page("role granted")[0]; !slices.Equal(got.Roles, []allmenning.Grant{admin}) {
			t.Errorf("after the grant: roles %v", got.Roles)
		}
		if err := b.RevokeRole(ctx, anne.ID, admin); err != nil {
			t.Fatal(err)
		}
		if got := page("role revoked")[0]; len(got.Roles) != 0 {
			t.Errorf("after the revocation: roles %v", got.Roles)
		}

		mustMember(t, b, "aase@trondheim.kommune.no", "Aase Aasen", "5001")
		if got := page("new colleague"); len(got) != 3 || got[0].Name != "Aase Aasen" {
			t.Errorf("after a new member joined: %d members, first %q", len(got), got[0].Name)
		}
	})
}
