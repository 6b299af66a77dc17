package pylontest_test

import (
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/pylontest"
)

// A handler that fails after writing is aborted by the App; the client
// reports it in Response.Aborted, and MustStatus fails on it.
func TestAbortedResponse(t *testing.T) {
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.DiscardHandler)
	app.GET("/export", func(c *pylon.Context) error {
		c.String(http.StatusOK, "id,name\n")
		return fs.ErrNotExist
	})
	app.GET("/ok", func(c *pylon.Context) error { return c.String(http.StatusOK, "fine") })

	res := pylontest.New(t, app).Get("/export")
	if !res.Aborted || res.Code != http.StatusOK || res.Body != "id,name\n" {
		t.Errorf("got aborted=%v %d %q, want aborted 200 with what was written", res.Aborted, res.Code, res.Body)
	}
	ft := &fakeT{TB: t}
	pylontest.New(ft, app).Get("/export").MustStatus(http.StatusOK)
	mustContain(t, ft.failure(t), "MustStatus: got 200 OK, but the handler then aborted the response")

	if res := pylontest.New(t, app).Get("/ok").MustStatus(http.StatusOK); res.Aborted {
		t.Error("a normal response is reported aborted")
	}
}

// Other panics are not the client's business: they reach the test.
func TestOtherPanicsReachTheTest(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic(errBoom) })
	defer func() {
		if v := recover(); v != errBoom {
			t.Errorf("recovered %v, want the handler's panic", v)
		}
	}()
	pylontest.New(t, h).Get("/")
}

var errBoom = errors.New("boom")

// A redirect that was aborted after it started would have failed a real
// client; following it must not hide that.
func TestAbortedRedirectFailsMustStatus(t *testing.T) {
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.DiscardHandler)
	app.POST("/a", func(c *pylon.Context) error {
		c.Redirect(http.StatusSeeOther, "/b")
		return fs.ErrPermission
	})
	app.GET("/b", func(c *pylon.Context) error { return c.String(http.StatusOK, "b") })
	ft := &fakeT{TB: t}
	res := pylontest.New(ft, app).Post("/a", "text/plain", nil).MustStatus(http.StatusOK)
	if len(res.Redirects) != 1 || !res.Redirects[0].Aborted {
		t.Fatalf("redirects %v, want one, aborted", res.Redirects)
	}
	mustContain(t, ft.failure(t), "but the redirect from http://example.com/a was aborted")
}
