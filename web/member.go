package web

import (
	"net/http"
	"strconv"

	"github.com/allmenning/allmenning"
)

func (s *Server) myProfile(w http.ResponseWriter, r *http.Request) error {
	me := MemberFrom(r.Context())
	if err := allmenning.Authorize(me, allmenning.ActViewMember, allmenning.Target{}); err != nil {
		return err
	}
	http.Redirect(w, r, "/medlemmer/"+strconv.FormatInt(me.ID, 10), http.StatusSeeOther)
	return nil
}

type memberData struct {
	Member       *allmenning.Member
	Municipality *allmenning.Municipality
	IsMe         bool
	CanEdit      bool
	ShowEmail    bool
	Tokens       []*allmenning.APIToken
	NewToken     string // shown once after creation
	RoleNames    []string
	Standing     *memberStanding // reputation and trust level, when questions are kept
}

func (s *Server) memberShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	if err := allmenning.Authorize(me, allmenning.ActViewMember, allmenning.Target{}); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return allmenning.Errorf(allmenning.ENOTFOUND, "error.member.not_found")
	}
	m, err := s.store.FindMemberByID(ctx, id)
	if err != nil {
		return err
	}
	if m.Status != allmenning.StatusActive && !me.IsModerator() {
		return allmenning.Errorf(allmenning.ENOTFOUND, "error.member.not_found")
	}
	muni, err := s.store.FindMunicipalityByNumber(ctx, m.Municipality)
	if err != nil {
		return err
	}
	d := &memberData{
		Member: m, Municipality: muni, IsMe: me.ID == m.ID,
		CanEdit:   allmenning.Can(me, allmenning.ActEditProfile, allmenning.Target{Member: m}),
		ShowEmail: canSeeEmail(me, m),
	}
	if d.Standing, err = s.memberStanding(ctx, me, m); err != nil {
		return err
	}
	if allmenning.Can(me, allmenning.ActManageTokens, allmenning.Target{Member: m}) {
		if d.Tokens, err = s.store.FindAPITokens(ctx, m.ID); err != nil {
			return err
		}
	}
	p := s.newPage(r, m.Name, d)
	if d.IsMe {
		p.Nav = "profile"
	} else {
		s.addFollowButtons(r, p, followTarget{Kind: allmenning.FollowMember, ID: m.ID, Name: m.Name, Mute: true})
	}
	return s.render(w, r, http.StatusOK, "member", p)
}

// canSeeEmail: addresses are shown to the member, operators and the admins of
// the member's municipality; colleagues reach each other through the platform.
func canSeeEmail(viewer, m *allmenning.Member) bool {
	return viewer != nil && (viewer.ID == m.ID || viewer.IsOperator() || viewer.AdminOf(m.Municipality))
}

func (s *Server) profileEditForm(w http.ResponseWriter, r *http.Request) error {
	me := MemberFrom(r.Context())
	if err := allmenning.Authorize(me, allmenning.ActEditProfile, allmenning.Target{Member: me}); err != nil {
		return err
	}
	f := newForm(r, "name", "job_title", "competences", "bio", "language")
	f.Set("name", me.Name)
	f.Set("job_title", me.JobTitle)
	f.Set("bio", me.Bio)
	f.Set("language", me.Language)
	f.Set("competences", joinComma(me.Competences))
	p := s.withForm(r, "profile.edit.title", f)
	p.Nav = "profile"
	return s.render(w, r, http.StatusOK, "profile_edit", p)
}

func joinComma(list []string) string {
	out := ""
	for i, s := range list {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

func (s *Server) profileEdit(w http.ResponseWriter, r *http.Request) error {
	me := MemberFrom(r.Context())
	if err := allmenning.Authorize(me, allmenning.ActEditProfile, allmenning.Target{Member: me}); err != nil {
		return err
	}
	f := newForm(r, "name", "job_title", "competences", "bio", "language")
	_, err := s.store.UpdateProfile(r.Context(), me.ID, allmenning.ProfileUpdate{
		Name: f.Get("name"), JobTitle: f.Get("job_title"), Bio: f.Get("bio"),
		Competences: []string{f.Get("competences")}, Language: f.Get("language"),
	})
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		p := s.withForm(r, "profile.edit.title", f)
		p.Nav = "profile"
		return s.render(w, r, http.StatusUnprocessableEntity, "profile_edit", p)
	}
	redirect(w, r, "/medlemmer/"+strconv.FormatInt(me.ID, 10), "notice.profile_saved")
	return nil
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	if err := allmenning.Authorize(me, allmenning.ActManageTokens, allmenning.Target{Member: me}); err != nil {
		return err
	}
	secret, _, err := s.accounts.CreateAPIToken(ctx, me, r.PostFormValue("name"))
	if err != nil {
		// The profile page has no error summary for this form: show what is wrong with the name.
		if key := allmenning.Fields(err)["name"]; key != "" {
			return allmenning.Errorf(allmenning.ErrorCode(err), key)
		}
		return err
	}
	tokens, err := s.store.FindAPITokens(ctx, me.ID)
	if err != nil {
		return err
	}
	muni, err := s.store.FindMunicipalityByNumber(ctx, me.Municipality)
	if err != nil {
		return err
	}
	p := s.newPage(r, me.Name, &memberData{Member: me, Municipality: muni, IsMe: true, CanEdit: true, ShowEmail: true, Tokens: tokens, NewToken: secret})
	p.Nav = "profile"
	p.Notice = localizerFrom(ctx).T("notice.token_created")
	return s.render(w, r, http.StatusCreated, "member", p)
}

func (s *Server) tokenDelete(w http.ResponseWriter, r *http.Request) error {
	me := MemberFrom(r.Context())
	if err := allmenning.Authorize(me, allmenning.ActManageTokens, allmenning.Target{Member: me}); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return allmenning.Errorf(allmenning.ENOTFOUND, "error.token.not_found")
	}
	if err := s.store.DeleteAPIToken(r.Context(), me.ID, id); err != nil {
		return err
	}
	redirect(w, r, "/medlemmer/"+strconv.FormatInt(me.ID, 10)+"#api", "notice.token_deleted")
	return nil
}

const pageSize = 50

type directoryData struct {
	Members        []*allmenning.Member
	Total          int
	Municipalities []*allmenning.Municipality
	Counties       []*allmenning.Municipality
	Municipality   string
	County         string
	Query          string
	Pager          pager
}

func (s *Server) memberList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := allmenning.Authorize(MemberFrom(ctx), allmenning.ActViewDirectory, allmenning.Target{}); err != nil {
		return err
	}
	q := r.URL.Query()
	page := pageNumber(q.Get("side"))
	f := allmenning.MemberFilter{Municipality: q.Get("kommune"), County: q.Get("fylke"), Query: q.Get("q"), Offset: (page - 1) * pageSize, Limit: pageSize}
	members, total, err := s.store.FindMembers(ctx, f)
	if err != nil {
		return err
	}
	all, err := s.store.FindMunicipalities(ctx, allmenning.MunicipalityFilter{})
	if err != nil {
		return err
	}
	d := &directoryData{Members: members, Total: total, Municipality: f.Municipality, County: f.County, Query: f.Query}
	for _, m := range all {
		if m.IsCounty() {
			d.Counties = append(d.Counties, m)
		} else {
			d.Municipalities = append(d.Municipalities, m)
		}
	}
	d.Pager = newPager(r.URL, page, total, pageSize)
	p := s.newPage(r, localizerFrom(ctx).T("members.title"), d)
	p.Nav = "members"
	return s.render(w, r, http.StatusOK, "members", p)
}
