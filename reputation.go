package allmenning

import (
	"regexp"
	"time"
)

// Reputation is earned from what others think of a member's contributions.
// Every change is an event in the member's history; the total is their sum.

// Reasons for reputation events.
const (
	RepUpvote   = "upvote"   // an answer of yours was voted up
	RepLike     = "like"     // a post of yours was liked
	RepAccepted = "accepted" // an answer of yours was accepted
	RepAccept   = "accept"   // you accepted an answer to your question
	RepDownvote = "downvote" // an answer of yours was voted down
)

// ReputationRule is what an event of a reason is worth.
type ReputationRule struct {
	Points int
	// Capped events count towards, and are limited by, the daily cap.
	Capped bool
}

// ReputationRules are the rules as data.
var ReputationRules = map[string]ReputationRule{
	RepUpvote:   {Points: 10, Capped: true},
	RepLike:     {Points: 10, Capped: true},
	RepAccepted: {Points: 15, Capped: false},
	RepAccept:   {Points: 2, Capped: true},
	RepDownvote: {Points: -2, Capped: true},
}

// ReputationDailyCap is the most a member gains in a day (a calendar day in
// Norway) from capped events; accepted answers are exempt.
const ReputationDailyCap = 200

// ReputationCapped reports whether events of reason count towards the daily cap.
func ReputationCapped(reason string) bool { return ReputationRules[reason].Capped }

// ReputationAward returns the points to record for a new event of reason
// for a member who has earned earnedToday from capped events today (the net
// sum of today's capped events, reversals included). Exempt events get
// their full points; losses are never capped; a capped gain gets what is
// left under the cap, possibly 0. An unknown reason is worth 0.
//
// A reversal (unvote, unlike, unaccept) is not an award: it records minus
// what the reversed events actually gave, so that it takes back exactly
// that, capped or not.
func ReputationAward(earnedToday int, reason string) int {
	rule, ok := ReputationRules[reason]
	if !ok {
		return 0
	}
	if !rule.Capped || rule.Points <= 0 {
		return rule.Points
	}
	return max(0, min(rule.Points, ReputationDailyCap-earnedToday))
}

