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
	"errors"
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
	// Created, when set, is called after commit with the notifications
	// created or regrouped (a like joining an unread group), e.g. to mail them.
	Created func(ctx context.Context, ns []*allmenning.Notification)
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
	s.PublishAll(ctx, []allmenning.Event{e})
}

// PublishAll notifies the members each event concerns (NotifyAll), logging
// errors and panics instead of returning them.
func (s *Service) PublishAll(ctx context.Context, events []allmenning.Event) {
	defer func() {
		if p := recover(); p != nil {
			s.Log.ErrorContext(ctx, "notify: panic", "events", len(events), "first", events[0].Kind, "thread", events[0].ThreadID, "panic", fmt.Sprint(p))
		}
	}()
	if _, err := s.NotifyAll(ctx, events); err != nil {
		s.Log.ErrorContext(ctx, "notify: events not delivered", "events", len(events), "err", err)
	}
}

func rank(kind string) int { return slices.Index(allmenning.NotificationKinds, kind) }

func ref(kind string, id int64) allmenning.FollowRef {
	return allmenning.FollowRef{Kind: kind, Ref: strconv.FormatInt(id, 10)}
}

// Notify creates the notifications of an event and returns them.
func (s *Service) Notify(ctx context.Context, e allmenning.Event) ([]*allmenning.Notification, error) {
	return s.NotifyAll(ctx, []allmenning.Event{e})
}

// NotifyAll creates the notifications of events and returns them. Who hears
// of what is read for all events in one snapshot and the notifications are
// written in one transaction, so that a batch costs about what one event
// does. An event whose recipients cannot be read is reported in the error;
// the others are still notified.
func (s *Service) NotifyAll(ctx context.Context, events []allmenning.Event) ([]*allmenning.Notification, error) {
	var list []allmenning.NewNotification
	var follows []allmenning.Event // whose actor follows the thread now
	errs := allmenning.EachInSnapshot(ctx, s.Store, events, func(ctx context.Context, e allmenning.Event) error {
		l, follow, err := s.safeRecipients(ctx, e)
		if err != nil {
			return fmt.Errorf("%s on thread %d: %w", e.Kind, e.ThreadID, err)
		}
		list = append(list, l...)
		if follow {
			follows = append(follows, e)
		}
		return nil
	})
	for _, e := range follows {
		s.autoFollow(ctx, e.ActorID, e.ThreadID)
	}
	if len(list) == 0 {
		return nil, errors.Join(errs...)
	}
	created, err := s.Store.CreateNotifications(ctx, list)
	if err != nil {
		return nil, errors.Join(append(errs, err)...)
	}
	if s.Created != nil && len(created) > 0 {
		s.Created(ctx, created)
	}
	return created, errors.Join(errs...)
}

// safeRecipients is recipients with a panic turned into an error, so that
// one event cannot lose the others of its batch.
func (s *Service) safeRecipients(ctx context.Context, e allmenning.Event) (list []allmenning.NewNotification, follow bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			list, follow, err = nil, false, fmt.Errorf("panic: %v", p)
		}
	}()
	return s.recipients(ctx, e)
}

// recipients decides who hears of an event, and whether its actor is to
// follow the thread (having started or replied to it).
func (s *Service) recipients(ctx context.Context, e allmenning.Event) (list []allmenning.NewNotification, follow bool, err error) {
	t, reply, err := s.Store.FindNotifySubject(ctx, e.ThreadID, e.ReplyID)
	if err != nil {
		return nil, false, err
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
			return nil, false, err
		}
		add(allmenning.NotifyNewThread, ids...)
		add(allmenning.NotifyMention, e.Mentions...)
		follow = true
	case allmenning.EventReplyCreated:
		if reply == nil {
			return nil, follow, nil
		}
		ids, err := followers(ref(allmenning.FollowThread, t.ID))
		if err != nil {
			return nil, false, err
		}
		add(allmenning.NotifyReply, ids...)
		postAuthor := t.AuthorID
		if reply.ReplyToID != 0 {
			_, to, err := s.Store.FindNotifySubject(ctx, t.ID, reply.ReplyToID)
			if err != nil {
				return nil, false, err
			}
			postAuthor = to.AuthorID
		}
		add(allmenning.NotifyReply, postAuthor)
		if t.Kind == allmenning.KindQuestion {
			add(allmenning.NotifyAnswer, t.AuthorID)
		}
		add(allmenning.NotifyMention, e.Mentions...)
		// Usually the reply's own transaction has made the follow already.
		follow = !slices.Contains(ids, e.ActorID)
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
			return nil, follow, nil
		}
		ea, err := s.Experts.FindExperts(ctx, t.AreaID)
		if err != nil {
			return nil, false, err
		}
		for _, m := range append(slices.Clone(ea.Experts), ea.ParentExperts...) {
			add(allmenning.NotifyExpertQueue, m.ID)
		}
	case allmenning.EventEscalated:
		ids, err := s.Store.FindModeratorIDs(ctx)
		if err != nil {
			return nil, false, err
		}
		add(allmenning.NotifyEscalation, ids...)
	default:
		return nil, follow, nil
	}
	if reply != nil && reply.DeletedAt != nil {
		return nil, follow, nil
	}
	delete(reasons, e.ActorID)
	if len(reasons) == 0 {
		return nil, follow, nil
	}
	ids := make([]int64, 0, len(reasons))
	for id := range reasons {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	muted, err := s.Store.FindMutedIDs(ctx, ids, t.ID, e.ActorID)
	if err != nil {
		return nil, false, err
	}
	for _, id := range muted {
		delete(reasons, id)
	}
	if len(muted) > 0 {
		ids = slices.DeleteFunc(ids, func(id int64) bool { _, ok := reasons[id]; return !ok })
		if len(ids) == 0 {
			return nil, follow, nil
		}
	}
	members, err := s.Store.FindMembersByIDs(ctx, ids)
	if err != nil {
		return nil, false, err
	}
	for _, m := range members {
		kind, ok := reasons[m.ID]
		// The one visibility rule, applied with the recipient as viewer: a
		// municipality-only thread notifies nobody outside the municipality.
		if !ok || allmenning.Authorize(m, allmenning.ActViewThread, allmenning.Target{Thread: t}) != nil {
			continue
		}
		list = append(list, allmenning.NewNotification{MemberID: m.ID, Kind: kind, ThreadID: t.ID, ReplyID: e.ReplyID, ActorID: e.ActorID, At: e.At})
	}
	return list, follow, nil
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
