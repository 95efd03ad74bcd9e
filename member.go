package allmenning

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Roles. A municipality admin role is granted for one municipality.
const (
	RoleOperator          = "operator"
	RoleMunicipalityAdmin = "municipality_admin"
	RoleModerator         = "moderator"
	RoleMember            = "member"
)

// Roles lists the grantable roles in order of scope.
var grantableRoles = []string{RoleOperator, RoleModerator, RoleMunicipalityAdmin}

// GrantableRoles returns the roles that can be granted on the admin page.
func GrantableRoles() []string { return slices.Clone(grantableRoles) }

// Member statuses.
const (
	StatusActive    = "active"
	StatusSuspended = "suspended"
)

// Languages of the interface.
var Languages = []string{"nb", "nn", "en"}

// ValidLanguage reports whether l is an interface language.
func ValidLanguage(l string) bool { return slices.Contains(Languages, l) }

// PasswordMinLength is the shortest password accepted.
const PasswordMinLength = 10

// Member is a person with an account.
type Member struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email,omitempty"`
	Name         string    `json:"name"`
	Handle       string    `json:"handle"`
	Municipality string    `json:"municipality"` // number
	JobTitle     string    `json:"job_title"`
	Bio          string    `json:"bio"`
	Competences  []string  `json:"competences"`
	Language     string    `json:"language"`
	Status       string    `json:"status"`
	CreatedAt    time.Time `json:"created_at"`
	Roles        []Grant   `json:"roles"`

	// Filled by the store when joined.
	MunicipalityName string `json:"municipality_name,omitempty"`
}

// Grant is a role held by a member; Municipality is set for municipality admins.
type Grant struct {
	Role         string `json:"role"`
	Municipality string `json:"municipality,omitempty"`
}

// HasRole reports whether m holds role (for any municipality).
func (m *Member) HasRole(role string) bool {
	if m == nil {
		return false
	}
	for _, g := range m.Roles {
		if g.Role == role {
			return true
		}
	}
	return false
}

// IsOperator reports whether m is an operator.
func (m *Member) IsOperator() bool { return m.HasRole(RoleOperator) }

// IsModerator reports whether m is a moderator or an operator.
func (m *Member) IsModerator() bool { return m.HasRole(RoleModerator) || m.IsOperator() }

// AdminOf reports whether m administers the municipality with the given number.
func (m *Member) AdminOf(number string) bool {
	if m == nil {
		return false
	}
	for _, g := range m.Roles {
		if g.Role == RoleMunicipalityAdmin && g.Municipality == number {
			return true
		}
	}
	return false
}

// NormalizeEmail lowercases and trims an e-mail address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// EmailDomain returns the domain part of an address.
func EmailDomain(email string) string {
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		return email[i+1:]
	}
	return ""
}

// ValidEmail reports whether s is a plain address (no display name).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(EmailDomain(s), ".")
}

