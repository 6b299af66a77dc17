package pylon

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/pylonweb/pylon/internal/forwarded"
)

// Param returns the value of the route parameter name, decoded, or "".
func (c *Context) Param(name string) string { return c.params.Get(name) }

// ParamInt returns the route parameter name as an int, or a 400 error
// naming the parameter.
func (c *Context) ParamInt(name string) (int, error) {
	v := c.params.Get(name)
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, Errorf(http.StatusBadRequest, "path parameter %s: %q is not an integer", name, v)
	}
	return n, nil
}

// QueryValues returns the parsed query string. Malformed pairs are
// skipped, as url.ParseQuery does.
func (c *Context) QueryValues() url.Values {
	if c.query == nil {
		c.query, _ = url.ParseQuery(c.req.URL.RawQuery)
		if c.query == nil {
			c.query = url.Values{}
		}
	}
	return c.query
}

// Query returns the first value of the query parameter name, or "".
func (c *Context) Query(name string) string {
	if c.req.URL.RawQuery == "" {
		return ""
	}
	return c.QueryValues().Get(name)
}

// QueryDefault returns the query parameter name, or def when it is absent
// or empty.
func (c *Context) QueryDefault(name, def string) string {
	if v := c.Query(name); v != "" {
		return v
	}
	return def
}

// QueryInt returns the query parameter name as an int, def when absent,
// or a 400 error naming the parameter.
func (c *Context) QueryInt(name string, def int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, Errorf(http.StatusBadRequest, "query parameter %s: %q is not an integer", name, v)
	}
	return n, nil
}

// Form parses the body (urlencoded or multipart) and the query, within the
// body limit, and returns the values; a body over the limit gives 413 and
// a malformed one 400. Malformed pairs in the query are skipped, as
// Query does, rather than failing a well-formed body.
func (c *Context) Form() (url.Values, error) {
	r := c.req
	if !c.formParsed {
		c.formParsed = true
		c.limitBody()
		var err error
		if mediaType(r.Header.Get("Content-Type")) == "multipart/form-data" {
			err = r.ParseMultipartForm(32 << 20)
		} else {
			err = r.ParseForm()
		}
		if err != nil && !queryError(r, err) {
			c.formErr = bodyError(err, "form")
		}
	}
	if c.formErr != nil {
		return nil, c.formErr
	}
	return r.Form, nil
}

// queryError reports whether err, from ParseForm, is only the query's:
// ParseForm reports a body's error first, and still keeps the query's
// well-formed pairs.
func queryError(r *http.Request, err error) bool {
	_, qerr := url.ParseQuery(r.URL.RawQuery)
	return qerr != nil && qerr.Error() == err.Error()
}

// FormValue returns the first value of the form field name (body first,
// then query), or "" when absent or when the form cannot be parsed.
func (c *Context) FormValue(name string) string {
	f, err := c.Form()
	if err != nil {
		return ""
	}
	return f.Get(name)
}

// limitBody caps the request body at the configured limit, once: a body
// that a middleware replaced since is capped in turn. The
// body becomes http.MaxBytesReader's own type, which ParseForm takes as
// the limit: on any other body it caps a urlencoded form at 10 MB of its
// own, whatever the configuration says. With no limit configured, the
// reader's limit is the largest there is, for the same reason.
func (c *Context) limitBody() {
	if c.req.Body == nil || c.req.Body == c.limited {
		return
	}
	n := c.app.config.maxBodyBytes()
	if n <= 0 {
		n = math.MaxInt64
	}
	c.req.Body = http.MaxBytesReader(c.writer, c.req.Body, n)
	c.limited = c.req.Body
}

// ReadJSON decodes the request's JSON body into v. It answers the
// client's mistakes with errors that say what was wrong: 415 for a body
// that is not application/json, 413 over the body limit, 400 for an empty
// body, malformed JSON (with the line and column), a value of the wrong
// type or one its type's own decoding refuses, such as a time.Time in
// another layout (with the field), or data after the value, and, when
// Config.StrictJSON is set, 400 for an unknown field.
func (c *Context) ReadJSON(v any) error {
	ct := c.req.Header.Get("Content-Type")
	mt := mediaType(ct)
	if mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		if ct == "" {
			ct = "none"
		}
		return Errorf(http.StatusUnsupportedMediaType, "Content-Type must be application/json, got %s", ct)
	}
	c.limitBody()
	data, err := io.ReadAll(c.req.Body)
	if err != nil {
		return bodyError(err, "JSON")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return BadRequest("request body is empty; want a JSON value")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if c.app.config.StrictJSON {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return jsonError(data, reflect.TypeOf(v), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return BadRequest("unexpected data after the JSON value")
	}
	return nil
}

func bodyError(err error, what string) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return Errorf(http.StatusRequestEntityTooLarge, "request body too large: the limit is %d bytes", mbe.Limit).WithInternal(err)
	}
	return Errorf(http.StatusBadRequest, "malformed %s body: %v", what, err)
}

