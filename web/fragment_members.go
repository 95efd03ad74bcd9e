package web

import (
	"html/template"

	"github.com/allmenning/allmenning"
)

// memberCardItem is all that a member's card in a list shows. Its key
// holds every field.
type memberCardItem struct {
	ID               int64
	Name             string
	JobTitle         string
	MunicipalityName string
	Competences      []string
}

func (it *memberCardItem) key(k *fragmentKey) {
	k.int(it.ID).str(it.Name).str(it.JobTitle).str(it.MunicipalityName).int(int64(len(it.Competences)))
	for _, c := range it.Competences {
		k.str(c)
	}
}

func (it *memberCardItem) inputs() []string {
	return append([]string{it.Name, it.JobTitle, it.MunicipalityName}, it.Competences...)
}

// memberCards renders members' cards through the fragment cache: the front
// page shows eight colleagues, more the larger the municipality.
func (s *Server) memberCards(p *Page, members []*allmenning.Member) (template.HTML, error) {
	items := make([]*memberCardItem, len(members))
	for i, m := range members {
		items[i] = &memberCardItem{ID: m.ID, Name: m.Name, JobTitle: m.JobTitle, MunicipalityName: m.MunicipalityName, Competences: m.Competences}
	}
	return renderItems(s, p, "home", "member-card-item", items, (*memberCardItem).key, (*memberCardItem).inputs)
}
