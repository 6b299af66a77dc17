package pylon

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/pylonweb/pylon/internal/etag"
)

// Shared header values for the common content types, so that setting one
// allocates nothing. net/http only reads them.
var (
	textPlain = []string{"text/plain; charset=utf-8"}
	textHTML  = []string{"text/html; charset=utf-8"}
	appJSON   = []string{"application/json"}
)

// String writes a text/plain response.
func (c *Context) String(code int, s string) error {
	c.writer.Header()["Content-Type"] = textPlain
	return c.writeString(code, s)
}

// HTML writes a text/html response. The string is sent as it is: escape
// what came from users, or render a template.
func (c *Context) HTML(code int, html string) error {
	c.writer.Header()["Content-Type"] = textHTML
	return c.writeString(code, html)
}

func (c *Context) writeString(code int, s string) error {
	if c.req.Method == http.MethodHead {
		c.writer.Header().Set("Content-Length", strconv.Itoa(len(s)))
		c.writer.WriteHeader(code)
		return nil
	}
	c.writer.WriteHeader(code)
	_, err := io.WriteString(c.writer, s)
	return err
}

// JSON writes v as an application/json response.
func (c *Context) JSON(code int, v any) error {
	buf := jsonBuffers.Get().(*jsonBuffer)
	defer jsonBuffers.Put(buf)
	buf.b = buf.b[:0]
	b, err := buf.encode(v)
	if err != nil {
		return fmt.Errorf("pylon: encoding JSON response: %w", err)
	}
	c.writer.Header()["Content-Type"] = appJSON
	return c.Blob(code, "", b)
}

type jsonBuffer struct {
	b   []byte
	enc *json.Encoder
}

func (j *jsonBuffer) Write(p []byte) (int, error) { j.b = append(j.b, p...); return len(p), nil }

func (j *jsonBuffer) encode(v any) ([]byte, error) {
	if j.enc == nil {
		j.enc = json.NewEncoder(j)
		j.enc.SetEscapeHTML(true)
	}
	if err := j.enc.Encode(v); err != nil {
		return nil, err
	}
	return j.b, nil
}

var jsonBuffers = sync.Pool{New: func() any { return new(jsonBuffer) }}

// Blob writes b with the given content type (none is set when it is
// empty). For HEAD requests only the header is sent, with the length.
func (c *Context) Blob(code int, contentType string, b []byte) error {
	if contentType != "" {
		c.writer.Header().Set("Content-Type", contentType)
	}
	if c.req.Method == http.MethodHead {
		c.writer.Header().Set("Content-Length", strconv.Itoa(len(b)))
		c.writer.WriteHeader(code)
		return nil
	}
	c.writer.WriteHeader(code)
	_, err := c.writer.Write(b)
	return err
}

// NoContent writes only a status, such as 204.
func (c *Context) NoContent(code int) error {
	c.writer.WriteHeader(code)
	return nil
}

// Redirect sends a redirect to target with a 3xx code, as http.Redirect
// does: a relative target ("edit", "../list") is resolved against the
// request's path, which in a mounted App includes the mount's prefix. An
// absolute path ("/login") is sent as it is; build one inside the App with
// c.URL.
func (c *Context) Redirect(code int, target string) error {
	if code < 300 || code > 399 {
		return fmt.Errorf("pylon: Redirect with status %d, want 3xx", code)
	}
	if p := mountPrefix(c.req); p != "" && !strings.HasPrefix(target, "/") {
		if u, err := url.Parse(target); err == nil && u.Scheme == "" && u.Host == "" {
			// http.Redirect would resolve it against the path the mount
			// stripped; it still cleans the result.
			dir, _ := path.Split(p + c.req.URL.Path)
			target = dir + target
		}
	}
	http.Redirect(c.writer, c.req, target, code)
	return nil
}

// Stream copies r to the response with the given content type, flushing
// after every read so that the client sees data as it comes.
func (c *Context) Stream(code int, contentType string, r io.Reader) error {
	if contentType != "" {
		c.writer.Header().Set("Content-Type", contentType)
	}
	c.writer.WriteHeader(code)
	rc := http.NewResponseController(c.writer)
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if _, werr := c.writer.Write(buf[:n]); werr != nil {
				return werr
			}
			if ferr := rc.Flush(); ferr != nil && !errors.Is(ferr, http.ErrNotSupported) {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// File serves the named file from disk with http.ServeContent: Range
// requests, If-Modified-Since, and an ETag from the size and modification
// time, so If-None-Match gets 304. A missing file or a directory is 404.
//
// File opens name as given: never build it from a request parameter
// (a {path...} parameter may contain ".."); serve such paths with FileFS
// over os.DirFS or with middleware.Static, which refuse to leave their root.
func (c *Context) File(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return fileError(err)
	}
	defer f.Close()
	return c.serveFile(f, filepath.Base(name), nil)
}

// FileFS serves the named file from fsys; see File. A name that fs.FS
// rejects, such as one with ".." elements, is 404. A file without a
// modification time, as in an embed.FS, gets a strong ETag from a hash of
// its content, computed once per file and fsys (for an fsys that is
// comparable, as embed.FS and os.DirFS are; others are hashed each time),
// so a redeployed file is never answered with a stale 304.
func (c *Context) FileFS(fsys fs.FS, name string) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fileError(err)
	}
	defer f.Close()
	var key any
	if reflect.TypeOf(fsys).Comparable() {
		key = fsKey{fsys, name}
	}
	return c.serveFile(f, path.Base(name), key)
}

// fsKey names a file of an fs.FS in fileTags.
type fsKey struct {
	fsys fs.FS
	name string
}

// fileTags caches the content ETags of files without a modification time.
var fileTags etag.Cache

// Attachment serves the named file for download as filename.
func (c *Context) Attachment(name, filename string) error {
	c.writer.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	return c.File(name)
}

// serveFile serves f, called name. key names it in fileTags if it has no
// modification time; nil means hash it every time.
func (c *Context) serveFile(f fs.File, name string, key any) error {
	st, err := f.Stat()
	if err != nil {
		return fileError(err)
	}
	if st.IsDir() {
		return ErrNotFound
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		return fmt.Errorf("pylon: file %s cannot seek", name)
	}
	h := c.writer.Header()
	if h.Get("ETag") == "" {
		var tag string
		switch {
		case !st.ModTime().IsZero():
			tag = etag.Weak(st.Size(), st.ModTime())
		case key != nil:
			tag, err = fileTags.Tag(key, st, rs)
		default:
			tag, err = etag.Content(rs)
		}
		if err != nil {
			return err
		}
		h.Set("ETag", tag)
	}
	http.ServeContent(c.writer, c.req, name, st.ModTime(), rs)
	return nil
}

func fileError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ErrNotFound
	case errors.Is(err, fs.ErrPermission):
		return ErrForbidden
	case errors.Is(err, fs.ErrInvalid):
		return ErrNotFound // a name fs.FS refuses, such as "../secret"
	}
	return err
}

// SetCookie adds a Set-Cookie header. An empty Path becomes "/", an unset
// SameSite becomes Lax, and Secure is set when the request came over
// HTTPS.
func (c *Context) SetCookie(ck *http.Cookie) {
	if ck.Path == "" {
		ck.Path = "/"
	}
	if ck.SameSite == 0 {
		ck.SameSite = http.SameSiteLaxMode
	}
	if c.Scheme() == "https" {
		ck.Secure = true
	}
	http.SetCookie(c.writer, ck)
}
