package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/textdiff"
)

// Norwegian words in list URLs, mapped to the domain's sort orders and periods.
var sortWords = map[string]string{
	"siste": allmenning.SortLatest, "nye": allmenning.SortNewThreads, "aktive": allmenning.SortActive,
	"mest-lest": allmenning.SortMostRead, "topp": allmenning.SortTop,
}

var periodWords = map[string]string{
	"uke": allmenning.PeriodWeek, "maned": allmenning.PeriodMonth, "ar": allmenning.PeriodYear, "alt": allmenning.PeriodAll,
}

// listOption is one choice in the sort or period menus.
type listOption struct {
	Value, Label, URL string
	Current           bool
}

// threadListData is what the thread list templates receive.
type threadListData struct {
	Area      *allmenning.Area
	Areas     []*allmenning.Area
	Page      *allmenning.ThreadPage
	Facets    []*facetView
	Sorts     []listOption
	Periods   []listOption
	Sort      string
	Period    string
	Tags      []string
	ClearTags string
	Pager     pager
	Unread    bool
	Heading   string
	SelfURL   string
	// RowsHTML are the rows of the threads on the page (fragment_threads.go).
	RowsHTML template.HTML
}

type facetView struct {
	Facet *allmenning.Facet
	Terms []termView
}

type termView struct {
	Tag      *allmenning.Tag
	Count    int
	Selected bool
	URL      string // the list with this term toggled
}

// threadFilterFrom reads a list's filters from the query string.
func threadFilterFrom(q url.Values) (allmenning.ThreadFilter, string, string) {
	sortWord := q.Get("sortering")
	sortOrder, ok := sortWords[sortWord]
	if !ok {
		sortWord, sortOrder = "siste", allmenning.SortLatest
	}
	periodWord := q.Get("periode")
	period, ok := periodWords[periodWord]
	if !ok {
		periodWord, period = "alt", allmenning.PeriodAll
	}
	f := allmenning.ThreadFilter{
		Sort: sortOrder, Period: period, Tags: q["emne"], Area: q.Get("omrade"),
		Unread: q.Get("ulest") == "1", Limit: 20,
	}
	if sortOrder == allmenning.SortTop {
		f.Limit = 10 // top ten
	}
	return f, sortWord, periodWord
}

func withParam(u *url.URL, key, value string) string {
	q := u.Query()
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	q.Del("side")
	if len(q) == 0 {
		return u.Path
	}
	return u.Path + "?" + q.Encode()
}

func (s *Server) threadList(r *http.Request, f allmenning.ThreadFilter, sortWord, periodWord string) (*threadListData, error) {
	ctx := r.Context()
	me := MemberFrom(ctx)
	v := allmenning.ViewerOf(me)
	page := pageNumber(r.URL.Query().Get("side"))
	f.Offset = (page - 1) * f.Limit
	if f.Unread && me == nil {
		f.Unread = false
	}
	result, err := s.discussions.Store.FindThreads(ctx, v, f)
	if err != nil {
		return nil, err
	}
	facets, err := s.discussions.Store.FindFacets(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := s.discussions.Store.CountTags(ctx, v, f)
	if err != nil {
		return nil, err
	}
	l := localizerFrom(ctx)
	d := &threadListData{Page: result, Sort: sortWord, Period: periodWord, Tags: f.Tags, Unread: f.Unread, SelfURL: r.URL.RequestURI()}
	selected := map[string]bool{}
	for _, t := range f.Tags {
		selected[t] = true
	}
	for _, fc := range facets {
		fv := &facetView{Facet: fc}
		for _, t := range fc.Tags {
			q := r.URL.Query()
			q.Del("side")
			tags := q["emne"]
			if selected[t.Slug] {
				var rest []string
				for _, x := range tags {
					if x != t.Slug {
						rest = append(rest, x)
					}
				}
				q["emne"] = rest
			} else {
				q["emne"] = append(tags, t.Slug)
			}
			if len(q["emne"]) == 0 {
				q.Del("emne")
			}
			link := r.URL.Path
			if len(q) > 0 {
				link += "?" + q.Encode()
			}
			if counts[t.ID] > 0 || selected[t.Slug] {
				fv.Terms = append(fv.Terms, termView{Tag: t, Count: counts[t.ID], Selected: selected[t.Slug], URL: link})
			}
		}
		if len(fv.Terms) > 0 {
			d.Facets = append(d.Facets, fv)
		}
	}
	if len(f.Tags) > 0 {
		q := r.URL.Query()
		q.Del("emne")
		q.Del("side")
		d.ClearTags = r.URL.Path
		if len(q) > 0 {
			d.ClearTags += "?" + q.Encode()
		}
	}
	for _, w := range []string{"siste", "nye", "aktive", "mest-lest", "topp"} {
		d.Sorts = append(d.Sorts, listOption{Value: w, Label: l.T("sort." + w), URL: withParam(r.URL, "sortering", w), Current: w == sortWord})
	}
	if sortWord == "aktive" || sortWord == "mest-lest" || sortWord == "topp" {
		for _, w := range []string{"uke", "maned", "ar", "alt"} {
			d.Periods = append(d.Periods, listOption{Value: w, Label: l.T("period." + w), URL: withParam(r.URL, "periode", w), Current: w == periodWord})
		}
	}
	d.Pager = newPager(r.URL, page, result.Total, f.Limit)
	return d, nil
}

func (s *Server) threadIndex(w http.ResponseWriter, r *http.Request) error {
	p, err := s.snapshotPage(r, s.threadIndexPage)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "threads", p)
}

