// Package qa runs the actions on questions: asking (optionally for an
// expert answer), answering, voting, accepting, commenting on answers,
// closing duplicates, the expert queue and its escalations, the SLA report,
// reputation, trust levels and the FAQ. Every action is decided by
// allmenning.AuthorizeQuestion (or Authorize) here, so that the web pages
// and the JSON API answer alike.
//
// Beyond the contract the service has SetExperts, SetResponseDays, Experts,
// SetTrustOverride, SetTrustThresholds, TrustThresholds, IsExpert,
// ExpertAreas and InFAQ, which the admin and question pages need. New also
// gives the discussion service the trust levels (discuss.Service.TrustLevel),
// so that discussions are held to the same post limits and edit rights.
package qa

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/discuss"
)

// Service performs question actions.
type Service struct {
	Discuss *discuss.Service
	Store   allmenning.QuestionStore
	// Events, when set, hears of accepted answers, expert requests and
	// escalations. New threads, answers and likes are published by Discuss.
	Events allmenning.Publisher
	// Now is the clock of events and of the SLA report.
	Now func() time.Time
}

// New returns a Service. It sets d.TrustLevel from store when d has none.
func New(d *discuss.Service, store allmenning.QuestionStore) *Service {
	s := &Service{Discuss: d, Store: store, Now: time.Now}
	if d.TrustLevel == nil {
		d.TrustLevel = s.level
	}
	return s
}

func (s *Service) publish(ctx context.Context, e allmenning.Event) {
	if s.Events == nil {
		return
	}
	e.At = s.Now()
	s.Events.Publish(ctx, e)
}

// level returns a member's trust level.
func (s *Service) level(ctx context.Context, memberID int64) (int, error) {
	st, err := s.Store.FindTrustLevel(ctx, memberID)
	if err != nil {
		return 0, err
	}
	return st.Level, nil
}

