package notify

import (
	"context"
	"strconv"

	"github.com/allmenning/allmenning"
)

// target resolves and authorises a follow or mute target for a member.
func (s *Service) target(ctx context.Context, me *allmenning.Member, r allmenning.FollowRef, mute bool) (*allmenning.Follow, error) {
	if err := allmenning.AuthorizeFollow(me, allmenning.ActFollow, allmenning.Target{}); err != nil {
		return nil, err
	}
	if err := r.Validate(mute); err != nil {
		return nil, err
	}
	f, err := s.Store.FindFollowTarget(ctx, r)
	if err != nil {
		return nil, err
	}
	switch f.Kind {
	case allmenning.FollowThread:
		t, _, err := s.Store.FindNotifySubject(ctx, f.ID, 0)
		if err != nil {
			return nil, err
		}
		if err := allmenning.AuthorizeFollow(me, allmenning.ActFollow, allmenning.Target{Thread: t}); err != nil {
			return nil, err
		}
	case allmenning.FollowMember:
		if f.ID == me.ID {
			return nil, &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"id": "notify.error.self"}}
		}
	}
	return f, nil
}

// Follow follows (on) or unfollows what r names and returns it.
func (s *Service) Follow(ctx context.Context, me *allmenning.Member, r allmenning.FollowRef, on bool) (*allmenning.Follow, error) {
	f, err := s.target(ctx, me, r, false)
	if err != nil {
		return nil, err
	}
	if err := s.Store.SetFollow(ctx, me.ID, f.Kind, f.ID, on); err != nil {
		return nil, err
	}
	f.CreatedAt = s.Now()
	return f, nil
}

// Mute mutes (on) or unmutes the thread or member r names and returns it.
func (s *Service) Mute(ctx context.Context, me *allmenning.Member, r allmenning.FollowRef, on bool) (*allmenning.Follow, error) {
	f, err := s.target(ctx, me, r, true)
	if err != nil {
		return nil, err
	}
	if err := s.Store.SetMute(ctx, me.ID, f.Kind, f.ID, on); err != nil {
		return nil, err
	}
	f.CreatedAt = s.Now()
	return f, nil
}

// Follows lists what the member follows.
func (s *Service) Follows(ctx context.Context, me *allmenning.Member) ([]*allmenning.Follow, error) {
	if err := allmenning.AuthorizeFollow(me, allmenning.ActFollow, allmenning.Target{}); err != nil {
		return nil, err
	}
	list, err := s.Store.FindFollows(ctx, allmenning.ViewerOf(me), me.ID)
	if list == nil {
		list = []*allmenning.Follow{}
	}
	return list, err
}

// Mutes lists what the member has muted.
func (s *Service) Mutes(ctx context.Context, me *allmenning.Member) ([]*allmenning.Follow, error) {
	if err := allmenning.AuthorizeFollow(me, allmenning.ActFollow, allmenning.Target{}); err != nil {
		return nil, err
	}
	list, err := s.Store.FindMutes(ctx, allmenning.ViewerOf(me), me.ID)
	if list == nil {
		list = []*allmenning.Follow{}
	}
	return list, err
}

// States reports which targets (kind and numeric id) the member follows and mutes.
func (s *Service) States(ctx context.Context, me *allmenning.Member, targets []allmenning.FollowRef) (follows, mutes map[allmenning.FollowRef]bool, err error) {
	if me == nil {
		return map[allmenning.FollowRef]bool{}, map[allmenning.FollowRef]bool{}, nil
	}
	return s.Store.FollowStates(ctx, me.ID, targets)
}

// Ref names a target by kind and numeric id.
func Ref(kind string, id int64) allmenning.FollowRef { return ref(kind, id) }

// Notifications returns a page of the member's notifications and the unread count.
func (s *Service) Notifications(ctx context.Context, me *allmenning.Member, offset, limit int) ([]*allmenning.Notification, int, error) {
	if err := allmenning.AuthorizeFollow(me, allmenning.ActViewNotifications, allmenning.Target{}); err != nil {
		return nil, 0, err
	}
	return s.Store.FindNotifications(ctx, allmenning.ViewerOf(me), offset, limit)
}

