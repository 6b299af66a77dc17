package httpcache

import (
	"bytes"
	"net/http"
)

// recorder passes a response through to the client while keeping a copy
// of its status, headers and body (up to max bytes) for the cache.
// Unwrap lets http.ResponseController reach the writer below.
type recorder struct {
	http.ResponseWriter
	max      int64
	status   int
	header   http.Header
	body     bytes.Buffer
	overflow bool
	flushed  bool
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
		w.header = w.ResponseWriter.Header().Clone()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if !w.overflow {
		if int64(w.body.Len()+len(p)) > w.max {
			w.overflow = true
			w.body = bytes.Buffer{}
		} else {
			w.body.Write(p)
		}
	}
	return w.ResponseWriter.Write(p)
}

// Flush sends what was written so far. A flushed response is a stream,
// and is not stored.
func (w *recorder) Flush() { _ = w.FlushError() }

// FlushError is Flush for http.ResponseController, which prefers it.
func (w *recorder) FlushError() error {
	w.flushed = true
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap returns the writer below, for http.ResponseController.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }
