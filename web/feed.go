package web

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
)

// Atom feeds (RFC 4287). Public feeds are read as an anonymous visitor, so
// they hold public threads only; the personal feed is read as its owner.

// FeedLink is an Atom feed a page advertises in its <head>.
type FeedLink struct {
	Title string
	URL   string
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Link       atomLink       `xml:"link"`
	Author     atomPerson     `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Content    atomText       `xml:"content"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

const feedSize = 30

// writeFeed answers with the threads as an Atom feed. self is the feed's
// path; alternate the page it mirrors.
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, title, self, alternate string, threads []*allmenning.Thread, private bool) error {
	base := strings.TrimSuffix(s.cfg.BaseURL, "/")
	f := atomFeed{
		Lang: localizerFrom(r.Context()).Lang, Title: title + " – Allmenning", ID: base + self,
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + self}, {Rel: "alternate", Type: "text/html", Href: base + alternate}},
		Author: atomPerson{Name: "Allmenning"},
	}
	updated := time.Unix(0, 0)
	for _, t := range threads {
		if t.LastActivityAt.After(updated) {
			updated = t.LastActivityAt
		}
		link := base + threadURL(t.ID)
		e := atomEntry{
			Title: t.Title, ID: link, Updated: atomTime(t.LastActivityAt), Published: atomTime(t.CreatedAt),
			Link: atomLink{Rel: "alternate", Type: "text/html", Href: link}, Author: atomPerson{Name: t.AuthorName},
			Categories: []atomCategory{{Term: t.AreaSlug, Label: t.AreaName}},
			Content:    atomText{Type: "html", Body: t.BodyHTML},
		}
		for _, tag := range t.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: tag.Slug, Label: tag.Name})
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = atomTime(updated)
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	if private {
		w.Header().Set("Cache-Control", "private, no-store")
		w.Header().Set("X-Robots-Tag", "noindex")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	w.Write([]byte(xml.Header))
	_, err = w.Write(append(out, '\n'))
	return err
}

// publicThreads lists the newest public threads matching f.
func (s *Server) publicThreads(r *http.Request, f allmenning.ThreadFilter) ([]*allmenning.Thread, error) {
	f.Sort, f.Limit = allmenning.SortNewThreads, feedSize
	page, err := s.discussions.Store.FindThreads(r.Context(), allmenning.Viewer{}, f)
	if err != nil {
		return nil, err
	}
	return page.Threads, nil
}

func (s *Server) feedLatest(w http.ResponseWriter, r *http.Request) error {
	threads, err := s.publicThreads(r, allmenning.ThreadFilter{})
	if err != nil {
		return err
	}
	return s.writeFeed(w, r, localizerFrom(r.Context()).T("notify.feed.latest"), "/atom/siste", "/diskusjoner", threads, false)
}

func (s *Server) feedArea(w http.ResponseWriter, r *http.Request) error {
	area, err := s.discussions.Store.FindAreaBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if area.ArchivedAt != nil {
		return allmenning.Errorf(allmenning.ENOTFOUND, "error.area.not_found")
	}
	threads, err := s.publicThreads(r, allmenning.ThreadFilter{Area: area.Slug})
	if err != nil {
		return err
	}
	return s.writeFeed(w, r, area.Name, "/atom/omrader/"+area.Slug, "/omrader/"+area.Slug, threads, false)
}

func (s *Server) feedTag(w http.ResponseWriter, r *http.Request) error {
	tags, err := s.discussions.Store.ResolveTags(r.Context(), []string{r.PathValue("slug")})
	if err != nil || len(tags) != 1 {
		return allmenning.Errorf(allmenning.ENOTFOUND, "notify.error.tag_not_found")
	}
	tag := tags[0]
	threads, err := s.publicThreads(r, allmenning.ThreadFilter{Tags: []string{tag.Slug}})
	if err != nil {
		return err
	}
	return s.writeFeed(w, r, tag.Name, "/atom/emner/"+tag.Slug, "/diskusjoner?emne="+tag.Slug, threads, false)
}

// feedPersonal is a member's feed: what they follow, as they may see it.
// The secret in the address is the only credential; an unknown or revoked
// one is 404.
func (s *Server) feedPersonal(w http.ResponseWriter, r *http.Request) error {
	m, err := s.notify.FeedMember(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	threads, err := s.notify.Store.FindFeedThreads(r.Context(), allmenning.ViewerOf(m), m.ID, feedSize)
	if err != nil {
		return err
	}
	l := s.catalog.For(m.Language)
	return s.writeFeed(w, r, l.T("notify.feed.personal", m.Name), r.URL.Path, "/folger", threads, true)
}

// listFeeds are the feeds of a thread list: its area's, else its tags', else the latest.
func listFeeds(r *http.Request, d *threadListData) []FeedLink {
	l := localizerFrom(r.Context())
	if d.Area != nil {
		return []FeedLink{{Title: l.T("notify.feed.area", d.Area.Name), URL: "/atom/omrader/" + d.Area.Slug}}
	}
	var out []FeedLink
	for _, fv := range d.Facets {
		for _, t := range fv.Terms {
			if t.Selected {
				out = append(out, FeedLink{Title: l.T("notify.feed.tag", t.Tag.Name), URL: "/atom/emner/" + t.Tag.Slug})
			}
		}
	}
	if len(out) == 0 {
		out = []FeedLink{{Title: l.T("notify.feed.latest"), URL: "/atom/siste"}}
	}
	return out
}

// latestFeed is the feed the front page advertises.
func latestFeed(r *http.Request) []FeedLink {
	return []FeedLink{{Title: localizerFrom(r.Context()).T("notify.feed.latest"), URL: "/atom/siste"}}
}