// Unread counts the member's unread notifications; 0 for visitors.
func (s *Service) Unread(ctx context.Context, me *allmenning.Member) (int, error) {
	if allmenning.AuthorizeFollow(me, allmenning.ActViewNotifications, allmenning.Target{}) != nil {
		return 0, nil
	}
	return s.Store.CountUnreadNotifications(ctx, allmenning.ViewerOf(me))
}

// Open marks one of the member's notifications read and returns it.
func (s *Service) Open(ctx context.Context, me *allmenning.Member, id int64) (*allmenning.Notification, error) {
	if err := allmenning.AuthorizeFollow(me, allmenning.ActViewNotifications, allmenning.Target{}); err != nil {
		return nil, err
	}
	return s.Store.MarkNotificationRead(ctx, allmenning.ViewerOf(me), id, s.Now())
}

// MarkAllRead marks all the member's notifications read.
func (s *Service) MarkAllRead(ctx context.Context, me *allmenning.Member) (int, error) {
	if err := allmenning.AuthorizeFollow(me, allmenning.ActViewNotifications, allmenning.Target{}); err != nil {
		return 0, err
	}
	return s.Store.MarkAllNotificationsRead(ctx, me.ID, s.Now())
}

// Link is where a notification leads: the reply, or the thread.
func Link(n *allmenning.Notification) string {
	u := "/diskusjoner/" + strconv.FormatInt(n.ThreadID, 10)
	if n.ReplyNumber > 0 {
		u += "#svar-" + strconv.Itoa(n.ReplyNumber)
	}
	return u
}

// FeedPrefix starts every personal feed secret, so that a leaked one is recognisable.
const FeedPrefix = "almf_"

// CreateFeedToken makes a new secret feed address for the member, revoking
// the old one, and returns the secret (shown once; only its hash is kept).
func (s *Service) CreateFeedToken(ctx context.Context, me *allmenning.Member) (string, error) {
	if err := allmenning.AuthorizeFollow(me, allmenning.ActManageFeedToken, allmenning.Target{}); err != nil {
		return "", err
	}
	secret, _ := allmenning.NewSecret()
	secret = FeedPrefix + secret
	t := &allmenning.FeedToken{MemberID: me.ID, Prefix: secret[:len(FeedPrefix)+4], Hash: allmenning.HashSecret(secret), CreatedAt: s.Now()}
	if err := s.Store.CreateFeedToken(ctx, t); err != nil {
		return "", err
	}
	return secret, nil
}

// FeedToken returns the member's feed token, or nil when there is none.
func (s *Service) FeedToken(ctx context.Context, me *allmenning.Member) (*allmenning.FeedToken, error) {
	if err := allmenning.AuthorizeFollow(me, allmenning.ActManageFeedToken, allmenning.Target{}); err != nil {
		return nil, err
	}
	t, err := s.Store.FindFeedToken(ctx, me.ID)
	if allmenning.ErrorCode(err) == allmenning.ENOTFOUND {
		return nil, nil
	}
	return t, err
}

// RevokeFeedToken makes the member's feed address stop working.
func (s *Service) RevokeFeedToken(ctx context.Context, me *allmenning.Member) error {
	if err := allmenning.AuthorizeFollow(me, allmenning.ActManageFeedToken, allmenning.Target{}); err != nil {
		return err
	}
	return s.Store.DeleteFeedTokens(ctx, me.ID)
}

// FeedMember returns the member whose feed secret this is, ENOTFOUND when
// it is unknown or revoked.
func (s *Service) FeedMember(ctx context.Context, secret string) (*allmenning.Member, error) {
	if secret == "" {
		return nil, allmenning.Errorf(allmenning.ENOTFOUND, "notify.error.feed_not_found")
	}
	return s.Store.FindMemberByFeedToken(ctx, allmenning.HashSecret(secret), s.Now())
}
