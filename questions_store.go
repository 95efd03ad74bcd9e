package allmenning

import (
	"context"
	"time"
)

// QuestionStore keeps what questions add to discussions: votes, accepted
// answers, comments on answers, duplicates, experts and their queue, SLA
// records, reputation, trust levels and the FAQ. Like DiscussionStore,
// every method that returns content takes the Viewer and returns only what
// CanSee allows; an invisible question is ENOTFOUND. Who may do what is
// decided by AuthorizeQuestion before these are called; the store checks
// only what the data decides (visibility, kinds, own answers, experts).
type QuestionStore interface {
	// FindQuestion returns a question the viewer may see (ENOTFOUND for a
	// discussion). FindQuestions lists questions, newest first.
	FindQuestion(ctx context.Context, v Viewer, threadID int64) (*Question, error)
	FindQuestions(ctx context.Context, v Viewer, f QuestionFilter) (*QuestionPage, error)
	// CreateQuestion creates a question (a thread of kind question) and,
	// with expert, asks for an expert answer in the same transaction.
	CreateQuestion(ctx context.Context, author *Member, t NewThread, bodyHTML string, mentions []int64, expert bool) (*Question, error)

	// SetVote sets member's vote on an answer (+1, -1, or 0 to remove it)
	// and returns the answer's score. The answer's author gains or loses
	// reputation in the same transaction; setting the same vote again
	// changes nothing.
	SetVote(ctx context.Context, member *Member, replyID int64, value int) (int, error)
	// FindAnswerVotes returns the scores of a question's answers and the viewer's votes, by reply id.
	FindAnswerVotes(ctx context.Context, v Viewer, threadID int64) (map[int64]*AnswerVotes, error)
	// AcceptAnswer marks an answer as its question's accepted answer,
	// replacing any other; UnacceptAnswer removes the mark. Reputation
	// follows.
	AcceptAnswer(ctx context.Context, by *Member, replyID int64) (*Question, error)
	UnacceptAnswer(ctx context.Context, by *Member, threadID int64) (*Question, error)
	AddAnswerComment(ctx context.Context, author *Member, replyID int64, body string) (*AnswerComment, error)
	// FindAnswerComments returns the comments on a question's answers, by reply id, oldest first.
	FindAnswerComments(ctx context.Context, v Viewer, threadID int64) (map[int64][]*AnswerComment, error)
	// MarkDuplicate closes a question as a duplicate of another; original 0 reopens it.
	MarkDuplicate(ctx context.Context, by *Member, threadID, original int64) (*Question, error)
	// FindSimilarQuestions returns up to limit (default 5) questions whose
	// titles share words with title, most similar first.
	FindSimilarQuestions(ctx context.Context, v Viewer, title string, limit int) ([]*Question, error)

	// SetExperts replaces the experts of an area; FindExperts returns them,
	// with the parent area's experts (who answer in the children too) and
	// the response time in force.
	SetExperts(ctx context.Context, areaID int64, memberIDs []int64) error
	FindExperts(ctx context.Context, areaID int64) (*ExpertArea, error)
	// FindExpertAreaIDs returns the areas a member is designated for.
	FindExpertAreaIDs(ctx context.Context, memberID int64) ([]int64, error)
	// IsExpert reports whether a member is an expert of a thread's area (or its parent).
	IsExpert(ctx context.Context, memberID, threadID int64) (bool, error)
	// SetResponseDays sets an area's promised response time; 0 inherits.
	SetResponseDays(ctx context.Context, areaID int64, days int) error
	// RequestExpert asks for an expert answer to a question and sets its due time.
	RequestExpert(ctx context.Context, asker *Member, threadID int64) (*Question, error)
	// ClaimQuestion lets an expert claim (or, with claim false, release) a question.
	ClaimQuestion(ctx context.Context, expert *Member, threadID int64, claim bool) (*Question, error)
	// RecordExpertAnswer stops a question's SLA clock when the reply, just
	// created, is the first by an expert of its area; call it after
	// CreateReply. It reports whether it did.
	RecordExpertAnswer(ctx context.Context, replyID int64) (bool, error)
	// FindExpertQueue returns expert requests, soonest due first.
	FindExpertQueue(ctx context.Context, v Viewer, f ExpertQueueFilter) ([]*Question, error)
	// EscalateOverdue marks questions past due without an expert answer as
	// escalated and returns those newly marked, whoever may see them.
	EscalateOverdue(ctx context.Context, now time.Time) ([]*Question, error)
	// FindSLARecords returns the expert requests made in a period, for BuildSLAReport.
	FindSLARecords(ctx context.Context, v Viewer, f SLAFilter) ([]SLARecord, error)

	// SyncLikeReputation gives or takes back the reputation of a like after
	// SetLike, so that it matches whether the like exists.
	SyncLikeReputation(ctx context.Context, liker *Member, postKind string, postID int64) error
	// FindReputation returns a member's reputation with a page of history.
	FindReputation(ctx context.Context, v Viewer, memberID int64, offset, limit int) (*Reputation, error)
	FindTrustLevel(ctx context.Context, memberID int64) (*TrustStatus, error)
	// SetTrustOverride sets a member's trust level by hand; nil computes it again.
	SetTrustOverride(ctx context.Context, memberID int64, level *int) error
	SetTrustThresholds(ctx context.Context, th TrustThresholds) error
	FindTrustThresholds(ctx context.Context) (TrustThresholds, error)

	// AddFAQ puts a question with an accepted answer last in its area's FAQ.
	AddFAQ(ctx context.Context, by *Member, threadID int64) error
	RemoveFAQ(ctx context.Context, threadID int64) error
	// MoveFAQ moves an entry up (delta < 0) or down (delta > 0) within its area.
	MoveFAQ(ctx context.Context, threadID int64, delta int) error
	FindFAQ(ctx context.Context, v Viewer, areaID int64) ([]*FAQEntry, error)
}
