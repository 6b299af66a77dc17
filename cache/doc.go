// Package cache is Pylon's cache: named regions (Beaker's short_term and
// long_term) over a memory backend (otter v2) or Redis (go-redis v9),
// chosen by configuration, with load-once stampede protection, negative
// caching, invalidation by key and by tag, and typed access.
//
// The shortest use:
//
//	c, err := cache.New(cache.Config{}) // short_term (1m) and long_term (1h), in memory
//	if err != nil { ... }
//	defer c.Close()
//	articles := cache.Typed[Article]{Region: c.Region("short_term")}
//	a, err := articles.GetOrLoad(ctx, "article:42", func(ctx context.Context) (Article, error) {
//		return db.Article(ctx, 42) // runs once for concurrent misses
//	}, "articles")
//	...
//	err = articles.Region.InvalidateTags(ctx, "articles") // after a write
//
// # Regions and backends
//
// A [Region] has a TTL, a size (memory), a [Codec] (Redis), an optional
// NegativeTTL and LockTTL, and a failure policy; a [Backend] only stores.
// [New] builds regions from a [Config], which reads from the [cache]
// section of a TOML file, so moving a region to Redis is a configuration
// change. [NewRegion] builds one from a Backend of your own.
//
// # Failure
//
// A region fails open by default: when Redis is down, reads miss (so
// GetOrLoad calls the loader), writes are skipped, and one log line a
// second goes to slog. With FailClosed the errors reach the caller.
//
// Package httpcache, beside this one, caches whole HTTP responses in a
// Region.
package cache
