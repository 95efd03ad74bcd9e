package allmenning

import (
	"strings"
)

// Kinds of organisation a member can belong to.
const (
	KindMunicipality = "kommune"
	KindCounty       = "fylkeskommune"
)

// Municipality is a municipality (four-digit number) or a county
// (two-digit number). Both are organisations whose staff may join.
type Municipality struct {
	Number     string   `json:"number"`
	Kind       string   `json:"kind"`
	Name       string   `json:"name"`                // Norwegian name
	SamiName   string   `json:"sami_name,omitempty"` // official Sami or Kven name where it differs
	County     string   `json:"county"`              // county number
	CountyName string   `json:"county_name"`         // county name
	AdmCenter  string   `json:"admin_center,omitempty"`
	Population int      `json:"population,omitempty"`
	Language   string   `json:"language,omitempty"` // Bokmål, Nynorsk or Nøytral
	Domains    []string `json:"domains"`
	Members    int      `json:"members"`
}

// DisplayName is the Norwegian name with the Sami or Kven name beside it.
func (m *Municipality) DisplayName() string {
	if m.SamiName != "" {
		return m.Name + " – " + m.SamiName
	}
	return m.Name
}

// IsCounty reports whether m is a county.
func (m *Municipality) IsCounty() bool { return m.Kind == KindCounty }

// DefaultLanguage is the interface language suggested by the
// municipality's official written language form.
func (m *Municipality) DefaultLanguage() string {
	if m.Language == "Nynorsk" {
		return "nn"
	}
	return "nb"
}

// MunicipalityFilter selects municipalities.
type MunicipalityFilter struct {
	Kind   string // KindMunicipality, KindCounty or "" for both
	County string
}

// NormalizeDomain lowercases and trims an e-mail domain.
func NormalizeDomain(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	return strings.TrimPrefix(strings.TrimSuffix(d, "."), "@")
}

// ValidDomain reports whether d looks like a DNS domain with at least two labels.
func ValidDomain(d string) bool {
	if len(d) < 4 || len(d) > 253 || !strings.Contains(d, ".") {
		return false
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == 'æ' || r == 'ø' || r == 'å') {
				return false
			}
		}
	}
	return true
}
