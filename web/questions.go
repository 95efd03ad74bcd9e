package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/qa"
)

// questionRoutes registers the pages of questions, experts, the SLA report and the FAQ.
func (s *Server) questionRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /sporsmal", s.page(s.questionIndex))
	mux.HandleFunc("GET /sporsmal/ny", s.page(s.questionNewForm))
	mux.HandleFunc("GET /sporsmal/lignende", s.page(s.questionSimilar))
	mux.HandleFunc("POST /sporsmal", s.page(s.questionCreate))
	mux.HandleFunc("GET /sporsmal/{id}", s.page(s.questionShow))
	mux.HandleFunc("POST /sporsmal/{id}/svar", s.page(s.answerCreate))
	mux.HandleFunc("POST /sporsmal/{id}/fjern-aksept", s.page(s.questionUnaccept))
	mux.HandleFunc("POST /sporsmal/{id}/duplikat", s.page(s.questionDuplicate))
	mux.HandleFunc("POST /sporsmal/{id}/ekspert", s.page(s.questionRequestExpert))
	mux.HandleFunc("POST /sporsmal/{id}/ta", s.page(s.questionClaim))
	mux.HandleFunc("POST /sporsmal/{id}/ofte-stilte", s.page(s.faqAction))
	mux.HandleFunc("POST /svar/{id}/stem", s.page(s.answerVote))
	mux.HandleFunc("POST /svar/{id}/aksepter", s.page(s.answerAccept))
	mux.HandleFunc("POST /svar/{id}/kommenter", s.page(s.answerComment))
	mux.HandleFunc("GET /ekspertko", s.page(s.expertQueue))
	mux.HandleFunc("GET /moderering", s.page(s.moderation))
	mux.HandleFunc("GET /rapporter/svartid", s.page(s.slaReport))
	mux.HandleFunc("GET /rapporter/svartid.csv", s.page(s.slaCSV))
	mux.HandleFunc("GET /omrader/{slug}/ofte-stilte-sporsmal", s.page(s.faqPage))
	mux.HandleFunc("GET /admin/eksperter", s.page(s.adminExperts))
	mux.HandleFunc("POST /admin/eksperter", s.page(s.adminExpertsSave))
	mux.HandleFunc("POST /admin/tillit", s.page(s.adminTrustSave))
	mux.HandleFunc("POST /medlemmer/{id}/tillitsniva", s.page(s.memberTrustSet))
}

func questionURL(id int64) string { return "/sporsmal/" + strconv.FormatInt(id, 10) }

// likePost likes through the questions service when there is one, so that
// likes earn reputation.
func (s *Server) likePost(ctx context.Context, m *allmenning.Member, kind string, id int64, on bool) (int, error) {
	if s.questions != nil {
		return s.questions.Like(ctx, m, kind, id, on)
	}
	return s.discussions.Like(ctx, m, kind, id, on)
}

// isExpert reports whether a member is designated expert of any area.
func (s *Server) isExpert(ctx context.Context, m *allmenning.Member) (bool, error) {
	if m == nil {
		return false, nil
	}
	ids, err := s.questions.ExpertAreas(ctx, m.ID)
	return len(ids) > 0, err
}

// Filters of the question list: the word in the URL and the domain's filter.
var questionFilters = []string{"", "ubesvarte", "uten-akseptert", "ekspert"}

type questionListData struct {
	Area     *allmenning.Area
	Page     *allmenning.QuestionPage
	Filters  []listOption
	Filter   string
	Pager    pager
	CanQueue bool // the viewer may open the expert queue
}

