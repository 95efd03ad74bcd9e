package web

import (
	_ "embed"
	"net/http"
	"strconv"

	"github.com/allmenning/allmenning"
)

//go:embed openapi.json
var openAPIDocument []byte

// apiRoutes registers the JSON API. Every handler asks allmenning.Authorize
// exactly as the matching HTML page does.
func (s *Server) apiRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(openAPIDocument)
	})
	mux.HandleFunc("GET /api/v1/municipalities", s.api(s.apiMunicipalities(allmenning.KindMunicipality)))
	mux.HandleFunc("GET /api/v1/counties", s.api(s.apiMunicipalities(allmenning.KindCounty)))
	mux.HandleFunc("GET /api/v1/municipalities/{number}", s.api(s.apiMunicipality))
	mux.HandleFunc("GET /api/v1/members", s.api(s.apiMembers))
	mux.HandleFunc("GET /api/v1/members/{id}", s.api(s.apiMember))
	mux.HandleFunc("GET /api/v1/me", s.api(s.apiMe))
	mux.HandleFunc("/api/", s.api(func(r *http.Request) (int, any, error) {
		return 0, nil, allmenning.Errorf(allmenning.ENOTFOUND, "error.page.not_found")
	}))
}

// api adapts a handler returning (status, body, error) to JSON.
func (s *Server) api(fn func(r *http.Request) (int, any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		status, body, err := fn(r)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		writeJSON(w, status, body)
	}
}

func (s *Server) apiMunicipalities(kind string) func(r *http.Request) (int, any, error) {
	return func(r *http.Request) (int, any, error) {
		if err := allmenning.Authorize(MemberFrom(r.Context()), allmenning.ActViewMunicipals, allmenning.Target{}); err != nil {
			return 0, nil, err
		}
		list, err := s.store.FindMunicipalities(r.Context(), allmenning.MunicipalityFilter{Kind: kind, County: r.URL.Query().Get("county")})
		if err != nil {
			return 0, nil, err
		}
		if list == nil {
			list = []*allmenning.Municipality{}
		}
		return http.StatusOK, list, nil
	}
}

func (s *Server) apiMunicipality(r *http.Request) (int, any, error) {
	if err := allmenning.Authorize(MemberFrom(r.Context()), allmenning.ActViewMunicipals, allmenning.Target{}); err != nil {
		return 0, nil, err
	}
	m, err := s.store.FindMunicipalityByNumber(r.Context(), r.PathValue("number"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, m, nil
}

// publicMember is a member as others may see it.
func publicMember(viewer, m *allmenning.Member) *allmenning.Member {
	c := *m
	if !canSeeEmail(viewer, m) {
		c.Email = ""
	}
	return &c
}

func (s *Server) apiMembers(r *http.Request) (int, any, error) {
	me := MemberFrom(r.Context())
	if err := allmenning.Authorize(me, allmenning.ActViewDirectory, allmenning.Target{}); err != nil {
		return 0, nil, err
	}
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	list, total, err := s.store.FindMembers(r.Context(), allmenning.MemberFilter{
		Municipality: q.Get("municipality"), County: q.Get("county"), Query: q.Get("q"), Offset: offset, Limit: limit,
	})
	if err != nil {
		return 0, nil, err
	}
	out := make([]*allmenning.Member, 0, len(list))
	for _, m := range list {
		out = append(out, publicMember(me, m))
	}
	return http.StatusOK, map[string]any{"members": out, "total": total}, nil
}

func (s *Server) apiMember(r *http.Request) (int, any, error) {
	me := MemberFrom(r.Context())
	if err := allmenning.Authorize(me, allmenning.ActViewMember, allmenning.Target{}); err != nil {
		return 0, nil, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, nil, allmenning.Errorf(allmenning.ENOTFOUND, "error.member.not_found")
	}
	m, err := s.store.FindMemberByID(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	if m.Status != allmenning.StatusActive && !me.IsModerator() {
		return 0, nil, allmenning.Errorf(allmenning.ENOTFOUND, "error.member.not_found")
	}
	return s.memberWithStanding(r.Context(), publicMember(me, m))
}

func (s *Server) apiMe(r *http.Request) (int, any, error) {
	me := MemberFrom(r.Context())
	if err := allmenning.Authorize(me, allmenning.ActViewMember, allmenning.Target{}); err != nil {
		return 0, nil, err
	}
	return s.memberWithStanding(r.Context(), me)
}
