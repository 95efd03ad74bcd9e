package allmenning

import "testing"

func TestFollowRefValidate(t *testing.T) {
	tests := []struct {
		kind, ref string
		mute      bool
		field     string // the field with an error, "" for valid
	}{
		{"area", "etikk", false, ""},
		{"area", "12", false, ""},
		{"tag", "Jul", false, ""},
		{"thread", "7", false, ""},
		{"member", " 3 ", false, ""},
		{"thread", "abc", false, "id"},
		{"member", "-1", false, "id"},
		{"thread", "0", false, "id"},
		{"area", "", false, "id"},
		{"group", "1", false, "kind"},
		{"thread", "7", true, ""},
		{"member", "3", true, ""},
		{"area", "etikk", true, "kind"},
		{"tag", "jul", true, "kind"},
	}
	for _, tt := range tests {
		r := FollowRef{Kind: tt.kind, Ref: tt.ref}
		err := r.Validate(tt.mute)
		fields := Fields(err)
		if tt.field == "" && err != nil || tt.field != "" && fields[tt.field] == "" {
			t.Errorf("Validate(%q, %q, mute %v) = %v, want an error on %q", tt.kind, tt.ref, tt.mute, err, tt.field)
		}
	}
}

func TestAuthorizeFollow(t *testing.T) {
	active := &Member{ID: 1, Municipality: "5001", Status: StatusActive}
	outsider := &Member{ID: 2, Municipality: "0301", Status: StatusActive}
	suspended := &Member{ID: 3, Municipality: "5001", Status: StatusSuspended}
	muni := &Thread{ID: 9, Visibility: VisMunicipality, Municipality: "5001"}
	tests := []struct {
		who    *Member
		action Action
		thread *Thread
		want   string
	}{
		{active, ActFollow, nil, ""},
		{active, ActFollow, muni, ""},
		{outsider, ActFollow, muni, ENOTFOUND},
		{nil, ActFollow, nil, EUNAUTHORIZED},
		{suspended, ActFollow, nil, EFORBIDDEN},
		{active, ActViewNotifications, nil, ""},
		{nil, ActViewNotifications, nil, EUNAUTHORIZED},
		{suspended, ActManageFeedToken, nil, EFORBIDDEN},
		{active, ActManageAreas, nil, EFORBIDDEN}, // other actions go to Authorize
	}
	for _, tt := range tests {
		err := AuthorizeFollow(tt.who, tt.action, Target{Thread: tt.thread})
		if got := ErrorCode(err); got != tt.want {
			t.Errorf("AuthorizeFollow(%v, %s, %v) = %q, want %q", tt.who, tt.action, tt.thread, got, tt.want)
		}
	}
}
