package discuss

import (
	"context"
	"time"

	"github.com/allmenning/allmenning"
)

// EditRights decides, as AuthorizeEdit does, whether editor may edit the
// post by authorID in t (own) and others' posts in t (others), asking for
// the trust level at most once and only when it can change an answer: a
// page shows both buttons, and each AuthorizeEdit would ask again.
func (s *Service) EditRights(ctx context.Context, editor *allmenning.Member, t *allmenning.Thread, authorID int64) (own, others bool) {
	post := allmenning.Target{Thread: t, AuthorID: authorID}
	any := allmenning.Target{Thread: t, AuthorID: -1}
	level := 0
	if s.TrustLevel != nil && editor != nil && editor.Status == allmenning.StatusActive &&
		(allmenning.Authorize(editor, allmenning.ActEditPost, post) != nil || allmenning.Authorize(editor, allmenning.ActEditPost, any) != nil) &&
		allmenning.Authorize(editor, allmenning.ActReply, allmenning.Target{Thread: t}) == nil {
		// A failed lookup leaves level 0: Authorize alone decides, as
		// AuthorizeEdit's error would refuse just where Authorize refuses.
		if l, err := s.TrustLevel(ctx, editor.ID); err == nil {
			level = l
		}
	}
	own = allmenning.AuthorizeQuestion(editor, allmenning.ActEditPost, allmenning.QuestionTarget{Target: post, TrustLevel: level}) == nil
	others = editor != nil && allmenning.AuthorizeQuestion(editor, allmenning.ActEditPost, allmenning.QuestionTarget{Target: any, TrustLevel: level}) == nil
	return own, others
}

// threadPageReader is a store that reads a thread page at once
// (store.DB.FindThreadPage).
type threadPageReader interface {
	FindThreadPage(ctx context.Context, v allmenning.Viewer, id int64, limit int, now time.Time) (*allmenning.Thread, []*allmenning.Reply, bool, error)
}

// ThreadPage returns a thread the viewer may see, as Thread does, with its
// first limit replies, and whether the viewer's read of them is recorded
// already (RecordRead would change nothing; always false for visitors).
func (s *Service) ThreadPage(ctx context.Context, viewer *allmenning.Member, id int64, limit int, now time.Time) (*allmenning.Thread, []*allmenning.Reply, bool, error) {
	pr, ok := s.Store.(threadPageReader)
	if !ok {
		t, err := s.Thread(ctx, viewer, id)
		if err != nil {
			return nil, nil, false, err
		}
		replies, err := s.Store.FindReplies(ctx, allmenning.ViewerOf(viewer), id, 0, limit)
		return t, replies, false, err
	}
	t, replies, read, err := pr.FindThreadPage(ctx, allmenning.ViewerOf(viewer), id, limit, now)
	if allmenning.ErrorCode(err) == allmenning.ENOTFOUND && viewer == nil {
		return nil, nil, false, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	if err != nil {
		return nil, nil, false, err
	}
	if err := allmenning.Authorize(viewer, allmenning.ActViewThread, allmenning.Target{Thread: t}); err != nil {
		return nil, nil, false, err
	}
	return t, replies, read, nil
}
