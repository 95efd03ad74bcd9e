package web

import (
	"net/http"

	"github.com/allmenning/allmenning"
)

type countyGroup struct {
	County         *allmenning.Municipality
	Municipalities []*allmenning.Municipality
}

func (s *Server) municipalityList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := allmenning.Authorize(MemberFrom(ctx), allmenning.ActViewMunicipals, allmenning.Target{}); err != nil {
		return err
	}
	county := r.URL.Query().Get("fylke")
	all, err := s.store.FindMunicipalities(ctx, allmenning.MunicipalityFilter{})
	if err != nil {
		return err
	}
	// Group by county, counties in number order, each county's municipalities after it.
	var groups []*countyGroup
	byCounty := map[string]*countyGroup{}
	for _, m := range all {
		if m.IsCounty() {
			g := &countyGroup{County: m}
			byCounty[m.Number] = g
			groups = append(groups, g)
		}
	}
	for _, m := range all {
		if !m.IsCounty() {
			if g := byCounty[m.County]; g != nil {
				g.Municipalities = append(g.Municipalities, m)
			}
		}
	}
	var shown []*countyGroup
	for _, g := range groups {
		if county == "" || g.County.Number == county {
			shown = append(shown, g)
		}
	}
	p := s.newPage(r, localizerFrom(ctx).T("municipalities.title"), map[string]any{"Groups": shown, "AllGroups": groups, "County": county})
	p.Nav = "municipalities"
	return s.render(w, r, http.StatusOK, "municipalities", p)
}

type municipalityData struct {
	Municipality   *allmenning.Municipality
	Members        []*allmenning.Member
	MemberTotal    int
	Municipalities []*allmenning.Municipality // for a county: its municipalities
	CanManage      bool
	CanSeeMembers  bool
}

func (s *Server) municipalityData(r *http.Request, number string) (*municipalityData, error) {
	ctx := r.Context()
	me := MemberFrom(ctx)
	if err := allmenning.Authorize(me, allmenning.ActViewMunicipals, allmenning.Target{}); err != nil {
		return nil, err
	}
	m, err := s.store.FindMunicipalityByNumber(ctx, number)
	if err != nil {
		return nil, err
	}
	d := &municipalityData{
		Municipality:  m,
		CanManage:     allmenning.Can(me, allmenning.ActManageDomains, allmenning.Target{Municipality: m.Number}),
		CanSeeMembers: allmenning.Can(me, allmenning.ActViewDirectory, allmenning.Target{}),
	}
	if d.CanSeeMembers {
		if d.Members, d.MemberTotal, err = s.store.FindMembers(ctx, allmenning.MemberFilter{Municipality: m.Number, Limit: 100}); err != nil {
			return nil, err
		}
	}
	if m.IsCounty() {
		if d.Municipalities, err = s.store.FindMunicipalities(ctx, allmenning.MunicipalityFilter{Kind: allmenning.KindMunicipality, County: m.Number}); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (s *Server) municipalityShow(w http.ResponseWriter, r *http.Request) error {
	d, err := s.municipalityData(r, r.PathValue("number"))
	if err != nil {
		return err
	}
	p := s.newPage(r, d.Municipality.DisplayName(), d)
	p.Nav = "municipalities"
	p.Form = newForm(r, "domain")
	return s.render(w, r, http.StatusOK, "municipality", p)
}

func (s *Server) domainAdd(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	if err := allmenning.Authorize(MemberFrom(r.Context()), allmenning.ActManageDomains, allmenning.Target{Municipality: number}); err != nil {
		return err
	}
	f := newForm(r, "domain")
	if err := s.store.AddDomain(r.Context(), number, f.Get("domain")); err != nil {
		if !f.Absorb(err) {
			return err
		}
		d, derr := s.municipalityData(r, number)
		if derr != nil {
			return derr
		}
		p := s.newPage(r, d.Municipality.DisplayName(), d)
		p.Nav = "municipalities"
		p.Form = f
		return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "municipality", p)
	}
	redirect(w, r, "/kommuner/"+number+"#domener", "notice.domain_added")
	return nil
}

func (s *Server) domainRemove(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	if err := allmenning.Authorize(MemberFrom(r.Context()), allmenning.ActManageDomains, allmenning.Target{Municipality: number}); err != nil {
		return err
	}
	if err := s.store.RemoveDomain(r.Context(), number, r.PostFormValue("domain")); err != nil {
		return err
	}
	redirect(w, r, "/kommuner/"+number+"#domener", "notice.domain_removed")
	return nil
}
