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

// guard wraps a Store so that its errors are tagged and it always takes
// the request's context.
type guard struct{ s Store }

func (g guard) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	if cs, ok := g.s.(scs.CtxStore); ok {
		b, found, err := cs.FindCtx(ctx, token)
		return b, found, tag("find", err)
	}
	b, found, err := g.s.Find(token)
	return b, found, tag("find", err)
}

func (g guard) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if cs, ok := g.s.(scs.CtxStore); ok {
		return tag("commit", cs.CommitCtx(ctx, token, b, expiry))
	}
	return tag("commit", g.s.Commit(token, b, expiry))
}

func (g guard) DeleteCtx(ctx context.Context, token string) error {
	if cs, ok := g.s.(scs.CtxStore); ok {
		return tag("delete", cs.DeleteCtx(ctx, token))
	}
	return tag("delete", g.s.Delete(token))
}

func (g guard) Find(token string) ([]byte, bool, error) {
	return g.FindCtx(context.Background(), token)
}

func (g guard) Commit(token string, b []byte, expiry time.Time) error {
	return g.CommitCtx(context.Background(), token, b, expiry)
}

func (g guard) Delete(token string) error { return g.DeleteCtx(context.Background(), token) }
