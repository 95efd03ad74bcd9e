package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/workday"
)

// The expert queue, the moderators' dashboard, the SLA report, the FAQ, the
// admin page of experts and trust thresholds, and members' standing.

type queueItem struct {
	*allmenning.Question
	CanClaim    bool
	ClaimedByMe bool
}

type queueData struct {
	Items       []*queueItem
	Area        string
	IsModerator bool
	Now         time.Time
}

func (s *Server) queueItems(ctx context.Context, me *allmenning.Member, list []*allmenning.Question) ([]*queueItem, error) {
	var items []*queueItem
	for _, q := range list {
		it := &queueItem{Question: q, ClaimedByMe: q.ClaimedBy == me.ID}
		if q.ClaimedBy == 0 {
			ok, err := s.questions.Store.IsExpert(ctx, me.ID, q.ID)
			if err != nil {
				return nil, err
			}
			it.CanClaim = ok
		}
		items = append(items, it)
	}
	return items, nil
}

func (s *Server) expertQueue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	area := r.URL.Query().Get("omrade")
	list, err := s.questions.ExpertQueue(ctx, me, allmenning.ExpertQueueFilter{Area: area})
	if err != nil {
		return err
	}
	d := &queueData{Area: area, IsModerator: me.IsModerator(), Now: s.now()}
	if d.Items, err = s.queueItems(ctx, me, list); err != nil {
		return err
	}
	p := s.newPage(r, localizerFrom(ctx).T("questions.queue.title"), d)
	p.Nav = "queue"
	return s.render(w, r, http.StatusOK, "expert_queue", p)
}

// moderation is the moderators' dashboard: escalated expert requests, until
// notifications tell the area's moderators of them.
func (s *Server) moderation(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	if err := allmenning.AuthorizeQuestion(me, allmenning.ActViewSLA, allmenning.QuestionTarget{}); err != nil {
		return err
	}
	list, err := s.questions.ExpertQueue(ctx, me, allmenning.ExpertQueueFilter{})
	if err != nil {
		return err
	}
	var escalated []*allmenning.Question
	for _, q := range list {
		if q.Escalated || q.EscalatedAt != nil {
			escalated = append(escalated, q)
		}
	}
	d := &queueData{IsModerator: true, Now: s.now()}
	if d.Items, err = s.queueItems(ctx, me, escalated); err != nil {
		return err
	}
	p := s.newPage(r, localizerFrom(ctx).T("questions.moderation.title"), d)
	p.Nav = "moderation"
	return s.render(w, r, http.StatusOK, "expert_moderation", p)
}

// slaFilterFrom reads the report's period (periode=uke|maned|ar|alt, or
// fra/til as dates) and area from the query.
func slaFilterFrom(r *http.Request, now time.Time) (allmenning.SLAFilter, string, error) {
	q := r.URL.Query()
	f := allmenning.SLAFilter{Area: q.Get("omrade")}
	periodWord := q.Get("periode")
	period, ok := periodWords[periodWord]
	if !ok {
		periodWord, period = "alt", allmenning.PeriodAll
	}
	f.From = allmenning.PeriodStart(period, now)
	loc := workday.Norway().Loc
	for _, p := range []struct {
		key string
		dst *time.Time
		add int
	}{{"fra", &f.From, 0}, {"til", &f.To, 1}} {
		v := strings.TrimSpace(q.Get(p.key))
		if v == "" {
			continue
		}
		d, err := time.ParseInLocation("2006-01-02", v, loc)
		if err != nil {
			return f, periodWord, allmenning.Errorf(allmenning.EINVALID, "error.questions.date_invalid")
		}
		*p.dst = d.AddDate(0, 0, p.add) // til is inclusive
		periodWord = ""
	}
	return f, periodWord, nil
}

type slaRowView struct {
	allmenning.SLARow
	Median, P90, Share string
}

type slaData struct {
	Areas, Experts []slaRowView
	Total          slaRowView
	Periods        []listOption
	From, To, Area string
	CSV            string
	AreaList       []*allmenning.Area
}

