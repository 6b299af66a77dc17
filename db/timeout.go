package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// queryTimeout is a Bun query hook that bounds the queries of the query
// builder by a default timeout, so that a query given a context without a
// deadline (context.Background, a request's) cannot wait forever for a
// connection from an exhausted pool.
//
// Raw queries (IQuery nil: ExecContext, QueryContext, QueryRowContext and
// BEGIN) are left alone: Bun calls AfterQuery as soon as they return, and
// rows they hand back would die with a context cancelled then.
type queryTimeout time.Duration

// timeoutContext carries the cancel function from BeforeQuery to
// AfterQuery, which receives the context BeforeQuery returned (possibly
// wrapped by later hooks, hence Value).
type timeoutContext struct {
	context.Context
	cancel context.CancelFunc
}

type timeoutKey struct{}

func (c *timeoutContext) Value(key any) any {
	if key == (timeoutKey{}) {
		return c
	}
	return c.Context.Value(key)
}

func (t queryTimeout) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	if e.IQuery == nil {
		return ctx
	}
	tctx, cancel := context.WithTimeout(ctx, time.Duration(t))
	return &timeoutContext{Context: tctx, cancel: cancel}
}

func (t queryTimeout) AfterQuery(ctx context.Context, e *bun.QueryEvent) {
	c, ok := ctx.Value(timeoutKey{}).(*timeoutContext)
	if !ok {
		return
	}
	if _, rows := e.IQuery.(*bun.SelectQuery); rows && e.Err == nil && e.Result == nil {
		// SelectQuery.Rows handed open rows to the caller: the timer
		// stays, bounding their reading too, and ends itself.
		return
	}
	c.cancel()
}
