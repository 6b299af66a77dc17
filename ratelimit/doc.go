// Package ratelimit limits how often a client may call an HTTP handler:
// token buckets per client IP or per key, kept in memory for one instance
// or in Redis for several. A request over the limit gets 429 Too Many
// Requests with Retry-After; every response carries the RateLimit-Limit,
// RateLimit-Remaining and RateLimit-Reset headers of the IETF draft
// "RateLimit header fields for HTTP".
//
// # Use
//
//	store := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{})
//	defer store.Close()
//	limit := ratelimit.Middleware(ratelimit.Config{
//		Rate:  ratelimit.PerMinute(60), // one a second on average, bursts of 60
//		Store: store,
//	})
//	http.ListenAndServe(":8080", limit(mux))
//
// Behind a proxy, put [github.com/pylonweb/pylon/middleware.RealIP] in
// front, so that the client's address, not the proxy's, is the key.
//
// # Stores
//
// [MemoryStore] keeps buckets in a bounded map, built on
// golang.org/x/time/rate; each instance then counts on its own. [RedisStore]
// keeps them in Redis with the generic cell rate algorithm (GCRA), one
// atomic Lua script per request, so that all instances share the limit.
// When the store fails (Redis is down), requests pass and the error is
// logged, unless [Config].FailClosed is set.
package ratelimit
