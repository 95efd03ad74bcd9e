package allmenning

import (
	"testing"
	"time"
)

func TestReputationRules(t *testing.T) {
	want := map[string]ReputationRule{
		RepUpvote: {10, true}, RepLike: {10, true}, RepAccepted: {15, false}, RepAccept: {2, true}, RepDownvote: {-2, true},
	}
	if len(ReputationRules) != len(want) {
		t.Errorf("rules = %v", ReputationRules)
	}
	for reason, rule := range want {
		if ReputationRules[reason] != rule {
			t.Errorf("rule %s = %+v, want %+v", reason, ReputationRules[reason], rule)
		}
	}
}

func TestReputationAward(t *testing.T) {
	tests := []struct {
		earned int
		reason string
		want   int
	}{
		{0, RepUpvote, 10},
		{0, RepLike, 10},
		{0, RepAccept, 2},
		{0, RepAccepted, 15},
		{0, RepDownvote, -2},
		{190, RepUpvote, 10},
		{195, RepUpvote, 5},
		{199, RepAccept, 1},
		{200, RepUpvote, 0},
		{260, RepLike, 0},
		{200, RepAccepted, 15}, // exempt
		{1000, RepAccepted, 15},
		{200, RepDownvote, -2}, // losses are never capped
		{-30, RepUpvote, 10},   // after losses today, a full award
		{0, "unknown", 0},
	}
	for _, tt := range tests {
		if got := ReputationAward(tt.earned, tt.reason); got != tt.want {
			t.Errorf("ReputationAward(%d, %s) = %d, want %d", tt.earned, tt.reason, got, tt.want)
		}
	}
}

// A day of events: the cap stops capped gains at 200 net, accepted answers
// pass, a downvote makes room for what it took.
func TestReputationDailyCap(t *testing.T) {
	type event struct {
		reason string
		want   int
	}
	var day []event
	for range 19 {
		day = append(day, event{RepUpvote, 10})
	}
	day = append(day,
		event{RepLike, 10},     // 200
		event{RepUpvote, 0},    // capped
		event{RepAccepted, 15}, // exempt
		event{RepDownvote, -2}, // 198 capped net
		event{RepUpvote, 2},    // back to 200
		event{RepAccept, 0},
	)
	earned, total := 0, 0
	for i, e := range day {
		got := ReputationAward(earned, e.reason)
		if got != e.want {
			t.Fatalf("event %d (%s) with %d earned: %d, want %d", i, e.reason, earned, got, e.want)
		}
		if ReputationCapped(e.reason) {
			earned += got
		}
		total += got
	}
	if earned != 200 || total != 215 {
		t.Errorf("earned %d (capped), total %d; want 200 and 215", earned, total)
	}
}

