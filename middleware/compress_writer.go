package middleware

import (
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/pylonweb/pylon/internal/recorder"
)

// compressWriter decides, from the headers and the first MinSize bytes,
// whether to gzip a response, then either passes writes through or sends
// them through a pooled gzip.Writer.
type compressWriter struct {
	http.ResponseWriter
	c           *compressor
	status      int
	wroteHeader bool
	state       compressState
	buf         []byte // body bytes held while undecided
	gz          *gzip.Writer
}

type compressState uint8

const (
	undecided compressState = iota
	passingThrough
	compressing
)

var compressWriterPool = sync.Pool{New: func() any { return new(compressWriter) }}

// release returns cw, and its gzip.Writer, to their pools without writing.
func (cw *compressWriter) release() {
	if cw.gz != nil {
		cw.gz.Reset(io.Discard) // drop the reference to the connection
		cw.c.gzips.Put(cw.gz)
	}
	buf := cw.buf[:0]
	if cap(buf) > 64<<10 {
		buf = nil // do not let one large response pin memory in the pool
	}
	*cw = compressWriter{buf: buf}
	compressWriterPool.Put(cw)
}

func (cw *compressWriter) WriteHeader(code int) {
	if cw.wroteHeader {
		return
	}
	if recorder.Informational(code) {
		cw.ResponseWriter.WriteHeader(code)
		return
	}
	cw.wroteHeader, cw.status = true, code
	if !cw.mayCompress() {
		cw.state = passingThrough
		cw.ResponseWriter.WriteHeader(code)
	}
}

// PendingStatus implements recorder.Pending: while undecided, the status
// and the first bytes are held here, and the response has started only
// for the handler above.
func (cw *compressWriter) PendingStatus() int {
	if cw.wroteHeader && cw.state == undecided {
		return cw.status
	}
	return 0
}

// mayCompress reports whether the status and headers allow compression;
// the body's size and sniffed type may still rule it out.
func (cw *compressWriter) mayCompress() bool {
	switch s := cw.status; {
	case s < 200, s == http.StatusNoContent, s == http.StatusPartialContent, s == http.StatusNotModified:
		return false
	}
	h := cw.Header()
	if h.Get("Content-Encoding") != "" || h.Get("Content-Range") != "" ||
		strings.Contains(strings.ToLower(h.Get("Cache-Control")), "no-transform") {
		return false
	}
	if ct := h.Get("Content-Type"); ct != "" && !cw.c.compressible(ct) {
		return false
	}
	if cl, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64); err == nil && cl < int64(cw.c.minSize) {
		return false
	}
	return true
}

func (cw *compressWriter) Write(p []byte) (int, error) {
	if !cw.wroteHeader {
		cw.WriteHeader(http.StatusOK)
	}
	switch cw.state {
	case passingThrough:
		return cw.ResponseWriter.Write(p)
	case compressing:
		return cw.gz.Write(p)
	}
	if len(cw.buf)+len(p) < cw.c.minSize {
		cw.buf = append(cw.buf, p...)
		return len(p), nil
	}
	if err := cw.decide(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// decide ends the undecided state: it writes the header and the held bytes
// followed by p, compressed or not.
func (cw *compressWriter) decide(p []byte) error {
	h := cw.Header()
	if _, ok := h["Content-Type"]; !ok {
		// Sniff the uncompressed bytes now; net/http would sniff gzip.
		var head [512]byte
		n := copy(head[:], cw.buf)
		n += copy(head[n:], p)
		h.Set("Content-Type", http.DetectContentType(head[:n]))
	}
	w := io.Writer(cw.ResponseWriter)
	if cw.c.compressible(h.Get("Content-Type")) {
		cw.state = compressing
		h.Del("Content-Length")
		h.Set("Content-Encoding", "gzip")
		if etag := h.Get("Etag"); strings.HasPrefix(etag, `"`) {
			h.Set("Etag", "W/"+etag)
		}
		cw.gz = cw.c.gzips.Get().(*gzip.Writer)
		cw.gz.Reset(cw.ResponseWriter)
		w = cw.gz
	} else {
		cw.state = passingThrough
	}
	cw.ResponseWriter.WriteHeader(cw.status)
	held := cw.buf
	cw.buf = cw.buf[:0]
	if len(held) > 0 {
		if _, err := w.Write(held); err != nil {
			return err
		}
	}
	if len(p) > 0 {
		_, err := w.Write(p)
		return err
	}
	return nil
}

// finish sends what is still held, uncompressed since it is below MinSize,
// or ends the gzip stream.
func (cw *compressWriter) finish() {
	switch {
	case !cw.wroteHeader:
		// Nothing written: net/http sends its default 200.
	case cw.state == undecided:
		cw.state = passingThrough
		cw.ResponseWriter.WriteHeader(cw.status)
		if len(cw.buf) > 0 {
			cw.ResponseWriter.Write(cw.buf)
		}
	case cw.state == compressing:
		cw.gz.Close()
	}
}

// FlushError sends everything written so far. An undecided response is
// decided at once, ignoring MinSize, because a handler that flushes is
// streaming and its size is unknown.
func (cw *compressWriter) FlushError() error {
	if !cw.wroteHeader {
		cw.WriteHeader(http.StatusOK)
	}
	if cw.state == undecided {
		if err := cw.decide(nil); err != nil {
			return err
		}
	}
	if cw.state == compressing {
		if err := cw.gz.Flush(); err != nil {
			return err
		}
	}
	return http.NewResponseController(cw.ResponseWriter).Flush()
}

// Flush serves handlers that assert http.Flusher directly.
func (cw *compressWriter) Flush() { _ = cw.FlushError() }

// Unwrap lets http.ResponseController reach the writer underneath for
// Hijack, deadlines and full duplex.
func (cw *compressWriter) Unwrap() http.ResponseWriter { return cw.ResponseWriter }
