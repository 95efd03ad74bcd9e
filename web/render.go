package web

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/i18n"
)

//go:embed templates
var templateFS embed.FS

// templates holds one parsed template set per page, each with the layout,
// and the fragments rendered from them.
type templates struct {
	pages     map[string]*template.Template
	fragments *fragmentCache
	// layout is the layout alone, for rendering its parts (chrome.go).
	layout *template.Template
	// buffers are reused between pages: a page is tens of kilobytes, and
	// growing a new buffer for each was a good part of the garbage.
	buffers sync.Pool
}

func parseTemplates(a *assets) (*templates, error) {
	var headLinks template.HTML
	funcs := template.FuncMap{
		"headLinks": func() template.HTML { return headLinks },
		"asset":     a.URL,
		"hasAsset":  a.Has,
		"field":     newField,
		"list":      func(items ...string) []string { return items },
		// sanitized marks HTML that the markdown package produced and
		// bluemonday cleaned before it was stored.
		"sanitized":       func(s string) template.HTML { return template.HTML(s) },
		"visibilityBadge": visibilityBadge,
		"likeButton":      likeButtonPage,
		"votePage":        votePage,
		"areaRow":         func(p *Page, a *allmenning.Area, child bool) areaRow { return areaRow{p, a, child} },
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout/*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}, fragments: newFragmentCache(fragmentCacheBytes)}
	// A clone of its own: a template that has run can no longer be cloned.
	if t.layout, err = base.Clone(); err != nil {
		return nil, err
	}
	// The page's links to its style sheets and scripts: the same on every
	// page, so rendered once.
	var links bytes.Buffer
	if err := t.layout.ExecuteTemplate(&links, "head-links", nil); err != nil {
		return nil, err
	}
	headLinks = template.HTML(links.String())
	for _, name := range names {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(templateFS, name); err != nil {
			return nil, err
		}
		t.pages[strings.TrimSuffix(path.Base(name), ".html")] = clone
	}
	return t, nil
}

// Page is what every page template receives.
type Page struct {
	L       *i18n.Localizer
	Me      *allmenning.Member
	CSRF    string
	Title   string
	Path    string
	Nav     string // the main navigation item that is current
	Notice  string // a message shown once at the top, already translated
	Form    *Form
	Data    any
	IsAdmin bool            // the member may open the admin page
	Feeds   []FeedLink      // Atom feeds advertised in <head>
	Notify  bool            // the header links to the member's notifications
	Unread  int             // unread notifications, shown in the header
	Follows []*followButton // follow and mute buttons of the page's subject
	// FollowsHTML are the Follows, rendered by render through the fragment
	// cache.
	FollowsHTML template.HTML
	// HeaderHTML and FooterHTML are the layout's header and footer, rendered
	// by render through the fragment cache.
	HeaderHTML, FooterHTML template.HTML
}

func (s *Server) newPage(r *http.Request, title string, data any) *Page {
	l := localizerFrom(r.Context())
	me := MemberFrom(r.Context())
	p := &Page{
		L: l, Me: me, CSRF: csrfToken(r.Context()), Title: title, Path: r.URL.Path, Data: data,
		IsAdmin: allmenning.Can(me, allmenning.ActViewAdmin, allmenning.Target{}),
	}
	if key := r.URL.Query().Get("melding"); key != "" && strings.HasPrefix(key, "notice.") && l.Has(key) {
		p.Notice = l.T(key)
	}
	s.notifyHeader(r.Context(), p)
	return p
}

type badge struct {
	Show         bool
	Color, Label string
}

// visibilityBadge marks narrow and wide visibility; "all members" is the default and unmarked.
func visibilityBadge(l *i18n.Localizer, v allmenning.Visibility) badge {
	switch v {
	case allmenning.VisMunicipality:
		return badge{true, "warning", l.T("visibility.municipality")}
	case allmenning.VisPublic:
		return badge{true, "info", l.T("visibility.public")}
	}
	return badge{}
}

func likeButtonPage(p *Page, kind string, id int64, count int, liked bool) *Page {
	action := "/diskusjoner/"
	if kind == allmenning.PostReply {
		action = "/svar/"
	}
	c := *p
	c.Data = likeButton{Kind: kind, ID: id, Count: count, Liked: liked, Action: action + strconv.FormatInt(id, 10) + "/lik"}
	return &c
}

type areaRow struct {
	Page  *Page
	Area  *allmenning.Area
	Child bool
}

// snapshotPage builds a page in one read snapshot (allmenning.InSnapshot):
// its reads take one turn at the read pool instead of one each, and agree
// with each other. The page is rendered after the snapshot ends, so that
// no reader's connection waits while it is. build must not write.
func (s *Server) snapshotPage(r *http.Request, build func(r *http.Request) (*Page, error)) (*Page, error) {
	var p *Page
	err := allmenning.InSnapshot(r.Context(), s.store, func(ctx context.Context) error {
		var err error
		p, err = build(r.WithContext(ctx))
		return err
	})
	return p, err
}

// render writes a page with the given status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) error {
	t, ok := s.pages.pages[name]
	if !ok {
		return errors.New("web: no template " + name)
	}
	if err := s.fillChrome(p); err != nil {
		return err
	}
	if err := s.fillFollows(p); err != nil {
		return err
	}
	buf, _ := s.pages.buffers.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			s.pages.buffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// renderFragment writes one named template of the "fragments" set without the layout (for htmx swaps).
func (s *Server) renderFragment(w http.ResponseWriter, name string, p *Page) error {
	t, ok := s.pages.pages["fragments"]
	if !ok {
		return errors.New("web: no fragments template")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, p); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(buf.Bytes())
	return err
}

// page adapts a handler that returns an error: errors are shown as a page in
// the visitor's language with the status their code maps to.
func (s *Server) page(fn func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.fail(w, r, err)
		}
	}
}

// statusOf maps an error code to an HTTP status. This is the only place that does.
func statusOf(code string) int {
	switch code {
	case allmenning.EINVALID:
		return http.StatusUnprocessableEntity
	case allmenning.ENOTFOUND:
		return http.StatusNotFound
	case allmenning.EFORBIDDEN:
		return http.StatusForbidden
	case allmenning.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case allmenning.ECONFLICT:
		return http.StatusConflict
	case allmenning.ERATELIMIT:
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

// fail shows an error: as JSON for the API, as a page otherwise. An anonymous
// visitor who needs to log in is sent to the login page and back.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiError(w, r, err)
		return
	}
	code := allmenning.ErrorCode(err)
	if code == allmenning.EINTERNAL {
		s.log.ErrorContext(r.Context(), "internal error", "request_id", RequestIDFrom(r.Context()), "path", r.URL.Path, "err", err)
	}
	if code == allmenning.EUNAUTHORIZED && r.Method == http.MethodGet && MemberFrom(r.Context()) == nil {
		http.Redirect(w, r, "/logg-inn?neste="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if code == allmenning.ERATELIMIT {
		w.Header().Set("Retry-After", "900")
	}
	l := localizerFrom(r.Context())
	if l == nil {
		l = s.catalog.For(i18n.Default)
		r = r.WithContext(withLocalizer(r.Context(), l))
	}
	status := statusOf(code)
	p := s.newPage(r, l.T("error.title."+code), map[string]string{
		"Message": l.T(allmenning.ErrorMessage(err)), "RequestID": RequestIDFrom(r.Context()), "Code": code,
	})
	if rerr := s.render(w, r, status, "error", p); rerr != nil {
		s.log.ErrorContext(r.Context(), "render error page", "err", rerr)
		http.Error(w, http.StatusText(status), status)
	}
}

// apiError writes {"code","message","fields"} with the status of the code.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code := allmenning.ErrorCode(err)
	if code == allmenning.EINTERNAL {
		s.log.ErrorContext(r.Context(), "internal error", "request_id", RequestIDFrom(r.Context()), "path", r.URL.Path, "err", err)
	}
	l := localizerFrom(r.Context())
	if l == nil {
		l = s.catalog.For(i18n.Default)
	}
	body := map[string]any{"code": code, "message": l.T(allmenning.ErrorMessage(err))}
	if fields := allmenning.Fields(err); len(fields) > 0 {
		out := map[string]string{}
		for k, v := range fields {
			out[k] = l.T(v)
		}
		body["fields"] = out
	}
	if code == allmenning.ERATELIMIT {
		w.Header().Set("Retry-After", "900")
	}
	writeJSON(w, statusOf(code), body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// redirect sends the browser on with 303 See Other, optionally with a notice key.
// The notice goes into the query, before any #fragment, so that the page sees it.
func redirect(w http.ResponseWriter, r *http.Request, to, notice string) {
	if notice != "" {
		path, fragment, hasFragment := strings.Cut(to, "#")
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		to = path + sep + "melding=" + url.QueryEscape(notice)
		if hasFragment {
			to += "#" + fragment
		}
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
