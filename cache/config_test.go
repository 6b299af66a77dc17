package cache_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pylonweb/pylon/cache"
)

func decodeConfig(t *testing.T, text string) cache.Config {
	t.Helper()
	var file struct {
		Cache cache.Config `toml:"cache"`
	}
	if err := toml.Unmarshal([]byte(text), &file); err != nil {
		t.Fatal(err)
	}
	return file.Cache
}

func TestConfigFromTOML(t *testing.T) {
	cfg := decodeConfig(t, `
[cache.regions.short_term]
ttl = "1m"
size = 100
backend = "memory"

[cache.regions.long_term]
ttl = "1h"
negative_ttl = "30s"
encoding = "gob"
fail_closed = true
lock_ttl = "5s"
`)
	st, lt := cfg.Regions["short_term"], cfg.Regions["long_term"]
	if st.TTL.Std() != time.Minute || st.Size != 100 || st.Backend != "memory" {
		t.Errorf("short_term = %+v", st)
	}
	if lt.TTL.Std() != time.Hour || lt.NegativeTTL.Std() != 30*time.Second || lt.Encoding != "gob" || !lt.FailClosed || lt.LockTTL.Std() != 5*time.Second {
		t.Errorf("long_term = %+v", lt)
	}
	c, err := cache.New(cfg)
	must(t, err)
	defer c.Close()
	if got := c.Region("short_term").TTL(); got != time.Minute {
		t.Errorf("short_term TTL = %v", got)
	}
	if _, ok := c.Region("long_term").Backend().(*cache.Memory); !ok {
		t.Errorf("long_term backend = %T, want *cache.Memory by default", c.Region("long_term").Backend())
	}
}

func TestDefaultRegions(t *testing.T) {
	c, err := cache.New(cache.Config{})
	must(t, err)
	defer c.Close()
	if got := strings.Join(c.Names(), ","); got != "long_term,short_term" {
		t.Errorf("Names = %s", got)
	}
	defer func() {
		if v := recover(); v == nil || !strings.Contains(v.(string), "short_term") {
			t.Errorf("Region of an unknown name: recovered %v, want a panic naming the regions", v)
		}
	}()
	c.Region("nope")
}

func TestConfigErrors(t *testing.T) {
	for name, cfg := range map[string]cache.Config{
		"backend":  {Regions: map[string]cache.RegionConfig{"r": {Backend: "memcached"}}},
		"encoding": {Regions: map[string]cache.RegionConfig{"r": {Encoding: "xml"}}},
		"url":      {Backend: "redis", RedisURL: "http://nope"},
	} {
		if c, err := cache.New(cfg); err == nil {
			c.Close()
			t.Errorf("%s: New succeeded", name)
		}
	}
}

// TestSwitchToRedisByConfiguration runs the same code on a region whose
// TOML names the redis backend.
func TestSwitchToRedisByConfiguration(t *testing.T) {
	redisClient(t) // skips without PYLON_TEST_REDIS_URL
	cfg := decodeConfig(t, `
[cache]
backend = "redis"
prefix = "`+testPrefix()+`"

[cache.regions.short_term]
ttl = "1m"
`)
	cfg.RedisURL = os.Getenv(redisURLEnv)
	c, err := cache.New(cfg)
	must(t, err)
	defer c.Close()
	ctx := context.Background()
	r := c.Region("short_term")
	defer r.Clear(ctx)
	if _, ok := r.Backend().(*cache.Redis); !ok {
		t.Fatalf("backend = %T, want *cache.Redis", r.Backend())
	}
	must(t, c.Ping(ctx))
	v, err := cache.GetOrLoadT(ctx, r, "k", func(context.Context) (int, error) { return 42, nil })
	if err != nil || v != 42 {
		t.Fatalf("GetOrLoadT = %d, %v", v, err)
	}
	if v, err := cache.GetT[int](ctx, r, "k"); err != nil || v != 42 {
		t.Errorf("GetT = %d, %v", v, err)
	}
}
