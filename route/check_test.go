package route_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/route"
)

// Check reports what Add would refuse, and registers nothing either way.
func TestCheck(t *testing.T) {
	rt := new(route.Router)
	rt.Handle("GET", "/articles/{slug}", http.NotFoundHandler())
	for _, tc := range []struct {
		method, pattern, err string
	}{
		{"GET", "/articles/{id}", "conflicting routes"},
		{"GET", "/articles/new", ""}, // more specific: no conflict
		{"POST", "/articles/{id}", ""},
		{"GET", "/bad/{", "/bad/{"},
		{"GE T", "/x", "invalid method"},
	} {
		err := rt.Check(tc.method, tc.pattern)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Check(%q, %q) = %v, want an error with %q", tc.method, tc.pattern, err, tc.err)
		}
	}
	if n := len(rt.Routes()); n != 1 {
		t.Fatalf("%d routes after Check, want 1", n)
	}
}