// ReputationEvent is one change to a member's reputation.
type ReputationEvent struct {
	ID       int64  `json:"id"`
	MemberID int64  `json:"member_id"`
	Points   int    `json:"points"`
	Reason   string `json:"reason"`
	Reversal bool   `json:"reversal"` // takes back an earlier event (unvote, unlike, unaccept)
	PostKind string `json:"post_kind,omitempty"`
	PostID   int64  `json:"post_id,omitempty"`
	// ThreadID and ThreadTitle are set when the viewer may see the post.
	ThreadID    int64     `json:"thread_id,omitempty"`
	ThreadTitle string    `json:"thread_title,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	Day         string    `json:"day"` // the date in Norway, YYYY-MM-DD
}

// Reputation is a member's total with a page of history, newest first.
type Reputation struct {
	MemberID int64              `json:"member_id"`
	Total    int                `json:"total"`
	Today    int                `json:"today"` // net from capped events today
	Events   []*ReputationEvent `json:"events"`
	Count    int                `json:"event_count"`
}

// Trust levels.

// Trust levels and what they unlock.
const (
	MaxTrustLevel       = 3
	TrustLevelDownvote  = 1 // voting answers down
	TrustLevelEditOther = 3 // editing other members' posts
)

// TrustRule is what a trust level requires. With Any, meeting one of the
// criteria set (above 0) is enough, and a rule with none set is always met;
// otherwise every criterion must be met.
type TrustRule struct {
	Reputation int  `json:"reputation"`
	Posts      int  `json:"posts"` // threads and replies, not deleted
	Days       int  `json:"days"`  // whole days since joining
	Any        bool `json:"any"`
}

// TrustThresholds are the rules of levels 1 to 3, set by the operator.
type TrustThresholds struct {
	Level1 TrustRule `json:"level1"`
	Level2 TrustRule `json:"level2"`
	Level3 TrustRule `json:"level3"`
}

// DefaultTrustThresholds apply until the operator sets others.
var DefaultTrustThresholds = TrustThresholds{
	Level1: TrustRule{Reputation: 10, Posts: 3, Any: true},
	Level2: TrustRule{Reputation: 100, Posts: 10, Days: 7},
	Level3: TrustRule{Reputation: 500, Posts: 50, Days: 30},
}

// Validate reports what is wrong with th: negative or absurd numbers.
func (th TrustThresholds) Validate() error {
	fe := FieldErrors{}
	for i, r := range []TrustRule{th.Level1, th.Level2, th.Level3} {
		prefix := []string{"level1", "level2", "level3"}[i]
		check := func(field string, v, most int) {
			if v < 0 || v > most {
				fe.Add(prefix+"."+field, "error.trust.threshold_invalid")
			}
		}
		check("reputation", r.Reputation, 10_000_000)
		check("posts", r.Posts, 1_000_000)
		check("days", r.Days, 36_500)
	}
	return fe.Err()
}

// TrustActivity is what trust levels are computed from.
type TrustActivity struct {
	Reputation int
	Posts      int
	Days       int
}

// Met reports whether a meets the rule.
func (r TrustRule) Met(a TrustActivity) bool {
	if r.Any {
		set := false
		for _, c := range [][2]int{{a.Reputation, r.Reputation}, {a.Posts, r.Posts}, {a.Days, r.Days}} {
			if c[1] > 0 {
				set = true
				if c[0] >= c[1] {
					return true
				}
			}
		}
		return !set
	}
	return a.Reputation >= r.Reputation && a.Posts >= r.Posts && a.Days >= r.Days
}

// TrustLevelFor returns the highest level whose rule, and every lower
// level's rule, a meets.
func TrustLevelFor(a TrustActivity, th TrustThresholds) int {
	level := 0
	for _, r := range []TrustRule{th.Level1, th.Level2, th.Level3} {
		if !r.Met(a) {
			break
		}
		level++
	}
	return level
}

// ValidTrustLevel reports whether l is 0 to 3.
func ValidTrustLevel(l int) bool { return l >= 0 && l <= MaxTrustLevel }

// DaysSince returns the whole days from joined to now (0 when now is before joined).
func DaysSince(joined, now time.Time) int {
	if !now.After(joined) {
		return 0
	}
	return int(now.Sub(joined) / (24 * time.Hour))
}

// TrustStatus is a member's trust level and what it was computed from.
type TrustStatus struct {
	MemberID   int64 `json:"member_id"`
	Level      int   `json:"trust_level"` // Override when set, else Computed
	Computed   int   `json:"computed_level"`
	Override   *int  `json:"override,omitempty"` // set by a moderator
	Reputation int   `json:"reputation"`
	Posts      int   `json:"posts"`
	Days       int   `json:"days"`
}

// NewTrustStatus computes a member's status from activity, thresholds and a moderator's override.
func NewTrustStatus(memberID int64, a TrustActivity, th TrustThresholds, override *int) *TrustStatus {
	s := &TrustStatus{MemberID: memberID, Computed: TrustLevelFor(a, th), Override: override,
		Reputation: a.Reputation, Posts: a.Posts, Days: a.Days}
	s.Level = s.Computed
	if override != nil && ValidTrustLevel(*override) {
		s.Level = *override
	}
	return s
}

// TrustLimits are the limits on one post at a trust level; -1 is no limit.
type TrustLimits struct {
	MaxLinks    int `json:"max_links"`
	MaxMentions int `json:"max_mentions"`
}

// LimitsFor returns the post limits of a trust level: at level 0 at most two
// links and two mentions; none above.
func LimitsFor(level int) TrustLimits {
	if level <= 0 {
		return TrustLimits{MaxLinks: 2, MaxMentions: 2}
	}
	return TrustLimits{MaxLinks: -1, MaxMentions: -1}
}

var (
	mdLinkTarget = regexp.MustCompile(`\[[^\]]*\]\(([^)\s]*)[^)]*\)`)
	webLink      = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>()\[\]]*`)
)

// CountLinks counts the web links in a Markdown text: bare addresses,
// autolinks and Markdown links (a link whose text is its address counts once).
func CountLinks(markdown string) int {
	s := mdLinkTarget.ReplaceAllString(markdown, " $1 ")
	return len(webLink.FindAllStringIndex(s, -1))
}

// CheckPostLimits returns an EINVALID error on "body" when a post by actor
// at trust level has more links or mentions than the level allows.
// Moderators are not limited.
func CheckPostLimits(actor *Member, level int, body string, mentions int) error {
	if actor.IsModerator() {
		return nil
	}
	lim := LimitsFor(level)
	fe := FieldErrors{}
	if lim.MaxLinks >= 0 && CountLinks(body) > lim.MaxLinks {
		fe.Add("body", "error.trust.too_many_links")
	}
	if lim.MaxMentions >= 0 && mentions > lim.MaxMentions {
		fe.Add("body", "error.trust.too_many_mentions")
	}
	return fe.Err()
}
