package pylon_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/route"
)

// A route.ParamsFunc added to the App's Router directly gets the route's
// parameters from the App, whether or not the App sets r.PathValue.
func TestAppServesParamsHandler(t *testing.T) {
	for _, skip := range []bool{false, true} {
		app := newApp(pylon.Config{SkipPathValues: skip})
		app.Router().Handle("GET", "/repos/{owner}/{repo}", route.ParamsFunc(func(w http.ResponseWriter, r *http.Request, ps *route.Params) {
			fmt.Fprintf(w, "%s %s/%s", r.Pattern, ps.Get("owner"), ps.Get("repo"))
		}))
		w := do(t, app, "GET", "/repos/pylonweb/pylon", "")
		wantStatus(t, w, 200)
		if got, want := w.Body.String(), "GET /repos/{owner}/{repo} pylonweb/pylon"; got != want {
			t.Errorf("SkipPathValues %v: body %q, want %q", skip, got, want)
		}
	}
}