// question returns a question the viewer may see. As with discussions, an
// anonymous visitor is asked to log in rather than told whether it exists.
func (s *Service) question(ctx context.Context, viewer *allmenning.Member, id int64) (*allmenning.Question, error) {
	q, err := s.Store.FindQuestion(ctx, allmenning.ViewerOf(viewer), id)
	if allmenning.ErrorCode(err) == allmenning.ENOTFOUND && viewer == nil {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	if err != nil {
		return nil, err
	}
	if err := allmenning.Authorize(viewer, allmenning.ActViewThread, allmenning.Target{Thread: q.Thread}); err != nil {
		return nil, err
	}
	return q, nil
}

// target returns what AuthorizeQuestion needs about actor on a post by
// authorID in q: the actor's trust level and whether they are an expert of
// the question's area.
func (s *Service) target(ctx context.Context, actor *allmenning.Member, q *allmenning.Question, authorID int64) (allmenning.QuestionTarget, error) {
	t := allmenning.QuestionTarget{Target: allmenning.Target{Thread: q.Thread, AuthorID: authorID}}
	if actor == nil {
		return t, nil
	}
	var err error
	if t.TrustLevel, err = s.level(ctx, actor.ID); err != nil {
		return t, err
	}
	if t.Expert, err = s.Store.IsExpert(ctx, actor.ID, q.ID); err != nil {
		return t, err
	}
	return t, nil
}

// answer returns an answer the actor may see, with its question.
func (s *Service) answer(ctx context.Context, actor *allmenning.Member, answerID int64) (*allmenning.Reply, *allmenning.Question, error) {
	reply, t, err := s.Discuss.FindReply(ctx, actor, answerID)
	if err != nil {
		return nil, nil, err
	}
	if t.Kind != allmenning.KindQuestion {
		return nil, nil, allmenning.Errorf(allmenning.EINVALID, "error.question.not_question")
	}
	q, err := s.question(ctx, actor, t.ID)
	if err != nil {
		return nil, nil, err
	}
	return reply, q, nil
}

// Ask posts a question; with expert it also asks for an expert answer, in
// the same transaction, and the question enters its area's expert queue.
func (s *Service) Ask(ctx context.Context, asker *allmenning.Member, t allmenning.NewThread, expert bool) (*allmenning.Question, error) {
	if err := allmenning.Authorize(asker, allmenning.ActCreateThread, allmenning.Target{}); err != nil {
		return nil, err
	}
	t.Kind = allmenning.KindQuestion
	if err := t.Validate(); err != nil {
		return nil, err
	}
	r, err := s.Discuss.Render(ctx, t.Body)
	if err != nil {
		return nil, err
	}
	if err := s.Discuss.CheckLimits(ctx, asker, t.Body, len(r.Mentions)); err != nil {
		return nil, err
	}
	q, err := s.Store.CreateQuestion(ctx, asker, t, r.HTML, r.Mentions, expert)
	if err != nil {
		return nil, err
	}
	s.Discuss.Publish(ctx, allmenning.Event{Kind: allmenning.EventThreadCreated, ActorID: asker.ID, ThreadID: q.ID, Mentions: r.Mentions})
	if q.ExpertRequested {
		s.publish(ctx, allmenning.Event{Kind: allmenning.EventExpertRequested, ActorID: asker.ID, ThreadID: q.ID})
	}
	return q, nil
}

// RequestExpert asks for an expert answer to a question already posted.
func (s *Service) RequestExpert(ctx context.Context, asker *allmenning.Member, questionID int64) (*allmenning.Question, error) {
	q, err := s.question(ctx, asker, questionID)
	if err != nil {
		return nil, err
	}
	if err := allmenning.AuthorizeQuestion(asker, allmenning.ActRequestExpert, allmenning.QuestionTarget{Target: allmenning.Target{Thread: q.Thread}}); err != nil {
		return nil, err
	}
	if q.ExpertRequested {
		return q, nil
	}
	if q, err = s.Store.RequestExpert(ctx, asker, questionID); err != nil {
		return nil, err
	}
	s.publish(ctx, allmenning.Event{Kind: allmenning.EventExpertRequested, ActorID: asker.ID, ThreadID: q.ID})
	return q, nil
}

// Answer is an answer with what the question page shows of it.
type Answer struct {
	*allmenning.Reply
	Votes    allmenning.AnswerVotes
	Comments []*allmenning.AnswerComment
	Accepted bool
	Expert   bool // the first answer by an expert of the area: it stopped the clock
}

// View is a question as a viewer sees it.
type View struct {
	Question *allmenning.Question
	// Answers: the accepted one first, then by score, then oldest first;
	// deleted ones (shown to moderators) last.
	Answers []*Answer
	// DuplicateOf is the original of a question closed as a duplicate, when the viewer may see it.
	DuplicateOf *allmenning.Question
	// For the viewer.
	TrustLevel int
	IsExpert   bool // an expert of the question's area
	InFAQ      bool
}

// Question returns a question with its answers, votes, comments and original.
func (s *Service) Question(ctx context.Context, viewer *allmenning.Member, id int64) (*View, error) {
	q, err := s.question(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	v := allmenning.ViewerOf(viewer)
	replies, err := s.Discuss.Store.FindReplies(ctx, v, id, 0, 1000)
	if err != nil {
		return nil, err
	}
	votes, err := s.Store.FindAnswerVotes(ctx, v, id)
	if err != nil {
		return nil, err
	}
	comments, err := s.Store.FindAnswerComments(ctx, v, id)
	if err != nil {
		return nil, err
	}
	view := &View{Question: q}
	for _, r := range replies {
		a := &Answer{Reply: r, Comments: comments[r.ID], Accepted: r.ID == q.AcceptedAnswerID, Expert: r.ID == q.ExpertAnswerID}
		if vo := votes[r.ID]; vo != nil {
			a.Votes = *vo
		}
		view.Answers = append(view.Answers, a)
	}
	SortAnswers(view.Answers)
	if q.DuplicateOf != 0 {
		if orig, err := s.Store.FindQuestion(ctx, v, q.DuplicateOf); err == nil {
			view.DuplicateOf = orig
		} else if allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			return nil, err
		}
	}
	if viewer != nil {
		t, err := s.target(ctx, viewer, q, 0)
		if err != nil {
			return nil, err
		}
		view.TrustLevel, view.IsExpert = t.TrustLevel, t.Expert
	}
	if view.InFAQ, err = s.InFAQ(ctx, viewer, q); err != nil {
		return nil, err
	}
	return view, nil
}

// SortAnswers orders answers: the accepted one first, then by score, then
// oldest first; deleted ones last.
func SortAnswers(list []*Answer) {
	slices.SortStableFunc(list, func(a, b *Answer) int {
		if c := cmp.Compare(boolRank(a.DeletedAt == nil), boolRank(b.DeletedAt == nil)); c != 0 {
			return c
		}
		if c := cmp.Compare(boolRank(a.Accepted), boolRank(b.Accepted)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Votes.Score, a.Votes.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Number, b.Number)
	})
}

// boolRank sorts true first.
func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}