func (s *Server) questionIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	q := r.URL.Query()
	f := allmenning.QuestionFilter{Area: q.Get("omrade"), Limit: 20}
	d := &questionListData{Filter: q.Get("filter")}
	switch d.Filter {
	case "ubesvarte":
		f.Unanswered = allmenning.UnansweredNoReplies
	case "uten-akseptert":
		f.Unanswered = allmenning.UnansweredNoAccepted
	case "ekspert":
		f.ExpertRequested = true
	default:
		d.Filter = ""
	}
	page := pageNumber(q.Get("side"))
	f.Offset = (page - 1) * f.Limit
	var err error
	if f.Area != "" {
		if d.Area, err = s.discussions.Store.FindAreaBySlug(ctx, f.Area); err != nil {
			return err
		}
	}
	if d.Page, err = s.questions.Questions(ctx, me, f); err != nil {
		return err
	}
	l := localizerFrom(ctx)
	for _, w := range questionFilters {
		key := "questions.filter.all"
		if w != "" {
			key = "questions.filter." + w
		}
		d.Filters = append(d.Filters, listOption{Value: w, Label: l.T(key), URL: withParam(r.URL, "filter", w), Current: w == d.Filter})
	}
	d.Pager = newPager(r.URL, page, d.Page.Total, f.Limit)
	expert, err := s.isExpert(ctx, me)
	if err != nil {
		return err
	}
	d.CanQueue = expert || me.IsModerator()
	title := l.T("questions.title")
	if d.Area != nil {
		title = l.T("questions.title_area", d.Area.Name)
	}
	p := s.newPage(r, title, d)
	p.Nav = "questions"
	return s.render(w, r, http.StatusOK, "questions", p)
}

// questionFormData is what the ask form and its preview step receive.
type questionFormData struct {
	Areas       []*allmenning.Area
	Facets      []*allmenning.Facet
	Visibility  []allmenning.Visibility
	SelectedTag map[string]bool
	// ResponseDays is the promise of the chosen area (0 when none is chosen);
	// AreaDays lists every area's promise.
	ResponseDays int
	AreaDays     []areaDays
	// Preview: the similar questions were found on posting, and the member
	// is asked whether theirs is new.
	Preview bool
	Similar []*allmenning.Question
	Default int
}

type areaDays struct {
	Name    string
	Days    int
	Experts int
}

var questionFields = []string{"title", "area", "body", "tags", "visibility", "expert"}

func (s *Server) questionFormPage(r *http.Request, f *Form) (*Page, error) {
	ctx := r.Context()
	areas, err := s.discussions.Store.FindAreas(ctx, allmenning.ViewerOf(MemberFrom(ctx)), false)
	if err != nil {
		return nil, err
	}
	facets, err := s.discussions.Store.FindFacets(ctx)
	if err != nil {
		return nil, err
	}
	d := &questionFormData{Areas: areas, Facets: facets, Visibility: allmenning.Visibilities, SelectedTag: map[string]bool{}, Default: allmenning.DefaultResponseDays}
	for _, tag := range f.Values["tags"] {
		d.SelectedTag[tag] = true
	}
	for _, top := range areas {
		for _, a := range top.Children {
			e, err := s.questions.Experts(ctx, a.ID)
			if err != nil {
				return nil, err
			}
			d.AreaDays = append(d.AreaDays, areaDays{Name: a.Name, Days: e.ResponseDays, Experts: e.ExpertCount})
			if a.Slug == f.Get("area") {
				d.ResponseDays = e.ResponseDays
			}
		}
	}
	p := s.withForm(r, "questions.new.title", f)
	p.Data = d
	p.Nav = "questions"
	return p, nil
}

func (s *Server) questionNewForm(w http.ResponseWriter, r *http.Request) error {
	if err := allmenning.Authorize(MemberFrom(r.Context()), allmenning.ActCreateThread, allmenning.Target{}); err != nil {
		return err
	}
	f := newForm(r, questionFields...)
	f.Set("area", r.URL.Query().Get("omrade"))
	f.Set("title", r.URL.Query().Get("tittel"))
	f.Set("visibility", string(allmenning.VisMembers))
	p, err := s.questionFormPage(r, f)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "question_form", p)
}

// questionSimilar answers the title field's htmx request with up to five
// similar questions the visitor may see.
func (s *Server) questionSimilar(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	title := r.URL.Query().Get("title")
	list := []*allmenning.Question{}
	if len([]rune(strings.TrimSpace(title))) >= 3 {
		var err error
		if list, err = s.questions.Similar(ctx, MemberFrom(ctx), title); err != nil {
			return err
		}
	}
	p := s.newPage(r, "", list)
	return s.renderFragment(w, "similar", p)
}

