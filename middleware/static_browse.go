package middleware

import (
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
)

// browse writes a plain HTML list of the directory's entries in name order,
// directories marked with a final slash. Names are escaped for the URL and for
// HTML, since files may be named by anyone who can write to the directory.
func (s *static) browse(w http.ResponseWriter, r *http.Request, dir string) {
	entries, err := fs.ReadDir(s.fsys, dir)
	if err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	var b strings.Builder
	title := html.EscapeString(r.URL.Path)
	fmt.Fprintf(&b, "<!doctype html>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<h1>%s</h1>\n<ul>\n", title, title)
	for _, e := range entries {
		name := e.Name()
		if !s.cfg.AllowDotFiles && strings.HasPrefix(name, ".") && name != ".well-known" {
			continue
		}
		if e.IsDir() {
			name += "/"
		}
		// URL.String escapes the name and prefixes "./" to one like "a:b",
		// which would otherwise read as a scheme.
		href := (&url.URL{Path: name}).String()
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", html.EscapeString(href), html.EscapeString(name))
	}
	b.WriteString("</ul>\n")
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	if r.Method != http.MethodHead {
		w.Write([]byte(b.String()))
	} else {
		w.WriteHeader(http.StatusOK)
	}
}
