package pylon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
)

// handleError sends err through the App's error handler.
func (app *App) handleError(c *Context, err error) {
	if app.ErrorHandler != nil {
		app.ErrorHandler(c, err)
		return
	}
	DefaultErrorHandler(c, err)
}

// Problem is an RFC 9457 problem details object, the JSON body of error
// responses.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Instance  string            `json:"instance,omitempty"` // the request path, with a mount prefix
	RequestID string            `json:"request_id,omitempty"`
	Errors    map[string]string `json:"errors,omitempty"`
	// Stack is only set in debug mode, for panics.
	Stack string `json:"stack,omitempty"`
}

// StatusOf returns the HTTP status an error stands for: an HTTPError's
// code; 413 for a body over its limit; 503 for a request whose deadline
// passed; 499 (client closed request) for a cancelled context, which is
// usually the client going away (Context.StatusOf, which the App's error
// handler uses, makes it a 500 when the client is still there); 500 for
// anything else.
func StatusOf(err error) int {
	var he *HTTPError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		return he.Code
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.Canceled):
		return 499
	}
	return http.StatusInternalServerError
}

// DefaultErrorHandler answers an error in the format the client accepts:
// RFC 9457 problem+json for API clients, an HTML page for browsers, plain
// text otherwise. 5xx errors are logged with the request ID (and the stack,
// for panics); the response shows no internals unless the App is in debug
// mode, where a 500 shows the error, the stack and the request. An error
// after the response was started is only logged (the App then aborts the
// response; see App.ServeHTTP); one caused by the client going away is
// not answered, while a context.Canceled with the client still there (an
// errgroup giving up) is a 500.
func DefaultErrorHandler(c *Context, err error) {
	code := c.StatusOf(err)
	app := c.app
	var pe *PanicError
	isPanic := errors.As(err, &pe)
	LogError(c, err)
	if code == 499 || c.Written() {
		return
	}
	p := Problem{Type: "about:blank", Title: http.StatusText(code), Status: code, Instance: mountPrefix(c.req) + c.req.URL.Path, RequestID: c.RequestID()}
	if p.Title == "" {
		p.Title = "Error"
	}
	var he *HTTPError
	if errors.As(err, &he) {
		if he.Message != "" {
			p.Detail = he.Message
		}
		p.Errors = he.Fields
	}
	if app.config.Debug && code >= 500 {
		p.Detail = err.Error()
		if isPanic {
			p.Stack = string(pe.Stack)
		}
	}
	h := c.writer.Header()
	h.Del("Content-Length")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	switch c.Negotiate("application/problem+json", "application/json", "text/html", "text/plain") {
	case "application/problem+json", "application/json":
		b, _ := json.Marshal(p)
		c.Blob(code, "application/problem+json", append(b, '\n'))
	case "text/html":
		if app.config.Debug && code >= 500 {
			c.HTML(code, debugPage(c, err, p))
			return
		}
		c.HTML(code, errorPage(p))
	default:
		msg := p.Title
		if p.Detail != "" && p.Detail != p.Title {
			msg += ": " + p.Detail
		}
		for k, v := range p.Errors {
			msg += "\n" + k + ": " + v
		}
		c.String(code, msg+"\n")
	}
}

// LogError logs err the way DefaultErrorHandler does: 5xx errors and
// panics once, at level error, with the status, method, path, route, the
// request ID and, for a panic, the stack; other errors not at all. Custom
// error handlers call it to keep the same log lines.
func LogError(c *Context, err error) {
	code := c.StatusOf(err)
	var pe *PanicError
	isPanic := errors.As(err, &pe)
	if code < 500 && !isPanic {
		return
	}
	attrs := []slog.Attr{slog.Int("status", code), slog.String("method", c.req.Method),
		slog.String("path", c.req.URL.Path), slog.String("error", err.Error())}
	if c.route != nil {
		attrs = append(attrs, slog.String("route", c.route.Pattern()))
	}
	if isPanic {
		attrs = append(attrs, slog.String("stack", string(pe.Stack)))
	}
	c.Logger().LogAttrs(c.req.Context(), slog.LevelError, "request failed", attrs...)
}

var errorTemplate = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Status}} {{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.6rem}small{color:#777}</style>
</head><body><h1>{{.Status}} {{.Title}}</h1>{{if .Detail}}<p>{{.Detail}}</p>{{end}}
{{if .Errors}}<ul>{{range $k, $v := .Errors}}<li><b>{{$k}}</b>: {{$v}}</li>{{end}}</ul>{{end}}
{{if .RequestID}}<p><small>Request ID {{.RequestID}}</small></p>{{end}}</body></html>
`))

func errorPage(p Problem) string {
	var b strings.Builder
	if err := errorTemplate.Execute(&b, p); err != nil {
		return fmt.Sprintf("%d %s", p.Status, template.HTMLEscapeString(p.Title))
	}
	return b.String()
}
