package allmenning

import "testing"

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Krisehåndtering":            "krisehandtering",
		"Hvorfor sosiale medier?":    "hvorfor-sosiale-medier",
		"17. mai":                    "17-mai",
		"Ánne ØSTBY":                 "anne-ostby",
		"  Kildekode og samarbeid  ": "kildekode-og-samarbeid",
		"Barn og unge / Minoritet":   "barn-og-unge-minoritet",
		"Ærlig talt":                 "aerlig-talt",
	}
	for in, want := range tests {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanSee(t *testing.T) {
	trondheim := &Member{ID: 1, Municipality: "5001", Status: StatusActive}
	oslo := &Member{ID: 2, Municipality: "0301", Status: StatusActive}
	suspended := &Member{ID: 3, Municipality: "5001", Status: StatusSuspended}
	operator := &Member{ID: 4, Municipality: "0301", Status: StatusActive, Roles: []Grant{{Role: RoleOperator}}}
	tests := []struct {
		name   string
		viewer *Member
		vis    Visibility
		want   bool
	}{
		{"anonymous public", nil, VisPublic, true},
		{"anonymous members", nil, VisMembers, false},
		{"anonymous municipality", nil, VisMunicipality, false},
		{"member members", oslo, VisMembers, true},
		{"same municipality", trondheim, VisMunicipality, true},
		{"other municipality", oslo, VisMunicipality, false},
		{"operator of other municipality", operator, VisMunicipality, false},
		{"suspended same municipality", suspended, VisMunicipality, false},
		{"suspended members", suspended, VisMembers, false},
		{"unknown visibility", trondheim, Visibility("alle"), false},
	}
	for _, tt := range tests {
		if got := CanSee(tt.viewer, tt.vis, "5001"); got != tt.want {
			t.Errorf("%s: CanSee = %v, want %v", tt.name, got, tt.want)
		}
	}
}
