package allmenning

import (
	"strconv"
	"strings"
	"time"
)

// Kinds of follow: what a member may follow to hear of new posts.
const (
	FollowArea   = "area"   // new threads in the area and its children
	FollowTag    = "tag"    // new threads with the tag
	FollowThread = "thread" // replies in the thread
	FollowMember = "member" // new threads by the member
)

// FollowKinds lists the kinds of follow in the order pages show them.
var FollowKinds = []string{FollowArea, FollowTag, FollowThread, FollowMember}

// Kinds of mute: a muted thread or member never causes a notification.
const (
	MuteThread = "thread"
	MuteMember = "member"
)

// Follow is something a member follows (or mutes), with what pages and the
// API need to show it.
type Follow struct {
	Kind      string    `json:"kind"`
	ID        int64     `json:"id"`
	Slug      string    `json:"slug,omitempty"` // areas and tags
	Name      string    `json:"name"`           // area or tag name, thread title, member name
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
}

// FollowRef names a follow or mute target as a member gave it: the kind and
// the id as the other endpoints give it (an area also by its slug, a tag
// also by its slug or name).
type FollowRef struct {
	Kind string
	Ref  string
}

// ValidFollowKind reports whether k is a kind of follow.
func ValidFollowKind(k string) bool {
	return k == FollowArea || k == FollowTag || k == FollowThread || k == FollowMember
}

// ValidMuteKind reports whether k is a kind of mute.
func ValidMuteKind(k string) bool { return k == MuteThread || k == MuteMember }

// Validate normalises r for a follow (mute false) or a mute (mute true) and
// reports what is wrong with it. Threads and members are named by numeric
// id only; areas and tags also by slug.
func (r *FollowRef) Validate(mute bool) error {
	fe := FieldErrors{}
	r.Kind = strings.TrimSpace(r.Kind)
	r.Ref = strings.TrimSpace(r.Ref)
	if mute && !ValidMuteKind(r.Kind) || !mute && !ValidFollowKind(r.Kind) {
		fe.Add("kind", "notify.error.kind_invalid")
	}
	if r.Ref == "" {
		fe.Add("id", "notify.error.id_required")
	} else if r.Kind == FollowThread || r.Kind == FollowMember {
		if id, err := strconv.ParseInt(r.Ref, 10, 64); err != nil || id <= 0 {
			fe.Add("id", "notify.error.id_invalid")
		}
	} else if len(r.Ref) > 200 {
		fe.Add("id", "notify.error.id_invalid")
	}
	return fe.Err()
}

// NumericID returns the ref as an id, 0 when it is not a positive number.
func (r FollowRef) NumericID() int64 {
	id, err := strconv.ParseInt(r.Ref, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}
