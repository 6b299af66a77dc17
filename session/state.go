package session

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"
)

// state is a request's session bookkeeping, kept in its context.
type state struct {
	m         *Manager
	secure    bool
	committed bool
	// loaded is the token the request looked its session up under (see
	// Manager.load); "" if there was none.
	loaded string
	// changed is set by the functions that change the session's values or
	// token. Without it, a request that only moves the idle deadline would
	// write back the values it loaded over those a concurrent request saved.
	changed atomic.Bool
	// gone is set when Renew deleted the loaded token and found it already
	// gone: the session ended while the request ran (see commit).
	gone atomic.Bool
	// report answers a failure to save the session at the first write,
	// through w, the writer beneath the session's.
	report func(w http.ResponseWriter, err error)
}

// commit saves the session if the request changed it and sets the cookie
// in h, once per request.
//
// A request may have loaded its session before a concurrent one destroyed
// it (logout), renewed its token (login) or let it expire. scs's Commit
// stores the loaded token unconditionally, which would bring that token
// back to life. So a session is saved under the token it was loaded with
// only if the store still holds it (guard.update, a compare-and-set in
// each store: UPDATE ... WHERE token = ? AND expiry > ?, Redis SET XX and
// PEXPIRE, the memory map under its lock). We chose that over tombstones
// for destroyed tokens because the store already is the truth every
// instance shares: each check is one atomic statement, where a tombstone
// would need storage of its own, kept for a session's lifetime and read on
// every commit. A new session, and the token Renew makes, are created as
// before.
//
// When the session is gone, the request saves nothing and sets no cookie:
// the client's cookie is left alone. Deleting it could delete the cookie
// that the concurrent login (Renew) has just set, and the request that
// ended the session has deleted or replaced it already.
//
// A request that calls Renew after its session ended is refused the same
// way (st.gone): Renew would carry the values it loaded into a new token,
// with a new cookie, logging the user back in after a logout. Starting an
// empty session instead would still set a cookie, which could replace the
// one a concurrent login has just set; saving nothing leaves the cookie
// as the request that ended the session set it.
//
// A request that changed no value (only the idle deadline moved) updates
// the expiry alone, so that it does not write back values, a flash message
// that another request has shown since, say. Two requests that both change
// values still race: the last one saved wins, as in scs.
func (st *state) commit(ctx context.Context, h http.Header) error {
	if st.committed {
		return nil
	}
	st.committed = true
	s := st.m.scs
	switch s.Status(ctx) {
	case scs.Modified:
		if st.gone.Load() {
			return nil
		}
		var token string
		var expiry time.Time
		var err error
		// Modified with no change: a session found under loaded (a new one
		// is Unmodified until a change), only its idle deadline moved.
		if st.loaded != "" && !st.changed.Load() {
			token, expiry = st.loaded, st.m.expiry(s.Deadline(ctx))
			err = st.m.guard.update(ctx, token, nil, expiry)
		} else {
			token, expiry, err = s.Commit(ctx)
		}
		if errors.Is(err, errGone) {
			return nil
		}
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
