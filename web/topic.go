package web

import (
	"context"
	"net/http"
	"regexp"
	"strconv"

	"github.com/allmenning/allmenning"
)

// topicBox is the topic of the week on the front page.
type topicBox struct {
	Topic   *allmenning.Topic
	CanPick bool // the viewer is an editor and may pick the next one
}

// currentTopic returns the front page's topic of the week as the member
// sees it, or nil when there is none the member may see.
func (s *Server) currentTopic(ctx context.Context, me *allmenning.Member) *topicBox {
	ms := s.mailStore()
	if ms == nil {
		return nil
	}
	box := &topicBox{CanPick: allmenning.AuthorizeMail(me, allmenning.ActPickTopic, allmenning.Target{}) == nil}
	t, err := ms.FindCurrentTopic(ctx, allmenning.ViewerOf(me))
	if err != nil {
		if allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			s.log.ErrorContext(ctx, "topic of the week", "err", err)
		}
	} else if allmenning.Can(me, allmenning.ActViewThread, allmenning.Target{Thread: t.Thread}) {
		box.Topic = t
	}
	if box.Topic == nil && !box.CanPick {
		return nil
	}
	return box
}

type topicAdminData struct {
	History []*allmenning.Topic
}

func (s *Server) topicAdminPage(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	ctx := r.Context()
	history, err := s.mailStore().FindTopics(ctx, allmenning.ViewerOf(MemberFrom(ctx)), 50)
	if err != nil {
		return err
	}
	p := s.withForm(r, "mail.topic.admin_title", f)
	p.Data = &topicAdminData{History: history}
	p.Nav = "admin"
	return s.render(w, r, status, "topic_admin", p)
}

func (s *Server) topicAdmin(w http.ResponseWriter, r *http.Request) error {
	me := MemberFrom(r.Context())
	if err := allmenning.AuthorizeMail(me, allmenning.ActPickTopic, allmenning.Target{}); err != nil {
		return err
	}
	f := newForm(r, "thread", "intro")
	if id := r.URL.Query().Get("trad"); id != "" {
		f.Set("thread", id)
	}
	return s.topicAdminPage(w, r, http.StatusOK, f)
}

// threadRef finds a thread id in what an editor typed: the id, or the
// thread's address (…/diskusjoner/123#svar-4).
var threadRef = regexp.MustCompile(`^\s*(?:\S*/diskusjoner/)?(\d{1,18})(?:[/?#]\S*)?\s*$`)

func (s *Server) topicPick(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	if err := allmenning.AuthorizeMail(me, allmenning.ActPickTopic, allmenning.Target{}); err != nil {
		return err
	}
	f := newForm(r, "thread", "intro")
	var id int64
	if m := threadRef.FindStringSubmatch(f.Get("thread")); m != nil {
		id, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if f.Get("thread") != "" && id == 0 {
		f.Errors["thread"] = "mail.topic.error.thread_ref"
		return s.topicAdminPage(w, r, http.StatusUnprocessableEntity, f)
	}
	if _, err := s.mailStore().CreateTopic(ctx, me, allmenning.NewTopic{ThreadID: id, Intro: f.Get("intro")}); err != nil {
		if !f.Absorb(err) {
			return err
		}
		return s.topicAdminPage(w, r, http.StatusUnprocessableEntity, f)
	}
	redirect(w, r, "/admin/ukens-tema", "notice.mail.topic_saved")
	return nil
}
