package pylon

import (
	"io"
	"net/http"
)

// responseWriter is the ResponseWriter every Context starts with. It
// records the status and size, and it leads back to its Context from
// inside net/http middleware (see contextFor).
type responseWriter struct {
	w           http.ResponseWriter
	c           *Context
	status      int
	size        int64
	wroteHeader bool
}

func (rw *responseWriter) reset(w http.ResponseWriter) {
	rw.w, rw.status, rw.size, rw.wroteHeader = w, 0, 0, false
}

// Header returns the response header map.
func (rw *responseWriter) Header() http.Header { return rw.w.Header() }

// WriteHeader sends the status once; informational 1xx statuses (except
// 101 Switching Protocols) pass through without ending the header phase.
func (rw *responseWriter) WriteHeader(code int) {
	if rw.wroteHeader {
		return
	}
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		rw.w.WriteHeader(code)
		return
	}
	rw.status, rw.wroteHeader = code, true
	rw.w.WriteHeader(code)
}

// Write sends b, writing a 200 header first if none was written.
func (rw *responseWriter) Write(b []byte) (int, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	n, err := rw.w.Write(b)
	rw.size += int64(n)
	return n, err
}

// WriteString sends s without copying it when the underlying writer can.
func (rw *responseWriter) WriteString(s string) (int, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	n, err := io.WriteString(rw.w, s)
	rw.size += int64(n)
	return n, err
}

// ReadFrom keeps net/http's sendfile path for files.
func (rw *responseWriter) ReadFrom(r io.Reader) (int64, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	var n int64
	var err error
	if rf, ok := rw.w.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(r)
	} else {
		n, err = io.Copy(struct{ io.Writer }{rw.w}, r)
	}
	rw.size += n
	return n, err
}

// Flush sends buffered data to the client.
func (rw *responseWriter) Flush() {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	if f, ok := rw.w.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap returns the underlying writer, for http.ResponseController.
func (rw *responseWriter) Unwrap() http.ResponseWriter { return rw.w }

// contextFor finds the Context whose writer w wraps, by following Unwrap
// from w down to a responseWriter of this App. A middleware that wraps the
// writer without Unwrap hides it; then the inner part of the chain gets a
// Context of its own (fresh is true), which the caller releases.
func (app *App) contextFor(w http.ResponseWriter, r *http.Request) (c *Context, fresh bool) {
	for cur := w; cur != nil; {
		if rw, ok := cur.(*responseWriter); ok && rw.c.app == app {
			return rw.c, false
		}
		u, ok := cur.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			break
		}
		cur = u.Unwrap()
	}
	return app.acquire(w, r), true
}
