// Package middleware is Pylon's set of HTTP middleware. Each one is plain
// net/http, a func(http.Handler) http.Handler, so it works with any router
// or server, Pylon's or not.
//
// # The middleware
//
//   - [RealIP]: the client's address from a trusted proxy's header.
//   - [CSRF]: cross-site request forgery protection (Fetch metadata, and
//     signed tokens for forms).
//   - [RequestID]: an X-Request-Id on every request and response.
//   - [Logger]: one slog record per request.
//   - [Recover]: a panic becomes a logged 500.
//   - [Timeout]: a deadline on the request's context.
//   - [BodyLimit]: request bodies capped at n bytes.
//   - [Compress]: gzip responses.
//   - [CORS]: cross-origin resource sharing, with preflights.
//   - [SecureHeaders]: nosniff, frame options, referrer policy, HSTS, CSP.
//   - [Static] and [StaticHandler]: files from a directory or an embed.FS.
//
// Simple middleware take positional arguments ([Timeout], [BodyLimit]);
// the others take a config struct whose zero value is useful and whose
// fields say what happens if they are not set.
//
// # Use
//
// Wrap a handler, outermost first:
//
//	h := middleware.RequestID(
//		middleware.Logger(slog.Default())(
//			middleware.Recover(mux)))
//	http.ListenAndServe(":8080", h)
//
// A good order is RealIP, RequestID, Logger, Recover, then the rest:
// Logger then sees the real client, the ID, and the 500 that Recover makes
// of a panic.
//
// Every ResponseWriter these middleware wrap has an Unwrap method, so
// [http.ResponseController] reaches Flush, Hijack and the deadlines through
// them.
package middleware
