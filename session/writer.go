package session

import (
	"context"
	"io"
	"net/http"

	"github.com/pylonweb/pylon/internal/recorder"
)

// writer saves the session before the response's header goes out: on the
// first WriteHeader (not a 1xx), Write, ReadFrom or Flush. If saving fails,
// the failure is answered instead (a 503) and the handler's own writes
// return the error.
type writer struct {
	http.ResponseWriter
	st  *state
	ctx context.Context

	err       error // saving failed
	reporting bool  // the failure's response is being written
}

// ready saves the session if it has not been, and reports whether the
// handler's writes may go through.
func (w *writer) ready() bool {
	switch {
	case w.reporting:
		return true
	case w.err != nil:
		return false
	case w.st.committed:
		return true
	}
	err := w.st.commit(w.ctx, w.ResponseWriter.Header())
	if err == nil {
		return true
	}
	w.err = statusError(err)
	w.reporting = true
	w.st.report(w.ResponseWriter, err)
	w.reporting = false
	return false
}

func (w *writer) WriteHeader(code int) {
	if recorder.Informational(code) {
		w.ResponseWriter.WriteHeader(code) // the header is not final yet
		return
	}
	if w.ready() {
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *writer) Write(b []byte) (int, error) {
	if !w.ready() {
		return 0, w.err
	}
	return w.ResponseWriter.Write(b)
}

func (w *writer) WriteString(s string) (int, error) {
	if !w.ready() {
		return 0, w.err
	}
	return io.WriteString(w.ResponseWriter, s)
}

// ReadFrom keeps the sendfile path of the writer beneath.
func (w *writer) ReadFrom(r io.Reader) (int64, error) {
	if !w.ready() {
		return 0, w.err
	}
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{w.ResponseWriter}, r)
}

// Flush saves the session, then flushes.
func (w *writer) Flush() { _ = w.FlushError() }

// FlushError is Flush for http.ResponseController, with the error.
func (w *writer) FlushError() error {
	if !w.ready() {
		return w.err
	}
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap returns the writer beneath, for http.ResponseController and for
// Pylon to find the request's Context.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
