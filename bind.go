package pylon

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// bodyKind is the kind of request body Bind read, which decides the names
// that messages use.
type bodyKind int

const (
	bodyNone bodyKind = iota
	bodyJSON
	bodyForm
)

// Bind fills the struct that v points to from the request, then validates
// it (see [Context.Validate]). Sources, from lowest to highest precedence,
// so that a later one overwrites an earlier one:
//
//  1. the query string, into fields tagged `query:"name"`;
//  2. the body, by Content-Type: JSON (application/json or any +json type)
//     by the encoding/json rules and `json` tags; urlencoded and multipart
//     forms into fields by their `form` tag, else their json name, else
//     their Go name (fields tagged only with query or param are not read
//     from forms), with dotted names for nested structs ("address.city")
//     and *Upload or []*Upload fields filled from multipart files;
//  3. the route's path parameters, into fields tagged `param:"name"`.
//
// A request without a body (a GET form) has its form fields read from the
// query string instead. A tag value of "-" excludes a field from that
// source. Form, query and path values convert to strings, bools, ints,
// uints, floats, time.Duration, time.Time (RFC 3339, a datetime-local
// value or a 2006-01-02 date), encoding.TextUnmarshaler, pointers to those
// (set only when a non-empty value is sent) and slices of those (from
// repeated keys). An empty value leaves a non-string field unset, so that
// `validate:"required"` reports it. JSON bodies follow encoding/json, which
// also fills untagged fields by their Go names: tag a query-only or
// path-only field `json:"-"` to keep a body from setting it.
//
// Bind returns a *ValidationError listing every field that did not
// convert (code 400, "must be a whole number") or did not validate (code
// 422, "is required"); an *HTTPError for the body: 413 over the body limit,
// 415 for a Content-Type it does not read, 400 for malformed JSON or
// multipart, a JSON value of the wrong type, and, when Config.StrictJSON is
// set, an unknown JSON field. Returned from a handler, any of them answers
// the client with that status and a message naming the field. Client
// input never makes Bind panic; v not being a non-nil pointer to a struct
// is a programming error, returned as a plain error (a 500).
func (c *Context) Bind(v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("pylon: Bind needs a non-nil pointer to a struct, got %T", v)
	}
	root := rv.Elem()
	bi := bindInfoFor(root.Type())
	errs := &ValidationError{}
	r := c.req
	body := hasBody(r)
	if r.URL.RawQuery != "" {
		q := c.QueryValues()
		bi.decodeValues(root, q, func(f *bindField) string { return f.query }, errs)
		if !body {
			bi.decodeValues(root, q, func(f *bindField) string { return f.form }, errs)
		}
	}
	kind := bodyNone
	if body {
		var err error
		if kind, err = c.bindBody(v, root, bi, errs); err != nil {
			return err
		}
	}
	bi.decodeParams(root, c, errs)
	return c.validate(v, bi, kind, errs)
}

// hasBody reports whether the request carries a body.
func hasBody(r *http.Request) bool {
	return r.ContentLength > 0 || (r.ContentLength < 0 && r.Body != nil && r.Body != http.NoBody)
}

// bindBody decodes the body by its Content-Type.
func (c *Context) bindBody(v any, root reflect.Value, bi *bindInfo, errs *ValidationError) (bodyKind, error) {
	ct := c.req.Header.Get("Content-Type")
	mt := mediaType(ct)
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return bodyJSON, c.ReadJSON(v)
	case mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data":
		if _, err := c.Form(); err != nil {
			return bodyForm, err
		}
		r := c.req
		if mt == "multipart/form-data" && r.MultipartForm == nil {
			// Form recognises multipart bodies by a case-sensitive prefix.
			c.limitBody()
			if err := r.ParseMultipartForm(32 << 20); err != nil {
				return bodyForm, bodyError(err, "form")
			}
		}
		c.trackMultipart()
		bi.decodeValues(root, r.PostForm, func(f *bindField) string { return f.form }, errs)
		return bodyForm, bi.decodeUploads(root, c, errs)
	}
	if ct == "" {
		ct = "none"
	}
	return bodyNone, Errorf(http.StatusUnsupportedMediaType,
		"Content-Type must be application/json, application/x-www-form-urlencoded or multipart/form-data, got %s", ct)
}

// decodeValues sets each field that vals has a value for, under the name
// that nameOf gives, collecting conversion errors.
func (bi *bindInfo) decodeValues(root reflect.Value, vals url.Values, nameOf func(*bindField) string, errs *ValidationError) {
	for i := range bi.fields {
		f := &bi.fields[i]
		name := nameOf(f)
		if name == "" || f.upload {
			continue
		}
		vs := vals[name]
		if len(vs) == 0 {
			continue
		}
		if fe := f.decode(fieldAt(root, f.index), vs); fe != nil {
			fe.Field = name
			errs.add(*fe)
		}
	}
}

// decodeParams sets the fields tagged with route parameter names.
func (bi *bindInfo) decodeParams(root reflect.Value, c *Context, errs *ValidationError) {
	n := c.params.Len()
	if n == 0 {
		return
	}
	for i := range bi.fields {
		f := &bi.fields[i]
		if f.param == "" {
			continue
		}
		for j := range n {
			if c.params.Key(j) != f.param {
				continue
			}
			if fe := f.decode(fieldAt(root, f.index), []string{c.params.Value(j)}); fe != nil {
				fe.Field = f.param
				errs.add(*fe)
			}
		}
	}
}