func TestTrustLevelFor(t *testing.T) {
	def := DefaultTrustThresholds
	tests := []struct {
		name string
		a    TrustActivity
		th   TrustThresholds
		want int
	}{
		{"new member", TrustActivity{}, def, 0},
		{"level 1 by reputation", TrustActivity{Reputation: 10}, def, 1},
		{"level 1 by posts", TrustActivity{Posts: 3}, def, 1},
		{"almost level 1", TrustActivity{Reputation: 9, Posts: 2, Days: 400}, def, 0},
		{"level 2 needs all three", TrustActivity{Reputation: 100, Posts: 10, Days: 6}, def, 1},
		{"level 2", TrustActivity{Reputation: 100, Posts: 10, Days: 7}, def, 2},
		{"level 3 needs the posts", TrustActivity{Reputation: 5000, Posts: 49, Days: 300}, def, 2},
		{"level 3", TrustActivity{Reputation: 500, Posts: 50, Days: 30}, def, 3},
		{"levels are cumulative", TrustActivity{Reputation: 0, Posts: 0, Days: 100},
			TrustThresholds{Level1: TrustRule{Reputation: 1}, Level2: TrustRule{Days: 1}, Level3: TrustRule{Days: 1}}, 0},
		{"all zero: everyone is level 3", TrustActivity{}, TrustThresholds{}, 3},
		{"any with nothing set is met", TrustActivity{},
			TrustThresholds{Level1: TrustRule{Any: true}, Level2: TrustRule{Posts: 1}}, 1},
		{"any by days", TrustActivity{Days: 5},
			TrustThresholds{Level1: TrustRule{Reputation: 10, Days: 5, Any: true}, Level2: TrustRule{Posts: 1}}, 1},
	}
	for _, tt := range tests {
		if got := TrustLevelFor(tt.a, tt.th); got != tt.want {
			t.Errorf("%s: level %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestNewTrustStatus(t *testing.T) {
	one, three, bad := 1, 3, 7
	a := TrustActivity{Reputation: 120, Posts: 12, Days: 9}
	tests := []struct {
		override       *int
		level, compute int
	}{
		{nil, 2, 2},
		{&three, 3, 2},
		{&one, 1, 2}, // a moderator may lower a level too
		{&bad, 2, 2}, // an invalid override is ignored
	}
	for _, tt := range tests {
		s := NewTrustStatus(7, a, DefaultTrustThresholds, tt.override)
		if s.Level != tt.level || s.Computed != tt.compute || s.MemberID != 7 || s.Reputation != 120 || s.Posts != 12 || s.Days != 9 {
			t.Errorf("override %v: %+v", tt.override, s)
		}
	}
}

func TestTrustThresholdsValidate(t *testing.T) {
	if err := DefaultTrustThresholds.Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
	th := DefaultTrustThresholds
	th.Level2.Posts = -1
	th.Level3.Days = 100_000
	f := Fields(th.Validate())
	if len(f) != 2 || f["level2.posts"] == "" || f["level3.days"] == "" {
		t.Errorf("fields = %v", f)
	}
}

func TestDaysSince(t *testing.T) {
	j := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		now  time.Time
		want int
	}{
		{j.Add(-time.Hour), 0},
		{j, 0},
		{j.Add(23 * time.Hour), 0},
		{j.Add(24 * time.Hour), 1},
		{j.AddDate(0, 0, 30), 30},
	} {
		if got := DaysSince(j, tt.now); got != tt.want {
			t.Errorf("DaysSince(%v) = %d, want %d", tt.now, got, tt.want)
		}
	}
}

func TestCountLinks(t *testing.T) {
	tests := map[string]int{
		"Ingen lenker her.":                         0,
		"Se https://www.regjeringen.no/ og mer":     1,
		"[Arkivverket](https://arkivverket.no)":     1,
		"[https://a.no](https://a.no) dobbel":       1,
		"<https://a.no> og http://b.no og www.c.no": 3,
		"e-post: kari@trondheim.kommune.no":         0,
		"[tekst](/intern/side)":                     0,
		"HTTPS://STORE.NO":                          1,
	}
	for in, want := range tests {
		if got := CountLinks(in); got != want {
			t.Errorf("CountLinks(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestCheckPostLimits(t *testing.T) {
	member := &Member{ID: 1, Status: StatusActive}
	moderator := &Member{ID: 2, Status: StatusActive, Roles: []Grant{{Role: RoleModerator}}}
	three := "https://a.no https://b.no https://c.no"
	two := "https://a.no https://b.no"
	tests := []struct {
		name     string
		actor    *Member
		level    int
		body     string
		mentions int
		want     string
	}{
		{"level 0, two links and two mentions", member, 0, two, 2, ""},
		{"level 0, three links", member, 0, three, 0, "error.trust.too_many_links"},
		{"level 0, three mentions", member, 0, "tekst", 3, "error.trust.too_many_mentions"},
		{"level 1 has no limits", member, 1, three + three, 20, ""},
		{"moderators have no limits", moderator, 0, three, 9, ""},
	}
	for _, tt := range tests {
		err := CheckPostLimits(tt.actor, tt.level, tt.body, tt.mentions)
		if got := Fields(err)["body"]; got != tt.want {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
		if tt.want != "" && ErrorCode(err) != EINVALID {
			t.Errorf("%s: code %s", tt.name, ErrorCode(err))
		}
	}
	if l := LimitsFor(0); l.MaxLinks != 2 || l.MaxMentions != 2 {
		t.Errorf("level 0 limits %+v", l)
	}
	for level := 1; level <= MaxTrustLevel; level++ {
		if l := LimitsFor(level); l.MaxLinks != -1 || l.MaxMentions != -1 {
			t.Errorf("level %d limits %+v", level, l)
		}
	}
}