func (s *Server) questionCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	f := newForm(r, questionFields...)
	nt := allmenning.NewThread{
		Kind: allmenning.KindQuestion, Title: f.Get("title"), Body: f.Get("body"), Area: f.Get("area"),
		Tags: f.Values["tags"], Visibility: allmenning.Visibility(f.Get("visibility")),
	}
	expert := f.Get("expert") == "1"
	showForm := func(status int, preview bool, similar []*allmenning.Question) error {
		p, err := s.questionFormPage(r, f)
		if err != nil {
			return err
		}
		d := p.Data.(*questionFormData)
		d.Preview, d.Similar = preview, similar
		if preview {
			p.Title = localizerFrom(ctx).T("questions.preview.title")
		}
		return s.render(w, r, status, "question_form", p)
	}
	if r.PostFormValue("change") == "1" {
		return showForm(http.StatusOK, false, nil)
	}
	// Without JavaScript the similar questions are shown on a step before
	// posting; with htmx the member has seen them while typing the title.
	if me != nil && r.PostFormValue("confirmed") != "1" && r.PostFormValue("seen_similar") != "1" {
		check := nt
		if check.Validate() == nil {
			similar, err := s.questions.Similar(ctx, me, check.Title)
			if err != nil {
				return err
			}
			if len(similar) > 0 {
				return showForm(http.StatusOK, true, similar)
			}
		}
	}
	q, err := s.questions.Ask(ctx, me, nt, expert)
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		return showForm(statusOf(allmenning.ErrorCode(err)), false, nil)
	}
	redirect(w, r, questionURL(q.ID), "notice.questions.created")
	return nil
}

// questionData is what the question page receives.
type questionData struct {
	*qa.View
	Answers      []*answerView
	CanAnswer    bool
	CanAccept    bool
	CanVoteDown  bool
	CanComment   bool
	CanMod       bool // moderators: duplicates, FAQ
	CanEdit      bool
	CanDelete    bool
	CanClaim     bool
	CanRequest   bool // the asker may still ask for an expert answer
	CanEditOther bool
	CanLike      bool
	MeID         int64
	ClaimedByMe  bool
	// Expert status: answered in time or late, or waiting and overdue.
	OnTime, Late bool
	ResponseDays int
	// AnswersHTML is the rendered list of answers (fragment_replies.go).
	AnswersHTML template.HTML
}

type answerView struct {
	*qa.Answer
	Vote *voteWidget
}

// voteWidget is the up/down vote form of one answer.
type voteWidget struct {
	AnswerID int64
	Number   int
	Score    int
	MyVote   int
	CanVote  bool
	CanDown  bool
	Next     string
}

func (s *Server) questionPageData(r *http.Request, id int64) (*questionData, error) {
	ctx := r.Context()
	me := MemberFrom(ctx)
	v, err := s.questions.Question(ctx, me, id)
	if err != nil {
		return nil, err
	}
	q := v.Question
	target := allmenning.Target{Thread: q.Thread}
	qt := allmenning.QuestionTarget{Target: target, TrustLevel: v.TrustLevel, Expert: v.IsExpert}
	d := &questionData{View: v,
		CanAnswer:   allmenning.Can(me, allmenning.ActReply, target),
		CanAccept:   allmenning.CanQuestion(me, allmenning.ActAcceptAnswer, qt),
		CanComment:  allmenning.CanQuestion(me, allmenning.ActCommentAnswer, qt),
		CanMod:      allmenning.CanQuestion(me, allmenning.ActMarkDuplicate, qt),
		CanDelete:   allmenning.Can(me, allmenning.ActDeletePost, allmenning.Target{Thread: q.Thread, AuthorID: q.AuthorID}),
		CanClaim:    q.ExpertRequested && q.ExpertAnsweredAt == nil && allmenning.CanQuestion(me, allmenning.ActClaimQuestion, qt),
		CanRequest:  !q.ExpertRequested && allmenning.CanQuestion(me, allmenning.ActRequestExpert, qt),
		CanLike:     me != nil,
		CanVoteDown: allmenning.CanQuestion(me, allmenning.ActVote, allmenning.QuestionTarget{Target: allmenning.Target{Thread: q.Thread, AuthorID: -1}, Vote: allmenning.VoteDown, TrustLevel: v.TrustLevel}),
	}
	// Edit rights as discuss.AuthorizeEdit decides them, with the trust
	// level the view already holds instead of looking it up twice more.
	d.CanEdit = allmenning.CanQuestion(me, allmenning.ActEditPost, allmenning.QuestionTarget{Target: allmenning.Target{Thread: q.Thread, AuthorID: q.AuthorID}, TrustLevel: v.TrustLevel})
	if me != nil {
		d.MeID = me.ID
		d.ClaimedByMe = q.ClaimedBy == me.ID
		d.CanEditOther = allmenning.CanQuestion(me, allmenning.ActEditPost, allmenning.QuestionTarget{Target: allmenning.Target{Thread: q.Thread, AuthorID: -1}, TrustLevel: v.TrustLevel})
	}
	if q.ExpertRequested && q.DueAt != nil {
		if q.ExpertAnsweredAt != nil {
			d.OnTime = !q.ExpertAnsweredAt.After(*q.DueAt)
			d.Late = !d.OnTime
		} else {
			d.Late = q.Escalated
		}
		e, err := s.questions.Experts(ctx, q.AreaID)
		if err != nil {
			return nil, err
		}
		d.ResponseDays = e.ResponseDays
	}
	for _, a := range v.Answers {
		av := &answerView{Answer: a}
		if a.DeletedAt == nil {
			av.Vote = &voteWidget{AnswerID: a.ID, Number: a.Number, Score: a.Votes.Score, MyVote: a.Votes.MyVote,
				CanVote: d.CanAnswer && a.AuthorID != d.MeID, CanDown: d.CanVoteDown, Next: questionURL(q.ID) + "#svar-" + strconv.Itoa(a.Number)}
		}
		d.Answers = append(d.Answers, av)
	}
	return d, nil
}

