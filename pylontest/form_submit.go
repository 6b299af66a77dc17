package pylontest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path"
	"strings"
)

// entry is one name and value of a form's data set, in page order.
type entry struct {
	name  string
	value string
	file  *upload // for a file field in a multipart body
}

// Submit sends the form as a browser does when the user presses Enter
// without a submit button: its successful controls (hidden fields, text,
// checked checkboxes and radios, selected options, textareas, chosen
// files; no disabled controls and no buttons) encoded by Enctype and sent
// with Method to Action, with the client's cookies. A _method field goes
// along like any hidden field, so Pylon's method override applies.
func (f *Form) Submit() *Response {
	f.resp.t.Helper()
	return f.submit(nil)
}

// SubmitWith sends the form as a click on the submit button named name
// does: the button's name and value are sent too, and its formaction,
// formmethod and formenctype attributes apply. It fails the test if the
// form has no enabled submit button of that name.
func (f *Form) SubmitWith(name string) *Response {
	f.resp.t.Helper()
	return f.submitButton(name, nil)
}

// SubmitWithValue is SubmitWith for one of several submit buttons that
// share a name, told apart by their values.
func (f *Form) SubmitWithValue(name, value string) *Response {
	f.resp.t.Helper()
	return f.submitButton(name, &value)
}

func (f *Form) submitButton(name string, value *string) *Response {
	f.resp.t.Helper()
	var found *control
	for _, c := range f.controls {
		if (c.kind == "submit" || c.kind == "image") && c.name == name && (value == nil || c.value == *value) {
			found = c
			break
		}
	}
	switch {
	case found == nil && value != nil:
		f.fail("no submit button %q has the value %q", name, *value)
		return f.resp
	case found == nil:
		f.fail("no submit button is named %q", name)
		return f.resp
	case found.disabled:
		f.fail("the submit button %q is disabled", name)
		return f.resp
	}
	return f.submit(found)
}

// Values returns the data the form would submit without a button, file
// fields as their file names, for inspection.
func (f *Form) Values() url.Values {
	v := url.Values{}
	for _, e := range f.entries(nil) {
		v.Add(e.name, e.value)
	}
	return v
}

func (f *Form) submit(submitter *control) *Response {
	f.resp.t.Helper()
	method, action, enctype := f.Method, f.Action, f.Enctype
	if submitter != nil {
		if submitter.formMethod != nil {
			method = formMethod(*submitter.formMethod)
		}
		if submitter.formAction != nil && strings.TrimSpace(*submitter.formAction) != "" {
			if u, ok := f.resp.resolve(*submitter.formAction); ok {
				action = u.String()
			}
		}
		if submitter.formEnctype != nil {
			enctype = formEnctype(*submitter.formEnctype)
		}
	}
	target, err := url.Parse(action)
	if err != nil {
		f.fail("bad action %q: %v", action, err)
		return f.resp
	}
	entries := f.entries(submitter)
	var body io.Reader
	contentType := ""
	if method == http.MethodGet {
		target.RawQuery = encodeURL(entries)
		target.Fragment, target.RawFragment = "", ""
	} else {
		var b []byte
		b, contentType = encodeBody(entries, enctype)
		body = bytes.NewReader(b)
	}
	req := f.resp.client.NewRequest(method, target.String(), body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	f.resp.browserHeaders(req, target)
	if method != http.MethodGet {
		req.Header.Set("Origin", origin(f.resp.URL()))
	}
	return f.resp.client.Do(req)
}

// entries builds the form data set in page order, with the submitter's
// name and value when it is given.
func (f *Form) entries(submitter *control) []entry {
	var out []entry
	for _, c := range f.controls {
		if c.disabled {
			continue
		}
		switch c.kind {
		case "submit":
			if c == submitter {
				out = append(out, entry{name: c.name, value: c.value})
			}
		case "image":
			if c == submitter {
				out = append(out, entry{name: c.name + ".x", value: "0"}, entry{name: c.name + ".y", value: "0"})
			}
		case "checkbox", "radio":
			if c.checked {
				out = append(out, entry{name: c.name, value: c.value})
			}
		case "select":
			for _, o := range c.options {
				if o.selected && !o.disabled {
					out = append(out, entry{name: c.name, value: o.value})
				}
			}
		case "file":
			if len(c.files) == 0 {
				out = append(out, entry{name: c.name, file: &upload{}})
			}
			for i := range c.files {
				out = append(out, entry{name: c.name, value: c.files[i].filename, file: &c.files[i]})
			}
		default:
			out = append(out, entry{name: c.name, value: c.value})
		}
	}
	return out
}

// encodeURL encodes entries as application/x-www-form-urlencoded, in
// order (url.Values.Encode would sort them).
func encodeURL(entries []entry) string {
	var b strings.Builder
	for i, e := range entries {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(e.name))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(e.value))
	}
	return b.String()
}

// encodeBody encodes entries for a POST body by enctype, returning the
// body and its Content-Type.
func encodeBody(entries []entry, enctype string) ([]byte, string) {
	switch enctype {
	case multipartForm:
		return encodeMultipart(entries)
	case textPlain:
		var b strings.Builder
		for _, e := range entries {
			b.WriteString(e.name + "=" + e.value + "\r\n")
		}
		return []byte(b.String()), "text/plain"
	}
	return []byte(encodeURL(entries)), urlencoded
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")

func encodeMultipart(entries []entry) ([]byte, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, e := range entries {
		if e.file == nil {
			w.WriteField(e.name, e.value) // writes to a bytes.Buffer never fail
			continue
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+quoteEscaper.Replace(e.name)+`"; filename="`+quoteEscaper.Replace(e.file.filename)+`"`)
		h.Set("Content-Type", fileType(e.file.filename))
		part, _ := w.CreatePart(h)
		part.Write(e.file.content)
	}
	w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// fileType guesses a file's Content-Type from its extension, as a browser
// does.
func fileType(filename string) string {
	if t := mime.TypeByExtension(path.Ext(filename)); t != "" {
		return t
	}
	return "application/octet-stream"
}
