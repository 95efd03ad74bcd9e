// Package notify turns events into notifications for the members who should
// hear of them, and runs what members do with follows, mutes, notifications
// and their personal feed address. The web pages and the JSON API share it.
//
// Who is told of what:
//
//   - thread.created: followers of the thread's area (or its parent), of
//     its tags and of its author get new_thread; mentioned members get mention.
//   - reply.created: followers of the thread and the author of the post
//     replied to get reply; the asker gets answer when the thread is a
//     question; mentioned members get mention.
//   - post.liked: the post's author gets like, grouped per post while unread.
//   - answer.accepted: the answer's author gets accepted.
//   - expert.requested: the experts of the question's area get expert_queue.
//   - expert.escalated: moderators get escalation.
//
// A member hears of one event once, by the most important reason. Nobody is
// told of their own action, of a thread or by a member they muted, or of a
// thread they may not see. Starting or replying to a thread follows it.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/allmenning/allmenning"
)

// ExpertFinder finds the experts of an area (allmenning.QuestionStore has it).
type ExpertFinder interface {
	FindExperts(ctx context.Context, areaID int64) (*allmenning.ExpertArea, error)
}

// Service implements allmenning.Publisher and the member's actions on
// follows, notifications and feeds.
type Service struct {
	Store allmenning.NotificationStore
	// Experts, when set, finds who hears of questions entering the expert queue.
	Experts ExpertFinder
	Log     *slog.Logger
	Now     func() time.Time
	// Created, when set, is called after commit for each notification
	// created or regrouped (a like joining an unread group), e.g. to mail it.
	Created func(ctx context.Context, n *allmenning.Notification)
}

// New returns a Service; when the store also finds experts, expert.requested
// notifies them.
func New(store allmenning.NotificationStore, log *slog.Logger) *Service {
	s := &Service{Store: store, Log: log, Now: time.Now}
	if ef, ok := store.(ExpertFinder); ok {
		s.Experts = ef
	}
	return s
}

// Publish notifies the members an event concerns. It never fails the action
// that caused the event: errors (and panics) are logged.
func (s *Service) Publish(ctx context.Context, e allmenning.Event) {
	defer func() {
		if p := recover(); p != nil {
			s.Log.ErrorContext(ctx, "notify: panic", "event", e.Kind, "thread", e.ThreadID, "panic", fmt.Sprint(p))
		}
	}()
	if _, err := s.Notify(ctx, e); err != nil {
		s.Log.ErrorContext(ctx, "notify: event not delivered", "event", e.Kind, "thread", e.ThreadID, "reply", e.ReplyID, "err", err)
	}
}

func rank(kind string) int { return slices.Index(allmenning.NotificationKinds, kind) }

func ref(kind string, id int64) allmenning.FollowRef {
	return allmenning.FollowRef{Kind: kind, Ref: strconv.FormatInt(id, 10)}
}

