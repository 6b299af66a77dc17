package taskmonitor

import (
	_ "embed"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pylonweb/pylon"
)

//go:embed page.html
var pageSource string

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"age":     formatAge,
	"pathEsc": url.PathEscape,
}).Parse(pageSource))

// pageData is what page.html renders.
type pageData struct {
	Report
	Path    string
	Refresh int // seconds; 0 for none
}

// renderPage renders the report as a self-contained HTML page: no
// scripts, inline styles, forms for the actions.
func (m *Monitor) renderPage(c *pylon.Context, r Report) error {
	d := pageData{Report: r, Path: m.path}
	if ref := time.Duration(m.cfg.Refresh); ref > 0 {
		d.Refresh = max(1, int(ref.Round(time.Second)/time.Second))
	}
	var b strings.Builder
	if err := pageTemplate.Execute(&b, d); err != nil {
		return err
	}
	h := c.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	return c.HTML(http.StatusOK, b.String())
}

// formatAge shows a duration to a precision a person reads at a glance.
func formatAge(d time.Duration) string {
	switch {
	case d <= 0:
		return "-"
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
