package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/allmenning/allmenning"
)

type adminData struct {
	Query      string
	Members    []*allmenning.Member
	Total      int
	IsOperator bool
	Roles      []string
}

func (s *Server) adminPage(r *http.Request, query string) (*Page, error) {
	ctx := r.Context()
	me := MemberFrom(ctx)
	if err := allmenning.Authorize(me, allmenning.ActViewAdmin, allmenning.Target{}); err != nil {
		return nil, err
	}
	f := allmenning.MemberFilter{Query: query, Limit: 50}
	// A municipality admin manages the members of their own municipality.
	if !me.IsOperator() {
		f.Municipality = me.Municipality
		for _, g := range me.Roles {
			if g.Role == allmenning.RoleMunicipalityAdmin {
				f.Municipality = g.Municipality
				break
			}
		}
	}
	members, total, err := s.store.FindMembers(ctx, f)
	if err != nil {
		return nil, err
	}
	roles := []string{allmenning.RoleMunicipalityAdmin}
	if me.IsOperator() {
		roles = allmenning.GrantableRoles()
	}
	p := s.newPage(r, localizerFrom(ctx).T("admin.title"), &adminData{Query: query, Members: members, Total: total, IsOperator: me.IsOperator(), Roles: roles})
	p.Nav = "admin"
	return p, nil
}

func (s *Server) adminRoles(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminPage(r, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "admin", p)
}

func (s *Server) adminSetRole(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	// Only those who may open the admin page get further: nobody else learns
	// which member IDs exist or which roles there are.
	if err := allmenning.Authorize(MemberFrom(ctx), allmenning.ActViewAdmin, allmenning.Target{}); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostFormValue("member"), 10, 64)
	if err != nil {
		return allmenning.Errorf(allmenning.ENOTFOUND, "error.member.not_found")
	}
	g := allmenning.Grant{Role: r.PostFormValue("role"), Municipality: r.PostFormValue("municipality")}
	grant := r.PostFormValue("action") != "revoke"
	if err := s.accounts.SetRole(ctx, MemberFrom(ctx), id, g, grant); err != nil {
		if allmenning.ErrorCode(err) == allmenning.EINVALID || allmenning.ErrorCode(err) == allmenning.ECONFLICT {
			p, perr := s.adminPage(r, r.PostFormValue("q"))
			if perr != nil {
				return perr
			}
			p.Form = newForm(r)
			p.Form.Absorb(err)
			return s.render(w, r, statusOf(allmenning.ErrorCode(err)), "admin", p)
		}
		return err
	}
	notice := "notice.role_granted"
	if !grant {
		notice = "notice.role_revoked"
	}
	redirect(w, r, "/admin?q="+url.QueryEscape(r.PostFormValue("q")), notice)
	return nil
}