func (s *Server) threadIndexPage(r *http.Request) (*Page, error) {
	f, sortWord, periodWord := threadFilterFrom(r.URL.Query())
	d, err := s.threadList(r, f, sortWord, periodWord)
	if err != nil {
		return nil, err
	}
	l := localizerFrom(r.Context())
	d.Heading = l.T("threads.title")
	if f.Area != "" {
		if d.Area, err = s.discussions.Store.FindAreaBySlug(r.Context(), f.Area); err != nil {
			return nil, err
		}
	}
	p := s.newPage(r, d.Heading, d)
	p.Nav = "threads"
	p.Feeds = listFeeds(r, d)
	s.addFollowButtons(r, p, listFollows(d)...)
	return p, s.fillThreadRows(p, d)
}

func (s *Server) areaIndex(w http.ResponseWriter, r *http.Request) error {
	areas, err := s.discussions.Store.FindAreas(r.Context(), allmenning.ViewerOf(MemberFrom(r.Context())), false)
	if err != nil {
		return err
	}
	p := s.newPage(r, localizerFrom(r.Context()).T("areas.title"), map[string]any{
		"Areas": areas, "CanManage": allmenning.Can(MemberFrom(r.Context()), allmenning.ActManageAreas, allmenning.Target{}),
	})
	p.Nav = "areas"
	return s.render(w, r, http.StatusOK, "areas", p)
}

func (s *Server) areaShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.snapshotPage(r, s.areaPage)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "threads", p)
}

func (s *Server) areaPage(r *http.Request) (*Page, error) {
	area, err := s.discussions.Store.FindAreaBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	if area.ArchivedAt != nil && !allmenning.Can(MemberFrom(r.Context()), allmenning.ActManageAreas, allmenning.Target{}) {
		return nil, allmenning.Errorf(allmenning.ENOTFOUND, "error.area.not_found")
	}
	f, sortWord, periodWord := threadFilterFrom(r.URL.Query())
	f.Area = area.Slug
	d, err := s.threadList(r, f, sortWord, periodWord)
	if err != nil {
		return nil, err
	}
	d.Area = area
	d.Heading = area.Name
	if areas, err := s.discussions.Store.FindAreas(r.Context(), allmenning.ViewerOf(MemberFrom(r.Context())), false); err == nil {
		for _, a := range areas {
			if a.ID == area.ID {
				d.Areas = a.Children
			}
		}
	}
	p := s.newPage(r, area.Name, d)
	p.Nav = "areas"
	p.Feeds = listFeeds(r, d)
	s.addFollowButtons(r, p, listFollows(d)...)
	return p, s.fillThreadRows(p, d)
}

// threadData is what the thread page receives.
type threadData struct {
	Thread    *allmenning.Thread
	Replies   []*allmenning.Reply
	CanReply  bool
	CanEdit   bool
	CanDelete bool
	CanMod    bool
	CanLike   bool
	// CanEditOthers: the member may edit others' replies (moderators, trust level 3).
	CanEditOthers bool
	MeID          int64
	ReplyTo       int
	Quote         string
	// RepliesHTML is the rendered list of replies, HeadHTML and PostHTML
	// the first post around the follow buttons (fragment_replies.go).
	RepliesHTML, HeadHTML, PostHTML template.HTML
	// ReplyFormHTML is the reply form when the member may reply.
	ReplyFormHTML template.HTML
	// readRecorded: the member's read of these replies is stored already.
	readRecorded bool
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, allmenning.Errorf(allmenning.ENOTFOUND, "error.thread.not_found")
	}
	return id, nil
}

