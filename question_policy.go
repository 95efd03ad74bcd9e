package allmenning

// Actions on questions, answers, experts, the FAQ and trust levels. They are
// decided by AuthorizeQuestion, which knows the actor's trust level and
// whether the actor is an expert of the question's area; other actions it
// passes to Authorize unchanged.
const (
	ActVote            Action = "answer.vote"
	ActAcceptAnswer    Action = "answer.accept"
	ActCommentAnswer   Action = "answer.comment"
	ActMarkDuplicate   Action = "question.duplicate"
	ActRequestExpert   Action = "question.expert"
	ActClaimQuestion   Action = "question.claim"
	ActViewExpertQueue Action = "expert.queue"
	ActManageExperts   Action = "expert.manage" // designate experts, set response times
	ActViewSLA         Action = "expert.sla"
	ActManageFAQ       Action = "faq.manage"
	ActSetTrust        Action = "trust.override"   // set a member's level by hand
	ActManageTrust     Action = "trust.thresholds" // set the thresholds
)

// QuestionTarget is what a question action applies to. Target.Thread is the
// question; Target.AuthorID is the author of the answer acted on.
type QuestionTarget struct {
	Target
	Vote       int  // the vote cast, for ActVote
	TrustLevel int  // the actor's trust level
	Expert     bool // the actor is an expert of the question's area
}

// AuthorizeQuestion decides whether actor may do action on target, like
// Authorize, adding what trust levels and expert designations allow:
//
//   - ActVote: a member who may reply to the question; not on their own
//     answer (removing, Vote 0, is always allowed); down needs trust level 1.
//   - ActAcceptAnswer: the asker or a moderator.
//   - ActCommentAnswer: a member who may reply.
//   - ActRequestExpert: the asker (or a moderator), while they may reply.
//   - ActClaimQuestion: an expert of the area who may reply.
//   - ActViewExpertQueue: experts and moderators.
//   - ActMarkDuplicate, ActManageFAQ, ActViewSLA, ActSetTrust: moderators.
//   - ActManageExperts, ActManageTrust: operators.
//   - ActEditPost: whoever Authorize allows, and also members of trust
//     level 3 on others' posts in threads they may reply to.
//
// Moderators are not held to trust levels.
func AuthorizeQuestion(actor *Member, action Action, t QuestionTarget) error {
	if actor != nil && actor.Status != StatusActive {
		return Errorf(EFORBIDDEN, "error.suspended")
	}
	switch action {
	case ActVote, ActAcceptAnswer, ActCommentAnswer, ActRequestExpert, ActClaimQuestion:
		if err := Authorize(actor, ActReply, t.Target); err != nil {
			return err
		}
		if t.Thread.Kind != KindQuestion {
			return Errorf(EINVALID, "error.question.not_question")
		}
		switch action {
		case ActVote:
			if !ValidVote(t.Vote) {
				return Errorf(EINVALID, "error.vote.invalid")
			}
			if t.Vote == VoteNone {
				return nil
			}
			if t.AuthorID == actor.ID {
				return Errorf(EFORBIDDEN, "error.vote.own")
			}
			if t.Vote == VoteDown && t.TrustLevel < TrustLevelDownvote && !actor.IsModerator() {
				return Errorf(EFORBIDDEN, "error.trust.level_required")
			}
			return nil
		case ActAcceptAnswer, ActRequestExpert:
			if t.Thread.AuthorID == actor.ID || actor.IsModerator() {
				return nil
			}
		case ActCommentAnswer:
			return nil
		case ActClaimQuestion:
			if t.Expert {
				return nil
			}
			return Errorf(EFORBIDDEN, "error.expert.not_expert")
		}
	case ActViewExpertQueue:
		if err := requireMember(actor); err != nil {
			return err
		}
		if t.Expert || actor.IsModerator() {
			return nil
		}
	case ActMarkDuplicate:
		if err := Authorize(actor, ActViewThread, t.Target); err != nil {
			return err
		}
		if actor.IsModerator() {
			return nil
		}
	case ActManageFAQ, ActViewSLA, ActSetTrust:
		if err := requireMember(actor); err != nil {
			return err
		}
		if actor.IsModerator() {
			return nil
		}
	case ActManageExperts, ActManageTrust:
		if err := requireMember(actor); err != nil {
			return err
		}
		if actor.IsOperator() {
			return nil
		}
	case ActEditPost:
		err := Authorize(actor, ActEditPost, t.Target)
		if err == nil || actor == nil || t.TrustLevel < TrustLevelEditOther {
			return err
		}
		if err := Authorize(actor, ActReply, t.Target); err != nil {
			return err
		}
		return nil
	default:
		return Authorize(actor, action, t.Target)
	}
	return Errorf(EFORBIDDEN, "error.forbidden")
}

// CanQuestion is AuthorizeQuestion as a boolean, for showing or hiding controls.
func CanQuestion(actor *Member, action Action, t QuestionTarget) bool {
	return AuthorizeQuestion(actor, action, t) == nil
}