// InFAQ reports whether a question is in its area's FAQ.
func (s *Service) InFAQ(ctx context.Context, viewer *allmenning.Member, q *allmenning.Question) (bool, error) {
	entries, err := s.Store.FindFAQ(ctx, allmenning.ViewerOf(viewer), q.AreaID)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if e.Question.ID == q.ID {
			return true, nil
		}
	}
	return false, nil
}

// Questions lists the questions the viewer may see.
func (s *Service) Questions(ctx context.Context, viewer *allmenning.Member, f allmenning.QuestionFilter) (*allmenning.QuestionPage, error) {
	return s.Store.FindQuestions(ctx, allmenning.ViewerOf(viewer), f)
}

// Answer posts an answer to a question. The first answer by an expert of
// the area stops the question's SLA clock.
func (s *Service) Answer(ctx context.Context, author *allmenning.Member, questionID int64, body string) (*allmenning.Reply, error) {
	if _, err := s.question(ctx, author, questionID); err != nil {
		return nil, err
	}
	reply, err := s.Discuss.Reply(ctx, author, questionID, allmenning.NewReply{Body: body})
	if err != nil {
		return nil, err
	}
	if _, err := s.Store.RecordExpertAnswer(ctx, reply.ID); err != nil {
		return nil, err
	}
	return reply, nil
}

// Vote sets the voter's vote on an answer (+1, -1 or 0) and returns its score.
func (s *Service) Vote(ctx context.Context, voter *allmenning.Member, answerID int64, value int) (int, error) {
	reply, q, err := s.answer(ctx, voter, answerID)
	if err != nil {
		return 0, err
	}
	t, err := s.target(ctx, voter, q, reply.AuthorID)
	if err != nil {
		return 0, err
	}
	t.Vote = value
	if err := allmenning.AuthorizeQuestion(voter, allmenning.ActVote, t); err != nil {
		return 0, err
	}
	return s.Store.SetVote(ctx, voter, answerID, value)
}

// Accept makes an answer the accepted answer of its question.
func (s *Service) Accept(ctx context.Context, by *allmenning.Member, answerID int64) (*allmenning.Question, error) {
	reply, q, err := s.answer(ctx, by, answerID)
	if err != nil {
		return nil, err
	}
	if err := allmenning.AuthorizeQuestion(by, allmenning.ActAcceptAnswer, allmenning.QuestionTarget{Target: allmenning.Target{Thread: q.Thread, AuthorID: reply.AuthorID}}); err != nil {
		return nil, err
	}
	before := q.AcceptedAnswerID
	if q, err = s.Store.AcceptAnswer(ctx, by, answerID); err != nil {
		return nil, err
	}
	if before != answerID {
		s.publish(ctx, allmenning.Event{Kind: allmenning.EventAnswerAccepted, ActorID: by.ID, ThreadID: q.ID, ReplyID: answerID})
	}
	return q, nil
}

// Unaccept removes a question's accepted answer.
func (s *Service) Unaccept(ctx context.Context, by *allmenning.Member, questionID int64) (*allmenning.Question, error) {
	q, err := s.question(ctx, by, questionID)
	if err != nil {
		return nil, err
	}
	if err := allmenning.AuthorizeQuestion(by, allmenning.ActAcceptAnswer, allmenning.QuestionTarget{Target: allmenning.Target{Thread: q.Thread}}); err != nil {
		return nil, err
	}
	return s.Store.UnacceptAnswer(ctx, by, questionID)
}

// Comment adds a short comment to an answer. Comments are held to the
// author's trust level's link limit.
func (s *Service) Comment(ctx context.Context, author *allmenning.Member, answerID int64, body string) (*allmenning.AnswerComment, error) {
	_, q, err := s.answer(ctx, author, answerID)
	if err != nil {
		return nil, err
	}
	if err := allmenning.AuthorizeQuestion(author, allmenning.ActCommentAnswer, allmenning.QuestionTarget{Target: allmenning.Target{Thread: q.Thread}}); err != nil {
		return nil, err
	}
	body, err = allmenning.NormalizeComment(body)
	if err != nil {
		return nil, err
	}
	if err := s.Discuss.CheckLimits(ctx, author, body, 0); err != nil {
		return nil, err
	}
	return s.Store.AddAnswerComment(ctx, author, answerID, body)
}

