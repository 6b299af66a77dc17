package httpcache_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/pylonweb/pylon/cache"
	"github.com/pylonweb/pylon/cache/httpcache"
)

func ExampleMiddleware() {
	c, err := cache.New(cache.Config{})
	if err != nil {
		panic(err)
	}
	defer c.Close()

	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("rendering")
		w.Header().Set("Cache-Control", "public, max-age=60")
		fmt.Fprint(w, "<h1>Articles</h1>")
	})
	h := httpcache.Middleware(httpcache.Config{Region: c.Region("short_term")})(page)

	var etag string
	for range 2 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/articles", nil))
		fmt.Println(w.Code, w.Header().Get("X-Cache"), w.Body)
		etag = w.Header().Get("ETag")
	}
	req := httptest.NewRequest("GET", "/articles", nil)
	req.Header.Set("If-None-Match", etag)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	fmt.Println(w.Code)
	// Output:
	// rendering
	// 200 MISS <h1>Articles</h1>
	// 200 HIT <h1>Articles</h1>
	// 304
}
