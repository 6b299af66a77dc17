package pylon_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

// A urlencoded form is limited by MaxBodyBytes, not by net/http's own
// 10 MB cap for forms, and going over the limit is a 413.
func TestFormFollowsMaxBodyBytes(t *testing.T) {
	big := "s=" + strings.Repeat("x", 11<<20)
	for _, tc := range []struct {
		name  string
		limit int64
		body  string
		code  int
	}{
		{"11 MiB under a 32 MiB limit", 32 << 20, big, http.StatusOK},
		{"11 MiB with no limit", -1, big, http.StatusOK},
		{"11 MiB over the default 4 MiB", 0, big, http.StatusRequestEntityTooLarge},
		{"small", 0, "s=abc", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := newApp(pylon.Config{MaxBodyBytes: tc.limit})
			app.POST("/f", func(c *pylon.Context) error {
				f, err := c.Form()
				if err != nil {
					return err
				}
				return c.String(http.StatusOK, f.Get("s")[:3])
			})
			w := do(t, app, "POST", "/f", tc.body, "Content-Type", "application/x-www-form-urlencoded")
			wantStatus(t, w, tc.code)
		})
	}
}

// A malformed pair in the query does not fail a well-formed body: it is
// skipped, as Query skips it on a GET.
func TestFormSkipsMalformedQuery(t *testing.T) {
	app := newApp(pylon.Config{})
	app.POST("/f", func(c *pylon.Context) error {
		f, err := c.Form()
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, f.Get("title")+" "+f.Get("page")+" "+c.Query("page"))
	})
	w := do(t, app, "POST", "/f?n=%zz&page=2", "title=hi", "Content-Type", "application/x-www-form-urlencoded")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "hi 2 2")
	// A malformed body is still the client's error, named as such.
	w = do(t, app, "POST", "/f?page=2", "title=%zz", "Content-Type", "application/x-www-form-urlencoded")
	wantStatus(t, w, http.StatusBadRequest)
	wantBodyContains(t, w, "malformed form body")
}
