package render

import (
	"encoding/xml"
	"fmt"
	"net/http"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/internal/vary"
)

const (
	contentHTML = "text/html; charset=utf-8"
	contentXML  = "application/xml; charset=utf-8"
)

// HTML renders the named template with data into a buffer and sends it as
// a text/html response with the status code. A template error is returned
// before anything is written, so the App's error handler answers it with a
// clean 500. Map data gets the request's CSRF token and flash messages
// (see [CSRFTokenKey], [FlashesKey]). It uses the Renderer installed on
// the App ([From]).
func HTML(c *pylon.Context, code int, name string, data any) error {
	r := From(c)
	if r == nil {
		return errNoRenderer
	}
	return r.HTML(c, code, name, data)
}

// HTML renders like the package-level [HTML] with r's engine.
func (r *Renderer) HTML(c *pylon.Context, code int, name string, data any) error {
	return renderHTML(c, r.Engine, code, name, data)
}

func renderHTML(c *pylon.Context, e Engine, code int, name string, data any) error {
	if e == nil {
		return errNoRenderer
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := e.Render(buf, name, requestData(c, data)); err != nil {
		return err
	}
	return c.Blob(code, contentHTML, buf.Bytes())
}

// JSON sends v as an application/json response; it is c.JSON, here so
// that the response formats are found in one place.
func JSON(c *pylon.Context, code int, v any) error { return c.JSON(code, v) }

// XML sends v, encoded with encoding/xml after the XML header, as an
// application/xml response. An encoding error is returned before anything
// is written.
func XML(c *pylon.Context, code int, v any) error {
	buf := getBuffer()
	defer putBuffer(buf)
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(buf).Encode(v); err != nil {
		return fmt.Errorf("render: encoding XML response: %w", err)
	}
	buf.WriteByte('\n')
	return c.Blob(code, contentXML, buf.Bytes())
}

// Text sends s as a text/plain response.
func Text(c *pylon.Context, code int, s string) error { return c.String(code, s) }

// Textf sends a formatted text/plain response.
func Textf(c *pylon.Context, code int, format string, args ...any) error {
	return c.String(code, fmt.Sprintf(format, args...))
}

// Negotiate answers with data as JSON, or as HTML by the named template,
// as the request's Accept header prefers; a request without Accept (or
// with */*) gets HTML, since browsers send text/html and API clients
// usually ask for JSON. An empty name means JSON only. A client that
// accepts neither gets 406. The response says "Vary: Accept", so caches
// keep the two apart.
func Negotiate(c *pylon.Context, code int, data any, name string) error {
	vary.Add(c.Header(), "Accept")
	offers := []string{"text/html", "application/json"}
	if name == "" {
		offers = offers[1:]
	}
	switch c.Negotiate(offers...) {
	case "text/html":
		return HTML(c, code, name, data)
	case "application/json":
		return c.JSON(code, data)
	}
	return pylon.NewHTTPError(http.StatusNotAcceptable, "this resource is available as text/html or application/json")
}