func jsonError(data []byte, t reflect.Type, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := position(data, se.Offset)
		return Errorf(http.StatusBadRequest, "malformed JSON at line %d, column %d: %v", line, col, se)
	case errors.As(err, &te):
		line, col := position(data, te.Offset)
		field := te.Field
		if field == "" {
			field = "(top level)"
		}
		he := Errorf(http.StatusBadRequest, "JSON field %s at line %d, column %d: want %s, got %s", field, line, col, te.Type, te.Value)
		if te.Field != "" {
			he.Fields = map[string]string{te.Field: "must be " + jsonKind(te.Type.Kind())}
		}
		return he
	case errors.Is(err, io.ErrUnexpectedEOF):
		return BadRequest("malformed JSON: the body ends in the middle of a value")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return BadRequest("unknown JSON field " + strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	if t != nil {
		if field := jsonValueField(data, t, err); field != "" {
			// Well-formed JSON that a type's own decoding refused, such
			// as a time.Time in another layout.
			he := Errorf(http.StatusBadRequest, "JSON field %s: %v", field, err)
			he.Fields = map[string]string{field: err.Error()}
			return he
		}
	}
	return Errorf(http.StatusBadRequest, "malformed JSON: %v", err)
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, max(col, 1)
}

// Cookie returns the named cookie, or http.ErrNoCookie.
func (c *Context) Cookie(name string) (*http.Cookie, error) { return c.req.Cookie(name) }

// Scheme returns "https" or "http": the connection's, or, when the peer is
// a trusted proxy that reports a valid one, the scheme the proxy names.
// The proxy's word is the rightmost element of X-Forwarded-Proto or, if
// the request has neither X-Forwarded-Proto nor X-Forwarded-Host, proto=
// of the last Forwarded element; an earlier value is the client's and is
// ignored. See Host for why X-Forwarded-* comes first.
func (c *Context) Scheme() string {
	if c.trusted {
		if p, ok := forwarded.Proto(c.req.Header); ok {
			return p
		}
	}
	if c.req.TLS != nil {
		return "https"
	}
	return "http"
}

// Host returns the host the client asked for: r.Host, or, when the peer
// is a trusted proxy that reports a valid one, the host the proxy names.
// The proxy's word is the rightmost element of X-Forwarded-Host or, if
// the request has neither X-Forwarded-Host nor X-Forwarded-Proto, host= of
// the last Forwarded element; an earlier value is the client's and is
// ignored.
//
// X-Forwarded-* comes first because most proxies set it and pass a
// client's Forwarded header through, and the two never mix: behind a
// proxy that sets only X-Forwarded-Proto, Forwarded is not read at all,
// and Host is r.Host. A reported host must be a DNS name, an IPv4 address
// or a bracketed IPv6 address, with an optional port; a value with a
// slash, userinfo or any other character is ignored, and r.Host used.
// The proxy must still set or remove every one of these headers, since
// one it passes through is the client's.
func (c *Context) Host() string {
	if c.trusted {
		if h, ok := forwarded.Host(c.req.Header); ok {
			return h
		}
	}
	return c.req.Host
}

// RealIP returns the client's IP address: the peer's, or, when the peer
// is a trusted proxy, the nearest address in X-Forwarded-For that is not
// itself a trusted proxy. It reads the addresses of all the header's
// lines from the right, the last line first, skipping trusted ones, so
// that what a client wrote in front of its real address is never reached.
// Ports and brackets are dropped ("[2001:db8::1]:443" gives
// "2001:db8::1"). If every address is trusted, it returns the leftmost.
// If it meets an entry that is not an address ("unknown", garbage) before
// an untrusted one, or the header names no address, it returns the
// peer's. [github.com/pylonweb/pylon/middleware.RealIP], given the same
// trusted proxies, picks the same address.
func (c *Context) RealIP() string {
	if c.trusted {
		if ip, ok := forwarded.ClientIP(c.req.Header, "X-Forwarded-For", c.app.trusted); ok {
			return ip.String()
		}
	}
	host, _, err := net.SplitHostPort(c.req.RemoteAddr)
	if err != nil {
		return c.req.RemoteAddr
	}
	return host
}

// jsonKind names a Go kind in the words of JSON, for field messages.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number" // in the words of form binding's messages
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number, 0 or more"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a value of type " + k.String()
}
