package session_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/pylonweb/pylon/middleware"
	"github.com/pylonweb/pylon/session"
)

// Sessions and CSRF both vary on Cookie; stacked, in either order, the
// response says so once.
func TestVaryCookieOnceWithCSRF(t *testing.T) {
	m, err := session.NewWithStore(session.Config{}, session.NewMemoryStore(-1))
	if err != nil {
		t.Fatal(err)
	}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	csrf := middleware.CSRF(middleware.CSRFConfig{})
	for name, h := range map[string]http.Handler{
		"csrf outside": csrf(m.Handler(ok)),
		"csrf inside":  m.Handler(csrf(ok)),
	} {
		t.Run(name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
			if got := w.Header()["Vary"]; !slices.Equal(got, []string{"Cookie"}) {
				t.Errorf("Vary = %q, want [Cookie]", got)
			}
		})
	}
}
