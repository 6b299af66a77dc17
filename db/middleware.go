package db

import (
	"errors"
	"fmt"

	"github.com/pylonweb/pylon"
	"github.com/uptrace/bun"
)

// ErrNoDatabase is returned by Tx for a request that no Plugin or
// TxMiddleware has given a database.
var ErrNoDatabase = errors.New("db: no database in this request; install db.Plugin or use db.TxMiddleware")

// contextKey is where the request's database and transaction live in the
// Context.
const contextKey = "pylon.db"

// requestTx is a request's database and its transaction, begun by the
// first call of Tx.
type requestTx struct {
	db   *DB
	conn bun.Conn
	tx   bun.Tx
	open bool
}

// TxMiddleware gives each request d and a transaction that begins lazily,
// at the first call of [Tx], so requests that do not use the database
// take no connection. When the handler returns, the transaction commits
// if it returned nil, and rolls back if it returned an error or panicked
// (the panic goes on to the App, which answers 500). Either way the
// connection is back in the pool before the response completes: the
// lesson of Pylons' Session.remove(), where a session left open past its
// request held a connection forever.
//
// The commit happens after the handler returns, so a handler that has
// already written its response cannot report a failed commit with a
// status: the App logs the error and aborts the response, so the client
// sees the request fail (the connection cut) rather than a success.
// Handlers whose answer depends on the commit should write the response
// after [Tx] returns, outside the request transaction, using d.Tx.
func TxMiddleware(d *DB) pylon.Middleware {
	return txMiddleware(func() *DB { return d })
}

// txMiddleware is TxMiddleware with the DB looked up per request, for
// Plugin, whose DB is opened at start.
func txMiddleware(get func() *DB) pylon.Middleware {
	return func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			rt := &requestTx{db: get()}
			c.Set(contextKey, rt)
			returned := false
			defer func() {
				if !returned { // the handler panicked
					rt.end(false)
				}
			}()
			err := next(c)
			returned = true
			if err != nil {
				rt.end(false)
				return err
			}
			return rt.end(true)
		}
	}
}

// end commits or rolls back the transaction, if one began, and gives the
// connection back.
func (rt *requestTx) end(commit bool) error {
	if !rt.open {
		return nil
	}
	rt.open = false
	defer rt.conn.Close()
	if commit {
		if err := rt.tx.Commit(); err != nil {
			return fmt.Errorf("db: commit of the request transaction: %w", err)
		}
		return nil
	}
	rt.tx.Rollback() // fails only if the transaction is already gone
	return nil
}

// From returns the request's database, as given by Plugin or
// TxMiddleware, or nil. Use it for queries outside the request
// transaction, such as those of request tasks: pass the DB, not the
// Context, to the task.
func From(c *pylon.Context) *DB {
	if rt := requestTxOf(c); rt != nil {
		return rt.db
	}
	return nil
}

func requestTxOf(c *pylon.Context) *requestTx {
	v, _ := c.Get(contextKey)
	rt, _ := v.(*requestTx)
	return rt
}

// Tx runs fn in the request's transaction (see TxMiddleware), beginning
// it if this is the first call, and returns fn's error. fn's work is
// atomic: if fn returns an error or panics, what it did is undone (a
// savepoint is rolled back, or the transaction if fn began it) and the
// request may go on using the database; what it did otherwise commits
// with the request.
//
// Call Tx from the handler's goroutine, like the rest of the Context; a
// transaction is one connection and serves one goroutine. Request tasks
// query through From(c) instead. If no connection is free within
// AcquireTimeout, Tx returns a 503 error that wraps ErrAcquireTimeout.
func Tx(c *pylon.Context, fn func(tx bun.Tx) error) error {
	rt := requestTxOf(c)
	if rt == nil || rt.db == nil {
		return ErrNoDatabase
	}
	if rt.open {
		sp, err := rt.tx.BeginTx(c.Context(), nil) // a savepoint
		if err != nil {
			return fmt.Errorf("db: savepoint: %w", err)
		}
		return runTx(sp, fn)
	}
	conn, tx, err := rt.db.begin(c.Context(), nil)
	if err != nil {
		if errors.Is(err, ErrAcquireTimeout) {
			return pylon.ErrServiceUnavailable.WithInternal(err)
		}
		return err
	}
	rt.conn, rt.tx, rt.open = conn, tx, true
	ok := false
	defer func() {
		if !ok { // fn failed or panicked: nothing else is in the transaction yet
			rt.end(false)
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	ok = true
	return nil
}
