package httpcache_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"

	"github.com/pylonweb/pylon/cache"
	"github.com/redis/go-redis/v9"
)

const redisURLEnv = "PYLON_TEST_REDIS_URL"

// forEachBackend runs fn on a memory region and, when
// PYLON_TEST_REDIS_URL is set, on a Redis region.
func forEachBackend(t *testing.T, opts cache.RegionOptions, fn func(t *testing.T, r *cache.Region)) {
	t.Run("memory", func(t *testing.T) {
		m := cache.NewMemory(cache.MemoryConfig{})
		t.Cleanup(func() { m.Close() })
		fn(t, cache.NewRegion("http", m, opts))
	})
	t.Run("redis", func(t *testing.T) {
		url := os.Getenv(redisURLEnv)
		if url == "" {
			t.Skipf("%s is not set; set it (for example to redis://127.0.0.1:6379/0) to run the Redis tests", redisURLEnv)
		}
		ro, err := redis.ParseURL(url)
		if err != nil {
			t.Fatal(err)
		}
		client := redis.NewClient(ro)
		b := cache.NewRedis(cache.RedisConfig{Client: client, Prefix: "pylontest:" + rand.Text()[:12] + ":"})
		t.Cleanup(func() {
			b.Clear(context.Background())
			client.Close()
		})
		fn(t, cache.NewRegion("http", b, opts))
	})
}

// counting wraps h and counts the requests that reach it.
type counting struct {
	h http.Handler
	n atomic.Int64
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.n.Add(1)
	c.h.ServeHTTP(w, r)
}

// do sends a request through h and returns the recorded response.
func do(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}
