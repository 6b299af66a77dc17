package cache_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"log/slog"
	"net"
	"os"
	"sync"
	"testing"

	"github.com/pylonweb/pylon/cache"
	"github.com/redis/go-redis/v9"
)

// redisURLEnv names the variable that points the Redis tests at a server.
const redisURLEnv = "PYLON_TEST_REDIS_URL"

// backendKinds are the backends every shared test runs on.
var backendKinds = []string{"memory", "redis"}

// newBackend returns a fresh backend of the kind, closed and (for Redis)
// emptied when the test ends. It skips the test for Redis when
// PYLON_TEST_REDIS_URL is not set.
func newBackend(t testing.TB, kind string) cache.Backend {
	t.Helper()
	switch kind {
	case "memory":
		m := cache.NewMemory(cache.MemoryConfig{})
		t.Cleanup(func() { m.Close() })
		return m
	case "redis":
		client := redisClient(t)
		b := cache.NewRedis(cache.RedisConfig{Client: client, Prefix: testPrefix()})
		t.Cleanup(func() {
			if err := b.Clear(context.Background()); err != nil {
				t.Errorf("clearing test keys: %v", err)
			}
		})
		return b
	}
	t.Fatalf("unknown backend %q", kind)
	return nil
}

// redisClient returns a client for PYLON_TEST_REDIS_URL, closed when the
// test ends, or skips the test.
func redisClient(t testing.TB) *redis.Client {
	t.Helper()
	url := os.Getenv(redisURLEnv)
	if url == "" {
		t.Skipf("%s is not set; set it (for example to redis://127.0.0.1:6379/0) to run the Redis tests", redisURLEnv)
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("%s: %v", redisURLEnv, err)
	}
	client := redis.NewClient(opts)
	t.Cleanup(func() { client.Close() })
	return client
}

// testPrefix is a random key prefix, so that tests never see each other's
// keys.
func testPrefix() string { return "pylontest:" + rand.Text()[:12] + ":" }

// forEachBackend runs fn as a subtest on each backend.
func forEachBackend(t *testing.T, fn func(t *testing.T, kind string)) {
	for _, kind := range backendKinds {
		t.Run(kind, func(t *testing.T) { fn(t, kind) })
	}
}

// newRegion returns a region named "test" on a fresh backend of the kind.
func newRegion(t testing.TB, kind string, opts cache.RegionOptions) *cache.Region {
	t.Helper()
	return cache.NewRegion("test", newBackend(t, kind), opts)
}

// closedRedisURL returns the URL of a port on 127.0.0.1 that nothing
// listens on, with go-redis retries off.
func closedRedisURL(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "redis://" + addr + "/0?max_retries=-1&dial_timeout=1s"
}

// logBuffer is a slog.Logger writing to a buffer that is safe to read
// while the logger writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(b, nil)) }
