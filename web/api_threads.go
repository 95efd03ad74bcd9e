package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/allmenning/allmenning"
)

// decodeJSON reads a JSON request body into v.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxFormBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return allmenning.Errorf(allmenning.EINVALID, "error.json")
	}
	return nil
}

// withURL adds the thread's page address for API clients.
type apiThread struct {
	*allmenning.Thread
	URL     string              `json:"url"`
	Replies []*allmenning.Reply `json:"replies,omitempty"`
}

func (s *Server) threadJSON(r *http.Request, t *allmenning.Thread) apiThread {
	if t.Tags == nil {
		t.Tags = []*allmenning.Tag{}
	}
	return apiThread{Thread: t, URL: s.absURL(threadURL(t.ID))}
}

func (s *Server) absURL(path string) string { return s.cfg.BaseURL + path }

// apiArea is an area as the API shows it: children is always an array, also
// for an area without any, so that clients can walk the tree without checks.
type apiArea struct {
	*allmenning.Area
	Children []apiArea `json:"children"`
}

func apiAreasOf(areas []*allmenning.Area) []apiArea {
	out := make([]apiArea, 0, len(areas))
	for _, a := range areas {
		out = append(out, apiArea{Area: a, Children: apiAreasOf(a.Children)})
	}
	return out
}

func (s *Server) apiAreas(r *http.Request) (int, any, error) {
	areas, err := s.discussions.Store.FindAreas(r.Context(), allmenning.ViewerOf(MemberFrom(r.Context())), false)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, apiAreasOf(areas), nil
}

func (s *Server) apiFacets(r *http.Request) (int, any, error) {
	facets, err := s.discussions.Store.FindFacets(r.Context())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, facets, nil
}

func (s *Server) apiThreads(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	f := allmenning.ThreadFilter{
		Area: q.Get("area"), Tags: q["tag"], Sort: q.Get("sort"), Period: q.Get("period"),
		Municipality: q.Get("municipality"), Unread: q.Get("unread") == "true",
	}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	if f.Sort == "" {
		f.Sort = allmenning.SortLatest
	}
	if f.Period == "" {
		f.Period = allmenning.PeriodAll
	}
	// An unknown order or period is refused rather than quietly replaced.
	fields := map[string]string{}
	switch f.Sort {
	case allmenning.SortLatest, allmenning.SortActive, allmenning.SortMostRead, allmenning.SortTop, allmenning.SortNewThreads:
	default:
		fields["sort"] = "error.form"
	}
	switch f.Period {
	case allmenning.PeriodWeek, allmenning.PeriodMonth, allmenning.PeriodYear, allmenning.PeriodAll:
	default:
		fields["period"] = "error.form"
	}
	if len(fields) > 0 {
		return 0, nil, &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: fields}
	}
	page, err := s.discussions.Store.FindThreads(r.Context(), allmenning.ViewerOf(MemberFrom(r.Context())), f)
	if err != nil {
		return 0, nil, err
	}
	out := make([]apiThread, 0, len(page.Threads))
	for _, t := range page.Threads {
		out = append(out, s.threadJSON(r, t))
	}
	return http.StatusOK, map[string]any{"threads": out, "total": page.Total}, nil
}

type apiThreadInput struct {
	Title      string   `json:"title"`
	Body       string   `json:"body"`
	Area       string   `json:"area"`
	Tags       []string `json:"tags"`
	Visibility string   `json:"visibility"`
}

func (s *Server) apiThreadCreate(r *http.Request) (int, any, error) {
	var in apiThreadInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	t, err := s.discussions.CreateThread(r.Context(), MemberFrom(r.Context()), allmenning.NewThread{
		Title: in.Title, Body: in.Body, Area: in.Area, Tags: in.Tags, Visibility: allmenning.Visibility(in.Visibility),
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, s.threadJSON(r, t), nil
}

func (s *Server) apiThread(r *http.Request) (int, any, error) {
	ctx := r.Context()
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	t, err := s.discussions.Thread(ctx, MemberFrom(ctx), id)
	if err != nil {
		return 0, nil, err
	}
	replies, err := s.discussions.Store.FindReplies(ctx, allmenning.ViewerOf(MemberFrom(ctx)), id, 0, 500)
	if err != nil {
		return 0, nil, err
	}
	out := s.threadJSON(r, t)
	out.Replies = replies
	if out.Replies == nil {
		out.Replies = []*allmenning.Reply{}
	}
	return http.StatusOK, out, nil
}

type apiReplyInput struct {
	Body    string `json:"body"`
	ReplyTo int    `json:"reply_to"`
}

func (s *Server) apiReplyCreate(r *http.Request) (int, any, error) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	var in apiReplyInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	reply, err := s.discussions.Reply(r.Context(), MemberFrom(r.Context()), id, allmenning.NewReply{Body: in.Body, ReplyTo: in.ReplyTo})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, map[string]any{
		"id": reply.ID, "thread_id": reply.ThreadID, "number": reply.Number, "body": reply.Body, "body_html": reply.BodyHTML,
		"author_id": reply.AuthorID, "created_at": reply.CreatedAt,
		"url": s.absURL(threadURL(reply.ThreadID) + "#svar-" + strconv.Itoa(reply.Number)),
	}, nil
}

// apiLike likes (POST) or unlikes (DELETE) a thread or reply.
func (s *Server) apiLike(kind string) func(r *http.Request) (int, any, error) {
	return func(r *http.Request) (int, any, error) {
		id, err := parseID(r.PathValue("id"))
		if err != nil {
			return 0, nil, err
		}
		on := r.Method == http.MethodPost
		count, err := s.likePost(r.Context(), MemberFrom(r.Context()), kind, id, on)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, map[string]any{"liked": on, "like_count": count}, nil
	}
}

func (s *Server) apiSearch(r *http.Request) (int, any, error) {
	sq, _ := searchQueryFrom(r)
	q := r.URL.Query()
	if v := q.Get("area"); v != "" {
		sq.Area = v
	}
	if v := q["tag"]; len(v) > 0 {
		sq.Tags = v
	}
	if v := q.Get("municipality"); v != "" {
		sq.Municipality = v
	}
	sq.Offset, _ = strconv.Atoi(q.Get("offset"))
	if n, _ := strconv.Atoi(q.Get("limit")); n > 0 {
		sq.Limit = n
	}
	if sq.Text == "" {
		return 0, nil, &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"q": "error.search.empty"}}
	}
	res, err := s.discussions.Store.Search(r.Context(), allmenning.ViewerOf(MemberFrom(r.Context())), sq)
	if err != nil {
		return 0, nil, err
	}
	if res.Results == nil {
		res.Results = []*allmenning.SearchResult{}
	}
	for _, hit := range res.Results {
		hit.URL = s.absURL(hit.URL)
	}
	return http.StatusOK, res, nil
}