// Notify creates the notifications of an event and returns them.
func (s *Service) Notify(ctx context.Context, e allmenning.Event) ([]*allmenning.Notification, error) {
	t, reply, err := s.Store.FindNotifySubject(ctx, e.ThreadID, e.ReplyID)
	if err != nil {
		return nil, err
	}
	reasons := map[int64]string{}
	add := func(kind string, ids ...int64) {
		for _, id := range ids {
			if cur, ok := reasons[id]; id != 0 && (!ok || rank(kind) < rank(cur)) {
				reasons[id] = kind
			}
		}
	}
	followers := func(targets ...allmenning.FollowRef) ([]int64, error) {
		return s.Store.FindFollowerIDs(ctx, targets)
	}
	switch e.Kind {
	case allmenning.EventThreadCreated:
		targets := []allmenning.FollowRef{ref(allmenning.FollowArea, t.AreaID), ref(allmenning.FollowMember, t.AuthorID)}
		for _, tag := range t.Tags {
			targets = append(targets, ref(allmenning.FollowTag, tag.ID))
		}
		ids, err := followers(targets...)
		if err != nil {
			return nil, err
		}
		add(allmenning.NotifyNewThread, ids...)
		add(allmenning.NotifyMention, e.Mentions...)
		s.autoFollow(ctx, e.ActorID, t.ID)
	case allmenning.EventReplyCreated:
		if reply == nil {
			return nil, nil
		}
		ids, err := followers(ref(allmenning.FollowThread, t.ID))
		if err != nil {
			return nil, err
		}
		add(allmenning.NotifyReply, ids...)
		postAuthor := t.AuthorID
		if reply.ReplyToID != 0 {
			_, to, err := s.Store.FindNotifySubject(ctx, t.ID, reply.ReplyToID)
			if err != nil {
				return nil, err
			}
			postAuthor = to.AuthorID
		}
		add(allmenning.NotifyReply, postAuthor)
		if t.Kind == allmenning.KindQuestion {
			add(allmenning.NotifyAnswer, t.AuthorID)
		}
		add(allmenning.NotifyMention, e.Mentions...)
		// Usually the reply's own transaction has made the follow already.
		if !slices.Contains(ids, e.ActorID) {
			s.autoFollow(ctx, e.ActorID, t.ID)
		}
	case allmenning.EventLiked:
		if reply != nil {
			add(allmenning.NotifyLike, reply.AuthorID)
		} else {
			add(allmenning.NotifyLike, t.AuthorID)
		}
	case allmenning.EventAnswerAccepted:
		if reply != nil {
			add(allmenning.NotifyAccepted, reply.AuthorID)
		}
	case allmenning.EventExpertRequested:
		if s.Experts == nil {
			return nil, nil
		}
		ea, err := s.Experts.FindExperts(ctx, t.AreaID)
		if err != nil {
			return nil, err
		}
		for _, m := range append(slices.Clone(ea.Experts), ea.ParentExperts...) {
			add(allmenning.NotifyExpertQueue, m.ID)
		}
	case allmenning.EventEscalated:
		ids, err := s.Store.FindModeratorIDs(ctx)
		if err != nil {
			return nil, err
		}
		add(allmenning.NotifyEscalation, ids...)
	default:
		return nil, nil
	}
	if reply != nil && reply.DeletedAt != nil {
		return nil, nil
	}
	delete(reasons, e.ActorID)
	if len(reasons) == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, len(reasons))
	for id := range reasons {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	muted, err := s.Store.FindMutedIDs(ctx, ids, t.ID, e.ActorID)
	if err != nil {
		return nil, err
	}
	for _, id := range muted {
		delete(reasons, id)
	}
	if len(muted) > 0 {
		ids = slices.DeleteFunc(ids, func(id int64) bool { _, ok := reasons[id]; return !ok })
		if len(ids) == 0 {
			return nil, nil
		}
	}
	members, err := s.Store.FindMembersByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var list []allmenning.NewNotification
	for _, m := range members {
		kind, ok := reasons[m.ID]
		// The one visibility rule, applied with the recipient as viewer: a
		// municipality-only thread notifies nobody outside the municipality.
		if !ok || allmenning.Authorize(m, allmenning.ActViewThread, allmenning.Target{Thread: t}) != nil {
			continue
		}
		list = append(list, allmenning.NewNotification{MemberID: m.ID, Kind: kind, ThreadID: t.ID, ReplyID: e.ReplyID, ActorID: e.ActorID, At: e.At})
	}
	if len(list) == 0 {
		return nil, nil
	}
	created, err := s.Store.CreateNotifications(ctx, list)
	if err != nil {
		return nil, err
	}
	if s.Created != nil {
		for _, n := range created {
			s.Created(ctx, n)
		}
	}
	return created, nil
}

// autoFollow makes a member who started or replied to a thread follow it.
func (s *Service) autoFollow(ctx context.Context, memberID, threadID int64) {
	if memberID == 0 {
		return
	}
	if err := s.Store.SetFollow(ctx, memberID, allmenning.FollowThread, threadID, true); err != nil {
		s.Log.ErrorContext(ctx, "notify: automatic follow failed", "member", memberID, "thread", threadID, "err", err)
	}
}
