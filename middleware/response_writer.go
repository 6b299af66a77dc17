package middleware

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync"
)

// responseWriter records the final status and the number of body bytes
// written through it. Logger, Recover and Timeout share it: when one of them
// finds a *responseWriter already in place it reuses it instead of wrapping
// again, so a chain pays for one wrapper.
//
// It is pooled: it must not be used after the ServeHTTP call that obtained it
// returns, the same rule net/http states for any ResponseWriter.
type responseWriter struct {
	http.ResponseWriter
	status      int
	bytes       int64
	wroteHeader bool
}

var responseWriterPool = sync.Pool{New: func() any { return new(responseWriter) }}

// wrapResponseWriter returns w itself when it already is a *responseWriter,
// and a pooled wrapper otherwise. owned reports whether the caller must give
// the wrapper back with release.
func wrapResponseWriter(w http.ResponseWriter) (rw *responseWriter, owned bool) {
	if rw, ok := w.(*responseWriter); ok {
		return rw, false
	}
	rw = responseWriterPool.Get().(*responseWriter)
	rw.ResponseWriter = w
	return rw, true
}

func (rw *responseWriter) release() {
	*rw = responseWriter{}
	responseWriterPool.Put(rw)
}

// Status returns the status code sent, or 200 if the handler wrote nothing,
// which is what net/http sends in that case.
func (rw *responseWriter) Status() int {
	if !rw.wroteHeader {
		return http.StatusOK
	}
	return rw.status
}

// WriteHeader passes 1xx informational responses through without taking
// them as the final status, and ignores a second final status instead of
// letting net/http log a "superfluous WriteHeader" call.
func (rw *responseWriter) WriteHeader(code int) {
	if rw.wroteHeader {
		return
	}
	if code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols {
		rw.ResponseWriter.WriteHeader(code)
		return
	}
	rw.status = code
	rw.wroteHeader = true
	rw.ResponseWriter.WriteHeader(code)
}

func (rw *responseWriter) Write(p []byte) (int, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	n, err := rw.ResponseWriter.Write(p)
	rw.bytes += int64(n)
	return n, err
}

// ReadFrom keeps io.Copy (and so http.ServeContent) on the underlying
// writer's fast path, sendfile on a *net.TCPConn, while still counting.
func (rw *responseWriter) ReadFrom(r io.Reader) (int64, error) {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	var n int64
	var err error
	if rf, ok := rw.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(r)
	} else {
		n, err = io.Copy(writerOnly{rw.ResponseWriter}, r)
	}
	rw.bytes += n
	return n, err
}

// writerOnly hides every method but Write, so io.Copy cannot loop back into
// ReadFrom.
type writerOnly struct{ io.Writer }

// FlushError commits the header (a flush sends it) before flushing, so that
// Recover and Timeout know a response has started. http.ResponseController
// finds this method before it looks at Unwrap.
func (rw *responseWriter) FlushError() error {
	if !rw.wroteHeader {
		rw.WriteHeader(http.StatusOK)
	}
	return http.NewResponseController(rw.ResponseWriter).Flush()
}

// Flush serves handlers that assert http.Flusher directly.
func (rw *responseWriter) Flush() { _ = rw.FlushError() }

// Hijack marks the response as written, so that no middleware writes a
// status on a connection the handler has taken over.
func (rw *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(rw.ResponseWriter).Hijack()
	if err == nil && !rw.wroteHeader {
		rw.status = http.StatusSwitchingProtocols
		rw.wroteHeader = true
	}
	return conn, brw, err
}

// Unwrap lets http.ResponseController reach the writer underneath for the
// features this wrapper does not implement itself (SetWriteDeadline,
// SetReadDeadline, EnableFullDuplex).
func (rw *responseWriter) Unwrap() http.ResponseWriter { return rw.ResponseWriter }
