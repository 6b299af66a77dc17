package session

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/scs/v2"
)

// Store is where session data lives: scs's Store interface (Find, Commit,
// Delete). Stores may also implement scs.CtxStore, and then get the
// request's context. MemoryStore, sqlstore.Store and redisstore.Store are
// Pylon's; any scs store works.
type Store = scs.Store

// UpdateStore is a Store that can save a session only while it still
// exists. The Manager saves a session under the token its request loaded
// with UpdateCtx, never with Commit, so that a request that was already
// running when another one destroyed the session (logout), renewed its
// token (login) or saw it expire cannot bring the old token back. When
// Renew deletes the token its request loaded, the Manager uses
// DeleteExistingCtx to learn whether that session still existed.
// MemoryStore, sqlstore.Store and redisstore.Store implement it. For a
// store that does not, the Manager calls Find before Commit, and before
// Renew's Delete, which narrows the race to the time between the two
// calls but cannot close it.
type UpdateStore interface {
	Store
	// UpdateCtx saves b and expiry under token if, and only if, the store
	// holds an unexpired session under token, in one atomic step, and
	// reports whether it did. A missing or expired session stays so. A nil
	// b keeps the stored data and moves only the expiry. An expiry that has
	// passed ends the session, and UpdateCtx reports false.
	UpdateCtx(ctx context.Context, token string, b []byte, expiry time.Time) (saved bool, err error)
	// DeleteExistingCtx deletes the session under token, as DeleteCtx
	// does, and reports whether the store held it unexpired, in one
	// atomic step. A missing token is not an error.
	DeleteExistingCtx(ctx context.Context, token string) (existed bool, err error)
}

// renewKey marks the context Renew passes to scs's RenewToken, so that
// guard.DeleteCtx knows the delete is Renew's.
type renewKey struct{}

// errGone is the refusal of a commit whose session ended (Destroy, Renew
// or expiry) while the request ran. It is not a store failure: the request
// goes on without saving and without setting a cookie.
var errGone = errors.New("session: the session ended while the request ran")

// ErrStoreUnavailable is wrapped by every error that comes from the store:
// a database or Redis server that is down, say. The middleware answers
// those with 503 Service Unavailable.
var ErrStoreUnavailable = errors.New("session: store unavailable")

// storeError is an error from the store, tagged so that it can be told
// apart from scs's own errors (a session that cannot be decoded).
type storeError struct {
	op  string
	err error
}

func (e *storeError) Error() string   { return fmt.Sprintf("session: store %s: %v", e.op, e.err) }
func (e *storeError) Unwrap() []error { return []error{ErrStoreUnavailable, e.err} }

func tag(op string, err error) error {
	if err == nil {
		return nil
	}
	return &storeError{op: op, err: err}
}

// guard wraps a Store so that its errors are tagged, it always takes the
// request's context, and a session is saved under the token its request
// loaded only if that token still exists (see update). newGuard looks at
// what the store can do once, not on every call.
type guard struct {
	cs scs.CtxStore // the store, or noCtx around it
	us UpdateStore  // the store, or nil if it is not one
}

func newGuard(s Store) guard {
	cs, ok := s.(scs.CtxStore)
	if !ok {
		cs = noCtx{s}
	}
	us, _ := s.(UpdateStore)
	return guard{cs: cs, us: us}
}

func (g guard) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	b, found, err := g.cs.FindCtx(ctx, token)
	return b, found, tag("find", err)
}

// CommitCtx is how scs saves a session. A token the request loaded is
// only updated, never created again: it returns errGone if it is gone. A
// new token (a new session, or one Renew made) is created.
func (g guard) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if st, ok := ctx.Value(stateKey{}).(*state); ok && st.loaded != "" && token == st.loaded {
		return g.update(ctx, token, b, expiry)
	}
	return tag("commit", g.cs.CommitCtx(ctx, token, b, expiry))
}

// update saves b (nil: the stored data) and expiry under token if the
// store still holds it, and returns errGone if not.
func (g guard) update(ctx context.Context, token string, b []byte, expiry time.Time) error {
	var saved bool
	var err error
	if g.us != nil {
		saved, err = g.us.UpdateCtx(ctx, token, b, expiry)
	} else {
		saved, err = g.findThenCommit(ctx, token, b, expiry)
	}
	if err != nil {
		return tag("commit", err)
	}
	if !saved {
		return errGone
	}
	return nil
}

// findThenCommit is update for a store that is not an UpdateStore: racy
// between the two calls, but much narrower than the request's duration.
func (g guard) findThenCommit(ctx context.Context, token string, b []byte, expiry time.Time) (bool, error) {
	cs := g.cs
	stored, found, err := cs.FindCtx(ctx, token)
	if err != nil || !found {
		return false, err
	}
	if !time.Now().Before(expiry) {
		return false, cs.DeleteCtx(ctx, token)
	}
	if b == nil {
		b = stored
	}
	return true, cs.CommitCtx(ctx, token, b, expiry)
}

// deleteExisting deletes the session under token and reports whether the
// store held it, unexpired. A store that is not an UpdateStore gets Find
// before Delete: racy between the two calls, as findThenCommit is.
func (g guard) deleteExisting(ctx context.Context, token string) (bool, error) {
	if g.us != nil {
		existed, err := g.us.DeleteExistingCtx(ctx, token)
		return existed, tag("delete", err)
	}
	_, found, err := g.cs.FindCtx(ctx, token)
	if err != nil {
		return false, tag("find", err)
	}
	return found, tag("delete", g.cs.DeleteCtx(ctx, token))
}

// noCtx gives a Store without context methods the CtxStore ones.
type noCtx struct{ Store }

func (s noCtx) FindCtx(_ context.Context, token string) ([]byte, bool, error) {
	return s.Find(token)
}

func (s noCtx) CommitCtx(_ context.Context, token string, b []byte, expiry time.Time) error {
	return s.Commit(token, b, expiry)
}

func (s noCtx) DeleteCtx(_ context.Context, token string) error { return s.Delete(token) }

// DeleteCtx is how scs deletes a session. When Renew deletes the token
// its request loaded, it also finds out whether that session still
// existed; if not, it ended while the request ran, and the request's
// session is gone (state.gone).
func (g guard) DeleteCtx(ctx context.Context, token string) error {
	if ctx.Value(renewKey{}) != nil {
		if st, ok := ctx.Value(stateKey{}).(*state); ok && st.loaded != "" && token == st.loaded {
			existed, err := g.deleteExisting(ctx, token)
			if err == nil && !existed {
				st.gone.Store(true)
			}
			return err
		}
	}
	return tag("delete", g.cs.DeleteCtx(ctx, token))
}

func (g guard) Find(token string) ([]byte, bool, error) {
	return g.FindCtx(context.Background(), token)
}

func (g guard) Commit(token string, b []byte, expiry time.Time) error {
	return g.CommitCtx(context.Background(), token, b, expiry)
}

func (g guard) Delete(token string) error { return g.DeleteCtx(context.Background(), token) }
