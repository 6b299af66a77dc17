package pylon

import (
	"errors"
	"fmt"
	"net/http"
)

// HTTPError is an error with an HTTP status code and a message that is
// safe to show to the client. Return one from a handler to choose the
// response; wrap an internal cause with WithInternal (logged, never shown).
type HTTPError struct {
	// Code is the HTTP status code.
	Code int
	// Message is shown to the client. If empty, the status text.
	Message string
	// Fields holds per-field messages (for validation errors), shown to
	// the client as "errors" in problem+json.
	Fields map[string]string
	// Internal is the cause, logged but never shown.
	Internal error
}

// NewHTTPError returns an HTTPError with code and message; an empty
// message means the status text.
func NewHTTPError(code int, message string) *HTTPError {
	return &HTTPError{Code: code, Message: message}
}

// Errorf returns an HTTPError with code and a formatted message. A %w verb
// also sets the internal cause.
func Errorf(code int, format string, args ...any) *HTTPError {
	err := fmt.Errorf(format, args...)
	return &HTTPError{Code: code, Message: err.Error(), Internal: errors.Unwrap(err)}
}

// Error returns the code and the message.
func (e *HTTPError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Code)
	}
	if e.Internal != nil {
		return fmt.Sprintf("%d %s: %v", e.Code, msg, e.Internal)
	}
	return fmt.Sprintf("%d %s", e.Code, msg)
}

// Unwrap returns the internal cause.
func (e *HTTPError) Unwrap() error { return e.Internal }

// Is reports whether target is an HTTPError with the same code, so that
// errors.Is(err, pylon.ErrNotFound) holds for any 404.
func (e *HTTPError) Is(target error) bool {
	t, ok := target.(*HTTPError)
	return ok && t.Code == e.Code && t.Message == "" && t.Internal == nil
}

// WithInternal returns a copy of e with the internal cause set.
func (e *HTTPError) WithInternal(err error) *HTTPError {
	c := *e
	c.Internal = err
	return &c
}

// StatusText is Message, or the status text when Message is empty.
func (e *HTTPError) StatusText() string {
	if e.Message != "" {
		return e.Message
	}
	return http.StatusText(e.Code)
}

// Errors for the common statuses. Compare with errors.Is; do not modify
// them (use NewHTTPError or WithInternal for a variant).
var (
	ErrBadRequest           = &HTTPError{Code: http.StatusBadRequest}
	ErrUnauthorized         = &HTTPError{Code: http.StatusUnauthorized}
	ErrForbidden            = &HTTPError{Code: http.StatusForbidden}
	ErrNotFound             = &HTTPError{Code: http.StatusNotFound}
	ErrMethodNotAllowed     = &HTTPError{Code: http.StatusMethodNotAllowed}
	ErrRequestTooLarge      = &HTTPError{Code: http.StatusRequestEntityTooLarge}
	ErrUnsupportedMediaType = &HTTPError{Code: http.StatusUnsupportedMediaType}
	ErrUnprocessableEntity  = &HTTPError{Code: http.StatusUnprocessableEntity}
	ErrTooManyRequests      = &HTTPError{Code: http.StatusTooManyRequests}
	ErrInternal             = &HTTPError{Code: http.StatusInternalServerError}
	ErrServiceUnavailable   = &HTTPError{Code: http.StatusServiceUnavailable}
)

// BadRequest returns a 400 error with message.
func BadRequest(message string) *HTTPError { return NewHTTPError(http.StatusBadRequest, message) }

// NotFound returns a 404 error with message.
func NotFound(message string) *HTTPError { return NewHTTPError(http.StatusNotFound, message) }

// Forbidden returns a 403 error with message.
func Forbidden(message string) *HTTPError { return NewHTTPError(http.StatusForbidden, message) }

// Unprocessable returns a 422 error with message and per-field messages.
func Unprocessable(message string, fields map[string]string) *HTTPError {
	return &HTTPError{Code: http.StatusUnprocessableEntity, Message: message, Fields: fields}
}