func (s *Server) threadPageData(r *http.Request, id int64) (*threadData, error) {
	ctx := r.Context()
	me := MemberFrom(ctx)
	t, replies, read, err := s.discussions.ThreadPage(ctx, me, id, 500, s.now())
	if err != nil {
		return nil, err
	}
	d := &threadData{
		Thread: t, Replies: replies, readRecorded: read,
		CanReply:  allmenning.Can(me, allmenning.ActReply, allmenning.Target{Thread: t}),
		CanDelete: allmenning.Can(me, allmenning.ActDeletePost, allmenning.Target{Thread: t, AuthorID: t.AuthorID}),
		CanMod:    allmenning.Can(me, allmenning.ActRestorePost, allmenning.Target{Thread: t}),
		CanLike:   me != nil,
	}
	d.CanEdit, d.CanEditOthers = s.discussions.EditRights(ctx, me, t, t.AuthorID)
	if me != nil {
		d.MeID = me.ID
	}
	return d, nil
}

func (s *Server) threadShow(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	// What the page shows is read in one snapshot, which ends before the
	// read is recorded and the page rendered: one turn at the read pool
	// instead of one per part.
	var p *Page
	var d *threadData
	err = allmenning.InSnapshot(r.Context(), s.store, func(ctx context.Context) error {
		r := r.WithContext(ctx)
		var err error
		if d, err = s.threadPageData(r, id); err != nil || d.Thread.Kind == allmenning.KindQuestion && s.questions != nil {
			return err
		}
		if n, err := strconv.Atoi(r.URL.Query().Get("svar-til")); err == nil && n >= 0 {
			d.ReplyTo = n
			d.Quote = quoteOf(d, n)
		}
		f := newForm(r, "body")
		if d.Quote != "" {
			f.Set("body", d.Quote)
		}
		p = s.newPage(r, d.Thread.Title, d)
		p.Form = f
		p.Nav = "threads"
		s.addFollowButtons(r, p, followTarget{Kind: allmenning.FollowThread, ID: d.Thread.ID, Name: d.Thread.Title, Mute: true})
		return nil
	})
	if err != nil {
		return err
	}
	if p == nil { // a question: its own page
		to := questionURL(id)
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return nil
	}
	// Recorded after the snapshot: a write may wait for its turn at the
	// writer, and should not hold a reader's connection meanwhile.
	if me := MemberFrom(r.Context()); me != nil && !d.readRecorded {
		last := 0
		if len(d.Replies) > 0 {
			last = d.Replies[len(d.Replies)-1].Number
		}
		if err := s.discussions.Store.RecordRead(r.Context(), me.ID, id, last, s.now()); err != nil {
			return err
		}
	}
	return s.renderThread(w, r, http.StatusOK, p, d)
}

// renderThread renders the thread page with its replies.
func (s *Server) renderThread(w http.ResponseWriter, r *http.Request, status int, p *Page, d *threadData) error {
	if err := s.fillThread(p, d); err != nil {
		return err
	}
	if err := s.fillReplies(p, d); err != nil {
		return err
	}
	if err := s.fillReplyForm(p, d); err != nil {
		return err
	}
	return s.render(w, r, status, "thread", p)
}

// quoteOf returns a Markdown quote of post n (0 is the thread's first post).
func quoteOf(d *threadData, n int) string {
	var author, body string
	if n == 0 {
		author, body = d.Thread.AuthorName, d.Thread.Body
	} else {
		for _, rep := range d.Replies {
			if rep.Number == n && rep.DeletedAt == nil {
				author, body = rep.AuthorName, rep.Body
			}
		}
	}
	if body == "" {
		return ""
	}
	lines := strings.Split(body, "\n")
	if len(lines) > 6 {
		lines = append(lines[:6], "…")
	}
	return "> **" + author + ":**\n> " + strings.Join(lines, "\n> ") + "\n\n"
}

