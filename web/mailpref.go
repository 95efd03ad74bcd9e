package web

import (
	"context"
	"net/http"

	"github.com/allmenning/allmenning"
)

// mailStore is what the e-mail settings, unsubscribe and topic-of-the-week
// pages need from the store.
type mailStore interface {
	allmenning.MailPrefStore
	allmenning.TopicStore
}

// mailStore returns the store as a mailStore, or nil when it keeps no e-mail settings.
func (s *Server) mailStore() mailStore {
	ms, _ := s.store.(mailStore)
	return ms
}

// mailRoutes registers the e-mail settings, one-click unsubscribe and
// topic-of-the-week pages.
func (s *Server) mailRoutes(mux *http.ServeMux) {
	if s.mailStore() == nil {
		return
	}
	mux.HandleFunc("GET /innstillinger/varsler", s.page(s.mailPrefsForm))
	mux.HandleFunc("POST /innstillinger/varsler", s.page(s.mailPrefsSave))
	mux.HandleFunc("GET /avmeld/{token}", s.page(s.unsubscribeForm))
	mux.HandleFunc("POST /avmeld/{token}", s.page(s.unsubscribe))
	if s.discussions != nil {
		mux.HandleFunc("GET /admin/ukens-tema", s.page(s.topicAdmin))
		mux.HandleFunc("POST /admin/ukens-tema", s.page(s.topicPick))
	}
}

// mailPrefRow is one kind of notification with its radio group.
type mailPrefRow struct {
	Kind  string
	Field string // the radio group's name, "kind_<kind>"
}

type mailPrefsData struct {
	Kinds       []mailPrefRow
	Settings    []string
	Frequencies []string
}

func (s *Server) mailPrefsPage(r *http.Request, f *Form) *Page {
	d := &mailPrefsData{Settings: allmenning.MailSettings, Frequencies: allmenning.DigestFrequencies}
	for _, k := range allmenning.MailKinds {
		d.Kinds = append(d.Kinds, mailPrefRow{Kind: k, Field: "kind_" + k})
	}
	p := s.withForm(r, "mail.pref.title", f)
	p.Data = d
	p.Nav = "profile"
	return p
}

func mailPrefFields() []string {
	fields := make([]string, 0, len(allmenning.MailKinds)+1)
	for _, k := range allmenning.MailKinds {
		fields = append(fields, "kind_"+k)
	}
	return append(fields, "digest")
}

func (s *Server) mailPrefsForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	if err := allmenning.AuthorizeMail(me, allmenning.ActEditMailPrefs, allmenning.Target{Member: me}); err != nil {
		return err
	}
	prefs, err := s.mailStore().FindMailPrefs(ctx, me.ID)
	if err != nil {
		return err
	}
	f := newForm(r, mailPrefFields()...)
	for _, k := range allmenning.MailKinds {
		f.Set("kind_"+k, prefs.For(k))
	}
	f.Set("digest", prefs.Digest)
	return s.render(w, r, http.StatusOK, "mailprefs", s.mailPrefsPage(r, f))
}

func (s *Server) mailPrefsSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	if err := allmenning.AuthorizeMail(me, allmenning.ActEditMailPrefs, allmenning.Target{Member: me}); err != nil {
		return err
	}
	f := newForm(r, mailPrefFields()...)
	prefs := &allmenning.MailPrefs{MemberID: me.ID, Kinds: map[string]string{}, Digest: f.Get("digest")}
	for _, k := range allmenning.MailKinds {
		if v := f.Get("kind_" + k); v != "" {
			prefs.Kinds[k] = v
		}
	}
	if err := s.mailStore().SaveMailPrefs(ctx, prefs); err != nil {
		if !f.Absorb(err) {
			return err
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "mailprefs", s.mailPrefsPage(r, f))
	}
	redirect(w, r, "/innstillinger/varsler", "notice.mail.prefs_saved")
	return nil
}

// OnNotification sets what is called after new notifications are stored
// (the immediate e-mail); it does nothing when the server keeps no
// notifications.
func (s *Server) OnNotification(fn func(ctx context.Context, ns []*allmenning.Notification)) {
	if s.notify != nil {
		s.notify.Created = fn
	}
}