func hoursText(l *i18n.Localizer, h float64) string {
	s := strconv.FormatFloat(h, 'f', 1, 64)
	if l.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func slaView(l *i18n.Localizer, r allmenning.SLARow) slaRowView {
	v := slaRowView{SLARow: r, Median: hoursText(l, r.Median), P90: hoursText(l, r.P90), Share: "–"}
	if r.OnTime+r.Late > 0 {
		v.Share = strconv.Itoa(int(r.OnTimeShare*100+0.5)) + " %"
	}
	return v
}

func (s *Server) slaReport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	l := localizerFrom(ctx)
	f, periodWord, err := slaFilterFrom(r, s.now())
	if err != nil {
		return err
	}
	rep, err := s.questions.SLAReport(ctx, me, f)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := &slaData{Total: slaView(l, rep.Total), From: q.Get("fra"), To: q.Get("til"), Area: f.Area, CSV: "/rapporter/svartid.csv"}
	if r.URL.RawQuery != "" {
		d.CSV += "?" + r.URL.RawQuery
	}
	for _, row := range rep.Areas {
		d.Areas = append(d.Areas, slaView(l, row))
	}
	for _, row := range rep.Experts {
		d.Experts = append(d.Experts, slaView(l, row))
	}
	for _, w := range []string{"uke", "maned", "ar", "alt"} {
		u := *r.URL
		qq := u.Query()
		qq.Del("fra")
		qq.Del("til")
		u.RawQuery = qq.Encode()
		d.Periods = append(d.Periods, listOption{Value: w, Label: l.T("period." + w), URL: withParam(&u, "periode", w), Current: w == periodWord})
	}
	if d.AreaList, err = s.discussions.Store.FindAreas(ctx, allmenning.ViewerOf(me), false); err != nil {
		return err
	}
	p := s.newPage(r, l.T("questions.sla.title"), d)
	p.Nav = "moderation"
	return s.render(w, r, http.StatusOK, "sla_report", p)
}

// slaCSV is the SLA report as CSV: one row per area and per expert, and the total.
func (s *Server) slaCSV(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, _, err := slaFilterFrom(r, s.now())
	if err != nil {
		return err
	}
	rep, err := s.questions.SLAReport(ctx, MemberFrom(ctx), f)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="svartid.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	cw.Write([]string{"type", "id", "name", "count", "answered", "on_time", "late", "pending", "median_hours", "p90_hours", "on_time_share"})
	row := func(kind string, r allmenning.SLARow) {
		cw.Write([]string{kind, strconv.FormatInt(r.Key, 10), r.Name, strconv.Itoa(r.Count), strconv.Itoa(r.Answered),
			strconv.Itoa(r.OnTime), strconv.Itoa(r.Late), strconv.Itoa(r.Pending),
			strconv.FormatFloat(r.Median, 'f', 2, 64), strconv.FormatFloat(r.P90, 'f', 2, 64), strconv.FormatFloat(r.OnTimeShare, 'f', 3, 64)})
	}
	for _, r := range rep.Areas {
		row("area", r)
	}
	for _, r := range rep.Experts {
		row("expert", r)
	}
	row("total", rep.Total)
	cw.Flush()
	return cw.Error()
}

// The FAQ page of an area.

type faqData struct {
	Area    *allmenning.Area
	Entries []*allmenning.FAQEntry
	CanMod  bool
}

func (s *Server) faqPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	area, err := s.discussions.Store.FindAreaBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	if area.ArchivedAt != nil && !allmenning.Can(me, allmenning.ActManageAreas, allmenning.Target{}) {
		return allmenning.Errorf(allmenning.ENOTFOUND, "error.area.not_found")
	}
	entries, err := s.questions.FAQ(ctx, me, area.ID)
	if err != nil {
		return err
	}
	d := &faqData{Area: area, Entries: entries, CanMod: allmenning.CanQuestion(me, allmenning.ActManageFAQ, allmenning.QuestionTarget{})}
	p := s.newPage(r, localizerFrom(ctx).T("questions.faq.title_area", area.Name), d)
	p.Nav = "areas"
	return s.render(w, r, http.StatusOK, "faq", p)
}