// MarkDuplicate closes a question as a duplicate of original; 0 reopens it.
func (s *Service) MarkDuplicate(ctx context.Context, by *allmenning.Member, questionID, originalID int64) (*allmenning.Question, error) {
	q, err := s.question(ctx, by, questionID)
	if err != nil {
		return nil, err
	}
	if err := allmenning.AuthorizeQuestion(by, allmenning.ActMarkDuplicate, allmenning.QuestionTarget{Target: allmenning.Target{Thread: q.Thread}}); err != nil {
		return nil, err
	}
	return s.Store.MarkDuplicate(ctx, by, questionID, originalID)
}

// SimilarLimit is how many similar questions are offered.
const SimilarLimit = 5

// Similar returns up to five questions the viewer may see whose titles are like title.
func (s *Service) Similar(ctx context.Context, viewer *allmenning.Member, title string) ([]*allmenning.Question, error) {
	return s.Store.FindSimilarQuestions(ctx, allmenning.ViewerOf(viewer), title, SimilarLimit)
}

// Claim lets an expert of the area claim a question (claim) or release their claim.
func (s *Service) Claim(ctx context.Context, expert *allmenning.Member, questionID int64, claim bool) (*allmenning.Question, error) {
	q, err := s.question(ctx, expert, questionID)
	if err != nil {
		return nil, err
	}
	t, err := s.target(ctx, expert, q, 0)
	if err != nil {
		return nil, err
	}
	if err := allmenning.AuthorizeQuestion(expert, allmenning.ActClaimQuestion, t); err != nil {
		return nil, err
	}
	return s.Store.ClaimQuestion(ctx, expert, questionID, claim)
}

// ExpertAreas returns the ids of the areas a member is an expert of.
func (s *Service) ExpertAreas(ctx context.Context, memberID int64) ([]int64, error) {
	return s.Store.FindExpertAreaIDs(ctx, memberID)
}

// ExpertQueue returns the expert requests waiting for an answer, soonest
// due first, for experts and moderators. An expert who is not a moderator
// sees the queue of the areas they are designated for.
func (s *Service) ExpertQueue(ctx context.Context, viewer *allmenning.Member, f allmenning.ExpertQueueFilter) ([]*allmenning.Question, error) {
	var expert bool
	if viewer != nil {
		ids, err := s.Store.FindExpertAreaIDs(ctx, viewer.ID)
		if err != nil {
			return nil, err
		}
		expert = len(ids) > 0
	}
	if err := allmenning.AuthorizeQuestion(viewer, allmenning.ActViewExpertQueue, allmenning.QuestionTarget{Expert: expert}); err != nil {
		return nil, err
	}
	if !viewer.IsModerator() {
		f.ExpertID = viewer.ID
	}
	return s.Store.FindExpertQueue(ctx, allmenning.ViewerOf(viewer), f)
}

// EscalateOverdue marks the questions past due without an expert answer as
// escalated and publishes expert.escalated for each. It runs as the system.
func (s *Service) EscalateOverdue(ctx context.Context, now time.Time) ([]*allmenning.Question, error) {
	list, err := s.Store.EscalateOverdue(ctx, now)
	if err != nil {
		return nil, err
	}
	for _, q := range list {
		s.publish(ctx, allmenning.Event{Kind: allmenning.EventEscalated, ThreadID: q.ID})
	}
	return list, nil
}

// SLAReport is the response-time report per area and per expert, for moderators.
func (s *Service) SLAReport(ctx context.Context, viewer *allmenning.Member, f allmenning.SLAFilter) (allmenning.SLAReport, error) {
	if err := allmenning.AuthorizeQuestion(viewer, allmenning.ActViewSLA, allmenning.QuestionTarget{}); err != nil {
		return allmenning.SLAReport{}, err
	}
	records, err := s.Store.FindSLARecords(ctx, allmenning.ViewerOf(viewer), f)
	if err != nil {
		return allmenning.SLAReport{}, err
	}
	return allmenning.BuildSLAReport(records, s.Now()), nil
}

// Reputation returns a member's reputation with a page of history, for members.
func (s *Service) Reputation(ctx context.Context, viewer *allmenning.Member, memberID int64, offset, limit int) (*allmenning.Reputation, error) {
	if err := allmenning.Authorize(viewer, allmenning.ActViewMember, allmenning.Target{}); err != nil {
		return nil, err
	}
	return s.Store.FindReputation(ctx, allmenning.ViewerOf(viewer), memberID, offset, limit)
}

