package web

import (
	"html/template"
	"net/http"

	"github.com/allmenning/allmenning"
)

type homeData struct {
	MemberCount       int
	MunicipalityCount int
	Municipality      *allmenning.Municipality
	Colleagues        []*allmenning.Member
	ColleaguesHTML    template.HTML // the colleagues' cards (fragment_members.go)
	Latest            []*allmenning.Thread
	Topic             *topicBox // the topic of the week, when there is one the viewer may see
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	p, err := s.snapshotPage(r, s.homePage)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "home", p)
}

func (s *Server) homePage(r *http.Request) (*Page, error) {
	ctx := r.Context()
	me := MemberFrom(ctx)
	d := &homeData{Topic: s.currentTopic(ctx, me)}
	if me != nil {
		var err error
		if d.Municipality, err = s.store.FindMunicipalityByNumber(ctx, me.Municipality); err != nil {
			return nil, err
		}
		if d.Colleagues, _, err = s.store.FindMembers(ctx, allmenning.MemberFilter{Municipality: me.Municipality, Limit: 8}); err != nil {
			return nil, err
		}
		if d.MemberCount, err = s.store.CountMembers(ctx, allmenning.MemberFilter{}); err != nil {
			return nil, err
		}
	}
	if s.discussions != nil {
		page, err := s.discussions.Store.FindThreads(ctx, allmenning.ViewerOf(me), allmenning.ThreadFilter{Sort: allmenning.SortLatest, Limit: 8, NoTotal: true})
		if err != nil {
			return nil, err
		}
		d.Latest = page.Threads
	}
	p := s.newPage(r, localizerFrom(ctx).T("home.title"), d)
	p.Nav = "home"
	if s.discussions != nil {
		p.Feeds = latestFeed(r)
	}
	var err error
	d.ColleaguesHTML, err = s.memberCards(p, d.Colleagues)
	return p, err
}

func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "accessibility", s.newPage(r, localizerFrom(r.Context()).T("a11y.title"), nil))
}

// setLanguage stores the chosen interface language: on the profile for a
// member, in a cookie for a visitor.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostFormValue("lang")
	if !allmenning.ValidLanguage(lang) {
		return allmenning.Errorf(allmenning.EINVALID, "error.language.invalid")
	}
	if me := MemberFrom(r.Context()); me != nil {
		_, err := s.store.UpdateProfile(r.Context(), me.ID, allmenning.ProfileUpdate{
			Name: me.Name, JobTitle: me.JobTitle, Bio: me.Bio, Competences: me.Competences, Language: lang,
		})
		if err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	redirect(w, r, safeNext(r.PostFormValue("next")), "")
	return nil
}
