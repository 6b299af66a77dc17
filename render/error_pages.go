package render

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/pylonweb/pylon"
)

// ErrorPages answers errors with HTML pages from templates, for browsers:
//
//	app.ErrorHandler = (&render.ErrorPages{}).Handle
//
// For an error with status 404 it renders "errors/404.html", or else
// "errors/4xx.html"; likewise for 405, 500 and the rest. The template gets
// an [ErrorData]. Everything else goes to Fallback: clients that prefer
// JSON or plain text, statuses without a template, errors after the
// response was started, a client that went away (499), and 5xx errors in
// debug mode, so that the debug page (stack, request, route) stays. A
// template that fails to render is logged, and Fallback answers.
type ErrorPages struct {
	// Engine renders the pages.
	// If not set, the engine of the App's [Renderer] ([From]).
	Engine Engine

	// Dir is the template directory of the pages.
	// If not set, "errors".
	Dir string

	// Fallback answers the errors that get no page.
	// If not set, pylon.DefaultErrorHandler.
	Fallback func(c *pylon.Context, err error)
}

// ErrorData is what an error page's template receives.
type ErrorData struct {
	// Status is the HTTP status code, such as 404.
	Status int
	// Title is the status text, such as "Not Found".
	Title string
	// Message is safe to show: an HTTPError's message for 4xx errors, and
	// the status text for 5xx errors, whose causes stay in the log.
	Message string
	// Fields holds per-field messages of a validation error.
	Fields map[string]string
	// Path is the request path.
	Path string
	// RequestID is the request's ID, for users to quote.
	RequestID string
	// Error is the error itself, for templates that need more; do not
	// show it for 5xx errors.
	Error error
}

// Handle answers err: usable as App.ErrorHandler, or called from one.
func (p *ErrorPages) Handle(c *pylon.Context, err error) {
	if !p.page(c, err) {
		p.fallback(c, err)
	}
}

func (p *ErrorPages) fallback(c *pylon.Context, err error) {
	if p.Fallback != nil {
		p.Fallback(c, err)
		return
	}
	pylon.DefaultErrorHandler(c, err)
}

// page renders the error's page and reports whether it did.
func (p *ErrorPages) page(c *pylon.Context, err error) bool {
	code := c.StatusOf(err)
	if code == 499 || c.Written() || (code >= 500 && c.App().Debug()) {
		return false
	}
	if c.Negotiate("text/html", "application/problem+json", "application/json", "text/plain") != "text/html" {
		return false
	}
	e := p.Engine
	if e == nil {
		if r := From(c); r != nil {
			e = r.Engine
		}
	}
	if e == nil {
		return false
	}
	dir := p.Dir
	if dir == "" {
		dir = "errors"
	}
	name := fmt.Sprintf("%s/%d.html", dir, code)
	if !e.Has(name) {
		if name = fmt.Sprintf("%s/%dxx.html", dir, code/100); !e.Has(name) {
			return false
		}
	}
	data := errorData(c, err, code)
	buf := getBuffer()
	defer putBuffer(buf)
	if rerr := e.Render(buf, name, data); rerr != nil {
		c.Logger().LogAttrs(c.Context(), slog.LevelError, "error page failed", slog.String("template", name), slog.String("error", rerr.Error()))
		return false
	}
	pylon.LogError(c, err)
	h := c.Header()
	h.Del("Content-Length")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	c.Blob(code, contentHTML, buf.Bytes())
	return true
}

func errorData(c *pylon.Context, err error, code int) ErrorData {
	d := ErrorData{
		Status: code, Title: http.StatusText(code), Path: c.Request().URL.Path,
		RequestID: c.RequestID(), Error: err,
	}
	if d.Title == "" {
		d.Title = "Error"
	}
	d.Message = d.Title
	var he *pylon.HTTPError
	if errors.As(err, &he) && code < 500 {
		d.Message = he.StatusText()
		d.Fields = he.Fields
	}
	return d
}
