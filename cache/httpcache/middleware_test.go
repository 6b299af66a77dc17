package httpcache_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/cache"
	"github.com/pylonweb/pylon/cache/httpcache"
)

func page(body string, header ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Add(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, body)
	})
}

func TestHitAfterMiss(t *testing.T) {
	forEachBackend(t, cache.RegionOptions{TTL: time.Hour}, func(t *testing.T, r *cache.Region) {
		h := &counting{h: page("hello", "X-Custom", "1")}
		mw := httpcache.Middleware(httpcache.Config{Region: r})(h)

		first := do(mw, "GET", "/a?x=1")
		if first.Code != 200 || first.Body.String() != "hello" || first.Header().Get("X-Cache") != "MISS" {
			t.Fatalf("miss: %d %q X-Cache=%q", first.Code, first.Body, first.Header().Get("X-Cache"))
		}
		second := do(mw, "GET", "/a?x=1")
		if second.Code != 200 || second.Body.String() != "hello" || second.Header().Get("X-Cache") != "HIT" {
			t.Fatalf("hit: %d %q X-Cache=%q", second.Code, second.Body, second.Header().Get("X-Cache"))
		}
		if h.n.Load() != 1 {
			t.Errorf("handler ran %d times, want 1", h.n.Load())
		}
		for name, want := range map[string]string{"X-Custom": "1", "Content-Type": "text/plain", "Content-Length": "5", "Age": "0"} {
			if got := second.Header().Get(name); got != want {
				t.Errorf("hit %s = %q, want %q", name, got, want)
			}
		}
		if etag := second.Header().Get("ETag"); !strings.HasPrefix(etag, `"`) {
			t.Errorf("hit ETag = %q, want a strong tag", etag)
		}
		if do(mw, "GET", "/a?x=2"); h.n.Load() != 2 {
			t.Error("another query string was served from the cache")
		}
	})
}

func TestIfNoneMatch(t *testing.T) {
	forEachBackend(t, cache.RegionOptions{}, func(t *testing.T, r *cache.Region) {
		mw := httpcache.Middleware(httpcache.Config{Region: r})(page("body", "Cache-Control", "max-age=60"))
		do(mw, "GET", "/")
		etag := do(mw, "GET", "/").Header().Get("ETag")
		for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
			w := do(mw, "GET", "/", "If-None-Match", inm)
			if w.Code != http.StatusNotModified || w.Body.Len() != 0 || w.Header().Get("ETag") != etag {
				t.Errorf("If-None-Match %s: %d, body %q, ETag %q; want 304 with the ETag", inm, w.Code, w.Body, w.Header().Get("ETag"))
			}
			if w.Header().Get("Cache-Control") != "max-age=60" {
				t.Errorf("304 lost Cache-Control: %q", w.Header().Get("Cache-Control"))
			}
		}
		if w := do(mw, "GET", "/", "If-None-Match", `"stale"`); w.Code != 200 || w.Body.String() != "body" {
			t.Errorf("non-matching If-None-Match: %d %q", w.Code, w.Body)
		}
	})
}

func TestHandlerETagKept(t *testing.T) {
	forEachBackend(t, cache.RegionOptions{}, func(t *testing.T, r *cache.Region) {
		mw := httpcache.Middleware(httpcache.Config{Region: r})(page("x", "ETag", `"v7"`))
		do(mw, "GET", "/")
		if w := do(mw, "GET", "/", "If-None-Match", `"v7"`); w.Code != http.StatusNotModified {
			t.Errorf("handler's ETag: got %d, want 304", w.Code)
		}
	})
}

// An entity tag may hold commas; If-None-Match lists are split between
// tags, not inside them.
func TestIfNoneMatchCommaInTag(t *testing.T) {
	for _, tc := range []struct {
		etag, inm string
		want      int
	}{
		{`"v1,2"`, `"v1,2"`, http.StatusNotModified},
		{`"v1,2"`, `"other", W/"v1,2"`, http.StatusNotModified},
		{`"v1,2"`, `"a,b" ,"v1,2",`, http.StatusNotModified},
		{`"v1,2"`, `"v1", "2"`, http.StatusOK},
		{`"v1"`, `"v1,2"`, http.StatusOK},
		{`"v1"`, `"x,"v1"`, http.StatusOK},
		{`"v1"`, `"v1"junk`, http.StatusOK},
		{`"v1"`, `junk, "v1"`, http.StatusNotModified},
	} {
		forEachBackend(t, cache.RegionOptions{}, func(t *testing.T, r *cache.Region) {
			mw := httpcache.Middleware(httpcache.Config{Region: r})(page("x", "ETag", tc.etag))
			do(mw, "GET", "/")
			if w := do(mw, "GET", "/", "If-None-Match", tc.inm); w.Code != tc.want {
				t.Errorf("ETag %s, If-None-Match %s: got %d, want %d", tc.etag, tc.inm, w.Code, tc.want)
			}
		})
	}
}

