package session

import (
	"context"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
)

// state is a request's session bookkeeping, kept in its context.
type state struct {
	m         *Manager
	secure    bool
	committed bool
	// report answers a failure to save the session at the first write,
	// through w, the writer beneath the session's.
	report func(w http.ResponseWriter, err error)
}

// commit saves the session if the request changed it and sets the cookie
// in h, once per request.
func (st *state) commit(ctx context.Context, h http.Header) error {
	if st.committed {
		return nil
	}
	st.committed = true
	s := st.m.scs
	switch s.Status(ctx) {
	case scs.Modified:
		token, expiry, err := s.Commit(ctx)
		if err != nil {
			return err
		}
		st.setCookie(h, token, expiry)
	case scs.Destroyed:
		st.setCookie(h, "", time.Time{})
	}
	return nil
}

// setCookie adds the session cookie to h; an empty token deletes it.
func (st *state) setCookie(h http.Header, token string, expiry time.Time) {
	cfg := st.m.cfg
	ck := &http.Cookie{
		Name:     cfg.CookieName,
		Value:    token,
		Path:     cfg.CookiePath,
		Domain:   cfg.CookieDomain,
		HttpOnly: true,
		SameSite: cfg.sameSite(),
		Secure:   st.secure,
	}
	if token == "" {
		ck.Expires, ck.MaxAge = time.Unix(1, 0), -1
	} else {
		ck.Expires = time.Unix(expiry.Unix()+1, 0) // round up to the second
		ck.MaxAge = int(time.Until(expiry).Seconds() + 1)
	}
	h.Add("Set-Cookie", ck.String())
	h.Add("Cache-Control", `no-cache="Set-Cookie"`)
}
