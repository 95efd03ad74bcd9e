package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/i18n"
	"github.com/allmenning/allmenning/notify"
)

// followButton is a follow or mute toggle: a plain form that htmx swaps in place.
type followButton struct {
	L    *i18n.Localizer
	CSRF string
	followItem
}

// followItem is what a follow button shows. Its key holds every field.
type followItem struct {
	Next   string // where the form returns to without JavaScript
	Action string // /folger or /demp
	Kind   string
	ID     int64
	On     bool // followed (or muted) now
	Label  string
	DOMID  string
}

func (it *followItem) key(k *fragmentKey) {
	k.str(it.Next).str(it.Action).str(it.Kind).int(it.ID).bool(it.On).str(it.Label).str(it.DOMID)
}

// followTarget is something a page offers to follow, and to mute when Mute is set.
type followTarget struct {
	Kind string
	ID   int64
	Name string
	Mute bool
}

func newFollowButton(l *i18n.Localizer, csrf, next string, t followTarget, mute, on bool) *followButton {
	action, verb := "/folger", "follow"
	if mute {
		action, verb = "/demp", "mute"
	}
	if on {
		verb = "un" + verb
	}
	id := strings.TrimPrefix(action, "/") + "-" + t.Kind + "-" + strconv.FormatInt(t.ID, 10)
	return &followButton{L: l, CSRF: csrf, followItem: followItem{
		Next: next + "#" + id, Action: action, Kind: t.Kind, ID: t.ID, On: on,
		Label: l.T("notify."+verb+"."+t.Kind, t.Name), DOMID: id,
	}}
}

// addFollowButtons puts follow (and mute) buttons for the targets on a
// member's page. A failure costs the buttons, never the page.
func (s *Server) addFollowButtons(r *http.Request, p *Page, targets ...followTarget) {
	if s.notify == nil || p.Me == nil {
		return
	}
	refs := make([]allmenning.FollowRef, len(targets))
	for i, t := range targets {
		refs[i] = notify.Ref(t.Kind, t.ID)
	}
	follows, mutes, err := s.notify.States(r.Context(), p.Me, refs)
	if err != nil {
		s.log.WarnContext(r.Context(), "follow state not found", "err", err)
		return
	}
	next := r.URL.RequestURI()
	for i, t := range targets {
		p.Follows = append(p.Follows, newFollowButton(p.L, p.CSRF, next, t, false, follows[refs[i]]))
		if t.Mute {
			p.Follows = append(p.Follows, newFollowButton(p.L, p.CSRF, next, t, true, mutes[refs[i]]))
		}
	}
}

// fillFollows renders the page's follow buttons through the fragment cache
// into p.FollowsHTML.
func (s *Server) fillFollows(p *Page) error {
	if len(p.Follows) == 0 {
		return nil
	}
	list := s.pages.fragments.list(p.CSRF)
	k := &fragmentKey{}
	for _, b := range p.Follows {
		k.b = k.b[:0]
		k.str("follow-button").str(b.L.Lang)
		b.key(k)
		err := list.add(k.b, []string{b.Next, b.Label}, func(csrf string) ([]byte, error) {
			var buf bytes.Buffer
			err := s.pages.layout.ExecuteTemplate(&buf, "follow-button", &followButton{L: b.L, CSRF: csrf, followItem: b.followItem})
			return buf.Bytes(), err
		})
		if err != nil {
			return err
		}
	}
	p.FollowsHTML = list.HTML()
	return nil
}

// followSet follows or mutes (on=1) or undoes it (on=0). With htmx it
// answers with the new button; without, it goes back to the page.
func (s *Server) followSet(mute bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		me := MemberFrom(ctx)
		on := r.PostFormValue("on") != "0"
		ref := allmenning.FollowRef{Kind: r.PostFormValue("kind"), Ref: r.PostFormValue("id")}
		var f *allmenning.Follow
		var err error
		if mute {
			f, err = s.notify.Mute(ctx, me, ref, on)
		} else {
			f, err = s.notify.Follow(ctx, me, ref, on)
		}
		if err != nil {
			return err
		}
		l := localizerFrom(ctx)
		next := safeNext(r.PostFormValue("next"))
		if r.Header.Get("HX-Request") == "true" {
			next, _, _ = strings.Cut(next, "#")
			b := newFollowButton(l, csrfToken(ctx), next, followTarget{Kind: f.Kind, ID: f.ID, Name: f.Name}, mute, on)
			var buf bytes.Buffer
			if err := s.pages.pages["follows"].ExecuteTemplate(&buf, "follow-button", b); err != nil {
				return err
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			_, err := w.Write(buf.Bytes())
			return err
		}
		notice := "notice.notify_followed"
		switch {
		case mute && on:
			notice = "notice.notify_muted"
		case mute:
			notice = "notice.notify_unmuted"
		case !on:
			notice = "notice.notify_unfollowed"
		}
		redirect(w, r, next, notice)
		return nil
	}
}

