// Package route is Pylon's HTTP router: it matches a method and path to a
// registered route, extracts the path parameters, and builds URLs from named
// routes. It uses only the standard library and works on its own as an
// [http.Handler]:
//
//	var rt route.Router
//	rt.HandleFunc("GET", "/users/{id:[0-9]+}", func(w http.ResponseWriter, r *http.Request) {
//		fmt.Fprintln(w, "user", r.PathValue("id"))
//	}).Name("user")
//	u, _ := rt.URL("user", "id", 42) // "/users/42"
//	http.ListenAndServe(":8080", &rt)
//
// # Patterns
//
// Patterns use net/http.ServeMux's path syntax plus requirements:
//
//   - "/users/{id}" matches one non-empty segment and names it id.
//   - "/users/{id:[0-9]+}" matches only if the decoded segment matches the Go
//     regexp, which is anchored at both ends.
//   - "/files/{path...}" matches the rest of the path after "/files/",
//     slashes included, possibly empty; it must be the last segment and takes
//     no requirement.
//   - "/static/" (a trailing slash) matches "/static/" and everything below it.
//   - "/static/{$}" matches "/static/" only.
//   - A wildcard is a whole segment; names are distinct Go identifiers;
//     literals may be percent-escaped and are compared decoded.
//
// The method "" matches every method. A HEAD request is served by the GET
// route when the path has no HEAD route.
//
// # Precedence and conflicts
//
// When several routes match, the most specific wins, segment by segment from
// the left: a literal beats a requirement, a requirement beats a plain
// wildcard, a plain wildcard beats {name...}. If a requirement rejects the
// segment, matching falls through to the next candidate, so
// "/users/{id:[0-9]+}" and "/users/{name}" can live side by side, and
// "/users/new" beats both. Requirements at the same position are tried in
// registration order. A route whose method does not match is skipped, so a
// less specific route with the right method can still match. Registration
// rejects a route that matches the same requests as another, or that overlaps
// another without either being more specific, as ServeMux does
// ("/a/{x}" and "/{y}/b" conflict); two different requirements are assumed
// not to overlap.
//
// # Encoding
//
// Paths are matched segment by segment in decoded form: "/users/caf%C3%A9"
// matches the literal "/users/café" and gives the value "café". An escaped
// slash (%2F) stays inside its segment and its parameter. Each value is
// decoded exactly once: "%2541" gives "%41". A malformed escape makes the
// request a 400 (Match kind BadRequest).
//
// # Redirects, 405 and OPTIONS
//
// Unless KeepUncleanPaths is set, a path with an empty, "." or ".." segment
// (also when written %2E) redirects to the cleaned path, keeping the query
// string. With RedirectTrailingSlash, a path that matches nothing redirects to
// the same path with its trailing slash added or removed if that matches.
// Redirects are 301 for GET and HEAD and 308 otherwise, so a POST stays a
// POST. A path matched only by routes of other methods gives 405 with an
// Allow header listing them in a stable order (GET, HEAD, POST, PUT, PATCH,
// DELETE, CONNECT, OPTIONS, TRACE, then others alphabetically), always
// including HEAD with GET, and OPTIONS. An OPTIONS request for such a path,
// when no route handles OPTIONS, is answered 204 with that Allow header.
//
// # Named routes and URLs
//
// [Route.Name] names a route; [Router.URL] and [Route.URL] build its path from
// name, value pairs, escaping each value as a segment (a {name...} value keeps
// its slashes) and checking requirements; pairs that name no wildcard become
// the query string, in order; a slice value repeats its query parameter
// once for each element, while a wildcard takes one value. [Pattern.Build]
// does the same for any pattern.
//
// # Speed
//
// [Router.Lookup] is the allocation-free core: a tree of segments whose
// static children are indexed by first byte, walked in place without
// splitting the path. ServeHTTP adds [http.Request.SetPathValue], which
// allocates the request's parameter map on routes with parameters, except
// for a route whose handler is a [ParamsHandler] (such as a [ParamsFunc]):
// that handler gets pooled [Params] instead, and serving it allocates
// nothing.
package route
