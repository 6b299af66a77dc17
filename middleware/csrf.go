package middleware

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pylonweb/pylon/internal/vary"
)

// CSRFMode chooses how [CSRF] tells a genuine request from a forged one.
type CSRFMode int

const (
	// CSRFModeBoth applies the origin check to every unsafe request and,
	// when the browser sent no Sec-Fetch-Site header (an old browser, a
	// plain-HTTP origin other than localhost, a non-browser client), also
	// asks for a token. It is the default: forms rendered with [CSRFField]
	// work in every browser, and a cross-site post is refused by either
	// check.
	CSRFModeBoth CSRFMode = iota

	// CSRFModeOrigin applies only [http.CrossOriginProtection]: a request
	// whose Sec-Fetch-Site or Origin header shows another origin is
	// refused; one with neither header passes. No cookie, no token. Suits
	// JSON APIs and sites that need not serve browsers older than 2023.
	CSRFModeOrigin

	// CSRFModeToken asks every unsafe request for a token and ignores the
	// Fetch metadata and Origin headers.
	CSRFModeToken
)

// Reasons for which [CSRF] refuses a request. The error passed to
// [CSRFConfig].ErrorHandler wraps one of them; compare with errors.Is.
var (
	ErrCSRFCrossOrigin  = errors.New("cross-origin request refused")
	ErrCSRFNoCookie     = errors.New("CSRF cookie missing or malformed; enable cookies and reload the page")
	ErrCSRFNoToken      = errors.New("CSRF token missing")
	ErrCSRFInvalidToken = errors.New("CSRF token invalid")
	ErrCSRFExpiredToken = errors.New("CSRF token expired; reload the page and try again")
)

// CSRFConfig configures [CSRF]. The zero value is [CSRFModeBoth] with a
// random per-process key, fit for a single instance.
type CSRFConfig struct {
	// Mode chooses the checks.
	// If not set, CSRFModeBoth.
	Mode CSRFMode

	// Key signs the tokens. It must be at least 32 bytes, and the same on
	// every instance behind a load balancer; keep it secret. CSRF derives
	// its own key from it, so an application secret can be shared with
	// other uses.
	// If not set, a random key is drawn per process: tokens then stop
	// working after a restart and on other instances.
	Key []byte

	// TrustedOrigins lists origins, as "scheme://host[:port]", whose
	// requests pass in every mode without a token, when the Origin header
	// equals one of them exactly.
	// If not set, no origin but the request's own is trusted.
	TrustedOrigins []string

	// ExemptPatterns lists [http.ServeMux] patterns, such as
	// "POST /webhooks/{provider}", whose requests are not checked. Only
	// requests that match a pattern directly are exempt, not those a
	// ServeMux would redirect to it.
	// If not set, no pattern is exempt.
	ExemptPatterns []string

	// Exempt reports whether a request is not checked, for example an API
	// request authenticated by an Authorization header rather than by a
	// cookie.
	// If not set, only ExemptPatterns exempts requests.
	Exempt func(*http.Request) bool

	// CookieName names the cookie that holds the per-client secret.
	// If not set, "_csrf".
	CookieName string

	// CookiePath is the cookie's Path.
	// If not set, "/".
	CookiePath string

	// CookieDomain is the cookie's Domain.
	// If not set, the cookie is host-only, which is safest.
	CookieDomain string

	// CookieMaxAge is how long browsers keep the cookie.
	// If not set, it is a session cookie, dropped when the browser quits.
	CookieMaxAge time.Duration

	// CookieSameSite is the cookie's SameSite attribute.
	// If not set, http.SameSiteLaxMode.
	CookieSameSite http.SameSite

	// TrustForwardedProto marks the cookie Secure when the nearest proxy
	// reports "https" (its X-Forwarded-Proto, the rightmost value), behind
	// a TLS-terminating proxy; see
	// [SecureHeadersConfig].HSTSTrustForwardedProto.
	// If not set, the cookie is Secure only when r.TLS != nil.
	TrustForwardedProto bool

	// FieldName is the form field that carries the token.
	// If not set, "csrf_token".
	FieldName string

	// HeaderName is the request header that carries the token, for fetch
	// and XMLHttpRequest calls. It is read before the form field.
	// If not set, "X-CSRF-Token".
	HeaderName string

	// TokenMaxAge is how long a token is accepted after it was made.
	// If not set, 12 hours.
	TokenMaxAge time.Duration

	// ErrorHandler answers a refused request; err wraps one of the ErrCSRF
	// errors and its message says what was missing or wrong.
	// If not set, 403 Forbidden with the message as plain text.
	ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)
}