// firstUnread sends the member to the first reply they have not read.
func (s *Server) threadUnread(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	t, err := s.discussions.Thread(r.Context(), MemberFrom(r.Context()), id)
	if err != nil {
		return err
	}
	to := "/diskusjoner/" + strconv.FormatInt(id, 10)
	if t.FirstUnread > 0 {
		to += "#svar-" + strconv.Itoa(t.FirstUnread)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

type threadFormData struct {
	Areas       []*allmenning.Area
	Facets      []*allmenning.Facet
	Visibility  []allmenning.Visibility
	Thread      *allmenning.Thread
	Action      string
	SelectedTag map[string]bool
	Preview     string
}

func (s *Server) threadFormPage(r *http.Request, f *Form, t *allmenning.Thread) (*Page, error) {
	ctx := r.Context()
	areas, err := s.discussions.Store.FindAreas(ctx, allmenning.ViewerOf(MemberFrom(ctx)), false)
	if err != nil {
		return nil, err
	}
	facets, err := s.discussions.Store.FindFacets(ctx)
	if err != nil {
		return nil, err
	}
	d := &threadFormData{Areas: areas, Facets: facets, Visibility: allmenning.Visibilities, Thread: t, Action: "/diskusjoner", SelectedTag: map[string]bool{}}
	for _, tag := range f.Values["tags"] {
		d.SelectedTag[tag] = true
	}
	title := "thread.new.title"
	if t != nil {
		d.Action = "/diskusjoner/" + strconv.FormatInt(t.ID, 10) + "/rediger"
		title = "thread.edit.title"
	}
	p := s.withForm(r, title, f)
	p.Data = d
	p.Nav = "threads"
	return p, nil
}

func (s *Server) threadNewForm(w http.ResponseWriter, r *http.Request) error {
	if err := allmenning.Authorize(MemberFrom(r.Context()), allmenning.ActCreateThread, allmenning.Target{}); err != nil {
		return err
	}
	f := newForm(r, "title", "area", "body", "tags", "visibility")
	f.Set("area", r.URL.Query().Get("omrade"))
	f.Set("visibility", string(allmenning.VisMembers))
	p, err := s.threadFormPage(r, f, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "thread_form", p)
}

func (s *Server) threadCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := newForm(r, "title", "area", "body", "tags", "visibility")
	t, err := s.discussions.CreateThread(ctx, MemberFrom(ctx), allmenning.NewThread{
		Title: f.Get("title"), Body: f.Get("body"), Area: f.Get("area"),
		Tags: f.Values["tags"], Visibility: allmenning.Visibility(f.Get("visibility")),
	})
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		p, perr := s.threadFormPage(r, f, nil)
		if perr != nil {
			return perr
		}
		return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "thread_form", p)
	}
	redirect(w, r, threadURL(t.ID), "notice.thread_created")
	return nil
}

func threadURL(id int64) string { return "/diskusjoner/" + strconv.FormatInt(id, 10) }

func (s *Server) threadEditForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	t, err := s.discussions.Thread(ctx, me, id)
	if err != nil {
		return err
	}
	if err := s.discussions.AuthorizeEdit(ctx, me, t, t.AuthorID); err != nil {
		return err
	}
	f := newForm(r, "title", "body", "tags")
	f.Set("title", t.Title)
	f.Set("body", t.Body)
	for _, tag := range t.Tags {
		f.Values.Add("tags", tag.Slug)
	}
	p, err := s.threadFormPage(r, f, t)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "thread_form", p)
}

func (s *Server) threadEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, "title", "body", "tags")
	tags := f.Values["tags"]
	if tags == nil {
		tags = []string{}
	}
	t, err := s.discussions.EditThread(ctx, MemberFrom(ctx), id, allmenning.ThreadUpdate{Title: f.Get("title"), Body: f.Get("body"), Tags: tags})
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		cur, terr := s.discussions.Thread(ctx, MemberFrom(ctx), id)
		if terr != nil {
			return terr
		}
		p, perr := s.threadFormPage(r, f, cur)
		if perr != nil {
			return perr
		}
		return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "thread_form", p)
	}
	redirect(w, r, threadURL(t.ID), "notice.post_saved")
	return nil
}

func (s *Server) threadSetDeleted(deleted bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := parseID(r.PathValue("id"))
		if err != nil {
			return err
		}
		if _, err := s.discussions.SetThreadDeleted(r.Context(), MemberFrom(r.Context()), id, deleted); err != nil {
			return err
		}
		if deleted && !MemberFrom(r.Context()).IsModerator() {
			redirect(w, r, "/diskusjoner", "notice.thread_deleted")
			return nil
		}
		notice := "notice.thread_restored"
		if deleted {
			notice = "notice.thread_deleted"
		}
		redirect(w, r, threadURL(id), notice)
		return nil
	}
}

func (s *Server) replyCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, "body")
	replyTo, _ := strconv.Atoi(r.PostFormValue("reply_to"))
	reply, err := s.discussions.Reply(ctx, MemberFrom(ctx), id, allmenning.NewReply{Body: f.Get("body"), ReplyTo: replyTo})
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		d, derr := s.threadPageData(r, id)
		if derr != nil {
			return derr
		}
		d.ReplyTo = replyTo
		p := s.newPage(r, d.Thread.Title, d)
		p.Form = f
		p.Nav = "threads"
		return s.renderThread(w, r, statusOf(allmenning.ErrorCode(err)), p, d)
	}
	redirect(w, r, threadURL(id)+"#svar-"+strconv.Itoa(reply.Number), "")
	return nil
}

