package pylon

import (
	"net/http"
	"strings"
)

// FieldError is what was wrong with one field of a bound or validated
// value.
type FieldError struct {
	// Field is the name the client sent the field under: the form, JSON,
	// query or path parameter name, dotted for nested structs
	// ("address.city") and indexed for list elements ("items[2].name").
	Field string
	// Message is a readable English phrase that follows the field's name,
	// such as "is required" or "must be at most 200 characters".
	Message string
	// Tag is the rule that failed: a validator tag such as "required" or
	// "max", or "type" for a value that did not convert to the field's type.
	Tag string
	// Param is the rule's parameter, such as "200" for max=200, or the
	// expected type's name for Tag "type".
	Param string
}

// ValidationError lists the fields of a request that could not be bound
// or did not pass validation, so that a form can be re-rendered with a message next to each field and an
// API can answer with the list.
//
// Returned from a handler it becomes an [HTTPError] with the same Code and
// per-field messages in Fields (errors.As finds one), which the default
// error handler sends as problem+json with "errors".
//
// Its methods may be called on a nil *ValidationError, so templates can
// call {{.Errors.Get "email"}} whether or not there were errors.
type ValidationError struct {
	// Code is 400 when a value could not be converted to its field's type
	// (the client sent "abc" for a number), otherwise 422.
	Code int
	// Errors lists the problems, at most one per field: values that did
	// not convert first, then failed rules, each in field order.
	Errors []FieldError
}

// Error returns the problems as one sentence per field:
// "age must be a whole number; email is required".
func (e *ValidationError) Error() string {
	if e == nil || len(e.Errors) == 0 {
		return "validation failed"
	}
	var b strings.Builder
	for i, fe := range e.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(fe.Field)
		b.WriteByte(' ')
		b.WriteString(fe.Message)
	}
	return b.String()
}

// Fields returns a map from each field's name to its message, the shape of
// HTTPError.Fields and of problem+json's "errors".
func (e *ValidationError) Fields() map[string]string {
	if e == nil {
		return nil
	}
	m := make(map[string]string, len(e.Errors))
	for _, fe := range e.Errors {
		if _, ok := m[fe.Field]; !ok {
			m[fe.Field] = fe.Message
		}
	}
	return m
}

// Get returns the message for field, or "".
func (e *ValidationError) Get(field string) string {
	if e == nil {
		return ""
	}
	for _, fe := range e.Errors {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}

// Has reports whether field has a message.
func (e *ValidationError) Has(field string) bool { return e.Get(field) != "" }

// HTTPError returns the error as an *HTTPError with the same code, the
// sentence from Error as its message and the per-field messages as Fields.
func (e *ValidationError) HTTPError() *HTTPError {
	code := http.StatusUnprocessableEntity
	if e != nil && e.Code != 0 {
		code = e.Code
	}
	return &HTTPError{Code: code, Message: e.Error(), Fields: e.Fields()}
}

// As lets errors.As find an *HTTPError in a ValidationError, so that
// StatusOf and the error handlers answer it with its code and fields.
func (e *ValidationError) As(target any) bool {
	if p, ok := target.(**HTTPError); ok {
		*p = e.HTTPError()
		return true
	}
	return false
}

// Is reports whether target is an HTTPError with the same code, so that
// errors.Is(err, pylon.ErrUnprocessableEntity) holds.
func (e *ValidationError) Is(target error) bool { return e.HTTPError().Is(target) }

// add appends a problem unless the field already has one.
func (e *ValidationError) add(fe FieldError) {
	if !e.Has(fe.Field) {
		e.Errors = append(e.Errors, fe)
	}
}