// faqAction adds a question to its area's FAQ, removes it, or moves it up or down.
func (s *Server) faqAction(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var notice string
	switch r.PostFormValue("action") {
	case "add":
		err, notice = s.questions.AddFAQ(ctx, me, id), "notice.questions.faq_added"
	case "remove":
		err, notice = s.questions.RemoveFAQ(ctx, me, id), "notice.questions.faq_removed"
	case "up":
		err, notice = s.questions.MoveFAQ(ctx, me, id, -1), "notice.questions.faq_moved"
	case "down":
		err, notice = s.questions.MoveFAQ(ctx, me, id, 1), "notice.questions.faq_moved"
	default:
		return allmenning.Errorf(allmenning.EINVALID, "error.questions.action_invalid")
	}
	if err != nil {
		return err
	}
	to := questionURL(id)
	if next := r.PostFormValue("next"); strings.HasPrefix(next, "/omrader/") {
		to = safeNext(next) + "#faq-" + strconv.FormatInt(id, 10)
	}
	redirect(w, r, to, notice)
	return nil
}

// Admin: experts per area and trust thresholds.

type expertAreaView struct {
	Area    *allmenning.Area
	Child   bool
	Experts *allmenning.ExpertArea
	Emails  string
}

type adminExpertsData struct {
	Areas      []*expertAreaView
	Thresholds allmenning.TrustThresholds
	Levels     []trustLevelView
	Max        int
}

type trustLevelView struct {
	N    int
	Rule allmenning.TrustRule
}

func (s *Server) adminExpertsPage(r *http.Request, f *Form) (*Page, error) {
	ctx := r.Context()
	me := MemberFrom(ctx)
	if err := allmenning.AuthorizeQuestion(me, allmenning.ActManageExperts, allmenning.QuestionTarget{}); err != nil {
		return nil, err
	}
	areas, err := s.discussions.Store.FindAreas(ctx, allmenning.ViewerOf(me), false)
	if err != nil {
		return nil, err
	}
	d := &adminExpertsData{Max: allmenning.MaxResponseDays}
	add := func(a *allmenning.Area, child bool) error {
		e, err := s.questions.Experts(ctx, a.ID)
		if err != nil {
			return err
		}
		var emails []string
		for _, m := range e.Experts {
			emails = append(emails, m.Email)
		}
		d.Areas = append(d.Areas, &expertAreaView{Area: a, Child: child, Experts: e, Emails: strings.Join(emails, "\n")})
		return nil
	}
	for _, a := range areas {
		if err := add(a, false); err != nil {
			return nil, err
		}
		for _, c := range a.Children {
			if err := add(c, true); err != nil {
				return nil, err
			}
		}
	}
	if d.Thresholds, err = s.questions.TrustThresholds(ctx); err != nil {
		return nil, err
	}
	d.Levels = []trustLevelView{{1, d.Thresholds.Level1}, {2, d.Thresholds.Level2}, {3, d.Thresholds.Level3}}
	p := s.withForm(r, "questions.admin.title", f)
	p.Data = d
	p.Nav = "admin"
	return p, nil
}

