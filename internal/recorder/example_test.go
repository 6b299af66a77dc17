package recorder_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/pylonweb/pylon/internal/recorder"
)

// A Writer records what a handler sent: the status and the body size. A
// middleware finds it again with Of instead of wrapping the writer twice.
func ExampleWriter() {
	rw := &recorder.Writer{W: httptest.NewRecorder()}
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, "made")
	})
	h.ServeHTTP(rw, httptest.NewRequest("POST", "/things", nil))
	fmt.Println(rw.Status(), rw.Size, recorder.Of(rw) == rw)
	// Output: 201 4 true
}