// NormalizeCompetences trims, lowercases, removes duplicates and empties
// from a comma-separated list of competences.
func NormalizeCompetences(in []string) []string {
	var out []string
	for _, s := range in {
		for _, part := range strings.Split(s, ",") {
			part = strings.ToLower(strings.Join(strings.Fields(part), " "))
			if part != "" && !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out
}

// ProfileUpdate is what a member may change on their profile.
type ProfileUpdate struct {
	Name        string
	JobTitle    string
	Bio         string
	Competences []string
	Language    string
}

// Validate normalises u and reports what is wrong with it.
func (u *ProfileUpdate) Validate() error {
	fe := FieldErrors{}
	u.Name = strings.Join(strings.Fields(u.Name), " ")
	u.JobTitle = strings.TrimSpace(u.JobTitle)
	u.Bio = strings.TrimSpace(u.Bio)
	u.Competences = NormalizeCompetences(u.Competences)
	validateName(fe, u.Name)
	if utf8.RuneCountInString(u.JobTitle) > 120 {
		fe.Add("job_title", "error.job_title.long")
	}
	if utf8.RuneCountInString(u.Bio) > 2000 {
		fe.Add("bio", "error.bio.long")
	}
	if len(u.Competences) > 30 {
		fe.Add("competences", "error.competences.many")
	}
	for _, c := range u.Competences {
		if utf8.RuneCountInString(c) > 60 {
			fe.Add("competences", "error.competences.long")
		}
	}
	if !ValidLanguage(u.Language) {
		fe.Add("language", "error.language.invalid")
	}
	return fe.Err()
}

func validateName(fe FieldErrors, name string) {
	n := utf8.RuneCountInString(name)
	if n == 0 {
		fe.Add("name", "error.name.required")
	} else if n < 2 || n > 100 {
		fe.Add("name", "error.name.length")
	}
}

func validatePassword(fe FieldErrors, field, password string) {
	if password == "" {
		fe.Add(field, "error.password.required")
	} else if utf8.RuneCountInString(password) < PasswordMinLength {
		fe.Add(field, "error.password.short")
	} else if len(password) > 1024 {
		fe.Add(field, "error.password.long")
	}
}

// Registration is the first step of signing up: an e-mail address.
type Registration struct {
	Email string
}

// Validate normalises r and reports what is wrong with it.
func (r *Registration) Validate() error {
	fe := FieldErrors{}
	r.Email = NormalizeEmail(r.Email)
	if r.Email == "" {
		fe.Add("email", "error.email.required")
	} else if !ValidEmail(r.Email) {
		fe.Add("email", "error.email.invalid")
	}
	return fe.Err()
}

// AccountSetup completes a registration or an invitation.
type AccountSetup struct {
	Name            string
	Password        string
	PasswordConfirm string
	Municipality    string // required when the token does not fix it
}

// Validate normalises a and reports what is wrong with it.
func (a *AccountSetup) Validate(needMunicipality bool) error {
	fe := FieldErrors{}
	a.Name = strings.Join(strings.Fields(a.Name), " ")
	validateName(fe, a.Name)
	if needMunicipality && a.Municipality == "" {
		fe.Add("municipality", "error.municipality.required")
	}
	validatePassword(fe, "password", a.Password)
	if a.Password != a.PasswordConfirm {
		fe.Add("password_confirm", "error.password.mismatch")
	}
	return fe.Err()
}

// PasswordReset sets a new password from a reset link.
type PasswordReset struct {
	Password        string
	PasswordConfirm string
}

// Validate reports what is wrong with r.
func (r *PasswordReset) Validate() error {
	fe := FieldErrors{}
	validatePassword(fe, "password", r.Password)
	if r.Password != r.PasswordConfirm {
		fe.Add("password_confirm", "error.password.mismatch")
	}
	return fe.Err()
}

// Invitation asks a colleague to join.
type Invitation struct {
	Email        string
	Municipality string
}

// Validate normalises i and reports what is wrong with it.
func (i *Invitation) Validate() error {
	fe := FieldErrors{}
	i.Email = NormalizeEmail(i.Email)
	if i.Email == "" {
		fe.Add("email", "error.email.required")
	} else if !ValidEmail(i.Email) {
		fe.Add("email", "error.email.invalid")
	}
	if i.Municipality == "" {
		fe.Add("municipality", "error.municipality.required")
	}
	return fe.Err()
}

// MemberFilter selects members for the directory.
type MemberFilter struct {
	Municipality string
	County       string
	Query        string // name or competence
	Offset       int
	Limit        int
}

// NewMember is what the store needs to create a member.
type NewMember struct {
	Email        string
	Name         string
	Municipality string
	PasswordHash string
	Language     string
	JobTitle     string
	Bio          string
	Competences  []string
}

// Validate normalises n and reports what is wrong with it.
func (n *NewMember) Validate() error {
	fe := FieldErrors{}
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.Join(strings.Fields(n.Name), " ")
	n.Competences = NormalizeCompetences(n.Competences)
	if !ValidEmail(n.Email) {
		fe.Add("email", "error.email.invalid")
	}
	validateName(fe, n.Name)
	if n.Municipality == "" {
		fe.Add("municipality", "error.municipality.required")
	}
	if n.Language == "" {
		n.Language = "nb"
	}
	if !ValidLanguage(n.Language) {
		fe.Add("language", "error.language.invalid")
	}
	return fe.Err()
}
