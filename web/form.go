package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/i18n"
)

// Form carries what a visitor typed and what is wrong with it, so that a form
// shown again keeps every value and names every error.
type Form struct {
	L      *i18n.Localizer
	Values url.Values
	Errors map[string]string // field → message key
	Order  []string          // fields in the order they appear on the page
	Error  string            // a message key for the form as a whole
}

func newForm(r *http.Request, order ...string) *Form {
	f := &Form{L: localizerFrom(r.Context()), Values: url.Values{}, Errors: map[string]string{}, Order: order}
	if r.Method == http.MethodPost {
		r.ParseForm()
		for _, name := range order {
			f.Values[name] = r.PostForm[name]
		}
	}
	return f
}

// Get returns a field's value.
func (f *Form) Get(name string) string { return f.Values.Get(name) }

// Set sets a field's value.
func (f *Form) Set(name, value string) { f.Values.Set(name, value) }

// Err returns the translated error of a field, or "".
func (f *Form) Err(name string) string {
	if key, ok := f.Errors[name]; ok {
		return f.L.T(key)
	}
	return ""
}

// HasErrors reports whether anything is wrong.
func (f *Form) HasErrors() bool { return len(f.Errors) > 0 || f.Error != "" }

// FieldError is one entry of the error summary.
type FieldError struct {
	Field   string
	Message string
}

// Summary lists the errors in page order, for the error summary at the top.
func (f *Form) Summary() []FieldError {
	var out []FieldError
	seen := map[string]bool{}
	for _, name := range f.Order {
		if key, ok := f.Errors[name]; ok {
			out = append(out, FieldError{Field: name, Message: f.L.T(key)})
			seen[name] = true
		}
	}
	for name, key := range f.Errors {
		if !seen[name] {
			out = append(out, FieldError{Field: name, Message: f.L.T(key)})
		}
	}
	return out
}

// Absorb takes the field errors of err into the form. It reports whether err
// was a user error the form can show; other errors should be returned.
func (f *Form) Absorb(err error) bool {
	code := allmenning.ErrorCode(err)
	switch code {
	case allmenning.EINVALID, allmenning.ECONFLICT, allmenning.EFORBIDDEN, allmenning.EUNAUTHORIZED, allmenning.ERATELIMIT:
	default:
		return false
	}
	fields := allmenning.Fields(err)
	for k, v := range fields {
		f.Errors[k] = v
	}
	if len(fields) == 0 {
		f.Error = allmenning.ErrorMessage(err)
	}
	return true
}

// ErrorText is the translated form-level error.
func (f *Form) ErrorText() string {
	if f.Error == "" {
		return ""
	}
	return f.L.T(f.Error)
}

// Field describes one input for the "field" template.
type Field struct {
	Name         string
	Type         string
	Label        string
	Description  string
	Value        string
	Error        string
	Autocomplete string
	Required     bool
}

// newField is the template function `field FORM NAME TYPE LABELKEY AUTOCOMPLETE [DESCRIPTIONKEY]`.
func newField(f *Form, name, typ, labelKey, autocomplete string, extra ...string) Field {
	fd := Field{Name: name, Type: typ, Label: f.L.T(labelKey), Value: f.Get(name), Error: f.Err(name), Autocomplete: autocomplete}
	if typ == "password" {
		fd.Value = "" // never echo a password back
	}
	for _, e := range extra {
		switch {
		case e == "required":
			fd.Required = true
		case strings.HasPrefix(e, "desc:"):
			fd.Description = f.L.T(strings.TrimPrefix(e, "desc:"))
		}
	}
	return fd
}
