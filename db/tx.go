package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"
)

// Tx runs fn in a transaction on a connection of its own, taken from the
// pool within AcquireTimeout. It commits if fn returns nil and rolls back
// if fn returns an error, which it returns, or panics, which it lets go on
// after the rollback. The connection is back in the pool when Tx returns.
//
// Tx is for work outside a request (tasks, commands); in a handler use the
// package function [Tx], which joins the request's transaction. bun.Tx
// embeds *sql.Tx, so fn can use the query builder and raw SQL alike.
func (d *DB) Tx(ctx context.Context, fn func(tx bun.Tx) error) error {
	conn, tx, err := d.begin(ctx, nil)
	if err != nil {
		return err
	}
	defer conn.Close()
	return runTx(tx, fn)
}

// begin takes a connection within AcquireTimeout and begins a
// transaction on it, bound to ctx: if ctx ends first, database/sql rolls
// it back.
func (d *DB) begin(ctx context.Context, opts *sql.TxOptions) (bun.Conn, bun.Tx, error) {
	conn, err := d.Conn(ctx)
	if err != nil {
		return bun.Conn{}, bun.Tx{}, err
	}
	tx, err := conn.BeginTx(ctx, opts)
	if err != nil {
		conn.Close()
		return bun.Conn{}, bun.Tx{}, fmt.Errorf("db: begin on %s: %w", d.Name(), err)
	}
	return conn, tx, nil
}

// runTx runs fn in tx, a transaction or a savepoint, and ends it.
func runTx(tx bun.Tx, fn func(tx bun.Tx) error) (err error) {
	done := false
	defer func() {
		if !done { // fn panicked: undo, and let the panic go on
			tx.Rollback()
		}
	}()
	err = fn(tx)
	done = true
	if err != nil {
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("db: rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}