// TrustLevel returns a member's trust level and what it is computed from.
func (s *Service) TrustLevel(ctx context.Context, memberID int64) (*allmenning.TrustStatus, error) {
	return s.Store.FindTrustLevel(ctx, memberID)
}

// SetTrustOverride sets a member's trust level by hand (moderators); nil computes it again.
func (s *Service) SetTrustOverride(ctx context.Context, by *allmenning.Member, memberID int64, level *int) error {
	if err := allmenning.AuthorizeQuestion(by, allmenning.ActSetTrust, allmenning.QuestionTarget{}); err != nil {
		return err
	}
	return s.Store.SetTrustOverride(ctx, memberID, level)
}

// TrustThresholds returns the thresholds in force.
func (s *Service) TrustThresholds(ctx context.Context) (allmenning.TrustThresholds, error) {
	return s.Store.FindTrustThresholds(ctx)
}

// SetTrustThresholds sets the thresholds of the trust levels (operators).
func (s *Service) SetTrustThresholds(ctx context.Context, by *allmenning.Member, th allmenning.TrustThresholds) error {
	if err := allmenning.AuthorizeQuestion(by, allmenning.ActManageTrust, allmenning.QuestionTarget{}); err != nil {
		return err
	}
	return s.Store.SetTrustThresholds(ctx, th)
}

// Experts returns an area's experts and promised response time.
func (s *Service) Experts(ctx context.Context, areaID int64) (*allmenning.ExpertArea, error) {
	return s.Store.FindExperts(ctx, areaID)
}

// SetExperts designates an area's experts (operators).
func (s *Service) SetExperts(ctx context.Context, by *allmenning.Member, areaID int64, memberIDs []int64) error {
	if err := allmenning.AuthorizeQuestion(by, allmenning.ActManageExperts, allmenning.QuestionTarget{}); err != nil {
		return err
	}
	return s.Store.SetExperts(ctx, areaID, memberIDs)
}

// SetResponseDays sets an area's promised response time in working days; 0 inherits (operators).
func (s *Service) SetResponseDays(ctx context.Context, by *allmenning.Member, areaID int64, days int) error {
	if err := allmenning.AuthorizeQuestion(by, allmenning.ActManageExperts, allmenning.QuestionTarget{}); err != nil {
		return err
	}
	return s.Store.SetResponseDays(ctx, areaID, days)
}

// Like likes or unlikes a thread or reply, as discuss.Like does, and gives
// or takes back the reputation of the like.
func (s *Service) Like(ctx context.Context, member *allmenning.Member, kind string, id int64, on bool) (int, error) {
	n, err := s.Discuss.Like(ctx, member, kind, id, on)
	if err != nil {
		return 0, err
	}
	if err := s.Store.SyncLikeReputation(ctx, member, kind, id); err != nil {
		return 0, err
	}
	return n, nil
}

// AddFAQ promotes a question with an accepted answer into its area's FAQ (moderators).
func (s *Service) AddFAQ(ctx context.Context, by *allmenning.Member, threadID int64) error {
	if err := s.authorizeFAQ(ctx, by, threadID); err != nil {
		return err
	}
	return s.Store.AddFAQ(ctx, by, threadID)
}

// RemoveFAQ takes a question out of its area's FAQ (moderators).
func (s *Service) RemoveFAQ(ctx context.Context, by *allmenning.Member, threadID int64) error {
	if err := s.authorizeFAQ(ctx, by, threadID); err != nil {
		return err
	}
	return s.Store.RemoveFAQ(ctx, threadID)
}

// MoveFAQ moves an entry up (delta < 0) or down (delta > 0) in its area's FAQ (moderators).
func (s *Service) MoveFAQ(ctx context.Context, by *allmenning.Member, threadID int64, delta int) error {
	if err := s.authorizeFAQ(ctx, by, threadID); err != nil {
		return err
	}
	return s.Store.MoveFAQ(ctx, threadID, delta)
}

func (s *Service) authorizeFAQ(ctx context.Context, by *allmenning.Member, threadID int64) error {
	if err := allmenning.AuthorizeQuestion(by, allmenning.ActManageFAQ, allmenning.QuestionTarget{}); err != nil {
		return err
	}
	_, err := s.question(ctx, by, threadID)
	return err
}

// FAQ returns an area's FAQ as the viewer may see it.
func (s *Service) FAQ(ctx context.Context, viewer *allmenning.Member, areaID int64) ([]*allmenning.FAQEntry, error) {
	return s.Store.FindFAQ(ctx, allmenning.ViewerOf(viewer), areaID)
}
