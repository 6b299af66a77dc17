package session

import (
	"context"
	"errors"
	"net/http"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/internal/vary"
)

// stateKey keys a request's *state in its context.
type stateKey struct{}

// middleware is the Pylon half of Install: it loads the session, so that
// a store failure goes through the App's error handler (a 503 and a log
// line with the request ID), and it knows the request's scheme behind
// trusted proxies. Handler, installed right after it, saves the session.
func (m *Manager) middleware(next pylon.Handler) pylon.Handler {
	return func(c *pylon.Context) error {
		r := c.Request()
		if _, ok := r.Context().Value(stateKey{}).(*state); ok {
			return next(c)
		}
		ctx, token, err := m.load(r)
		if err != nil {
			return statusError(err)
		}
		st := &state{m: m, secure: m.secure(c.Scheme() == "https"), loaded: token}
		st.report = func(_ http.ResponseWriter, err error) {
			h := c.App().ErrorHandler
			if h == nil {
				h = pylon.DefaultErrorHandler
			}
			h(c, statusError(err))
		}
		ctx = context.WithValue(ctx, stateKey{}, st)
		c.SetRequest(r.WithContext(ctx))
		err = next(c)
		// If the handler wrote nothing, the session is saved now.
		if cerr := st.commit(ctx, c.Response().Header()); cerr != nil && err == nil {
			return statusError(cerr)
		}
		return err
	}
}

// Handler is net/http middleware that loads the session, and saves it and
// sets the cookie just before the response's header is written (or when
// the handler returns without writing). The ResponseWriter it passes on
// implements Unwrap, Flush and ReadFrom, so http.ResponseController,
// streaming and sendfile work through it.
//
// Used alone, outside a Pylon App, it treats a request as HTTPS when
// r.TLS is set, and answers a store failure with a plain 503 and a log
// line carrying the X-Request-Id header.
func (m *Manager) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		vary.Add(w.Header(), "Cookie")
		st, loaded := r.Context().Value(stateKey{}).(*state)
		if !loaded {
			ctx, token, err := m.load(r)
			if err != nil {
				m.fail(w, r, err)
				return
			}
			st = &state{m: m, secure: m.secure(r.TLS != nil), loaded: token}
			st.report = func(w http.ResponseWriter, err error) { m.fail(w, r, err) }
			r = r.WithContext(context.WithValue(ctx, stateKey{}, st))
		}
		sw := &writer{ResponseWriter: w, st: st, ctx: r.Context()}
		next.ServeHTTP(sw, r)
		if !loaded {
			if err := st.commit(r.Context(), w.Header()); err != nil {
				m.fail(w, r, err)
			}
		}
	})
}

// load reads the cookie and loads its session, and returns the token it
// looked up (state.loaded). A missing, malformed, unknown or expired token
// gives a fresh empty session; so does stored data that no longer decodes.
// Only a store failure is an error.
//
// The token is returned even when the store did not have it: scs then
// starts a new session, which is saved under a token of its own, so the
// looked-up one never meets a commit. (scs.Token would say "" there, but
// costs an allocation per request.)
func (m *Manager) load(r *http.Request) (context.Context, string, error) {
	var token string
	if ck, err := r.Cookie(m.cfg.CookieName); err == nil && validToken(ck.Value) {
		token = ck.Value
	}
	ctx, err := m.scs.Load(r.Context(), token)
	if err == nil || isStoreError(err) {
		return ctx, token, err
	}
	m.logger().WarnContext(r.Context(), "session: discarding a session that cannot be decoded",
		"request_id", r.Header.Get("X-Request-Id"), "error", err)
	ctx, err = m.scs.Load(r.Context(), "")
	return ctx, "", err
}

// fail answers a session failure outside Pylon: a plain-text 503 (500 for
// anything but the store) and a log line.
func (m *Manager) fail(w http.ResponseWriter, r *http.Request, err error) {
	he := statusError(err)
	m.logger().ErrorContext(r.Context(), "session: request failed",
		"status", he.Code, "method", r.Method, "path", r.URL.Path,
		"request_id", r.Header.Get("X-Request-Id"), "error", err.Error())
	http.Error(w, he.StatusText(), he.Code)
}

// validToken reports whether s looks like a token scs made: 32 random
// bytes in unpadded base64url. Anything else is not looked up.
func validToken(s string) bool {
	if len(s) != 43 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func isStoreError(err error) bool { return errors.Is(err, ErrStoreUnavailable) }
