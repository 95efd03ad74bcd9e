package allmenning

import (
	"testing"
	"time"
)

func TestAuthorizeQuestion(t *testing.T) {
	asker := &Member{ID: 1, Municipality: "5001", Status: StatusActive}
	answerer := &Member{ID: 2, Municipality: "5001", Status: StatusActive}
	other := &Member{ID: 3, Municipality: "0301", Status: StatusActive}
	moderator := &Member{ID: 4, Municipality: "0301", Status: StatusActive, Roles: []Grant{{Role: RoleModerator}}}
	operator := &Member{ID: 5, Municipality: "0301", Status: StatusActive, Roles: []Grant{{Role: RoleOperator}}}
	suspended := &Member{ID: 6, Municipality: "5001", Status: StatusSuspended}

	question := &Thread{ID: 10, Kind: KindQuestion, AuthorID: 1, Municipality: "5001", Visibility: VisMembers}
	private := &Thread{ID: 11, Kind: KindQuestion, AuthorID: 1, Municipality: "5001", Visibility: VisMunicipality}
	discussion := &Thread{ID: 12, Kind: KindDiscussion, AuthorID: 1, Municipality: "5001", Visibility: VisMembers}
	when := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	deleted := *question
	deleted.DeletedAt = &when

	answer := func(th *Thread, vote, level int) QuestionTarget {
		return QuestionTarget{Target: Target{Thread: th, AuthorID: answerer.ID}, Vote: vote, TrustLevel: level}
	}
	tests := []struct {
		name   string
		actor  *Member
		action Action
		target QuestionTarget
		want   string
	}{
		{"upvote at level 0", other, ActVote, answer(question, VoteUp, 0), ""},
		{"downvote at level 0", other, ActVote, answer(question, VoteDown, 0), EFORBIDDEN},
		{"downvote at level 1", other, ActVote, answer(question, VoteDown, 1), ""},
		{"moderator downvotes at level 0", moderator, ActVote, answer(question, VoteDown, 0), ""},
		{"remove vote at level 0", other, ActVote, answer(question, VoteNone, 0), ""},
		{"vote own answer", answerer, ActVote, answer(question, VoteUp, 3), EFORBIDDEN},
		{"remove vote on own answer", answerer, ActVote, answer(question, VoteNone, 3), ""},
		{"invalid vote", other, ActVote, answer(question, 2, 3), EINVALID},
		{"anonymous vote", nil, ActVote, answer(question, VoteUp, 0), EUNAUTHORIZED},
		{"suspended vote", suspended, ActVote, answer(question, VoteUp, 3), EFORBIDDEN},
		{"vote in other municipality's question", other, ActVote, answer(private, VoteUp, 3), ENOTFOUND},
		{"vote in a discussion", other, ActVote, answer(discussion, VoteUp, 3), EINVALID},
		{"vote in a deleted question", other, ActVote, answer(&deleted, VoteUp, 3), ENOTFOUND},
		{"asker accepts", asker, ActAcceptAnswer, answer(question, 0, 0), ""},
		{"moderator accepts", moderator, ActAcceptAnswer, answer(question, 0, 0), ""},
		{"answerer accepts", answerer, ActAcceptAnswer, answer(question, 0, 3), EFORBIDDEN},
		{"moderator accepts in invisible question", moderator, ActAcceptAnswer, answer(private, 0, 0), ENOTFOUND},
		{"comment", other, ActCommentAnswer, answer(question, 0, 0), ""},
		{"anonymous comment", nil, ActCommentAnswer, answer(question, 0, 0), EUNAUTHORIZED},
		{"asker requests expert", asker, ActRequestExpert, answer(question, 0, 0), ""},
		{"other requests expert", other, ActRequestExpert, answer(question, 0, 3), EFORBIDDEN},
		{"expert claims", other, ActClaimQuestion, QuestionTarget{Target: Target{Thread: question}, Expert: true}, ""},
		{"non-expert claims", other, ActClaimQuestion, QuestionTarget{Target: Target{Thread: question}}, EFORBIDDEN},
		{"moderator is no expert", moderator, ActClaimQuestion, QuestionTarget{Target: Target{Thread: question}}, EFORBIDDEN},
		{"expert claims invisible", other, ActClaimQuestion, QuestionTarget{Target: Target{Thread: private}, Expert: true}, ENOTFOUND},
		{"expert sees queue", other, ActViewExpertQueue, QuestionTarget{Expert: true}, ""},
		{"moderator sees queue", moderator, ActViewExpertQueue, QuestionTarget{}, ""},
		{"member sees no queue", other, ActViewExpertQueue, QuestionTarget{}, EFORBIDDEN},
		{"anonymous queue", nil, ActViewExpertQueue, QuestionTarget{}, EUNAUTHORIZED},
		{"moderator marks duplicate", moderator, ActMarkDuplicate, QuestionTarget{Target: Target{Thread: question}}, ""},
		{"asker marks duplicate", asker, ActMarkDuplicate, QuestionTarget{Target: Target{Thread: question}, TrustLevel: 3}, EFORBIDDEN},
		{"moderator manages FAQ", moderator, ActManageFAQ, QuestionTarget{}, ""},
		{"member manages FAQ", asker, ActManageFAQ, QuestionTarget{TrustLevel: 3}, EFORBIDDEN},
		{"moderator views SLA", moderator, ActViewSLA, QuestionTarget{}, ""},
		{"operator views SLA", operator, ActViewSLA, QuestionTarget{}, ""},
		{"member views SLA", asker, ActViewSLA, QuestionTarget{}, EFORBIDDEN},
		{"moderator sets trust", moderator, ActSetTrust, QuestionTarget{}, ""},
		{"member sets trust", asker, ActSetTrust, QuestionTarget{TrustLevel: 3}, EFORBIDDEN},
		{"operator manages thresholds", operator, ActManageTrust, QuestionTarget{}, ""},
		{"moderator manages thresholds", moderator, ActManageTrust, QuestionTarget{}, EFORBIDDEN},
		{"operator designates experts", operator, ActManageExperts, QuestionTarget{}, ""},
		{"moderator designates experts", moderator, ActManageExperts, QuestionTarget{}, EFORBIDDEN},
		{"author edits own at level 0", answerer, ActEditPost, answer(question, 0, 0), ""},
		{"level 2 edits other's", other, ActEditPost, answer(question, 0, 2), EFORBIDDEN},
		{"level 3 edits other's", other, ActEditPost, answer(question, 0, 3), ""},
		{"level 3 edits in a discussion", other, ActEditPost, QuestionTarget{Target: Target{Thread: discussion, AuthorID: 1}, TrustLevel: 3}, ""},
		{"level 3 cannot edit what it cannot see", other, ActEditPost, answer(private, 0, 3), ENOTFOUND},
		{"level 3 cannot edit in a deleted thread", other, ActEditPost, answer(&deleted, 0, 3), ENOTFOUND},
		{"suspended level 3 edits", suspended, ActEditPost, answer(question, 0, 3), EFORBIDDEN},
		{"anonymous edits", nil, ActEditPost, answer(question, 0, 3), EUNAUTHORIZED},
		{"moderator edits at level 0", moderator, ActEditPost, answer(question, 0, 0), ""},
		// Other actions are Authorize's.
		{"like own through AuthorizeQuestion", answerer, ActLike, answer(question, 0, 3), EFORBIDDEN},
		{"view thread through AuthorizeQuestion", nil, ActViewThread, QuestionTarget{Target: Target{Thread: question}}, EUNAUTHORIZED},
		{"operator manages areas", operator, ActManageAreas, QuestionTarget{}, ""},
	}
	for _, tt := range tests {
		err := AuthorizeQuestion(tt.actor, tt.action, tt.target)
		if got := ErrorCode(err); got != tt.want {
			t.Errorf("%s: AuthorizeQuestion = %q (%v), want %q", tt.name, got, err, tt.want)
		}
		if CanQuestion(tt.actor, tt.action, tt.target) != (tt.want == "") {
			t.Errorf("%s: CanQuestion disagrees", tt.name)
		}
	}
	// Authorize itself is unchanged: trust does not let anyone edit others' posts there.
	if Authorize(other, ActEditPost, Target{Thread: question, AuthorID: answerer.ID}) == nil {
		t.Error("Authorize lets a member edit another's post")
	}
	if err := Authorize(other, ActVote, Target{Thread: question}); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("Authorize on a question action = %v, want forbidden (not its business)", err)
	}
}
