// Package demo loads Norwegian demo content, so that a first start shows a
// living community: communication advisers in several municipalities with
// roles and competences. Everything here is made up.
package demo

import (
	"context"
	"fmt"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/account"
)

// Password is the password of every demo member.
const Password = "allmenning-demo"

// Person is one demo member.
type Person struct {
	Email, Name, Municipality, JobTitle, Bio, Language string
	Competences                                        []string
	Roles                                              []allmenning.Grant
}

// People are the demo members. The first is the operator.
var People = []Person{
	{"ingrid.haugen@trondheim.kommune.no", "Ingrid Haugen", "5001", "Kommunikasjonssjef",
		"Leder kommunikasjonsenheten og nettverket for sosiale medier i Trondheim kommune.", "nb",
		[]string{"strategi", "sosiale medier", "ledelse"}, []allmenning.Grant{{Role: allmenning.RoleOperator}}},
	{"ola.nordmann@oslo.kommune.no", "Ola Nordmann", "0301", "Kommunikasjonsrådgiver",
		"Jobber med innbyggerdialog og kampanjer i bydelene.", "nb",
		[]string{"kampanje", "facebook", "innbyggerdialog"}, []allmenning.Grant{{Role: allmenning.RoleModerator}}},
	{"kari.lie@lillestrom.kommune.no", "Kari Lie", "3205", "Webredaktør",
		"Skriver blogg om digital kommunikasjon og mangler fortsatt en strategi å henge den på.", "nb",
		[]string{"blogg", "klarspråk", "universell utforming"}, []allmenning.Grant{{Role: allmenning.RoleMunicipalityAdmin, Municipality: "3205"}}},
	{"per.berg@frogn.kommune.no", "Per Berg", "3214", "Informasjonsrådgiver",
		"Ansvaret for sosiale medier er fordelt på mange i Frogn – jeg prøver å holde trådene.", "nb",
		[]string{"arkivering", "personvern"}, nil},
	{"anne.solberg@fredrikstad.kommune.no", "Anne Solberg", "3107", "Kommunikasjonsrådgiver",
		"Driver flere nettsamfunn, og har for lite tid til alle.", "nb",
		[]string{"nettsamfunn", "moderering", "instagram"}, nil},
	{"lars.dahl@rakkestad.kommune.no", "Lars Dahl", "3120", "Beredskapskoordinator",
		"Døgnberedskap og krisekommunikasjon.", "nb",
		[]string{"beredskap", "krisekommunikasjon", "krisehåndtering"}, nil},
	{"marit.olsen@rade.kommune.no", "Marit Olsen", "3112", "Kommunikasjonsrådgiver",
		"Vi la ned Facebook-siden etter en vanskelig sak. Nå vil vi prøve igjen – klokere.", "nb",
		[]string{"etikk", "sjikane", "facebook"}, nil},
	{"jon.bakken@porsgrunn.kommune.no", "Jon Bakken", "4001", "Rådgiver digitalisering",
		"Har laget en «vær varsom»-plakat for ansatte i sosiale medier som andre gjerne kan bruke.", "nb",
		[]string{"retningslinjer", "vær varsom", "opplæring"}, nil},
	{"synnove.vik@voss.kommune.no", "Synnøve Vik", "4621", "Kommunikasjonsrådgjevar",
		"Skriv på nynorsk og jobbar med digital innbyggjardialog.", "nn",
		[]string{"nynorsk", "innbyggjardialog", "kampanje"}, nil},
	{"eirik.strand@bergen.kommune.no", "Eirik Strand", "4601", "Jurist",
		"Rådgir om offentleglova, personvern og arkivplikt i sosiale medium.", "nn",
		[]string{"juridisk", "offentleglova", "arkivering"}, nil},
	{"nora.johansen@tromso.kommune.no", "Nora Johansen", "5501", "Kommunikasjonsrådgiver",
		"Nordlys, turisme og innbyggerinformasjon på flere kanaler.", "nb",
		[]string{"video", "tiktok", "kampanje"}, nil},
	{"aslak.somby@nesseby.kommune.no", "Aslak Somby", "5636", "Kommunikasjonsmedarbeider",
		"Tospråklig kommunikasjon på norsk og samisk.", "nb",
		[]string{"samisk", "klarspråk"}, nil},
	{"hilde.moe@bodo.kommune.no", "Hilde Moe", "1804", "Arkivleder",
		"Arkivering av korrespondanse i sosiale medier etter Noark 5.", "nb",
		[]string{"arkivering", "noark 5", "journalføring"}, nil},
	{"thomas.hansen@stavanger.kommune.no", "Thomas Hansen", "1103", "Digital rådgiver",
		"Måling og analyse av kommunens kanaler.", "en",
		[]string{"analyse", "måling", "strategi"}, nil},
}

// Load creates the demo members unless members already exist. It returns the
// members it created, or none when the database already had content.
func Load(ctx context.Context, accounts *account.Service) ([]Person, error) {
	if _, total, err := accounts.Store.FindMembers(ctx, allmenning.MemberFilter{Limit: 1}); err != nil {
		return nil, err
	} else if total > 0 {
		return nil, nil
	}
	for _, p := range People {
		m, err := accounts.CreateMember(ctx, allmenning.NewMember{
			Email: p.Email, Name: p.Name, Municipality: p.Municipality, Language: p.Language,
			JobTitle: p.JobTitle, Bio: p.Bio, Competences: p.Competences,
		}, Password)
		if err != nil {
			return nil, fmt.Errorf("demo: %s: %w", p.Email, err)
		}
		for _, g := range p.Roles {
			if err := accounts.Store.GrantRole(ctx, m.ID, g); err != nil {
				return nil, fmt.Errorf("demo: role for %s: %w", p.Email, err)
			}
		}
	}
	return People, nil
}
