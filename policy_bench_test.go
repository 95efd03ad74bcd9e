package allmenning_test

import (
	"testing"

	"github.com/allmenning/allmenning"
)

// BenchmarkAuthorize measures the authorisation check every page and API
// call makes: allowed and refused, for members and anonymous visitors.
func BenchmarkAuthorize(b *testing.B) {
	me := &allmenning.Member{ID: 7, Municipality: "5001", Status: allmenning.StatusActive,
		Roles: []allmenning.Grant{{Role: allmenning.RoleMunicipalityAdmin, Municipality: "5001"}}}
	muniThread := &allmenning.Thread{ID: 1, AuthorID: 9, Municipality: "0301", Visibility: allmenning.VisMunicipality}
	open := &allmenning.Thread{ID: 2, AuthorID: 7, Municipality: "5001", Visibility: allmenning.VisMembers}
	cases := []struct {
		name   string
		actor  *allmenning.Member
		action allmenning.Action
		target allmenning.Target
	}{
		{"view-thread", me, allmenning.ActViewThread, allmenning.Target{Thread: open}},
		{"view-hidden", me, allmenning.ActViewThread, allmenning.Target{Thread: muniThread}},
		{"reply", me, allmenning.ActReply, allmenning.Target{Thread: open}},
		{"edit-own", me, allmenning.ActEditPost, allmenning.Target{Thread: open, AuthorID: 7}},
		{"anonymous-view", nil, allmenning.ActViewThread, allmenning.Target{Thread: open}},
		{"manage-role", me, allmenning.ActManageRole, allmenning.Target{Member: &allmenning.Member{ID: 3, Municipality: "5001"}, Municipality: "5001", Role: allmenning.RoleMunicipalityAdmin}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = allmenning.Authorize(c.actor, c.action, c.target)
			}
		})
	}
}
