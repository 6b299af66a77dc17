package middleware

import (
	"compress/gzip"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/pylonweb/pylon/internal/vary"
)

// CompressConfig configures [Compress]. The zero value is ready to use.
type CompressConfig struct {
	// Level is the gzip level, from gzip.HuffmanOnly (-2) to
	// gzip.BestCompression (9).
	// If not set (0), gzip.DefaultCompression; gzip.NoCompression cannot be
	// asked for, because leaving out Compress does that better.
	Level int

	// MinSize is the body size, in bytes, below which a response is sent
	// uncompressed: gzip's framing costs about 20 bytes and small bodies
	// rarely shrink. Compress buffers up to MinSize bytes to decide, unless a
	// Content-Length header or a Flush decides earlier.
	// If not set, 1024. Set it to 1 to compress every non-empty response.
	MinSize int

	// ContentTypes lists the media types to compress, such as "text/html"
	// or "text/*"; parameters such as charset are ignored.
	// If not set, every type is compressed except those that already are:
	// images other than SVG, BMP and icons, audio, video, fonts in WOFF and
	// WOFF2, archives, PDF and application/octet-stream.
	ContentTypes []string
}

// Compress returns middleware that gzips responses for clients whose
// Accept-Encoding admits gzip (q-values are honoured; "gzip;q=0" refuses).
// It adds "Vary: Accept-Encoding" to every response and leaves a response
// uncompressed when the request is HEAD, the status is 1xx, 204, 206 or
// 304, the handler set Content-Encoding or "Cache-Control: no-transform",
// the body is smaller than MinSize, or the Content-Type is not compressed
// (see ContentTypes). A response without a Content-Type gets one sniffed from
// its uncompressed bytes. When it compresses, Compress removes Content-Length
// and turns a strong ETag weak, since the bytes differ from the resource's.
//
// Flush (directly or through [http.ResponseController]) sends all bytes
// written so far, compressed. Compress panics if cfg.Level is out of range.
func Compress(cfg CompressConfig) func(http.Handler) http.Handler {
	c := newCompressor(cfg)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			vary.Add(w.Header(), "Accept-Encoding")
			if r.Method == http.MethodHead || !acceptsGzip(r.Header["Accept-Encoding"]) {
				next.ServeHTTP(w, r)
				return
			}
			cw := compressWriterPool.Get().(*compressWriter)
			cw.ResponseWriter, cw.c = w, c
			// On a panic release drops what was buffered instead of
			// finishing a response the handler never completed.
			defer cw.release()
			next.ServeHTTP(cw, r)
			cw.finish()
		})
	}
}

// compressor is a Compress middleware's configuration, resolved, and its
// pool of gzip writers, which are specific to a level.
type compressor struct {
	minSize int
	types   []string // lower case; "text/*" kept as the prefix "text/"
	gzips   sync.Pool
}

func newCompressor(cfg CompressConfig) *compressor {
	level := cfg.Level
	if level == 0 {
		level = gzip.DefaultCompression
	}
	if _, err := gzip.NewWriterLevel(nil, level); err != nil {
		panic(fmt.Sprintf("middleware: Compress: %v", err))
	}
	c := &compressor{minSize: cfg.MinSize}
	if c.minSize <= 0 {
		c.minSize = 1024
	}
	for _, t := range cfg.ContentTypes {
		t = strings.ToLower(strings.TrimSpace(t))
		c.types = append(c.types, strings.TrimSuffix(t, "*"))
	}
	c.gzips.New = func() any {
		gz, _ := gzip.NewWriterLevel(nil, level)
		return gz
	}
	return c
}

// compressible reports whether responses of the given Content-Type are
// compressed.
func (c *compressor) compressible(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if c.types == nil {
		return !alreadyCompressed(mt)
	}
	for _, t := range c.types {
		if mt == t || (strings.HasSuffix(t, "/") && strings.HasPrefix(mt, t)) {
			return true
		}
	}
	return false
}

func alreadyCompressed(mediaType string) bool {
	switch mediaType {
	case "image/svg+xml", "image/bmp", "image/x-icon", "image/vnd.microsoft.icon":
		return false
	case "application/zip", "application/gzip", "application/x-gzip",
		"application/x-bzip2", "application/x-xz", "application/zstd",
		"application/x-7z-compressed", "application/vnd.rar", "application/x-rar-compressed",
		"application/pdf", "application/octet-stream",
		"font/woff", "font/woff2", "application/font-woff":
		return true
	}
	return strings.HasPrefix(mediaType, "image/") ||
		strings.HasPrefix(mediaType, "video/") ||
		strings.HasPrefix(mediaType, "audio/")
}
