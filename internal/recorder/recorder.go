// Package recorder holds the ResponseWriter wrapper that records a
// response's final status and body size. The App's Context and the
// middleware package share it, so that a net/http middleware running inside
// an App (Logger, Recover, Timeout) reads the App's record instead of
// wrapping the writer once more.
package recorder

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// Writer records the final status and the number of body bytes written
// through it to W. Its zero value, with W set, is ready to use.
type Writer struct {
	W       http.ResponseWriter
	Code    int   // the final status written; 0 until then
	Size    int64 // body bytes written
	Written bool  // a final status has been sent (or the connection hijacked)
}

// Holder is implemented by a ResponseWriter that carries a Writer of its
// own, such as the App's.
type Holder interface {
	Recorder() *Writer
}

// Of returns the Writer that w is or holds, or nil.
func Of(w http.ResponseWriter) *Writer {
	switch w := w.(type) {
	case *Writer:
		return w
	case Holder:
		return w.Recorder()
	}
	return nil
}

// Informational reports whether code is a 1xx response that leaves the
// header phase open (101 Switching Protocols does not): a wrapper passes
// it through and waits for the final status.
func Informational(code int) bool {
	return code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols
}

// MustAbort reports whether a failure now, after the response has started,
// must abort it (with http.ErrAbortHandler) rather than let it end as if
// complete: a final status has been sent for which AbortsAt is true.
func (rw *Writer) MustAbort() bool { return rw.Written && AbortsAt(rw.Code) }

// AbortsAt reports whether a response that failed after its status code
// was sent must be aborted: a success or redirect status with a body. Not
// a status that already says the request failed (4xx, 5xx), one that has
// no body to cut short (204, 304), or a hijacked connection (101).
func AbortsAt(code int) bool {
	switch {
	case code >= 400, code == http.StatusSwitchingProtocols,
		code == http.StatusNoContent, code == http.StatusNotModified:
		return false
	}
	return true
}

// Pending is implemented by a ResponseWriter that holds the start of a
// response back before passing it on, as Compress does while it decides
// whether to compress: PendingStatus returns the status it was given, or
// 0 if none. Beneath it, the response has not started yet; for the
// handler above it, it has.
type Pending interface {
	PendingStatus() int
}

// StartedAbove returns the status of a response that has started in the
// writers above base in w's Unwrap chain, though not yet in base: one a
// Pending writer holds back (Compress), or one a Writer of another layer
// has recorded (Logger's or Recover's own, around a Pending writer). It
// returns 0 if nothing above base has started, or if base is not in the
// chain.
func StartedAbove(w http.ResponseWriter, base *Writer) int {
	for w != nil {
		var rec *Writer
		switch x := w.(type) {
		case *Writer:
			rec = x
		case Holder:
			rec = x.Recorder()
		case Pending:
			if code := x.PendingStatus(); code != 0 {
				return code
			}
		}
		if rec == base {
			return 0
		}
		if rec != nil && rec.Written {
			return rec.Code
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return 0
		}
		w = u.Unwrap()
	}
	return 0
}

// Reset makes rw record a new response written to w.
func (rw *Writer) Reset(w http.ResponseWriter) { *rw = Writer{W: w} }

// Status returns the status code sent, or 200 if nothing was written,
// which is what net/http sends in that case.
func (rw *Writer) Status() int {
	if !rw.Written {
		return http.StatusOK
	}
	return rw.Code
}

// Header returns the response header map.
func (rw *Writer) Header() http.Header { return rw.W.Header() }

// WriteHeader passes 1xx informational responses (except 101 Switching
// Protocols) through without taking them as the final status, and ignores
// a second final status instead of letting net/http log a "superfluous
// WriteHeader" call.
func (rw *Writer) WriteHeader(code int) {
	if rw.Written {
		return
	}
	if Informational(code) {
		rw.W.WriteHeader(code)
		return
	}
	rw.Code, rw.Written = code, true
	rw.W.WriteHeader(code)
}

// Write sends p, writing a 200 header first if none was written.
func (rw *Writer) Write(p []byte) (int, error) {
	if !rw.Written {
		rw.WriteHeader(http.StatusOK)
	}
	n, err := rw.W.Write(p)
	rw.Size += int64(n)
	return n, err
}

// WriteString sends s without copying it when W can.
func (rw *Writer) WriteString(s string) (int, error) {
	if !rw.Written {
		rw.WriteHeader(http.StatusOK)
	}
	n, err := io.WriteString(rw.W, s)
	rw.Size += int64(n)
	return n, err
}

// ReadFrom keeps io.Copy (and so http.ServeContent) on W's fast path,
// sendfile on a *net.TCPConn, while still counting.
func (rw *Writer) ReadFrom(r io.Reader) (int64, error) {
	if !rw.Written {
		rw.WriteHeader(http.StatusOK)
	}
	var n int64
	var err error
	if rf, ok := rw.W.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(r)
	} else {
		n, err = io.Copy(writerOnly{rw.W}, r)
	}
	rw.Size += n
	return n, err
}

// writerOnly hides every method but Write, so io.Copy cannot loop back into
// ReadFrom.
type writerOnly struct{ io.Writer }

// FlushError commits the header (a flush sends it) before flushing, so that
// Recover and Timeout know a response has started. http.ResponseController
// finds this method before it looks at Unwrap.
func (rw *Writer) FlushError() error {
	if !rw.Written {
		rw.WriteHeader(http.StatusOK)
	}
	return http.NewResponseController(rw.W).Flush()
}

// Flush serves handlers that assert http.Flusher directly.
func (rw *Writer) Flush() { _ = rw.FlushError() }

// Hijack marks the response as written, so that nothing writes a status on
// a connection the handler has taken over.
func (rw *Writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(rw.W).Hijack()
	if err == nil && !rw.Written {
		rw.Code, rw.Written = http.StatusSwitchingProtocols, true
	}
	return conn, brw, err
}

// Unwrap lets http.ResponseController reach W for the features this
// wrapper does not implement itself (SetWriteDeadline, SetReadDeadline,
// EnableFullDuplex).
func (rw *Writer) Unwrap() http.ResponseWriter { return rw.W }
