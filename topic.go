package allmenning

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Topic is the topic of the week (ukens tema): a thread or question an
// editor picked, with a short introduction. It leads the front page and the
// digest. The newest pick is the current topic.
type Topic struct {
	ID           int64     `json:"id"`
	ThreadID     int64     `json:"thread_id"`
	Intro        string    `json:"intro"`
	ChosenBy     int64     `json:"chosen_by"`
	ChosenByName string    `json:"chosen_by_name"`
	CreatedAt    time.Time `json:"created_at"`
	// Thread is the picked thread as the viewer may see it; nil in the
	// history when the viewer may no longer see it.
	Thread *Thread `json:"thread,omitempty"`
}

// TopicIntroMaxLength is the longest introduction.
const TopicIntroMaxLength = 600

// NewTopic is an editor's pick.
type NewTopic struct {
	ThreadID int64
	Intro    string
}

// Validate normalises t and reports what is wrong with it.
func (t *NewTopic) Validate() error {
	fe := FieldErrors{}
	t.Intro = strings.TrimSpace(t.Intro)
	if t.ThreadID <= 0 {
		fe.Add("thread", "mail.topic.error.thread_required")
	}
	if n := utf8.RuneCountInString(t.Intro); n == 0 {
		fe.Add("intro", "mail.topic.error.intro_required")
	} else if n > TopicIntroMaxLength {
		fe.Add("intro", "mail.topic.error.intro_long")
	}
	return fe.Err()
}

// TopicEligible reports whether a thread may be the topic of the week: it
// reaches everyone who reads the front page or the digest only when it is
// public or open to all members, and not deleted.
func TopicEligible(t *Thread) error {
	if t.DeletedAt != nil {
		return &Error{Code: EINVALID, Message: "error.form", Fields: map[string]string{"thread": "mail.topic.error.deleted"}}
	}
	if t.Visibility != VisPublic && t.Visibility != VisMembers {
		return &Error{Code: EINVALID, Message: "error.form", Fields: map[string]string{"thread": "mail.topic.error.municipality_only"}}
	}
	return nil
}

// TopicStore keeps the topics of the week.
type TopicStore interface {
	// CreateTopic records a pick; the thread must exist and be eligible.
	CreateTopic(ctx context.Context, by *Member, t NewTopic) (*Topic, error)
	// FindCurrentTopic returns the newest pick with its thread filled;
	// ENOTFOUND when there is none or v may not see its thread (an older
	// pick does not come back in its place).
	FindCurrentTopic(ctx context.Context, v Viewer) (*Topic, error)
	// FindTopics returns the picks, newest first, with Thread filled when v may see it.
	FindTopics(ctx context.Context, v Viewer, limit int) ([]*Topic, error)
}
