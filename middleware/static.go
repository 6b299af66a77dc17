package middleware

import (
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"github.com/pylonweb/pylon/internal/etag"
)

// StaticConfig configures [Static] and [StaticHandler]. Root or Dir must be
// set, not both.
type StaticConfig struct {
	// Root is the file system to serve, such as an embed.FS (use fs.Sub to
	// serve one of its directories) or an fstest.MapFS.
	// If not set, Dir is served.
	Root fs.FS

	// Dir is a directory on disk to serve. It is opened with os.OpenRoot
	// when the middleware is made, so symbolic links that lead outside it
	// are not followed, and it must exist by then.
	// If not set, Root is served.
	Dir string

	// Prefix is the URL path under which the files appear: with "/assets/",
	// the request "/assets/app.js" is answered with the file "app.js".
	// Requests outside it are not served.
	// If not set, "/": the URL path is the file's path.
	Prefix string

	// Index is the file served for a directory.
	// If not set, "index.html".
	Index string

	// MaxAge sets "Cache-Control: public, max-age=N" on files.
	// If not set, files get "Cache-Control: no-cache": browsers keep them
	// but ask each time, and the ETag makes the answer a cheap 304.
	MaxAge time.Duration

	// Immutable reports whether a file's name (its base name, such as
	// "app.3f9a1c2b.js") changes whenever its content does; such files get
	// "Cache-Control: public, max-age=31536000, immutable".
	// [IsHashedName] recognises common bundler output.
	// If not set, no file is immutable.
	Immutable func(name string) bool

	// Browse lists directories that have no index file.
	// If not set, such directories are not served (404, or the next
	// handler for [Static]).
	Browse bool

	// AllowDotFiles serves files and directories whose names start with ".".
	// If not set, they are not served, so a .git or .env in Dir cannot leak;
	// ".well-known" is served either way.
	AllowDotFiles bool
}

// Static returns middleware that serves a file when the request is a GET or
// HEAD for one that exists under cfg, and otherwise calls the next handler.
// See [StaticHandler] for how files are served.
func Static(cfg StaticConfig) func(http.Handler) http.Handler {
	s := newStatic(cfg)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !s.serve(w, r) {
				next.ServeHTTP(w, r)
			}
		})
	}
}

// StaticHandler returns a handler that serves files from cfg.Root or
// cfg.Dir, replying 404 when there is no file and 405 to methods other than
// GET and HEAD.
//
// Paths are checked before any file is opened: a path with "..", "." or
// empty elements (after URL decoding, so "%2e%2e" counts), a backslash or a
// NUL byte is not served. Files are served with [http.ServeContent], which
// handles Range, If-Range, If-None-Match and If-Modified-Since (304) and sets
// Content-Type and Last-Modified. Each file gets an ETag: a strong one from a
// hash of its content when it has no modification time, as embed.FS files
// do (the hash is computed once per file and cached), and otherwise a weak
// one from its size and modification time. A directory is served through its
// Index file, after a redirect adding the final slash.
//
// StaticHandler panics if neither or both of Root and Dir are set, or if Dir
// cannot be opened.
func StaticHandler(cfg StaticConfig) http.Handler {
	s := newStatic(cfg)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		if !s.serve(w, r) {
			http.NotFound(w, r)
		}
	})
}

type static struct {
	cfg    StaticConfig
	fsys   fs.FS
	prefix string
	etags  etag.Cache // by file name
}

func newStatic(cfg StaticConfig) *static {
	s := &static{cfg: cfg, fsys: cfg.Root}
	switch {
	case cfg.Root != nil && cfg.Dir != "":
		panic("middleware: Static: set Root or Dir, not both")
	case cfg.Root == nil && cfg.Dir == "":
		panic("middleware: Static: set Root or Dir")
	case cfg.Root == nil:
		root, err := os.OpenRoot(cfg.Dir)
		if err != nil {
			panic("middleware: Static: " + err.Error())
		}
		s.fsys = root.FS()
	}
	s.prefix = "/" + strings.Trim(cfg.Prefix, "/") + "/"
	if s.prefix == "//" {
		s.prefix = "/"
	}
	if s.cfg.Index == "" {
		s.cfg.Index = "index.html"
	}
	return s
}

// serve serves r if it names a file or a servable directory, and reports
// whether it did; when it did not, it wrote nothing.
func (s *static) serve(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	name, trailingSlash, ok := s.fileName(r.URL.Path)
	if !ok {
		return false
	}
	f, err := s.fsys.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	if !fi.IsDir() {
		if trailingSlash {
			return false
		}
		s.serveFile(w, r, name, f, fi)
		return true
	}

	index := path.Join(name, s.cfg.Index)
	idx, err := s.fsys.Open(index)
	var idxInfo fs.FileInfo
	if err == nil {
		defer idx.Close()
		if idxInfo, err = idx.Stat(); err == nil && idxInfo.IsDir() {
			err = fs.ErrNotExist
		}
	}
	if err != nil && !s.cfg.Browse {
		return false
	}
	if !trailingSlash {
		redirectToDir(w, r)
		return true
	}
	if err != nil {
		s.browse(w, r, name)
		return true
	}
	s.serveFile(w, r, index, idx, idxInfo)
	return true
}

// fileName maps a URL path to a file name in the file system, or reports
// that the path is not one to serve.
func (s *static) fileName(urlPath string) (name string, trailingSlash, ok bool) {
	if strings.ContainsAny(urlPath, "\\\x00") {
		return "", false, false
	}
	if urlPath+"/" == s.prefix {
		return ".", false, true // "/assets" for "/assets/": redirect
	}
	rest, found := strings.CutPrefix(urlPath, s.prefix)
	if !found {
		return "", false, false
	}
	trailingSlash = rest == "" || strings.HasSuffix(rest, "/")
	rest = strings.TrimSuffix(rest, "/")
	if rest == "" {
		return ".", trailingSlash, true
	}
	// ValidPath rejects "..", "." and empty elements, and so a leading "/".
	if !fs.ValidPath(rest) || (!s.cfg.AllowDotFiles && hasDotElement(rest)) {
		return "", false, false
	}
	return rest, trailingSlash, true
}

func hasDotElement(name string) bool {
	for elem := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(elem, ".") && elem != ".well-known" {
			return true
		}
	}
	return false
}

// redirectToDir redirects to the path with a final slash; the Location is
// relative so that it stays right under http.StripPrefix and mounts. It is
// escaped as a URL path, with "./" before a name like "https:x" that would
// read as a scheme, so that any directory name leads to itself.
func redirectToDir(w http.ResponseWriter, r *http.Request) {
	target := (&url.URL{Path: path.Base(r.URL.Path) + "/"}).String()
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", target)
	w.WriteHeader(http.StatusMovedPermanently)
}

func (s *static) serveFile(w http.ResponseWriter, r *http.Request, name string, f fs.File, fi fs.FileInfo) {
	content, err := readSeeker(f)
	if err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	etag, err := s.etag(name, fi, content)
	if err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Etag", etag)
	h.Set("Cache-Control", s.cacheControl(fi.Name()))
	http.ServeContent(w, r, fi.Name(), fi.ModTime(), content)
}

// readSeeker returns f itself when it can seek, as os and embed files can,
// and its content in memory otherwise; ServeContent needs to seek.
func readSeeker(f fs.File) (io.ReadSeeker, error) {
	if rs, ok := f.(io.ReadSeeker); ok {
		return rs, nil
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(string(data)), nil
}
