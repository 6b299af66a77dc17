package db

import (
	"context"
	"errors"
	"fmt"
)

// ErrAcquireTimeout is wrapped by the error of Tx, TxMiddleware and Conn
// when no connection became free within Config.AcquireTimeout: the pool
// is exhausted, by load or by connections that are held too long. The
// error also wraps context.DeadlineExceeded.
var ErrAcquireTimeout = errors.New("db: timed out waiting for a free connection")

// acquireError explains err, from taking a connection under
// acquireContext(ctx): our deadline passing is ErrAcquireTimeout, with
// the pool's state; the caller's own cancellation passes through.
func (d *DB) acquireError(ctx context.Context, err error) error {
	if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		return err
	}
	s := d.SQL().Stats()
	return fmt.Errorf("%w: %s, waited %v with %d of %d connections in use: %w",
		ErrAcquireTimeout, d.Name(), d.cfg.acquireTimeout(), s.InUse, s.MaxOpenConnections, err)
}