func (s *Server) questionShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	d, err := s.questionPageData(r, id)
	if allmenning.ErrorCode(err) == allmenning.ENOTFOUND {
		// A discussion lives at its own address.
		if _, terr := s.discussions.Thread(ctx, MemberFrom(ctx), id); terr == nil {
			http.Redirect(w, r, threadURL(id), http.StatusMovedPermanently)
			return nil
		}
	}
	if err != nil {
		return err
	}
	if me := MemberFrom(ctx); me != nil {
		last := 0
		for _, a := range d.Answers {
			last = max(last, a.Number)
		}
		if err := s.discussions.Store.RecordRead(ctx, me.ID, id, last, s.now()); err != nil {
			return err
		}
	}
	p := s.newPage(r, d.Question.Title, d)
	p.Form = newForm(r, "body")
	p.Nav = "questions"
	s.addFollowButtons(r, p, followTarget{Kind: allmenning.FollowThread, ID: d.Question.ID, Name: d.Question.Title, Mute: true})
	return s.renderQuestion(w, r, http.StatusOK, p, d)
}

// renderQuestion renders the question page with its answers.
func (s *Server) renderQuestion(w http.ResponseWriter, r *http.Request, status int, p *Page, d *questionData) error {
	if err := s.fillAnswers(p, d); err != nil {
		return err
	}
	return s.render(w, r, status, "question", p)
}

func (s *Server) answerCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, "body")
	reply, err := s.questions.Answer(ctx, MemberFrom(ctx), id, f.Get("body"))
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		d, derr := s.questionPageData(r, id)
		if derr != nil {
			return derr
		}
		p := s.newPage(r, d.Question.Title, d)
		p.Form = f
		p.Nav = "questions"
		return s.renderQuestion(w, r, statusOf(allmenning.ErrorCode(err)), p, d)
	}
	redirect(w, r, questionURL(id)+"#svar-"+strconv.Itoa(reply.Number), "notice.questions.answered")
	return nil
}

// answerVote sets a vote. With htmx it answers with the new vote widget;
// without, it redirects back to the answer.
func (s *Server) answerVote(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	value, err := strconv.Atoi(r.PostFormValue("vote"))
	if err != nil || !allmenning.ValidVote(value) {
		return allmenning.Errorf(allmenning.EINVALID, "error.vote.invalid")
	}
	if _, err := s.questions.Vote(ctx, me, id, value); err != nil {
		return err
	}
	reply, _, err := s.discussions.FindReply(ctx, me, id)
	if err != nil {
		return err
	}
	if r.Header.Get("HX-Request") == "true" {
		d, err := s.questionPageData(r, reply.ThreadID)
		if err != nil {
			return err
		}
		for _, a := range d.Answers {
			if a.ID == id && a.Vote != nil {
				return s.renderFragment(w, "vote", s.newPage(r, "", a.Vote))
			}
		}
	}
	http.Redirect(w, r, questionURL(reply.ThreadID)+"#svar-"+strconv.Itoa(reply.Number), http.StatusSeeOther)
	return nil
}

