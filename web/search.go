package web

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
)

type searchView struct {
	Result  *allmenning.SearchResult
	Snippet template.HTML // built by the search package: escaped text with <mark>
}

type searchData struct {
	Query        string
	Type         string
	Area         string
	Municipality string
	From, To     string
	Results      []searchView
	Total        int
	TotalCapped  bool // more hits than Total: shown as "over …"
	Searched     bool
	Areas        []*allmenning.Area
	Pager        pager
}

const searchPageSize = 20

// searchQueryFrom reads the search form; dates are yyyy-mm-dd.
func searchQueryFrom(r *http.Request) (allmenning.SearchQuery, *searchData) {
	q := r.URL.Query()
	d := &searchData{
		Query: strings.TrimSpace(q.Get("q")), Type: q.Get("type"), Area: q.Get("omrade"),
		Municipality: q.Get("kommune"), From: q.Get("fra"), To: q.Get("til"),
	}
	sq := allmenning.SearchQuery{Text: d.Query, Type: d.Type, Area: d.Area, Tags: q["emne"], Municipality: d.Municipality, Limit: searchPageSize}
	if t, err := time.ParseInLocation("2006-01-02", d.From, time.Local); err == nil {
		sq.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", d.To, time.Local); err == nil {
		sq.To = t.Add(24 * time.Hour)
	}
	return sq, d
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sq, d := searchQueryFrom(r)
	page := pageNumber(r.URL.Query().Get("side"))
	sq.Offset = (page - 1) * searchPageSize
	if d.Query != "" {
		res, err := s.discussions.Store.Search(ctx, allmenning.ViewerOf(MemberFrom(ctx)), sq)
		if err != nil {
			return err
		}
		d.Searched, d.Total, d.TotalCapped = true, res.Total, res.TotalCapped
		for _, hit := range res.Results {
			d.Results = append(d.Results, searchView{Result: hit, Snippet: template.HTML(hit.Snippet)})
		}
		d.Pager = newPager(r.URL, page, res.Total, searchPageSize)
	}
	// The form lists the areas; it shows no counts, so none are made.
	areas, err := s.discussions.Store.FindAreaTree(ctx, false)
	if err != nil {
		return err
	}
	d.Areas = areas
	title := localizerFrom(ctx).T("search.title")
	if d.Query != "" {
		title = localizerFrom(ctx).T("search.title_for", d.Query)
	}
	p := s.newPage(r, title, d)
	p.Nav = "search"
	return s.render(w, r, http.StatusOK, "search", p)
}