func TestHead(t *testing.T) {
	forEachBackend(t, cache.RegionOptions{}, func(t *testing.T, r *cache.Region) {
		h := &counting{h: page("hello")}
		mw := httpcache.Middleware(httpcache.Config{Region: r})(h)
		do(mw, "HEAD", "/")
		do(mw, "HEAD", "/")
		if h.n.Load() != 2 {
			t.Errorf("HEAD misses reached the handler %d times, want 2 (not stored)", h.n.Load())
		}
		do(mw, "GET", "/")
		w := do(mw, "HEAD", "/")
		if h.n.Load() != 3 || w.Header().Get("X-Cache") != "HIT" || w.Body.Len() != 0 || w.Header().Get("Content-Length") != "5" {
			t.Errorf("HEAD after GET: handler runs %d, X-Cache %q, body %q, Content-Length %q",
				h.n.Load(), w.Header().Get("X-Cache"), w.Body, w.Header().Get("Content-Length"))
		}
	})
}

func TestNotStored(t *testing.T) {
	status := func(code int) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code) })
	}
	cases := []struct {
		name    string
		handler http.Handler
		method  string
		header  []string
	}{
		{"Set-Cookie", page("x", "Set-Cookie", "a=b"), "GET", nil},
		{"no-store", page("x", "Cache-Control", "no-store"), "GET", nil},
		{"private", page("x", "Cache-Control", "private, max-age=60"), "GET", nil},
		{"no-cache", page("x", "Cache-Control", "no-cache"), "GET", nil},
		{"max-age=0", page("x", "Cache-Control", "max-age=0"), "GET", nil},
		{"s-maxage=0 wins", page("x", "Cache-Control", "max-age=60, s-maxage=0"), "GET", nil},
		{"Vary *", page("x", "Vary", "*"), "GET", nil},
		{"500", status(500), "GET", nil},
		{"404 by default", status(404), "GET", nil},
		{"POST", page("x"), "POST", nil},
		{"Authorization", page("x"), "GET", []string{"Authorization", "Bearer t"}},
		{"request no-store", page("x"), "GET", []string{"Cache-Control", "no-store"}},
		{"empty handler", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), "GET", nil},
	}
	forEachBackend(t, cache.RegionOptions{}, func(t *testing.T, r *cache.Region) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				h := &counting{h: tc.handler}
				mw := httpcache.Middleware(httpcache.Config{Region: r})(h)
				target := "/" + strings.ReplaceAll(tc.name, " ", "-")
				do(mw, tc.method, target, tc.header...)
				w := do(mw, tc.method, target, tc.header...)
				if h.n.Load() != 2 || w.Header().Get("X-Cache") == "HIT" {
					t.Errorf("handler ran %d times (want 2), X-Cache %q", h.n.Load(), w.Header().Get("X-Cache"))
				}
			})
		}
	})
}

func TestStatusesConfig(t *testing.T) {
	forEachBackend(t, cache.RegionOptions{}, func(t *testing.T, r *cache.Region) {
		h := &counting{h: http.NotFoundHandler()}
		mw := httpcache.Middleware(httpcache.Config{Region: r, Statuses: []int{200, 404}})(h)
		do(mw, "GET", "/missing")
		if w := do(mw, "GET", "/missing"); w.Code != 404 || h.n.Load() != 1 {
			t.Errorf("404 with Statuses 200,404: code %d, handler runs %d; want a cached 404", w.Code, h.n.Load())
		}
	})
}

func TestVary(t *testing.T) {
	forEachBackend(t, cache.RegionOptions{}, func(t *testing.T, r *cache.Region) {
		h := &counting{h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Vary", "Accept-Language")
			fmt.Fprint(w, "lang="+r.Header.Get("Accept-Language"))
		})}
		mw := httpcache.Middleware(httpcache.Config{Region: r})(h)
		for range 2 {
			for _, lang := range []string{"en", "fr"} {
				if w := do(mw, "GET", "/", "Accept-Language", lang); w.Body.String() != "lang="+lang {
					t.Fatalf("Accept-Language %s got %q", lang, w.Body)
				}
			}
		}
		if h.n.Load() != 2 {
			t.Errorf("two variants, four requests: handler ran %d times, want 2", h.n.Load())
		}
	})
}

