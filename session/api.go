package session

import (
	"context"
	"time"
)

// Carrier is what the session functions take: the request's
// *pylon.Context, or the *http.Request in a plain net/http handler. Both
// carry the context in which the middleware put the session.
//
// Pylon's session API is package functions rather than a handle (no
// session.From(c)): a call reads like the Pylons original,
// session.Put(c, "user", id), and there is nothing to keep or pass on.
type Carrier interface {
	Context() context.Context
}

// from returns the request's session state and the context holding it. It
// panics if no Manager handled the request: that is a wiring mistake, which
// the App turns into a 500 with the message below.
func from(c Carrier) (*state, context.Context) {
	ctx := c.Context()
	st, ok := ctx.Value(stateKey{}).(*state)
	if !ok {
		panic("session: the request has no session; install a session.Manager (app.Plug or session.Setup) before this handler")
	}
	return st, ctx
}

// Get returns the session's value for key, or nil.
func Get(c Carrier, key string) any {
	st, ctx := from(c)
	return st.m.scs.Get(ctx, key)
}

// GetString returns the session's string for key, or "".
func GetString(c Carrier, key string) string {
	st, ctx := from(c)
	return st.m.scs.GetString(ctx, key)
}

// GetInt returns the session's int for key, or 0.
func GetInt(c Carrier, key string) int {
	st, ctx := from(c)
	return st.m.scs.GetInt(ctx, key)
}

// GetInt64 returns the session's int64 for key, or 0.
func GetInt64(c Carrier, key string) int64 {
	st, ctx := from(c)
	return st.m.scs.GetInt64(ctx, key)
}

// GetFloat returns the session's float64 for key, or 0.
func GetFloat(c Carrier, key string) float64 {
	st, ctx := from(c)
	return st.m.scs.GetFloat(ctx, key)
}

// GetBool returns the session's bool for key, or false.
func GetBool(c Carrier, key string) bool {
	st, ctx := from(c)
	return st.m.scs.GetBool(ctx, key)
}

// GetBytes returns the session's []byte for key, or nil.
func GetBytes(c Carrier, key string) []byte {
	st, ctx := from(c)
	return st.m.scs.GetBytes(ctx, key)
}

// GetTime returns the session's time.Time for key, or the zero time.
func GetTime(c Carrier, key string) time.Time {
	st, ctx := from(c)
	return st.m.scs.GetTime(ctx, key)
}

// Exists reports whether the session has a value for key.
func Exists(c Carrier, key string) bool {
	st, ctx := from(c)
	return st.m.scs.Exists(ctx, key)
}

// Keys returns the session's keys, sorted.
func Keys(c Carrier) []string {
	st, ctx := from(c)
	return st.m.scs.Keys(ctx)
}

// Put sets the session's value for key; the session is saved before the
// response is written. Values are encoded with encoding/gob, so a type of
// your own must be registered with gob.Register.
func Put(c Carrier, key string, v any) {
	st, ctx := from(c)
	st.changed.Store(true)
	st.m.scs.Put(ctx, key, v)
}

// Pop returns the session's value for key and removes it: a one-time Get.
func Pop(c Carrier, key string) any {
	st, ctx := from(c)
	v := st.m.scs.Pop(ctx, key)
	if v != nil { // a key that was there; popping a missing one changes nothing
		st.changed.Store(true)
	}
	return v
}

// PopString is Pop for a string; it returns "" if there is none.
func PopString(c Carrier, key string) string {
	s, _ := Pop(c, key).(string)
	return s
}

// PopInt is Pop for an int; it returns 0 if there is none.
func PopInt(c Carrier, key string) int {
	i, _ := Pop(c, key).(int)
	return i
}

// PopBool is Pop for a bool; it returns false if there is none.
func PopBool(c Carrier, key string) bool {
	b, _ := Pop(c, key).(bool)
	return b
}

// Remove deletes the session's value for key.
func Remove(c Carrier, key string) {
	st, ctx := from(c)
	st.changed.Store(true)
	st.m.scs.Remove(ctx, key)
}

// Clear deletes all of the session's values, keeping its token.
func Clear(c Carrier) {
	st, ctx := from(c)
	st.changed.Store(true)
	_ = st.m.scs.Clear(ctx) // never fails
}

// Renew gives the session a new token, keeping its data, and deletes the
// old token from the store; the absolute lifetime starts again. Call it
// when privileges change, on login and logout above all, so that a token
// an attacker planted before login (session fixation) is worth nothing
// after it. A request still running with the old token (one that loaded
// the session before Renew) cannot bring it back: its changes are dropped.
// If the session this request loaded ended while it ran (another request
// destroyed or renewed it, or it expired), Renew returns nil but the
// request saves nothing and sets no cookie, as such a request does
// without Renew; the store must be an UpdateStore for this to be exact.
// A store failure comes back as a 503 *pylon.HTTPError, to be returned
// from the handler.
func Renew(c Carrier) error {
	st, ctx := from(c)
	st.changed.Store(true)
	if err := st.m.scs.RenewToken(context.WithValue(ctx, renewKey{}, true)); err != nil {
		return statusError(err)
	}
	return nil
}

// Destroy deletes the session from the store and the cookie from the
// browser. Values put after it start a new session. A request that loaded
// the session before Destroy and is still running cannot bring it back:
// it saves nothing and sets no cookie. A store failure comes back as a 503
// *pylon.HTTPError.
func Destroy(c Carrier) error {
	st, ctx := from(c)
	st.changed.Store(true)
	if err := st.m.scs.Destroy(ctx); err != nil {
		return statusError(err)
	}
	st.gone.Store(false) // what is put from now on is a new session
	return nil
}
