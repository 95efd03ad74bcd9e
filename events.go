package allmenning

import (
	"context"
	"time"
)

// Event kinds: what happened, for the members who follow it. An event holds
// only ids, so that it can be queued as it is; whoever handles it loads the
// content again as each recipient may see it.
const (
	EventThreadCreated   = "thread.created"   // a thread or question was posted
	EventReplyCreated    = "reply.created"    // a reply, or an answer to a question
	EventLiked           = "post.liked"       // ReplyID 0: the thread's first post
	EventAnswerAccepted  = "answer.accepted"  // ReplyID is the accepted answer
	EventExpertRequested = "expert.requested" // a question entered its area's expert queue
	EventEscalated       = "expert.escalated" // a question passed its due time unanswered
)

// Event is something that happened which members may be told about.
type Event struct {
	Kind     string    `json:"kind"`
	ActorID  int64     `json:"actor_id,omitempty"` // 0 for the system (escalation)
	ThreadID int64     `json:"thread_id"`
	ReplyID  int64     `json:"reply_id,omitempty"`
	Mentions []int64   `json:"mentions,omitempty"` // members mentioned in a new post
	At       time.Time `json:"at"`
}

// Publisher receives events after the write they describe has committed.
// Publish must not fail the action that caused it: it logs its own errors.
type Publisher interface {
	Publish(ctx context.Context, e Event)
}

// PublisherFunc adapts a function to Publisher.
type PublisherFunc func(ctx context.Context, e Event)

// Publish calls f.
func (f PublisherFunc) Publish(ctx context.Context, e Event) { f(ctx, e) }
