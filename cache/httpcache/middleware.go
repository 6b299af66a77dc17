package httpcache

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/pylonweb/pylon/cache"
)

// Config configures Middleware.
type Config struct {
	// Region stores the responses. On a Redis region the encoding must be
	// json or gob. Required: Middleware panics without it.
	Region *cache.Region

	// TTL is how long a response without s-maxage or max-age is kept.
	// If not set, the region's TTL.
	TTL time.Duration

	// Statuses lists the status codes whose responses are stored, such as
	// 200, 301 and 404. If not set, 200 only.
	Statuses []int

	// MaxBodySize is the largest body, in bytes, that is stored; larger
	// responses pass through uncached. If not set, 1 MiB.
	MaxBodySize int64
}

const defaultMaxBodySize = 1 << 20

// Middleware returns middleware that answers GET and HEAD requests from
// cfg.Region and stores the responses it may (see the package doc for
// the rules). It always fails open: if the region fails, the handler
// answers. Concurrent misses of one URL all reach the handler, since
// responses stream; put a GetOrLoad in the handler to load its data once.
func Middleware(cfg Config) func(http.Handler) http.Handler {
	if cfg.Region == nil {
		panic("httpcache.Middleware: Config.Region is nil")
	}
	if cfg.MaxBodySize <= 0 {
		cfg.MaxBodySize = defaultMaxBodySize
	}
	if len(cfg.Statuses) == 0 {
		cfg.Statuses = []int{http.StatusOK}
	}
	c := &httpCache{cfg: cfg, entries: cache.Typed[entry]{Region: cfg.Region}}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { c.serve(w, r, next) })
	}
}

type httpCache struct {
	cfg     Config
	entries cache.Typed[entry]
}

func (c *httpCache) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) ||
		r.Header.Get("Authorization") != "" || r.Header.Get("Upgrade") != "" {
		next.ServeHTTP(w, r)
		return
	}
	reqCC := parseCacheControl(r.Header)
	if reqCC.noStore {
		next.ServeHTTP(w, r)
		return
	}
	base := baseKey(r)
	revalidate := reqCC.noCache || (reqCC.hasMaxAge && reqCC.maxAge == 0) || r.Header.Get("Pragma") == "no-cache"
	if !revalidate {
		if e, ok := c.lookup(r.Context(), base, r); ok {
			c.serveHit(w, r, e)
			return
		}
	}
	if r.Method == http.MethodHead {
		// A HEAD response has no body to store or hash.
		next.ServeHTTP(w, r)
		return
	}
	w.Header().Set("X-Cache", "MISS")
	rec := &recorder{ResponseWriter: w, max: c.cfg.MaxBodySize}
	next.ServeHTTP(rec, r)
	c.store(context.WithoutCancel(r.Context()), base, r, rec)
}

// lookup finds the stored response for r, following a variant marker.
func (c *httpCache) lookup(ctx context.Context, base string, r *http.Request) (entry, bool) {
	e, err := c.entries.Get(ctx, base)
	if err == nil && e.isMarker() {
		e, err = c.entries.Get(ctx, variantKey(base, e.Vary, r))
	}
	return e, err == nil && e.Status != 0
}

func (c *httpCache) serveHit(w http.ResponseWriter, r *http.Request, e entry) {
	h := w.Header()
	age := strconv.Itoa(int(max(time.Since(e.Stored), 0) / time.Second))
	if matches(r.Header.Values("If-None-Match"), e.ETag) {
		for _, name := range notModifiedHeaders {
			if v, ok := e.Header[name]; ok {
				h[name] = v
			}
		}
		h.Set("ETag", e.ETag)
		h.Set("Age", age)
		h.Set("X-Cache", "HIT")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	for name, v := range e.Header {
		h[name] = v
	}
	h.Set("ETag", e.ETag)
	h.Set("Age", age)
	h.Set("X-Cache", "HIT")
	h.Set("Content-Length", strconv.Itoa(len(e.Body)))
	w.WriteHeader(e.Status)
	if r.Method != http.MethodHead {
		w.Write(e.Body)
	}
}

// store keeps the recorded response if the rules allow.
func (c *httpCache) store(ctx context.Context, base string, r *http.Request, rec *recorder) {
	if rec.status == 0 || rec.flushed || rec.overflow || !slices.Contains(c.cfg.Statuses, rec.status) {
		return
	}
	h := rec.header
	if h.Get("Set-Cookie") != "" || h.Get("Trailer") != "" {
		return
	}
	cc := parseCacheControl(h)
	if cc.noStore || cc.private || cc.noCache {
		return
	}
	ttl := c.cfg.TTL
	if d, ok := cc.ttl(); ok {
		if d <= 0 {
			return
		}
		ttl = d
	}
	names, star := varyNames(h)
	if star {
		return
	}
	for _, name := range unstoredHeaders {
		delete(h, name)
	}
	body := rec.body.Bytes()
	etag := h.Get("ETag")
	if etag == "" {
		etag = bodyETag(body)
	}
	e := entry{Status: rec.status, Header: h, Body: body, ETag: etag, Stored: time.Now()}
	key := base
	if len(names) > 0 {
		// The marker lives at least as long as the variant it leads to.
		if err := c.entries.SetWithTTL(ctx, base, entry{Vary: names}, max(ttl, c.cfg.Region.TTL())); err != nil {
			return
		}
		key = variantKey(base, names, r)
	}
	_ = c.entries.SetWithTTL(ctx, key, e, ttl)
}