func (s *Server) replyEditForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	reply, t, err := s.discussions.FindReply(ctx, me, id)
	if err != nil {
		return err
	}
	if err := s.discussions.AuthorizeEdit(ctx, me, t, reply.AuthorID); err != nil {
		return err
	}
	f := newForm(r, "body")
	f.Set("body", reply.Body)
	p := s.withForm(r, "reply.edit.title", f)
	p.Data = map[string]any{"Reply": reply, "Thread": t}
	return s.render(w, r, http.StatusOK, "reply_form", p)
}

func (s *Server) replyEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := MemberFrom(ctx)
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r, "body")
	reply, err := s.discussions.EditReply(ctx, me, id, f.Get("body"))
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		cur, t, ferr := s.discussions.FindReply(ctx, me, id)
		if ferr != nil {
			return ferr
		}
		p := s.withForm(r, "reply.edit.title", f)
		p.Data = map[string]any{"Reply": cur, "Thread": t}
		return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "reply_form", p)
	}
	redirect(w, r, threadURL(reply.ThreadID)+"#svar-"+strconv.Itoa(reply.Number), "notice.post_saved")
	return nil
}

func (s *Server) replySetDeleted(deleted bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := parseID(r.PathValue("id"))
		if err != nil {
			return err
		}
		reply, err := s.discussions.SetReplyDeleted(r.Context(), MemberFrom(r.Context()), id, deleted)
		if err != nil {
			return err
		}
		notice := "notice.reply_restored"
		if deleted {
			notice = "notice.reply_deleted"
		}
		redirect(w, r, threadURL(reply.ThreadID)+"#svar-"+strconv.Itoa(reply.Number), notice)
		return nil
	}
}

// like toggles a like. With htmx it answers with the new button; without, it redirects back.
func (s *Server) like(kind string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		id, err := parseID(r.PathValue("id"))
		if err != nil {
			return err
		}
		on := r.PostFormValue("on") != "0"
		count, err := s.likePost(ctx, MemberFrom(ctx), kind, id, on)
		if err != nil {
			return err
		}
		if r.Header.Get("HX-Request") == "true" {
			p := s.newPage(r, "", likeButton{Kind: kind, ID: id, Count: count, Liked: on, Action: r.URL.Path})
			return s.renderFragment(w, "like", p)
		}
		back := safeNext(r.PostFormValue("next"))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
}

type likeButton struct {
	Kind   string
	ID     int64
	Count  int
	Liked  bool
	Action string
}

type historyEntry struct {
	Revision *allmenning.Revision
	Diff     []textdiff.Chunk
	TitleOld string
}

func (s *Server) history(kind string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		me := MemberFrom(ctx)
		id, err := parseID(r.PathValue("id"))
		if err != nil {
			return err
		}
		var threadID int64
		var heading string
		if kind == allmenning.PostThread {
			t, err := s.discussions.Thread(ctx, me, id)
			if err != nil {
				return err
			}
			threadID, heading = t.ID, t.Title
		} else {
			_, t, err := s.discussions.FindReply(ctx, me, id)
			if err != nil {
				return err
			}
			threadID, heading = t.ID, t.Title
		}
		revs, err := s.discussions.Store.FindRevisions(ctx, allmenning.ViewerOf(me), kind, id)
		if err != nil {
			return err
		}
		var entries []historyEntry
		for i, rev := range revs {
			e := historyEntry{Revision: rev}
			if i > 0 {
				e.Diff = textdiff.Words(revs[i-1].Body, rev.Body)
				if revs[i-1].Title != rev.Title {
					e.TitleOld = revs[i-1].Title
				}
			} else {
				e.Diff = []textdiff.Chunk{{Op: textdiff.Equal, Text: rev.Body}}
			}
			entries = append(entries, e)
		}
		// Newest first: that is what a reader looks for.
		for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
			entries[i], entries[j] = entries[j], entries[i]
		}
		l := localizerFrom(ctx)
		p := s.newPage(r, l.T("history.title", heading), map[string]any{"Entries": entries, "ThreadURL": threadURL(threadID), "Heading": heading})
		p.Nav = "threads"
		return s.render(w, r, http.StatusOK, "history", p)
	}
}
