// Package discuss runs the actions on threads and replies: it asks the policy,
// renders Markdown and mentions, and calls the store. The web pages and the
// JSON API share it, so both answer exactly alike.
package discuss

import (
	"context"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/markdown"
)

// Service performs discussion actions.
type Service struct {
	Store    allmenning.DiscussionStore
	Markdown *markdown.Renderer
	// Events, when set, hears of new threads, replies and likes.
	Events allmenning.Publisher
	// Now is the clock stamped on events.
	Now func() time.Time
	// TrustLevel, when set, gives a member's trust level: new and edited
	// posts are then held to the level's limits on links and mentions, and
	// members of level 3 may edit others' posts (AuthorizeQuestion).
	TrustLevel func(ctx context.Context, memberID int64) (int, error)
}

// New returns a Service.
func New(store allmenning.DiscussionStore) *Service {
	return &Service{Store: store, Markdown: markdown.New(), Now: time.Now}
}

func (s *Service) publish(ctx context.Context, e allmenning.Event) {
	if s.Events == nil {
		return
	}
	e.At = s.Now()
	s.Events.Publish(ctx, e)
}

// Publish tells Events of e, stamped with the clock; for services that
// create threads and replies in their own way (questions).
func (s *Service) Publish(ctx context.Context, e allmenning.Event) { s.publish(ctx, e) }

// CheckLimits holds a post by author to the limits of the author's trust
// level (links and mentions); without TrustLevel there are none.
func (s *Service) CheckLimits(ctx context.Context, author *allmenning.Member, body string, mentions int) error {
	if s.TrustLevel == nil || author == nil {
		return nil
	}
	// Level 0 has the strictest limits: a post within them is within every
	// level's, and the level (which counts the member's posts) is not needed.
	if allmenning.CheckPostLimits(author, 0, body, mentions) == nil {
		return nil
	}
	level, err := s.TrustLevel(ctx, author.ID)
	if err != nil {
		return err
	}
	return allmenning.CheckPostLimits(author, level, body, mentions)
}

// AuthorizeEdit decides whether editor may edit a post by authorID in t:
// its author or a moderator (Authorize), or with trust levels also a member
// of level 3 who may reply in t.
func (s *Service) AuthorizeEdit(ctx context.Context, editor *allmenning.Member, t *allmenning.Thread, authorID int64) error {
	target := allmenning.Target{Thread: t, AuthorID: authorID}
	err := allmenning.Authorize(editor, allmenning.ActEditPost, target)
	if err == nil || s.TrustLevel == nil || editor == nil || editor.Status != allmenning.StatusActive {
		return err
	}
	level, lerr := s.TrustLevel(ctx, editor.ID)
	if lerr != nil {
		return lerr
	}
	return allmenning.AuthorizeQuestion(editor, allmenning.ActEditPost, allmenning.QuestionTarget{Target: target, TrustLevel: level})
}

// Render turns a Markdown body into sanitised HTML and the ids of the members it mentions.
func (s *Service) Render(ctx context.Context, body string) (markdown.Result, error) {
	return s.Markdown.Render(body, func(handle string) (int64, bool) {
		m, err := s.Store.FindMemberByHandle(ctx, handle)
		if err != nil || m.Status != allmenning.StatusActive {
			return 0, false
		}
		return m.ID, true
	})
}

