package cache

import (
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pylonweb/pylon/internal/duration"
)

// Config configures a Cache: its regions and where they keep entries. It
// reads from the [cache] section of a Pylon configuration file:
//
//	[cache]
//	redis_url = "redis://127.0.0.1:6379/0"
//
//	[cache.regions.short_term]
//	ttl = "1m"
//	size = 10000
//	backend = "memory"
//
//	[cache.regions.long_term]
//	ttl = "1h"
//	backend = "redis"
//	encoding = "gob"
//
// Moving a region to Redis is a change of its backend (or of the default
// Backend); the code that uses the region stays the same.
type Config struct {
	// Backend is the backend of regions that do not name one: "memory" or
	// "redis". If not set, "memory".
	Backend string `toml:"backend"`

	// RedisURL is the Redis server of regions on the "redis" backend, as
	// redis://[:password@]host:port/db; go-redis options go in the query
	// (dial_timeout=1s&max_retries=1). Regions with the same URL share one
	// client. If not set, redis://127.0.0.1:6379/0.
	RedisURL string `toml:"redis_url"`

	// Prefix starts the Redis keys of every region, followed by the
	// region's name and a colon. If not set, DefaultRedisPrefix.
	Prefix string `toml:"prefix"`

	// Regions configures the regions by name.
	// If not set, DefaultRegions: short_term and long_term.
	Regions map[string]RegionConfig `toml:"regions"`

	// RedisOptions, when set in code, adjusts the go-redis options parsed
	// from a Redis URL before the client is made (TLS, pool sizes, hooks).
	// If not set, the URL's options, with DialerRetries 1 so that a read
	// fails over to the loader at once when Redis is down, instead of after
	// go-redis's default five dial attempts 100ms apart.
	RedisOptions func(*redis.Options) `toml:"-"`

	// Logger receives the log lines of regions that fail open.
	// If not set, slog.Default().
	Logger *slog.Logger `toml:"-"`
}

// RegionConfig configures one region of a Cache.
type RegionConfig struct {
	// Backend is "memory" or "redis". If not set, Config.Backend.
	Backend string `toml:"backend"`

	// TTL is how long an entry lives after it is written, such as "5m".
	// If not set, entries do not expire (memory entries are still evicted
	// when the region is full).
	TTL Duration `toml:"ttl"`

	// Size is the most entries a memory region keeps. Redis ignores it:
	// Redis's maxmemory policy bounds Redis. If not set, DefaultSize.
	Size int `toml:"size"`

	// NegativeTTL is how long a loader's ErrNotFound is remembered.
	// If not set, "not found" is not cached.
	NegativeTTL Duration `toml:"negative_ttl"`

	// ClockResolution makes a memory region read a clock updated once per
	// ClockResolution, such as "10ms": cheaper hits, expiry that much less
	// exact (see MemoryConfig.ClockResolution). If not set, every read
	// reads the system clock.
	ClockResolution Duration `toml:"clock_resolution"`

	// Encoding is how a Redis region encodes values: "json", "gob" or
	// "raw". If not set, "json". Memory regions do not encode.
	Encoding string `toml:"encoding"`

	// Codec, when set in code, replaces Encoding with a Codec of your own.
	// If not set, the codec Encoding names.
	Codec Codec `toml:"-"`

	// FailClosed makes backend errors errors for the caller. If not set
	// (false), the region fails open: it logs, and reads miss so that
	// GetOrLoad calls the loader. See RegionOptions.FailClosed.
	FailClosed bool `toml:"fail_closed"`

	// LockTTL turns on a Redis lock around loads, so that misses of one
	// key across processes run the loader once. If not set, stampede
	// protection is per process. See RegionOptions.LockTTL.
	LockTTL Duration `toml:"lock_ttl"`

	// RedisURL is this region's Redis server. If not set, Config.RedisURL.
	RedisURL string `toml:"redis_url"`
}

// DefaultRegions are the regions of a Cache whose Config sets none, after
// Beaker's customary two.
func DefaultRegions() map[string]RegionConfig {
	return map[string]RegionConfig{
		"short_term": {TTL: Duration(time.Minute), Size: DefaultSize},
		"long_term":  {TTL: Duration(time.Hour), Size: DefaultSize},
	}
}

// DefaultRedisURL is the Redis server of a Config whose RedisURL is not set.
const DefaultRedisURL = "redis://127.0.0.1:6379/0"

// Duration is a time.Duration that reads from TOML as Pylon's
// configuration does: a string such as "90s" or "1h30m", or a whole
// number of seconds (ttl = 60 is a minute). A negative duration is an
// error.
type Duration time.Duration

// Std returns d as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// String formats d like time.Duration.
func (d Duration) String() string { return time.Duration(d).String() }

// UnmarshalText parses a duration string such as "250ms", or a whole
// number of seconds such as "60".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := duration.Parse(string(b))
	if err == nil {
		*d = Duration(v)
	}
	return err
}

// UnmarshalTOML reads d from a TOML value: an integer is a number of
// seconds, a string is read by UnmarshalText. Pylon's configuration
// (Config.Section) calls it; a go-toml decoder without
// EnableUnmarshalerInterface would store an integer as nanoseconds.
func (d *Duration) UnmarshalTOML(data []byte) error {
	v, err := duration.FromTOML(data)
	if err == nil {
		*d = Duration(v)
	}
	return err
}

// MarshalText formats d like time.Duration.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
