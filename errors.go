package allmenning

import (
	"errors"
	"fmt"
)

// Error codes. They are stable: the JSON API returns them as "code" and each
// maps to one HTTP status in the web package.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	ERATELIMIT    = "rate_limited"
)

// Error is an error meant for the user. Message is a key in the message
// catalogue, so that the web layer can show it in the member's language.
// Fields maps form field names to message keys for per-field errors.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("allmenning: %s: %s %v", e.Code, e.Message, e.Fields)
	}
	return fmt.Sprintf("allmenning: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and message key.
func Errorf(code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// ErrorCode returns the code of err, or EINTERNAL when err is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message key of err, or a generic key for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "error.internal"
}

// FieldErrors collects per-field validation errors.
type FieldErrors map[string]string

// Add records the first error for a field.
func (f FieldErrors) Add(field, message string) {
	if _, ok := f[field]; !ok {
		f[field] = message
	}
}

// Err returns nil when no field has an error, else an EINVALID *Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "error.form", Fields: f}
}

// Fields returns the per-field errors of err, or nil.
func Fields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
