package taskmonitor_test

import (
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/pylonweb/pylon"
)

func TestAccess(t *testing.T) {
	const token = "s3cret-token"
	tests := []struct {
		name    string
		debug   bool
		token   string
		auth    string
		mounted bool
		want    int
	}{
		{"debug mode", true, "", "", true, http.StatusOK},
		{"debug mode ignores a wrong token", true, token, "Bearer nope", true, http.StatusOK},
		{"token", false, token, "Bearer " + token, true, http.StatusOK},
		{"token scheme is case-insensitive", false, token, "bearer " + token, true, http.StatusOK},
		{"wrong token", false, token, "Bearer " + token + "x", true, http.StatusNotFound},
		{"token as basic auth", false, token, "Basic " + token, true, http.StatusNotFound},
		{"no token presented", false, token, "", true, http.StatusNotFound},
		{"neither debug nor token", false, "", "", false, http.StatusNotFound},
		{"neither, even with a header", false, "", "Bearer ", false, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, mon, _ := newApp(t, tt.debug, tt.token, "work")
			if mon.Mounted() != tt.mounted {
				t.Fatalf("Mounted() = %v, want %v", mon.Mounted(), tt.mounted)
			}
			h := http.Header{}
			if tt.auth != "" {
				h.Set("Authorization", tt.auth)
			}
			for _, target := range []string{"/debug/tasks", "/debug/tasks?format=json", "/debug/tasks/1/stack"} {
				w := do(app, "GET", target, h)
				want := tt.want
				if target == "/debug/tasks/1/stack" {
					want = http.StatusNotFound // no task 1 either way
				}
				if w.Code != want {
					t.Errorf("GET %s: %d, want %d", target, w.Code, want)
				}
			}
			if tt.want == http.StatusNotFound {
				// Refused requests look exactly like the same request to an
				// App without the monitor.
				plain := pylon.New(pylon.Config{})
				plain.Logger = slog.New(slog.DiscardHandler)
				for _, req := range [][2]string{{"GET", "/debug/tasks"}, {"POST", "/debug/tasks/1/kill"}, {"DELETE", "/debug/tasks"}, {"POST", "/debug/tasks/services/x/restart"}, {"GET", "/debug/tasks/"}} {
					w, ref := do(app, req[0], req[1], h), do(plain, req[0], req[1], h)
					if w.Code != ref.Code || w.Body.String() != ref.Body.String() || !maps.EqualFunc(w.Header(), ref.Header(), slices.Equal) {
						t.Errorf("%s %s: %d %v %q, want %d %v %q", req[0], req[1], w.Code, w.Header(), w.Body.String(), ref.Code, ref.Header(), ref.Body.String())
					}
				}
			}
		})
	}
}

func TestMethodNotAllowedWhenLetIn(t *testing.T) {
	app, _, _ := newApp(t, true, "", "work")
	w := do(app, "GET", "/debug/tasks/1/kill", nil)
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "POST" {
		t.Fatalf("%d Allow=%q", w.Code, w.Header().Get("Allow"))
	}
	w = do(app, "POST", "/debug/tasks", nil)
	if w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST index: %d", w.Code)
	}
	if w := do(app, "GET", "/debug/tasks/no/such/page", nil); w.Code != http.StatusNotFound {
		t.Fatalf("unknown page: %d", w.Code)
	}
}