func TestRequestNoCacheRefreshes(t *testing.T) {
	forEachBackend(t, cache.RegionOptions{}, func(t *testing.T, r *cache.Region) {
		version := 1
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, "v%d", version) })
		mw := httpcache.Middleware(httpcache.Config{Region: r})(h)
		do(mw, "GET", "/")
		version = 2
		if w := do(mw, "GET", "/"); w.Body.String() != "v1" {
			t.Fatalf("cached body %q, want v1", w.Body)
		}
		for _, hdr := range [][]string{{"Cache-Control", "no-cache"}, {"Cache-Control", "max-age=0"}, {"Pragma", "no-cache"}} {
			version++
			want := fmt.Sprintf("v%d", version)
			if w := do(mw, "GET", "/", hdr...); w.Body.String() != want {
				t.Errorf("%s: %s got %q, want %q", hdr[0], hdr[1], w.Body, want)
			}
			if w := do(mw, "GET", "/"); w.Body.String() != want {
				t.Errorf("after %s: %s the cache holds %q, want the refreshed %q", hdr[0], hdr[1], w.Body, want)
			}
		}
	})
}

func TestMaxAgeSetsTTL(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := cache.NewMemory(cache.MemoryConfig{})
		defer m.Close()
		r := cache.NewRegion("http", m, cache.RegionOptions{TTL: time.Hour})
		h := &counting{h: page("x", "Cache-Control", "public, max-age=100, s-maxage=10")}
		mw := httpcache.Middleware(httpcache.Config{Region: r})(h)
		do(mw, "GET", "/")
		time.Sleep(9 * time.Second)
		if w := do(mw, "GET", "/"); w.Header().Get("Age") != "9" || h.n.Load() != 1 {
			t.Errorf("at 9s: handler runs %d, Age %q; want a hit of age 9", h.n.Load(), w.Header().Get("Age"))
		}
		time.Sleep(2 * time.Second)
		if do(mw, "GET", "/"); h.n.Load() != 2 {
			t.Errorf("s-maxage=10 response still served at 11s")
		}
	})
}

// A max-age too large for an int64 is 2^31 seconds (RFC 9111, 1.2.2), not
// malformed: the response is stored.
func TestMaxAgeOverflow(t *testing.T) {
	for _, cc := range []string{"max-age=99999999999999999999", `s-maxage="99999999999999999999"`, "max-age=2147483649"} {
		forEachBackend(t, cache.RegionOptions{TTL: time.Hour}, func(t *testing.T, r *cache.Region) {
			h := &counting{h: page("x", "Cache-Control", cc)}
			mw := httpcache.Middleware(httpcache.Config{Region: r})(h)
			do(mw, "GET", "/")
			if w := do(mw, "GET", "/"); w.Code != 200 || w.Header().Get("X-Cache") != "HIT" || h.n.Load() != 1 {
				t.Errorf("Cache-Control %s: %d, X-Cache %q, handler runs %d; want a hit", cc, w.Code, w.Header().Get("X-Cache"), h.n.Load())
			}
		})
	}
}

func TestMaxBodySize(t *testing.T) {
	forEachBackend(t, cache.RegionOptions{}, func(t *testing.T, r *cache.Region) {
		h := &counting{h: page(strings.Repeat("x", 100))}
		mw := httpcache.Middleware(httpcache.Config{Region: r, MaxBodySize: 99})(h)
		do(mw, "GET", "/")
		if w := do(mw, "GET", "/"); h.n.Load() != 2 || w.Body.Len() != 100 {
			t.Errorf("oversized body: handler runs %d, body %d bytes; want 2 runs and the whole body", h.n.Load(), w.Body.Len())
		}
	})
}

func TestRedisDownServesFromHandler(t *testing.T) {
	c, err := cache.New(cache.Config{
		Backend:  "redis",
		RedisURL: "redis://127.0.0.1:1/0?max_retries=-1",
		Regions:  map[string]cache.RegionConfig{"http": {}},
		Logger:   discardLogger(),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	mw := httpcache.Middleware(httpcache.Config{Region: c.Region("http")})(page("ok"))
	for range 2 {
		if w := do(mw, "GET", "/"); w.Code != 200 || w.Body.String() != "ok" {
			t.Fatalf("with Redis down: %d %q", w.Code, w.Body)
		}
	}
}
