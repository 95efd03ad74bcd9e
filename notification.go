package allmenning

import (
	"context"
	"strconv"
	"time"
)

// Kinds of notification.
const (
	NotifyMention     = "mention"      // someone mentioned the member
	NotifyReply       = "reply"        // a reply to the member's post, or in a thread they follow
	NotifyAnswer      = "answer"       // an answer to the member's question
	NotifyAccepted    = "accepted"     // the member's answer was accepted
	NotifyExpertQueue = "expert_queue" // a question entered the expert queue of the member's area
	NotifyEscalation  = "escalation"   // a question passed its due time (moderators)
	NotifyLike        = "like"         // likes of the member's post, grouped per post
	NotifyNewThread   = "new_thread"   // a new thread in something the member follows
)

// NotificationKinds lists every kind, most important first: when one event
// gives a member several reasons, the first kind wins.
var NotificationKinds = []string{
	NotifyMention, NotifyAnswer, NotifyAccepted, NotifyReply,
	NotifyExpertQueue, NotifyEscalation, NotifyNewThread, NotifyLike,
}

// Notification tells one member of something in a thread. Likes of one post
// are grouped into one unread notification: ActorID is the latest liker and
// ActorCount how many members liked («Kari og 4 andre likte …»).
type Notification struct {
	ID         int64      `json:"id"`
	MemberID   int64      `json:"member_id"` // the recipient
	Kind       string     `json:"kind"`
	ThreadID   int64      `json:"thread_id"`
	ReplyID    int64      `json:"reply_id,omitempty"` // 0 for the thread itself
	ActorID    int64      `json:"actor_id,omitempty"` // 0 for the system
	ActorCount int        `json:"actor_count"`
	GroupKey   string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	ReadAt     *time.Time `json:"read_at,omitempty"`
	MailedAt   *time.Time `json:"-"`

	// For display, filled by the store when read.
	ActorName   string `json:"actor_name,omitempty"`
	ThreadTitle string `json:"thread_title"`
	ReplyNumber int    `json:"reply_number,omitempty"`
}

// Unread reports whether the member has not yet opened the notification.
func (n *Notification) Unread() bool { return n.ReadAt == nil }

// NewNotification is a notification to create, or to group with an unread one.
type NewNotification struct {
	MemberID int64
	Kind     string
	ThreadID int64
	ReplyID  int64
	ActorID  int64
	At       time.Time
}

// GroupKey is what groups notifications: likes of one post are one
// notification while unread; anything else is one notification per
// recipient, kind and post, so that an event handled twice notifies once.
func (n NewNotification) GroupKey() string {
	post := "t" + strconv.FormatInt(n.ThreadID, 10)
	if n.ReplyID != 0 {
		post = "r" + strconv.FormatInt(n.ReplyID, 10)
	}
	return n.Kind + ":" + post
}

// FeedToken is a member's secret address for their personal Atom feed.
// Only its hash is stored.
type FeedToken struct {
	ID         int64      `json:"id"`
	MemberID   int64      `json:"member_id"`
	Prefix     string     `json:"prefix"`
	Hash       string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// NotificationStore keeps follows, mutes, notifications and feed tokens.
type NotificationStore interface {
	// FindFollowTarget resolves what a member names to follow or mute: an
	// area by id or slug, a tag by id, slug or name, a thread or member by
	// id. Unknown targets are ENOTFOUND. Threads are returned whatever
	// their visibility: the caller checks that the member may see it.
	FindFollowTarget(ctx context.Context, ref FollowRef) (*Follow, error)
	SetFollow(ctx context.Context, memberID int64, kind string, targetID int64, on bool) error
	// FindFollows lists a member's follows, by kind then name; threads the
	// viewer may no longer see are left out.
	FindFollows(ctx context.Context, v Viewer, memberID int64) ([]*Follow, error)
	SetMute(ctx context.Context, memberID int64, kind string, targetID int64, on bool) error
	FindMutes(ctx context.Context, v Viewer, memberID int64) ([]*Follow, error)
	// FollowStates reports which of the targets a member follows and which they mute.
	FollowStates(ctx context.Context, memberID int64, targets []FollowRef) (follows, mutes map[FollowRef]bool, err error)

	// FindNotifySubject loads a thread and (replyID > 0) a reply whatever
	// their visibility, deleted ones included, for deciding who is told.
	FindNotifySubject(ctx context.Context, threadID, replyID int64) (*Thread, *Reply, error)
	// FindFollowerIDs returns the members who follow any of the targets;
	// an area's followers include those of its parent area.
	FindFollowerIDs(ctx context.Context, targets []FollowRef) ([]int64, error)
	// FindMembersByIDs returns the members with the ids, with their roles.
	FindMembersByIDs(ctx context.Context, ids []int64) ([]*Member, error)
	// FindModeratorIDs returns the active moderators and operators.
	FindModeratorIDs(ctx context.Context) ([]int64, error)
	// FindMutedIDs returns those of the members who muted the thread or the actor.
	FindMutedIDs(ctx context.Context, memberIDs []int64, threadID, actorID int64) ([]int64, error)
	// CreateNotifications stores notifications in one transaction. A like
	// joins the recipient's unread notification of likes of the same post
	// (a second like by the same actor changes nothing); any other kind is
	// skipped when the recipient already has one with the same GroupKey.
	// It returns the notifications created or regrouped.
	CreateNotifications(ctx context.Context, list []NewNotification) ([]*Notification, error)

	// FindNotifications returns a member's notifications on threads they
	// may still see, most recently updated first, and how many are unread.
	FindNotifications(ctx context.Context, v Viewer, offset, limit int) (list []*Notification, unread int, err error)
	CountUnreadNotifications(ctx context.Context, v Viewer) (int, error)
	// MarkNotificationRead marks one of the member's notifications read and returns it.
	MarkNotificationRead(ctx context.Context, v Viewer, id int64, at time.Time) (*Notification, error)
	MarkAllNotificationsRead(ctx context.Context, memberID int64, at time.Time) (int, error)

	// For the digest: new threads since a time in what the member follows
	// (areas, tags, members), visible to v, best first (likes plus replies),
	// leaving out muted threads and members.
	FindFollowedThreads(ctx context.Context, v Viewer, memberID int64, since time.Time, limit int) ([]*Thread, error)
	// FindPendingMailNotifications returns a member's unread notifications
	// not yet mailed, oldest first.
	FindPendingMailNotifications(ctx context.Context, memberID int64) ([]*Notification, error)
	MarkNotificationsMailed(ctx context.Context, ids []int64, at time.Time) error

	// FindFeedThreads returns the threads of a member's personal feed:
	// threads in what they follow (areas, tags, members, threads) that v
	// may see, newest activity first, leaving out muted ones.
	FindFeedThreads(ctx context.Context, v Viewer, memberID int64, limit int) ([]*Thread, error)
	// CreateFeedToken stores a member's feed token, replacing any other.
	CreateFeedToken(ctx context.Context, t *FeedToken) error
	FindFeedToken(ctx context.Context, memberID int64) (*FeedToken, error)
	DeleteFeedTokens(ctx context.Context, memberID int64) error
	FindMemberByFeedToken(ctx context.Context, hash string, now time.Time) (*Member, error)
}
