package allmenning

import (
	"testing"
	"time"
)

func TestAuthorize(t *testing.T) {
	member := &Member{ID: 1, Municipality: "5001", Status: StatusActive}
	other := &Member{ID: 2, Municipality: "0301", Status: StatusActive}
	admin := &Member{ID: 3, Municipality: "5001", Status: StatusActive, Roles: []Grant{{Role: RoleMunicipalityAdmin, Municipality: "5001"}}}
	moderator := &Member{ID: 4, Municipality: "0301", Status: StatusActive, Roles: []Grant{{Role: RoleModerator}}}
	operator := &Member{ID: 5, Municipality: "0301", Status: StatusActive, Roles: []Grant{{Role: RoleOperator}}}
	suspended := &Member{ID: 6, Municipality: "5001", Status: StatusSuspended}

	private := &Thread{ID: 10, AuthorID: 1, Municipality: "5001", Visibility: VisMunicipality}
	public := &Thread{ID: 11, AuthorID: 1, Municipality: "5001", Visibility: VisPublic}
	membersOnly := &Thread{ID: 12, AuthorID: 1, Municipality: "5001", Visibility: VisMembers}

	tests := []struct {
		name   string
		actor  *Member
		action Action
		target Target
		want   string // "" for allowed, else the error code
	}{
		{"anyone views municipalities", nil, ActViewMunicipals, Target{}, ""},
		{"anonymous directory", nil, ActViewDirectory, Target{}, EUNAUTHORIZED},
		{"member directory", member, ActViewDirectory, Target{}, ""},
		{"suspended directory", suspended, ActViewDirectory, Target{}, EFORBIDDEN},
		{"own profile", member, ActEditProfile, Target{Member: member}, ""},
		{"other's profile", member, ActEditProfile, Target{Member: other}, EFORBIDDEN},
		{"operator edits profile", operator, ActEditProfile, Target{Member: member}, ""},
		{"own tokens", member, ActManageTokens, Target{Member: member}, ""},
		{"operator cannot see other's tokens", operator, ActManageTokens, Target{Member: member}, EFORBIDDEN},
		{"member admin page", member, ActViewAdmin, Target{}, EFORBIDDEN},
		{"moderator admin page", moderator, ActViewAdmin, Target{}, EFORBIDDEN},
		{"municipality admin page", admin, ActViewAdmin, Target{}, ""},
		{"operator grants moderator", operator, ActManageRole, Target{Member: member, Role: RoleModerator}, ""},
		{"admin grants admin in own municipality", admin, ActManageRole, Target{Member: member, Municipality: "5001", Role: RoleMunicipalityAdmin}, ""},
		{"admin grants admin for other municipality", admin, ActManageRole, Target{Member: other, Municipality: "0301", Role: RoleMunicipalityAdmin}, EFORBIDDEN},
		{"admin grants admin of own municipality to outsider", admin, ActManageRole, Target{Member: other, Municipality: "5001", Role: RoleMunicipalityAdmin}, EFORBIDDEN},
		{"admin grants moderator", admin, ActManageRole, Target{Member: member, Role: RoleModerator}, EFORBIDDEN},
		{"member grants", member, ActManageRole, Target{Member: member, Role: RoleOperator}, EFORBIDDEN},
		{"admin manages own domains", admin, ActManageDomains, Target{Municipality: "5001"}, ""},
		{"admin manages other domains", admin, ActManageDomains, Target{Municipality: "0301"}, EFORBIDDEN},
		{"operator manages domains", operator, ActManageDomains, Target{Municipality: "5001"}, ""},
		{"anonymous public thread", nil, ActViewThread, Target{Thread: public}, ""},
		{"anonymous members thread", nil, ActViewThread, Target{Thread: membersOnly}, EUNAUTHORIZED},
		{"same municipality private", member, ActViewThread, Target{Thread: private}, ""},
		{"other municipality private", other, ActViewThread, Target{Thread: private}, ENOTFOUND},
		{"operator private elsewhere", operator, ActViewThread, Target{Thread: private}, ENOTFOUND},
		{"other replies private", other, ActReply, Target{Thread: private}, ENOTFOUND},
		{"anonymous replies public", nil, ActReply, Target{Thread: public}, EUNAUTHORIZED},
		{"member replies", other, ActReply, Target{Thread: membersOnly}, ""},
		{"author edits", member, ActEditPost, Target{Thread: membersOnly, AuthorID: 1}, ""},
		{"other edits", other, ActEditPost, Target{Thread: membersOnly, AuthorID: 1}, EFORBIDDEN},
		{"moderator edits", moderator, ActEditPost, Target{Thread: membersOnly, AuthorID: 1}, ""},
		{"author deletes", member, ActDeletePost, Target{AuthorID: 1}, ""},
		{"author restores", member, ActRestorePost, Target{Thread: membersOnly}, EFORBIDDEN},
		{"moderator restores", moderator, ActRestorePost, Target{Thread: membersOnly}, ""},
		{"like own", member, ActLike, Target{AuthorID: 1}, EFORBIDDEN},
		{"like other's", other, ActLike, Target{AuthorID: 1}, ""},
		{"anonymous like", nil, ActLike, Target{AuthorID: 1}, EUNAUTHORIZED},
		{"member manages areas", moderator, ActManageAreas, Target{}, EFORBIDDEN},
		{"operator manages tags", operator, ActManageTags, Target{}, ""},
	}
	for _, tt := range tests {
		err := Authorize(tt.actor, tt.action, tt.target)
		if got := ErrorCode(err); got != tt.want {
			t.Errorf("%s: Authorize = %q (%v), want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestDeletedThreadOnlyForModerators(t *testing.T) {
	now := Thread{ID: 1, AuthorID: 1, Municipality: "5001", Visibility: VisPublic}
	deleted := now
	when := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	deleted.DeletedAt = &when
	member := &Member{ID: 1, Municipality: "5001", Status: StatusActive}
	moderator := &Member{ID: 2, Municipality: "0301", Status: StatusActive, Roles: []Grant{{Role: RoleModerator}}}
	if ErrorCode(Authorize(member, ActViewThread, Target{Thread: &deleted})) != ENOTFOUND {
		t.Error("the author still sees a deleted thread")
	}
	if err := Authorize(moderator, ActViewThread, Target{Thread: &deleted}); err != nil {
		t.Errorf("moderator cannot see a deleted thread: %v", err)
	}
	if ErrorCode(Authorize(member, ActReply, Target{Thread: &deleted})) != ENOTFOUND {
		t.Error("a deleted thread takes replies")
	}
}

func TestValidation(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		fields []string
	}{
		{"short password", (&AccountSetup{Name: "Kari", Password: "kort", PasswordConfirm: "kort"}).Validate(false), []string{"password"}},
		{"mismatch", (&AccountSetup{Name: "Kari", Password: "langt passord", PasswordConfirm: "langt passorD"}).Validate(false), []string{"password_confirm"}},
		{"needs municipality", (&AccountSetup{Name: "Kari", Password: "langt passord", PasswordConfirm: "langt passord"}).Validate(true), []string{"municipality"}},
		{"ok setup", (&AccountSetup{Name: "Kari Nordmann", Password: "langt passord", PasswordConfirm: "langt passord"}).Validate(false), nil},
		{"bad email", (&Registration{Email: "kari@"}).Validate(), []string{"email"}},
		{"empty email", (&Registration{Email: "  "}).Validate(), []string{"email"}},
		{"ok email", (&Registration{Email: " Kari@Trondheim.Kommune.no "}).Validate(), nil},
		{"profile empty name", (&ProfileUpdate{Name: " ", Language: "nb"}).Validate(), []string{"name"}},
		{"profile bad language", (&ProfileUpdate{Name: "Kari", Language: "de"}).Validate(), []string{"language"}},
		{"thread short title", (&NewThread{Title: "Hei", Body: "tekst", Area: "etikk"}).Validate(), []string{"title"}},
		{"thread no body no area", (&NewThread{Title: "Et godt spørsmål"}).Validate(), []string{"body", "area"}},
		{"thread bad visibility", (&NewThread{Title: "Et godt spørsmål", Body: "x", Area: "etikk", Visibility: "alle"}).Validate(), []string{"visibility"}},
		{"thread ok", (&NewThread{Title: "Et godt spørsmål", Body: "x", Area: "etikk"}).Validate(), nil},
		{"reply empty", (&NewReply{Body: "  \n"}).Validate(), []string{"body"}},
		{"area bad slug", (&NewArea{Name: "Ny", Slug: "Ny Slug"}).Validate(), []string{"slug"}},
	}
	for _, tt := range tests {
		got := Fields(tt.err)
		if len(got) != len(tt.fields) {
			t.Errorf("%s: fields %v, want %v", tt.name, got, tt.fields)
			continue
		}
		for _, f := range tt.fields {
			if got[f] == "" {
				t.Errorf("%s: no error for %q in %v", tt.name, f, got)
			}
		}
	}
	r := Registration{Email: " Kari@Trondheim.Kommune.no "}
	r.Validate()
	if r.Email != "kari@trondheim.kommune.no" {
		t.Errorf("email normalised to %q", r.Email)
	}
	u := ProfileUpdate{Name: "Kari", Language: "nb", Competences: []string{"Beredskap, sosiale  medier", "beredskap", ""}}
	u.Validate()
	if len(u.Competences) != 2 || u.Competences[0] != "beredskap" || u.Competences[1] != "sosiale medier" {
		t.Errorf("competences normalised to %q", u.Competences)
	}
}
