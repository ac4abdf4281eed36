// Package mall holds what every domain package of the mall speaks: the
// error type (a code plus a message safe to show a person), money in integer
// minor units, and the shape rules for slugs, hosts and colours.
package mall

import (
	"errors"
	"fmt"
)

// Error codes a domain error carries. Handlers map them to HTTP status codes
// in one place; the message beside the code is safe to show a person.
const (
	ENotFound     = "not_found"
	EInvalid      = "invalid"
	EConflict     = "conflict"
	EForbidden    = "forbidden"
	EUnauthorized = "unauthorized"
	ETooMany      = "too_many"
	// EUnavailable: the mall is busy with work of this kind; the same
	// request may succeed in a moment (503 with Retry-After).
	EUnavailable = "unavailable"
	EInternal    = "internal"
)

// Error is the mall's domain error. Message is written for the person using
// the page (it may be an i18n key, see Key); the wrapped Err is for the log.
type Error struct {
	Code string
	// Key is the i18n message key shown to the person, when set.
	Key string
	// Message is a plain message shown when no Key is set.
	Message string
	// Field names the form field the error belongs to, if any.
	Field string
	// Args fill the placeholders of Key.
	Args map[string]any
	Err  error
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = e.Key
	}
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, msg, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, msg)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with a code and a plain message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EInvalid error for one form field, shown through the
// i18n key.
func Invalid(field, key string) *Error {
	return &Error{Code: EInvalid, Field: field, Key: key}
}

// NotFound returns an ENotFound error whose message says what was missing.
func NotFound(what string) *Error {
	return &Error{Code: ENotFound, Key: "error.not_found", Message: what + " not found"}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var v *ValidationError
	if errors.As(err, &v) {
		return EInvalid
	}
	return EInternal
}

// AsError returns the first *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// FieldErrors collects validation errors for several form fields so a form
// can show all of them at once.
type FieldErrors map[string]*Error

// Add records an error for a field, keeping the first one.
func (f FieldErrors) Add(field, key string) {
	if _, ok := f[field]; !ok {
		f[field] = Invalid(field, key)
	}
}

// Err returns an EInvalid *Error carrying all the field errors, or nil.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &ValidationError{Fields: f}
}

// ValidationError is returned when a form has one or more invalid fields.
type ValidationError struct {
	Fields FieldErrors
}

func (v *ValidationError) Error() string {
	s := "invalid input:"
	for field, e := range v.Fields {
		s += " " + field + "=" + e.Key
	}
	return s
}

// Fields returns the per-field errors in err's chain, or nil.
func Fields(err error) FieldErrors {
	var v *ValidationError
	if errors.As(err, &v) {
		return v.Fields
	}
	if e := AsError(err); e != nil && e.Field != "" {
		return FieldErrors{e.Field: e}
	}
	return nil
}
