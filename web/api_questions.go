package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/qa"
)

// The JSON API of questions, answers, votes, comments and the expert
// queue. Every handler goes through qa.Service, which authorises exactly as
// the question pages do.

// questionAPIRoutes registers the question API.
func (s *Server) questionAPIRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/questions", s.api(s.apiQuestions))
	mux.HandleFunc("POST /api/v1/questions", s.api(s.apiQuestionCreate))
	mux.HandleFunc("GET /api/v1/questions/{id}", s.api(s.apiQuestion))
	mux.HandleFunc("POST /api/v1/questions/{id}/answers", s.api(s.apiAnswerCreate))
	mux.HandleFunc("POST /api/v1/answers/{id}/vote", s.api(s.apiVote))
	mux.HandleFunc("POST /api/v1/answers/{id}/accept", s.api(s.apiAccept))
	mux.HandleFunc("DELETE /api/v1/answers/{id}/accept", s.api(s.apiAccept))
	mux.HandleFunc("POST /api/v1/answers/{id}/comments", s.api(s.apiAnswerComment))
	mux.HandleFunc("GET /api/v1/expert-queue", s.api(s.apiExpertQueue))
}

// Expert status of a question, for API clients that do not want to compare times.
const (
	expertNone         = "none"          // no expert answer was asked for
	expertWaiting      = "waiting"       // asked for, not answered, not yet due
	expertOverdue      = "overdue"       // past due without an expert answer
	expertAnswered     = "answered"      // an expert answered in time
	expertAnsweredLate = "answered_late" // an expert answered after the due time
)

func expertStatus(q *allmenning.Question) string {
	switch {
	case !q.ExpertRequested:
		return expertNone
	case q.ExpertAnsweredAt != nil && q.DueAt != nil && q.ExpertAnsweredAt.After(*q.DueAt):
		return expertAnsweredLate
	case q.ExpertAnsweredAt != nil:
		return expertAnswered
	case q.Escalated || q.EscalatedAt != nil:
		return expertOverdue
	}
	return expertWaiting
}

// apiQuestion is a question as the API shows it. accepted_answer_id is
// always present: null while no answer is accepted.
type apiQuestion struct {
	*allmenning.Question
	AcceptedAnswerID *int64 `json:"accepted_answer_id"`
	ExpertStatus     string `json:"expert_status"`
	URL              string `json:"url"`
}

func (s *Server) questionJSON(q *allmenning.Question) apiQuestion {
	if q.Tags == nil {
		q.Tags = []*allmenning.Tag{}
	}
	out := apiQuestion{Question: q, ExpertStatus: expertStatus(q), URL: s.absURL(questionURL(q.ID))}
	if q.AcceptedAnswerID != 0 {
		id := q.AcceptedAnswerID
		out.AcceptedAnswerID = &id
	}
	return out
}

// apiAnswer is an answer with its votes and comments.
type apiAnswer struct {
	*allmenning.Reply
	Score    int                         `json:"score"`
	Up       int                         `json:"up"`
	Down     int                         `json:"down"`
	MyVote   int                         `json:"my_vote"`
	Accepted bool                        `json:"accepted"`
	Expert   bool                        `json:"expert"` // the first answer by an expert of the area
	Comments []*allmenning.AnswerComment `json:"comments"`
	URL      string                      `json:"url"`
}

func (s *Server) answerJSON(a *qa.Answer) apiAnswer {
	out := apiAnswer{Reply: a.Reply, Score: a.Votes.Score, Up: a.Votes.Up, Down: a.Votes.Down, MyVote: a.Votes.MyVote,
		Accepted: a.Accepted, Expert: a.Expert, Comments: a.Comments,
		URL: s.absURL(questionURL(a.ThreadID) + "#svar-" + strconv.Itoa(a.Number))}
	if out.Comments == nil {
		out.Comments = []*allmenning.AnswerComment{}
	}
	return out
}

// apiQuestionDetail is a question with its answers, as GET /questions/{id} gives it.
type apiQuestionDetail struct {
	apiQuestion
	Answers []apiAnswer `json:"answers"`
	// Original is the question this one duplicates, when the viewer may see it.
	Original *apiQuestionRef `json:"original,omitempty"`
	InFAQ    bool            `json:"in_faq"`
	Viewer   *apiQuestionMe  `json:"viewer,omitempty"`
}

type apiQuestionRef struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// apiQuestionMe is what the question means for a logged-in viewer.
type apiQuestionMe struct {
	TrustLevel int  `json:"trust_level"`
	Expert     bool `json:"expert"` // an expert of the question's area
}

func (s *Server) questionDetailJSON(ctx context.Context, v *qa.View) apiQuestionDetail {
	out := apiQuestionDetail{apiQuestion: s.questionJSON(v.Question), Answers: make([]apiAnswer, 0, len(v.Answers)), InFAQ: v.InFAQ}
	for _, a := range v.Answers {
		out.Answers = append(out.Answers, s.answerJSON(a))
	}
	if o := v.DuplicateOf; o != nil {
		out.Original = &apiQuestionRef{ID: o.ID, Title: o.Title, URL: s.absURL(questionURL(o.ID))}
	}
	if MemberFrom(ctx) != nil {
		out.Viewer = &apiQuestionMe{TrustLevel: v.TrustLevel, Expert: v.IsExpert}
	}
	return out
}

