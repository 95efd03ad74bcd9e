package web

import (
	"net/http"
	"strconv"

	"github.com/allmenning/allmenning"
)

// The operator's pages for knowledge areas and the tag taxonomy.

func (s *Server) adminAreasPage(r *http.Request, f *Form) (*Page, error) {
	ctx := r.Context()
	if err := allmenning.Authorize(MemberFrom(ctx), allmenning.ActManageAreas, allmenning.Target{}); err != nil {
		return nil, err
	}
	areas, err := s.discussions.Store.FindAreas(ctx, allmenning.ViewerOf(MemberFrom(ctx)), true)
	if err != nil {
		return nil, err
	}
	p := s.withForm(r, "admin.areas.title", f)
	p.Data = map[string]any{"Areas": areas}
	p.Nav = "admin"
	return p, nil
}

func (s *Server) adminAreas(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminAreasPage(r, newForm(r, "name", "slug", "parent", "description"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "admin_areas", p)
}

// adminAreaAction creates, renames, moves or archives an area.
func (s *Server) adminAreaAction(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := allmenning.Authorize(MemberFrom(ctx), allmenning.ActManageAreas, allmenning.Target{}); err != nil {
		return err
	}
	f := newForm(r, "name", "slug", "parent", "description")
	id, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	parent, _ := strconv.ParseInt(f.Get("parent"), 10, 64)
	var err error
	switch r.PostFormValue("action") {
	case "create":
		_, err = s.discussions.Store.CreateArea(ctx, allmenning.NewArea{ParentID: parent, Slug: f.Get("slug"), Name: f.Get("name"), Description: f.Get("description")})
	case "rename":
		_, err = s.discussions.Store.UpdateArea(ctx, id, allmenning.NewArea{ParentID: parent, Slug: f.Get("slug"), Name: f.Get("name"), Description: f.Get("description")})
	case "up":
		err = s.discussions.Store.MoveArea(ctx, id, -1)
	case "down":
		err = s.discussions.Store.MoveArea(ctx, id, 1)
	case "archive":
		err = s.discussions.Store.ArchiveArea(ctx, id, true)
	case "unarchive":
		err = s.discussions.Store.ArchiveArea(ctx, id, false)
	default:
		err = allmenning.Errorf(allmenning.EINVALID, "error.form")
	}
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		p, perr := s.adminAreasPage(r, f)
		if perr != nil {
			return perr
		}
		return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "admin_areas", p)
	}
	redirect(w, r, "/admin/omrader", "notice.saved")
	return nil
}

func (s *Server) adminTagsPage(r *http.Request, f *Form) (*Page, error) {
	ctx := r.Context()
	if err := allmenning.Authorize(MemberFrom(ctx), allmenning.ActManageTags, allmenning.Target{}); err != nil {
		return nil, err
	}
	facets, err := s.discussions.Store.FindFacets(ctx)
	if err != nil {
		return nil, err
	}
	p := s.withForm(r, "admin.tags.title", f)
	p.Data = map[string]any{"Facets": facets}
	p.Nav = "admin"
	return p, nil
}

func (s *Server) adminTags(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminTagsPage(r, newForm(r, "name", "slug", "facet", "synonym", "tag", "into"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "admin_tags", p)
}

// adminTagAction adds facets, terms and synonyms, and merges terms.
func (s *Server) adminTagAction(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := allmenning.Authorize(MemberFrom(ctx), allmenning.ActManageTags, allmenning.Target{}); err != nil {
		return err
	}
	f := newForm(r, "name", "slug", "facet", "synonym", "tag", "into")
	num := func(name string) int64 {
		n, _ := strconv.ParseInt(f.Get(name), 10, 64)
		return n
	}
	var err error
	switch r.PostFormValue("action") {
	case "facet":
		_, err = s.discussions.Store.CreateFacet(ctx, f.Get("slug"), f.Get("name"))
	case "term":
		_, err = s.discussions.Store.CreateTag(ctx, num("facet"), f.Get("slug"), f.Get("name"))
	case "synonym":
		err = s.discussions.Store.AddSynonym(ctx, num("tag"), f.Get("synonym"))
	case "merge":
		err = s.discussions.Store.MergeTags(ctx, num("tag"), num("into"))
	default:
		err = allmenning.Errorf(allmenning.EINVALID, "error.form")
	}
	if err != nil {
		if !f.Absorb(err) {
			return err
		}
		p, perr := s.adminTagsPage(r, f)
		if perr != nil {
			return perr
		}
		return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "admin_tags", p)
	}
	redirect(w, r, "/admin/emner", "notice.saved")
	return nil
}
