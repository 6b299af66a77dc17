package middleware

import (
	"crypto/rand"
	"encoding/binary"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
)

// RequestIDHeader is the header that carries the request ID, on the request
// and on the response.
const RequestIDHeader = "X-Request-Id"

// maxRequestIDLen bounds an incoming ID so that a client cannot make every
// log line carry an arbitrarily long string.
const maxRequestIDLen = 128

// RequestIDConfig configures [RequestIDWithConfig]. The zero value is the
// behaviour of [RequestID].
type RequestIDConfig struct {
	// AlwaysGenerate makes the middleware replace any incoming X-Request-Id
	// with a fresh one. Use it when clients are not trusted to pick IDs.
	// If not set, a valid incoming ID (1 to 128 printable ASCII characters)
	// is kept and an invalid or missing one is replaced.
	AlwaysGenerate bool
}

// RequestID is middleware that gives each request an ID. It keeps a valid
// incoming X-Request-Id (1 to 128 printable ASCII characters, so that a
// proxy's ID follows the request through) and otherwise generates one of the
// form "k3j5h2a9qz-1a": a random per-process prefix and a counter. The ID is
// set on the request's header, where [GetRequestID] reads it, and on the
// response's header.
//
// RequestID changes r.Header in place rather than cloning the request, so
// that the ID costs no allocation beyond its own string.
func RequestID(next http.Handler) http.Handler {
	return RequestIDWithConfig(RequestIDConfig{})(next)
}

// RequestIDWithConfig returns [RequestID] middleware configured by cfg.
func RequestIDWithConfig(cfg RequestIDConfig) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			vals := r.Header[RequestIDHeader]
			if cfg.AlwaysGenerate || len(vals) != 1 || !validRequestID(vals[0]) {
				vals = nextRequestID()
				if r.Header == nil {
					r.Header = make(http.Header)
				}
				r.Header[RequestIDHeader] = vals
			}
			// The request and the response share the one-element slice; a
			// full slice expression makes any append copy it first.
			w.Header()[RequestIDHeader] = vals[:1:1]
			next.ServeHTTP(w, r)
		})
	}
}

// GetRequestID returns the ID that [RequestID] gave r, or "" if there is none.
// Without the RequestID middleware in front it returns whatever the client
// sent, unchecked.
func GetRequestID(r *http.Request) string {
	return r.Header.Get(RequestIDHeader)
}

func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// IDs are made in blocks of idBlockSize: one string holds a block's IDs and
// one array holds the one-element header slices, so that generating an ID
// costs two allocations per block instead of two per request. A block lives
// in a sync.Pool, so goroutines rarely share one.
const idBlockSize = 64

type idBlock struct {
	vals [idBlockSize]string
	next int
}

var (
	idPrefix  = newIDPrefix()
	idCounter atomic.Uint64
	idBlocks  = sync.Pool{}
)

// newIDPrefix returns 10 base-32 digits (50 random bits), drawn once per
// process; the counter alone then keeps IDs within the process unique.
func newIDPrefix() string {
	var b [8]byte
	rand.Read(b[:])
	n := binary.LittleEndian.Uint64(b[:]) >> 14
	s := strconv.FormatUint(n|1<<50, 32) // the leading 1 pads to 11 digits
	return s[1:]
}

func nextRequestID() []string {
	b, _ := idBlocks.Get().(*idBlock)
	if b == nil {
		b = newIDBlock()
	}
	i := b.next
	b.next++
	if b.next < idBlockSize {
		idBlocks.Put(b)
	}
	return b.vals[i : i+1 : i+1]
}

func newIDBlock() *idBlock {
	first := idCounter.Add(idBlockSize) - idBlockSize + 1
	buf := make([]byte, 0, idBlockSize*32) // constant size: stays on the stack
	var ends [idBlockSize]int
	for i := range idBlockSize {
		buf = append(buf, idPrefix...)
		buf = append(buf, '-')
		buf = strconv.AppendUint(buf, first+uint64(i), 32)
		ends[i] = len(buf)
	}
	all := string(buf)
	b := new(idBlock)
	start := 0
	for i, end := range ends {
		b.vals[i] = all[start:end]
		start = end
	}
	return b
}