// Thread returns a thread the viewer may see.
func (s *Service) Thread(ctx context.Context, viewer *allmenning.Member, id int64) (*allmenning.Thread, error) {
	t, err := s.Store.FindThreadByID(ctx, allmenning.ViewerOf(viewer), id)
	if allmenning.ErrorCode(err) == allmenning.ENOTFOUND && viewer == nil {
		// The thread may exist but be visible to members only: ask to log in
		// without telling whether it exists.
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	if err != nil {
		return nil, err
	}
	if err := allmenning.Authorize(viewer, allmenning.ActViewThread, allmenning.Target{Thread: t}); err != nil {
		return nil, err
	}
	return t, nil
}

// FindReply returns a reply the viewer may see, with its thread. As with
// Thread, an anonymous visitor is asked to log in rather than told whether
// the reply exists.
func (s *Service) FindReply(ctx context.Context, viewer *allmenning.Member, id int64) (*allmenning.Reply, *allmenning.Thread, error) {
	reply, t, err := s.Store.FindReplyByID(ctx, allmenning.ViewerOf(viewer), id)
	if allmenning.ErrorCode(err) == allmenning.ENOTFOUND && viewer == nil {
		return nil, nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	if err != nil {
		return nil, nil, err
	}
	if err := allmenning.Authorize(viewer, allmenning.ActViewThread, allmenning.Target{Thread: t}); err != nil {
		return nil, nil, err
	}
	return reply, t, nil
}

// CreateThread starts a thread.
func (s *Service) CreateThread(ctx context.Context, author *allmenning.Member, t allmenning.NewThread) (*allmenning.Thread, error) {
	if err := allmenning.Authorize(author, allmenning.ActCreateThread, allmenning.Target{}); err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	r, err := s.Render(ctx, t.Body)
	if err != nil {
		return nil, err
	}
	if err := s.CheckLimits(ctx, author, t.Body, len(r.Mentions)); err != nil {
		return nil, err
	}
	created, err := s.Store.CreateThread(ctx, author, t, r.HTML, r.Mentions)
	if err != nil {
		return nil, err
	}
	s.publish(ctx, allmenning.Event{Kind: allmenning.EventThreadCreated, ActorID: author.ID, ThreadID: created.ID, Mentions: r.Mentions})
	return created, nil
}

// threadHeadFinder is what a store may offer for posting a reply: the
// thread without what only its page shows (tags, likes, unread marks).
type threadHeadFinder interface {
	FindThreadHead(ctx context.Context, v allmenning.Viewer, id int64) (*allmenning.Thread, error)
}

// replyThread is Thread for posting a reply: the same answers, from the
// lighter read when the store has it.
func (s *Service) replyThread(ctx context.Context, author *allmenning.Member, id int64) (*allmenning.Thread, error) {
	f, ok := s.Store.(threadHeadFinder)
	if !ok {
		return s.Thread(ctx, author, id)
	}
	t, err := f.FindThreadHead(ctx, allmenning.ViewerOf(author), id)
	if allmenning.ErrorCode(err) == allmenning.ENOTFOUND && author == nil {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	if err != nil {
		return nil, err
	}
	if err := allmenning.Authorize(author, allmenning.ActViewThread, allmenning.Target{Thread: t}); err != nil {
		return nil, err
	}
	return t, nil
}

// Reply posts a reply in a thread.
func (s *Service) Reply(ctx context.Context, author *allmenning.Member, threadID int64, nr allmenning.NewReply) (*allmenning.Reply, error) {
	t, err := s.replyThread(ctx, author, threadID)
	if err != nil {
		return nil, err
	}
	if err := allmenning.Authorize(author, allmenning.ActReply, allmenning.Target{Thread: t}); err != nil {
		return nil, err
	}
	if err := nr.Validate(); err != nil {
		return nil, err
	}
	r, err := s.Render(ctx, nr.Body)
	if err != nil {
		return nil, err
	}
	if err := s.CheckLimits(ctx, author, nr.Body, len(r.Mentions)); err != nil {
		return nil, err
	}
	reply, err := s.Store.CreateReply(ctx, author, threadID, nr, r.HTML, r.Mentions)
	if err != nil {
		return nil, err
	}
	s.publish(ctx, allmenning.Event{Kind: allmenning.EventReplyCreated, ActorID: author.ID, ThreadID: threadID, ReplyID: reply.ID, Mentions: r.Mentions})
	return reply, nil
}

// EditThread saves a new revision of a thread's first post.
func (s *Service) EditThread(ctx context.Context, editor *allmenning.Member, id int64, u allmenning.ThreadUpdate) (*allmenning.Thread, error) {
	t, err := s.Thread(ctx, editor, id)
	if err != nil {
		return nil, err
	}
	if err := s.AuthorizeEdit(ctx, editor, t, t.AuthorID); err != nil {
		return nil, err
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	r, err := s.Render(ctx, u.Body)
	if err != nil {
		return nil, err
	}
	if err := s.CheckLimits(ctx, editor, u.Body, len(r.Mentions)); err != nil {
		return nil, err
	}
	return s.Store.UpdateThread(ctx, editor, id, u, r.HTML, r.Mentions)
}

// EditReply saves a new revision of a reply.
func (s *Service) EditReply(ctx context.Context, editor *allmenning.Member, id int64, body string) (*allmenning.Reply, error) {
	reply, t, err := s.FindReply(ctx, editor, id)
	if err != nil {
		return nil, err
	}
	if err := s.AuthorizeEdit(ctx, editor, t, reply.AuthorID); err != nil {
		return nil, err
	}
	nr := allmenning.NewReply{Body: body}
	if err := nr.Validate(); err != nil {
		return nil, err
	}
	r, err := s.Render(ctx, nr.Body)
	if err != nil {
		return nil, err
	}
	if err := s.CheckLimits(ctx, editor, nr.Body, len(r.Mentions)); err != nil {
		return nil, err
	}
	return s.Store.UpdateReply(ctx, editor, id, nr.Body, r.HTML, r.Mentions)
}

// SetThreadDeleted deletes (softly) or restores a thread.
func (s *Service) SetThreadDeleted(ctx context.Context, actor *allmenning.Member, id int64, deleted bool) (*allmenning.Thread, error) {
	t, err := s.Thread(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if deleted {
		if err := allmenning.Authorize(actor, allmenning.ActDeletePost, allmenning.Target{Thread: t, AuthorID: t.AuthorID}); err != nil {
			return nil, err
		}
		return t, s.Store.DeleteThread(ctx, actor, id)
	}
	if err := allmenning.Authorize(actor, allmenning.ActRestorePost, allmenning.Target{Thread: t}); err != nil {
		return nil, err
	}
	return t, s.Store.RestoreThread(ctx, id)
}

// SetReplyDeleted deletes (softly) or restores a reply.
func (s *Service) SetReplyDeleted(ctx context.Context, actor *allmenning.Member, id int64, deleted bool) (*allmenning.Reply, error) {
	reply, t, err := s.FindReply(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if deleted {
		if err := allmenning.Authorize(actor, allmenning.ActDeletePost, allmenning.Target{Thread: t, AuthorID: reply.AuthorID}); err != nil {
			return nil, err
		}
		return reply, s.Store.DeleteReply(ctx, actor, id)
	}
	if err := allmenning.Authorize(actor, allmenning.ActRestorePost, allmenning.Target{Thread: t}); err != nil {
		return nil, err
	}
	return reply, s.Store.RestoreReply(ctx, id)
}

// Like likes or unlikes a thread or reply and returns the new count.
func (s *Service) Like(ctx context.Context, member *allmenning.Member, kind string, id int64, on bool) (int, error) {
	var authorID int64
	var t *allmenning.Thread
	switch kind {
	case allmenning.PostThread:
		var err error
		if t, err = s.Thread(ctx, member, id); err != nil {
			return 0, err
		}
		authorID = t.AuthorID
	case allmenning.PostReply:
		reply, thread, err := s.FindReply(ctx, member, id)
		if err != nil {
			return 0, err
		}
		authorID, t = reply.AuthorID, thread
	default:
		return 0, allmenning.Errorf(allmenning.ENOTFOUND, "error.page.not_found")
	}
	if err := allmenning.Authorize(member, allmenning.ActLike, allmenning.Target{Thread: t, AuthorID: authorID}); err != nil {
		return 0, err
	}
	n, err := s.Store.SetLike(ctx, member, kind, id, on)
	if err != nil || !on {
		return n, err
	}
	e := allmenning.Event{Kind: allmenning.EventLiked, ActorID: member.ID, ThreadID: t.ID}
	if kind == allmenning.PostReply {
		e.ReplyID = id
	}
	s.publish(ctx, e)
	return n, nil
}
