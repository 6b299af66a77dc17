package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/pylonweb/pylon/ratelimit"
)

func ExampleMiddleware() {
	store := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{})
	defer store.Close()
	limit := ratelimit.Middleware(ratelimit.Config{
		Rate:  ratelimit.PerMinute(2), // a burst of two, then one every 30 seconds
		Store: store,
	})
	h := limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hello")
	}))

	for range 3 {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = "203.0.113.7:4711"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Printf("%d remaining=%s retry-after=%q\n", rec.Code,
			rec.Header().Get("RateLimit-Remaining"), rec.Header().Get("Retry-After"))
	}
	// Output:
	// 200 remaining=1 retry-after=""
	// 200 remaining=0 retry-after=""
	// 429 remaining=0 retry-after="30"
}
