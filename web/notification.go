package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/notify"
)

// Notifications returns the notification service, nil when the store keeps
// no notifications; the command line sets its Created hook (mail).
func (s *Server) Notifications() *notify.Service { return s.notify }

// notifyRoutes registers follows, notifications and Atom feeds.
func (s *Server) notifyRoutes(mux *http.ServeMux) {
	if s.discussions != nil {
		mux.HandleFunc("GET /atom/siste", s.page(s.feedLatest))
		mux.HandleFunc("GET /atom/omrader/{slug}", s.page(s.feedArea))
		mux.HandleFunc("GET /atom/emner/{slug}", s.page(s.feedTag))
	}
	if s.notify == nil {
		return
	}
	mux.HandleFunc("GET /atom/personlig/{token}", s.page(s.feedPersonal))
	mux.HandleFunc("GET /varsler", s.page(s.notificationList))
	mux.HandleFunc("GET /varsler/{id}", s.page(s.notificationOpen))
	mux.HandleFunc("POST /varsler/lest", s.page(s.notificationsReadAll))
	mux.HandleFunc("GET /folger", s.page(s.followList))
	mux.HandleFunc("POST /folger", s.page(s.followSet(false)))
	mux.HandleFunc("POST /demp", s.page(s.followSet(true)))
	mux.HandleFunc("POST /folger/feed", s.page(s.feedTokenCreate))
	mux.HandleFunc("POST /folger/feed/slett", s.page(s.feedTokenDelete))
	mux.HandleFunc("GET /api/v1/follows", s.api(s.apiFollows))
	mux.HandleFunc("POST /api/v1/follows", s.api(s.apiFollowCreate))
	mux.HandleFunc("DELETE /api/v1/follows/{kind}/{id}", s.api(s.apiFollowDelete))
}

// notifyHeader fills the header's link to the notifications with the unread
// count. A failure costs the count, never the page.
func (s *Server) notifyHeader(ctx context.Context, p *Page) {
	if s.notify == nil || p.Me == nil {
		return
	}
	p.Notify = true
	n, err := s.notify.Unread(ctx, p.Me)
	if err != nil {
		s.log.WarnContext(ctx, "unread notifications not counted", "err", err)
		return
	}
	p.Unread = n
}

// notificationView is one line of the notification list.
type notificationView struct {
	ID     int64
	Text   string
	Unread bool
	At     time.Time
}

// notificationText says what happened in the member's language.
func notificationText(l *i18n.Localizer, n *allmenning.Notification) string {
	actor := n.ActorName
	if actor == "" {
		actor = l.T("notify.someone")
	}
	if n.Kind == allmenning.NotifyLike && n.ActorCount > 1 {
		return l.T("notify.text.like_many", actor, n.ActorCount-1, n.ThreadTitle)
	}
	if n.Kind == allmenning.NotifyEscalation {
		return l.T("notify.text.escalation", n.ThreadTitle)
	}
	return l.T("notify.text."+n.Kind, actor, n.ThreadTitle)
}

func (s *Server) notificationList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	page := pageNumber(r.URL.Query().Get("side"))
	const perPage = 50
	list, unread, err := s.notify.Notifications(ctx, me, (page-1)*perPage, perPage+1)
	if err != nil {
		return err
	}
	l := localizerFrom(ctx)
	more := len(list) > perPage
	if more {
		list = list[:perPage]
	}
	views := make([]notificationView, 0, len(list))
	for _, n := range list {
		views = append(views, notificationView{ID: n.ID, Text: notificationText(l, n), Unread: n.Unread(), At: n.UpdatedAt})
	}
	d := map[string]any{"Items": views, "Unread": unread}
	if more {
		d["Next"] = "/varsler?side=" + strconv.Itoa(page+1)
	}
	if page > 1 {
		d["Prev"] = "/varsler?side=" + strconv.Itoa(page-1)
	}
	p := s.newPage(r, l.T("notify.title"), d)
	p.Nav = "notifications"
	return s.render(w, r, http.StatusOK, "notifications", p)
}

// notificationOpen marks a notification read and goes to the post.
func (s *Server) notificationOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return allmenning.Errorf(allmenning.ENOTFOUND, "notify.error.not_found")
	}
	n, err := s.notify.Open(r.Context(), MemberFrom(r.Context()), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, notify.Link(n), http.StatusSeeOther)
	return nil
}

func (s *Server) notificationsReadAll(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.notify.MarkAllRead(r.Context(), MemberFrom(r.Context())); err != nil {
		return err
	}
	redirect(w, r, "/varsler", "notice.notify_all_read")
	return nil
}
