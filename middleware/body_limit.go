package middleware

import (
	"net/http"
)

// BodyLimit is middleware that limits request bodies to n bytes. A request
// whose Content-Length exceeds n gets 413 Request Entity Too Large at once,
// without reaching the handler. Any other body is wrapped with
// [http.MaxBytesReader], so a read past n bytes fails with an
// [*http.MaxBytesError] (and net/http closes the connection after the
// response); a handler can turn that error into a 413:
//
//	var mbe *http.MaxBytesError
//	if errors.As(err, &mbe) {
//		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
//	}
//
// BodyLimit panics if n is negative. A limit of 0 admits only empty bodies.
func BodyLimit(n int64) func(http.Handler) http.Handler {
	if n < 0 {
		panic("middleware: BodyLimit needs a limit of 0 or more")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > n {
				http.Error(w, http.StatusText(http.StatusRequestEntityTooLarge), http.StatusRequestEntityTooLarge)
				return
			}
			if r.Body == nil || r.Body == http.NoBody {
				next.ServeHTTP(w, r)
				return
			}
			// A shallow copy, as http.MaxBytesHandler makes, so the caller's
			// request keeps its own body.
			r2 := *r
			r2.Body = http.MaxBytesReader(w, r.Body, n)
			defer removeForm(&r2, r)
			next.ServeHTTP(w, &r2)
			r.Pattern = r2.Pattern // outer middleware reads the route from r
		})
	}
}

// removeForm removes the temporary files of a multipart form parsed on the
// copy r2, which the net/http server, holding the original r, does not
// know about: a middleware after this one may parse an upload and then
// refuse the request (CSRF does), and nothing else would clean up.
func removeForm(r2, r *http.Request) {
	if f := r2.MultipartForm; f != nil && f != r.MultipartForm {
		f.RemoveAll()
	}
}
