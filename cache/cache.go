package cache

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/redis/go-redis/v9"
)

// Cache is a set of named regions built from a Config, and the owner of
// their backends and Redis clients. Its methods may be called
// concurrently.
type Cache struct {
	regions  map[string]*Region
	backends []Backend
	clients  []*redis.Client
}

// New builds the regions cfg describes. Redis clients connect lazily, so
// New succeeds while Redis is down; it fails on an unknown backend or
// encoding or a malformed Redis URL. Close the Cache when done.
func New(cfg Config) (*Cache, error) {
	regions := cfg.Regions
	if len(regions) == 0 {
		regions = DefaultRegions()
	}
	c := &Cache{regions: map[string]*Region{}}
	clients := map[string]*redis.Client{}
	for _, name := range slices.Sorted(maps.Keys(regions)) {
		rc := regions[name]
		codec := rc.Codec
		if codec == nil {
			var err error
			if codec, err = CodecFor(rc.Encoding); err != nil {
				c.Close()
				return nil, fmt.Errorf("cache: region %q: %w", name, err)
			}
		}
		backend, err := c.backend(cfg, name, rc, clients)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("cache: region %q: %w", name, err)
		}
		c.regions[name] = NewRegion(name, backend, RegionOptions{
			TTL:         rc.TTL.Std(),
			NegativeTTL: rc.NegativeTTL.Std(),
			Codec:       codec,
			FailClosed:  rc.FailClosed,
			LockTTL:     rc.LockTTL.Std(),
			Logger:      cfg.Logger,
		})
	}
	return c, nil
}

func (c *Cache) backend(cfg Config, name string, rc RegionConfig, clients map[string]*redis.Client) (Backend, error) {
	kind := firstSet(rc.Backend, cfg.Backend, "memory")
	switch kind {
	case "memory":
		b := NewMemory(MemoryConfig{Size: rc.Size, ClockResolution: rc.ClockResolution.Std()})
		c.backends = append(c.backends, b)
		return b, nil
	case "redis":
		url := firstSet(rc.RedisURL, cfg.RedisURL, DefaultRedisURL)
		client := clients[url]
		if client == nil {
			opts, err := redis.ParseURL(url)
			if err != nil {
				return nil, fmt.Errorf("redis URL: %w", err)
			}
			opts.DialerRetries = 1
			if cfg.RedisOptions != nil {
				cfg.RedisOptions(opts)
			}
			client = redis.NewClient(opts)
			clients[url] = client
			c.clients = append(c.clients, client)
		}
		b := NewRedis(RedisConfig{Client: client, Prefix: firstSet(cfg.Prefix, DefaultRedisPrefix) + name + ":"})
		c.backends = append(c.backends, b)
		return b, nil
	}
	return nil, fmt.Errorf("unknown backend %q (want memory or redis)", kind)
}

// firstSet returns the first of values that is not empty.
func firstSet(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// Region returns the region named name. It panics if there is none, since
// region names are fixed in code and configuration: the panic names the
// regions there are.
func (c *Cache) Region(name string) *Region {
	r, ok := c.regions[name]
	if !ok {
		panic(fmt.Sprintf("cache: no region %q (configured: %s)", name, strings.Join(c.Names(), ", ")))
	}
	return r
}

// Names returns the names of the regions, sorted.
func (c *Cache) Names() []string { return slices.Sorted(maps.Keys(c.regions)) }

// Ping checks every Redis client, for a readiness check or a start hook.
func (c *Cache) Ping(ctx context.Context) error {
	var errs []error
	for _, cl := range c.clients {
		if err := cl.Ping(ctx).Err(); err != nil {
			errs = append(errs, fmt.Errorf("cache: redis %s: %w", cl.Options().Addr, err))
		}
	}
	return errors.Join(errs...)
}

// Close closes the backends and the Redis clients.
func (c *Cache) Close() error {
	var errs []error
	for _, b := range c.backends {
		errs = append(errs, b.Close())
	}
	for _, cl := range c.clients {
		errs = append(errs, cl.Close())
	}
	return errors.Join(errs...)
}