func (s *Server) answerAccept(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	q, err := s.questions.Accept(ctx, MemberFrom(ctx), id)
	if err != nil {
		return err
	}
	redirect(w, r, questionURL(q.ID)+"#svar-akseptert", "notice.questions.accepted")
	return nil
}

func (s *Server) questionUnaccept(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.questions.Unaccept(ctx, MemberFrom(ctx), id); err != nil {
		return err
	}
	redirect(w, r, questionURL(id), "notice.questions.unaccepted")
	return nil
}

func (s *Server) answerComment(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	body := r.PostFormValue("comment")
	if _, err := s.questions.Comment(ctx, me, id, body); err != nil {
		reply, t, ferr := s.discussions.FindReply(ctx, me, id)
		if ferr != nil || !isUserError(err) {
			return err
		}
		// The page again, with the error at the comment field of this answer.
		d, derr := s.questionPageData(r, t.ID)
		if derr != nil {
			return derr
		}
		f := newForm(r)
		f.Values.Set("comment", body)
		msg := allmenning.ErrorMessage(err)
		if fm := allmenning.Fields(err)["body"]; fm != "" {
			msg = fm
		}
		f.Errors["comment-"+strconv.FormatInt(reply.ID, 10)] = msg
		p := s.newPage(r, d.Question.Title, d)
		p.Form = f
		p.Nav = "questions"
		return s.renderQuestion(w, r, statusOf(allmenning.ErrorCode(err)), p, d)
	}
	reply, _, err := s.discussions.FindReply(ctx, me, id)
	if err != nil {
		return err
	}
	redirect(w, r, questionURL(reply.ThreadID)+"#svar-"+strconv.Itoa(reply.Number), "notice.questions.commented")
	return nil
}

func isUserError(err error) bool {
	switch allmenning.ErrorCode(err) {
	case allmenning.EINVALID, allmenning.EFORBIDDEN:
		return true
	}
	return false
}

// questionDuplicate closes a question as a duplicate of the original given
// by number or address, or reopens it (original empty).
func (s *Server) questionDuplicate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var original int64
	if raw := strings.TrimSpace(r.PostFormValue("original")); raw != "" {
		if u, err := url.Parse(raw); err == nil {
			raw = strings.TrimSuffix(u.Path, "/")
		}
		raw = raw[strings.LastIndex(raw, "/")+1:]
		if original, err = strconv.ParseInt(raw, 10, 64); err != nil || original <= 0 {
			return allmenning.Errorf(allmenning.EINVALID, "error.question.original_not_found")
		}
	}
	if _, err := s.questions.MarkDuplicate(ctx, MemberFrom(ctx), id, original); err != nil {
		return err
	}
	notice := "notice.questions.duplicate"
	if original == 0 {
		notice = "notice.questions.reopened"
	}
	redirect(w, r, questionURL(id), notice)
	return nil
}

func (s *Server) questionRequestExpert(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.questions.RequestExpert(ctx, MemberFrom(ctx), id); err != nil {
		return err
	}
	redirect(w, r, questionURL(id), "notice.questions.expert_requested")
	return nil
}

func (s *Server) questionClaim(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	claim := r.PostFormValue("claim") != "0"
	if _, err := s.questions.Claim(ctx, MemberFrom(ctx), id, claim); err != nil {
		return err
	}
	notice := "notice.questions.claimed"
	if !claim {
		notice = "notice.questions.released"
	}
	to := questionURL(id)
	if r.PostFormValue("next") == "/ekspertko" {
		to = "/ekspertko"
	}
	redirect(w, r, to, notice)
	return nil
}

// votePage is p with a vote widget as its data, for the "vote" template.
func votePage(p *Page, v *voteWidget) *Page {
	c := *p
	c.Data = v
	return &c
}

// Questions returns the questions service, nil when the store keeps no
// questions; the command line schedules its escalation check.
func (s *Server) Questions() *qa.Service { return s.questions }
