package taskmonitor

import (
	"crypto/sha256"
	"crypto/subtle"
	"strings"

	"github.com/pylonweb/pylon"
)

// guard lets a request in when the App is in debug mode or the request
// presents the token; any other gets the App's ordinary 404.
func (m *Monitor) guard(next pylon.Handler) pylon.Handler {
	return func(c *pylon.Context) error {
		if !m.allowed(c) {
			return pylon.ErrNotFound
		}
		c.Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}

func (m *Monitor) allowed(c *pylon.Context) bool {
	if m.app.Debug() {
		return true
	}
	return m.cfg.Token != "" && tokenMatches(c.Request().Header.Get("Authorization"), m.cfg.Token)
}

// tokenMatches compares a "Bearer <token>" header with the token in
// constant time. Both sides are hashed first, so that neither the
// comparison's time nor its early exit on different lengths tells
// anything about the token.
func tokenMatches(header, token string) bool {
	scheme, got, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	a := sha256.Sum256([]byte(strings.TrimSpace(got)))
	b := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
