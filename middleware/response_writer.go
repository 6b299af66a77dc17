package middleware

import (
	"net/http"
	"sync"

	"github.com/pylonweb/pylon/internal/recorder"
)

// Logger, Recover and Timeout read the response's status and size from a
// recorder.Writer. When one of them finds one already in place (another of
// them, or a Pylon App's own) it uses that instead of wrapping again, so a
// chain pays for at most one wrapper.
//
// The wrappers made here are pooled: one must not be used after the
// ServeHTTP call that obtained it returns, the same rule net/http states
// for any ResponseWriter.
var recorderPool = sync.Pool{New: func() any { return new(recorder.Writer) }}

// wrapResponseWriter returns the recorder to read the response from and
// the writer to pass on. When w is or holds a recorder (a Pylon App's
// writer holds one), that is the recorder and w itself is passed on, so
// that the App can still find its Context behind it. Otherwise both are a
// pooled recorder around w, and owned reports that the caller must give it
// back with release.
func wrapResponseWriter(w http.ResponseWriter) (rw *recorder.Writer, out http.ResponseWriter, owned bool) {
	if rw := recorder.Of(w); rw != nil {
		return rw, w, false
	}
	rw = recorderPool.Get().(*recorder.Writer)
	rw.Reset(w)
	return rw, rw, true
}

// release gives back a wrapper that wrapResponseWriter made.
func release(rw *recorder.Writer) {
	*rw = recorder.Writer{}
	recorderPool.Put(rw)
}