// followList is the page of what I follow and mute, and my personal feed.
func (s *Server) followList(w http.ResponseWriter, r *http.Request) error {
	return s.renderFollowList(w, r, "")
}

func (s *Server) renderFollowList(w http.ResponseWriter, r *http.Request, newFeedURL string) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	follows, err := s.notify.Follows(ctx, me)
	if err != nil {
		return err
	}
	mutes, err := s.notify.Mutes(ctx, me)
	if err != nil {
		return err
	}
	token, err := s.notify.FeedToken(ctx, me)
	if err != nil {
		return err
	}
	l := localizerFrom(ctx)
	p := s.newPage(r, l.T("notify.follows.title"), nil)
	p.Nav = "follows"
	next := "/folger"
	type row struct {
		Follow *allmenning.Follow
		Kind   string
		Button *followButton
	}
	var followRows, muteRows []row
	for _, f := range follows {
		followRows = append(followRows, row{f, l.T("notify.kind." + f.Kind), newFollowButton(l, p.CSRF, next, followTarget{Kind: f.Kind, ID: f.ID, Name: f.Name}, false, true)})
	}
	for _, f := range mutes {
		muteRows = append(muteRows, row{f, l.T("notify.kind." + f.Kind), newFollowButton(l, p.CSRF, next, followTarget{Kind: f.Kind, ID: f.ID, Name: f.Name}, true, true)})
	}
	p.Data = map[string]any{"Follows": followRows, "Mutes": muteRows, "Token": token, "NewFeedURL": newFeedURL}
	return s.render(w, r, http.StatusOK, "follows", p)
}

func (s *Server) feedTokenCreate(w http.ResponseWriter, r *http.Request) error {
	secret, err := s.notify.CreateFeedToken(r.Context(), MemberFrom(r.Context()))
	if err != nil {
		return err
	}
	// The address is shown once, on this answer: only its hash is kept.
	return s.renderFollowList(w, r, strings.TrimSuffix(s.cfg.BaseURL, "/")+"/atom/personlig/"+secret)
}

func (s *Server) feedTokenDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.notify.RevokeFeedToken(r.Context(), MemberFrom(r.Context())); err != nil {
		return err
	}
	redirect(w, r, "/folger", "notice.notify_feed_revoked")
	return nil
}

// The JSON API of follows.

func (s *Server) apiFollows(r *http.Request) (int, any, error) {
	list, err := s.notify.Follows(r.Context(), MemberFrom(r.Context()))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"follows": list}, nil
}

// apiFollowCreate follows {"kind": …, "id": …}; the id may be a number or a
// string (an area's or tag's slug).
func (s *Server) apiFollowCreate(r *http.Request) (int, any, error) {
	me := MemberFrom(r.Context())
	if err := allmenning.AuthorizeFollow(me, allmenning.ActFollow, allmenning.Target{}); err != nil {
		return 0, nil, err
	}
	var in struct {
		Kind string          `json:"kind"`
		ID   json.RawMessage `json:"id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	ref := allmenning.FollowRef{Kind: in.Kind}
	var str string
	var num json.Number
	if json.Unmarshal(in.ID, &str) == nil {
		ref.Ref = str
	} else if json.Unmarshal(in.ID, &num) == nil {
		ref.Ref = num.String()
	}
	f, err := s.notify.Follow(r.Context(), me, ref, true)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, f, nil
}

func (s *Server) apiFollowDelete(r *http.Request) (int, any, error) {
	f, err := s.notify.Follow(r.Context(), MemberFrom(r.Context()), allmenning.FollowRef{Kind: r.PathValue("kind"), Ref: r.PathValue("id")}, false)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, f, nil
}

// listFollows are the follow buttons of a thread list: its area, else the
// tags it is filtered by.
func listFollows(d *threadListData) []followTarget {
	if d.Area != nil {
		return []followTarget{{Kind: allmenning.FollowArea, ID: d.Area.ID, Name: d.Area.Name}}
	}
	var out []followTarget
	for _, fv := range d.Facets {
		for _, t := range fv.Terms {
			if t.Selected {
				out = append(out, followTarget{Kind: allmenning.FollowTag, ID: t.Tag.ID, Name: t.Tag.Name})
			}
		}
	}
	return out
}