func (s *Server) apiQuestions(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	f := allmenning.QuestionFilter{Area: q.Get("area"), Tags: q["tag"], ExpertRequested: q.Get("expert") == "true"}
	fields := map[string]string{}
	switch u := q.Get("unanswered"); u {
	case "", "false":
	case "true", allmenning.UnansweredNoReplies:
		f.Unanswered = allmenning.UnansweredNoReplies
	case allmenning.UnansweredNoAccepted:
		f.Unanswered = allmenning.UnansweredNoAccepted
	default:
		fields["unanswered"] = "error.question.filter_invalid"
	}
	switch q.Get("expert") {
	case "", "true", "false":
	default:
		fields["expert"] = "error.question.filter_invalid"
	}
	if len(fields) > 0 {
		return 0, nil, &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: fields}
	}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	page, err := s.questions.Questions(r.Context(), MemberFrom(r.Context()), f)
	if err != nil {
		return 0, nil, err
	}
	out := make([]apiQuestion, 0, len(page.Questions))
	for _, qu := range page.Questions {
		out = append(out, s.questionJSON(qu))
	}
	return http.StatusOK, map[string]any{"questions": out, "total": page.Total}, nil
}

type apiQuestionInput struct {
	apiThreadInput
	Expert bool `json:"expert"`
}

func (s *Server) apiQuestionCreate(r *http.Request) (int, any, error) {
	var in apiQuestionInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	q, err := s.questions.Ask(r.Context(), MemberFrom(r.Context()), allmenning.NewThread{
		Title: in.Title, Body: in.Body, Area: in.Area, Tags: in.Tags, Visibility: allmenning.Visibility(in.Visibility),
	}, in.Expert)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, s.questionJSON(q), nil
}

func (s *Server) apiQuestion(r *http.Request) (int, any, error) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	v, err := s.questions.Question(r.Context(), MemberFrom(r.Context()), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.questionDetailJSON(r.Context(), v), nil
}

type apiAnswerInput struct {
	Body string `json:"body"`
}

func (s *Server) apiAnswerCreate(r *http.Request) (int, any, error) {
	ctx := r.Context()
	me := MemberFrom(ctx)
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	var in apiAnswerInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	reply, err := s.questions.Answer(ctx, me, id, in.Body)
	if err != nil {
		return 0, nil, err
	}
	// Read the question again for whether this answer stopped the expert clock.
	v, err := s.questions.Question(ctx, me, id)
	if err != nil {
		return 0, nil, err
	}
	for _, a := range v.Answers {
		if a.ID == reply.ID {
			return http.StatusCreated, s.answerJSON(a), nil
		}
	}
	return http.StatusCreated, s.answerJSON(&qa.Answer{Reply: reply}), nil
}

// answerID parses the {id} of an answer route.
func answerID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, allmenning.Errorf(allmenning.ENOTFOUND, "error.post.not_found")
	}
	return id, nil
}

type apiVoteInput struct {
	Value *int `json:"value"`
}

func (s *Server) apiVote(r *http.Request) (int, any, error) {
	id, err := answerID(r)
	if err != nil {
		return 0, nil, err
	}
	var in apiVoteInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if in.Value == nil || !allmenning.ValidVote(*in.Value) {
		return 0, nil, &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"value": "error.vote.invalid"}}
	}
	score, err := s.questions.Vote(r.Context(), MemberFrom(r.Context()), id, *in.Value)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"answer_id": id, "score": score, "my_vote": *in.Value}, nil
}

// apiAccept accepts an answer (POST) or takes the acceptance back (DELETE).
// Taking back an answer that is not the accepted one changes nothing.
func (s *Server) apiAccept(r *http.Request) (int, any, error) {
	ctx := r.Context()
	me := MemberFrom(ctx)
	id, err := answerID(r)
	if err != nil {
		return 0, nil, err
	}
	if r.Method == http.MethodPost {
		q, err := s.questions.Accept(ctx, me, id)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, s.questionJSON(q), nil
	}
	reply, t, err := s.discussions.FindReply(ctx, me, id)
	if err != nil {
		return 0, nil, err
	}
	v, err := s.questions.Question(ctx, me, t.ID)
	if err != nil {
		return 0, nil, err
	}
	if v.Question.AcceptedAnswerID != reply.ID {
		return http.StatusOK, s.questionJSON(v.Question), nil
	}
	q, err := s.questions.Unaccept(ctx, me, t.ID)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s.questionJSON(q), nil
}

type apiCommentInput struct {
	Body string `json:"body"`
}

func (s *Server) apiAnswerComment(r *http.Request) (int, any, error) {
	id, err := answerID(r)
	if err != nil {
		return 0, nil, err
	}
	var in apiCommentInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	c, err := s.questions.Comment(r.Context(), MemberFrom(r.Context()), id, in.Body)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, c, nil
}

func (s *Server) apiExpertQueue(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	f := allmenning.ExpertQueueFilter{Area: q.Get("area"), Answered: q.Get("answered") == "true"}
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	list, err := s.questions.ExpertQueue(r.Context(), MemberFrom(r.Context()), f)
	if err != nil {
		return 0, nil, err
	}
	out := make([]apiQuestion, 0, len(list))
	for _, qu := range list {
		out = append(out, s.questionJSON(qu))
	}
	return http.StatusOK, map[string]any{"questions": out}, nil
}

// apiMemberStanding is a member with their reputation and trust level.
type apiMemberStanding struct {
	*allmenning.Member
	Reputation int `json:"reputation"`
	TrustLevel int `json:"trust_level"`
}

// memberWithStanding adds reputation and trust level to a member for the
// API; without questions the member is given as it is.
func (s *Server) memberWithStanding(ctx context.Context, m *allmenning.Member) (int, any, error) {
	if s.questions == nil {
		return http.StatusOK, m, nil
	}
	st, err := s.questions.TrustLevel(ctx, m.ID)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, apiMemberStanding{Member: m, Reputation: st.Reputation, TrustLevel: st.Level}, nil
}