// CSRF returns middleware that protects unsafe requests (all methods but
// GET, HEAD and OPTIONS) against cross-site request forgery; see
// [CSRFMode] for the checks. Safe methods always pass, so they must not
// change state. A refused request gets 403 Forbidden, or whatever
// cfg.ErrorHandler answers, and does not reach the next handler.
//
// In the token modes, each client gets a random secret in an HttpOnly
// cookie, set on the first response that finds none, and a request passes
// with a token made from that secret and the key: [CSRFToken] returns one
// and [CSRFField] a hidden form input holding one. The token is sent back
// in the X-CSRF-Token header or the csrf_token form field; only the form
// body counts, never the query string. Reading the field parses a
// urlencoded form (net/http reads at most 10 MB of it); a multipart form
// is not parsed: CSRF reads its fields up to the first file, at most 1 MiB,
// and the handler reads the body from its start, so in an upload form the
// token field must come before the file inputs. Responses get
// "Vary: Cookie", since pages embed tokens derived from the cookie.
//
// In the token modes the handler sees a shallow copy of the request
// (r.WithContext) whose context carries the secret, which costs a few small
// allocations; CSRFModeOrigin passes r itself and allocates nothing.
//
// CSRF panics if a trusted origin, an exempt pattern or the key is invalid.
func CSRF(cfg CSRFConfig) func(http.Handler) http.Handler {
	c := newCSRF(cfg)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.mode == CSRFModeOrigin {
				if err := c.check(r, nil); err != nil {
					c.deny(w, r, err)
					return
				}
				next.ServeHTTP(w, r)
				return
			}
			state := &csrfState{csrf: c}
			hasCookie := c.readSecret(r, &state.secret)
			if !hasCookie {
				rand.Read(state.secret[:])
				c.setCookie(w, r, &state.secret)
			}
			vary.Add(w.Header(), "Cookie")
			var secret []byte
			if hasCookie {
				secret = state.secret[:]
			}
			if err := c.check(r, secret); err != nil {
				// CSRF never parses an upload itself (see formToken), but
				// a middleware before it may have, on a copy of the
				// request the server does not hold (BodyLimit's): no
				// handler will see that upload, so remove its temporary
				// files here.
				if r.MultipartForm != nil {
					defer r.MultipartForm.RemoveAll()
				}
				c.deny(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), csrfKey{}, state)))
		})
	}
}

// check returns nil if r may pass; secret is the client's, or nil when its
// cookie was missing or malformed.
func (c *csrf) check(r *http.Request, secret []byte) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if c.isExempt(r) {
		return nil
	}
	if origin := r.Header.Get("Origin"); origin != "" && c.trusted[origin] {
		return nil
	}
	if c.mode != CSRFModeToken {
		if err := c.origin.Check(r); err != nil {
			return fmt.Errorf("%w: %v", ErrCSRFCrossOrigin, err)
		}
		// Check passed a Sec-Fetch-Site header only if it said
		// same-origin or none: the browser vouches for the request.
		if c.mode == CSRFModeOrigin || r.Header.Get("Sec-Fetch-Site") != "" {
			return nil
		}
	}
	if secret == nil {
		return ErrCSRFNoCookie
	}
	token := r.Header.Get(c.header)
	var where error
	if token == "" {
		token, where = c.formToken(r)
	}
	if token == "" {
		if where != nil {
			return fmt.Errorf("%w: send it in the %q form field or the %s header; %v", ErrCSRFNoToken, c.field, c.header, where)
		}
		return fmt.Errorf("%w: send it in the %q form field or the %s header", ErrCSRFNoToken, c.field, c.header)
	}
	return c.verify(secret, token, time.Now())
}

func (c *csrf) isExempt(r *http.Request) bool {
	if c.exemptMux != nil {
		if h, _ := c.exemptMux.Handler(r); h == exemptMark {
			return true
		}
	}
	return c.exempt != nil && c.exempt(r)
}

func (c *csrf) deny(w http.ResponseWriter, r *http.Request, err error) {
	if c.errorHandler != nil {
		c.errorHandler(w, r, err)
		return
	}
	http.Error(w, "Forbidden: "+err.Error(), http.StatusForbidden)
}