func (s *Server) adminExperts(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminExpertsPage(r, newForm(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "expert_admin", p)
}

// adminExpertsSave sets one area's experts (e-mail addresses, one a line)
// and promised response time (empty: inherit).
func (s *Server) adminExpertsSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	if err := allmenning.AuthorizeQuestion(me, allmenning.ActManageExperts, allmenning.QuestionTarget{}); err != nil {
		return err
	}
	areaID, err := strconv.ParseInt(r.PostFormValue("area"), 10, 64)
	if err != nil {
		return allmenning.Errorf(allmenning.ENOTFOUND, "error.area.not_found")
	}
	key := strconv.FormatInt(areaID, 10)
	f := newForm(r)
	fail := func(field, msg string) error {
		f.Errors[field+"-"+key] = msg
		p, perr := s.adminExpertsPage(r, f)
		if perr != nil {
			return perr
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "expert_admin", p)
	}
	var ids []int64
	for _, e := range strings.FieldsFunc(r.PostFormValue("experts"), func(c rune) bool { return c == '\n' || c == ',' || c == ' ' || c == '\r' || c == ';' }) {
		m, err := s.store.FindMemberByEmail(ctx, allmenning.NormalizeEmail(e))
		if allmenning.ErrorCode(err) == allmenning.ENOTFOUND {
			return fail("experts", "error.questions.expert_unknown")
		} else if err != nil {
			return err
		}
		ids = append(ids, m.ID)
	}
	days := 0
	if v := strings.TrimSpace(r.PostFormValue("response_days")); v != "" {
		if days, err = strconv.Atoi(v); err != nil || days < 1 || days > allmenning.MaxResponseDays {
			return fail("days", "error.area.response_days_invalid")
		}
	}
	if err := s.questions.SetExperts(ctx, me, areaID, ids); err != nil {
		return err
	}
	if err := s.questions.SetResponseDays(ctx, me, areaID, days); err != nil {
		return err
	}
	redirect(w, r, "/admin/eksperter#area-"+key, "notice.questions.experts_saved")
	return nil
}

func (s *Server) adminTrustSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	if err := allmenning.AuthorizeQuestion(me, allmenning.ActManageTrust, allmenning.QuestionTarget{}); err != nil {
		return err
	}
	f := newForm(r)
	rule := func(n string) allmenning.TrustRule {
		num := func(field string) int {
			raw := strings.TrimSpace(r.PostFormValue("level" + n + "." + field))
			if raw == "" {
				return 0
			}
			v, err := strconv.Atoi(raw)
			if err != nil {
				f.Errors["level"+n+"."+field] = "error.trust.threshold_invalid"
			}
			return v
		}
		return allmenning.TrustRule{Reputation: num("reputation"), Posts: num("posts"), Days: num("days"), Any: r.PostFormValue("level"+n+".any") == "1"}
	}
	th := allmenning.TrustThresholds{Level1: rule("1"), Level2: rule("2"), Level3: rule("3")}
	var err error = allmenning.Errorf(allmenning.EINVALID, "error.trust.threshold_invalid")
	if len(f.Errors) == 0 {
		err = s.questions.SetTrustThresholds(ctx, me, th)
	}
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		p, perr := s.adminExpertsPage(r, f)
		if perr != nil {
			return perr
		}
		return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "expert_admin", p)
	}
	redirect(w, r, "/admin/eksperter#trust", "notice.questions.trust_saved")
	return nil
}

// Members' standing: reputation, trust level and history on the member page.

type memberStanding struct {
	Reputation  *allmenning.Reputation
	Trust       *allmenning.TrustStatus
	CanSetTrust bool
	Levels      []int
	Override    int // the level set by hand, -1 for none
}

func (s *Server) memberStanding(ctx context.Context, me, m *allmenning.Member) (*memberStanding, error) {
	if s.questions == nil {
		return nil, nil
	}
	rep, err := s.questions.Reputation(ctx, me, m.ID, 0, 20)
	if err != nil {
		return nil, err
	}
	trust, err := s.questions.TrustLevel(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	st := &memberStanding{Reputation: rep, Trust: trust, Levels: []int{0, 1, 2, 3}, Override: -1,
		CanSetTrust: allmenning.CanQuestion(me, allmenning.ActSetTrust, allmenning.QuestionTarget{})}
	if trust.Override != nil {
		st.Override = *trust.Override
	}
	return st, nil
}

func (s *Server) memberTrustSet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return allmenning.Errorf(allmenning.ENOTFOUND, "error.member.not_found")
	}
	var level *int
	if v := r.PostFormValue("level"); v != "" && v != "auto" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return allmenning.Errorf(allmenning.EINVALID, "error.trust.level_invalid")
		}
		level = &n
	}
	if err := s.questions.SetTrustOverride(ctx, MemberFrom(ctx), id, level); err != nil {
		return err
	}
	redirect(w, r, "/medlemmer/"+strconv.FormatInt(id, 10)+"#tillit", "notice.questions.trust_set")
	return nil
}
