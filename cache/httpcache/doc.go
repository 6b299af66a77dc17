// Package httpcache caches whole HTTP responses to GET requests in a
// cache.Region, as a shared cache between clients and handlers.
//
//	r := c.Region("short_term")
//	app.Use(httpcache.Middleware(httpcache.Config{Region: r}))
//
// The rules, in short (docs/caching.md has them in full):
//
//   - Only GET responses are stored; a HEAD is answered from the stored
//     GET response. Other methods, and requests with an Authorization
//     header, pass through.
//   - The key is the method, host and request URI, plus the values of the
//     request headers the response's Vary names. "Vary: *" is not stored.
//   - Stored are responses with a status in Config.Statuses (200 by
//     default), no Set-Cookie, no Trailer, a body within MaxBodySize, not
//     flushed by the handler, and no Cache-Control no-store, private or
//     no-cache. s-maxage, then max-age, sets the TTL; max-age=0 is not
//     stored.
//   - A hit carries a strong ETag (the handler's, or a hash of the body)
//     and an Age; If-None-Match with a matching tag gets a 304.
//   - A request with Cache-Control no-cache (or max-age=0, or Pragma:
//     no-cache) skips the lookup and refreshes the entry; no-store skips
//     the cache both ways.
//   - Responses are passed through as the handler writes them, so misses
//     stream; the writer unwraps for http.ResponseController.
package httpcache
