package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pylonweb/pylon/db"
	"github.com/uptrace/bun"
)

func TestDBTx(t *testing.T) {
	run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		d := open(t, url, db.Config{})
		exec(t, d, "CREATE TABLE items (name TEXT NOT NULL)")
		insert := func(tx bun.Tx, name string) error {
			_, err := tx.NewInsert().Model(&item{Name: name}).Exec(ctx)
			return err
		}

		if err := d.Tx(ctx, func(tx bun.Tx) error { return insert(tx, "kept") }); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		if err := d.Tx(ctx, func(tx bun.Tx) error {
			if err := insert(tx, "undone"); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("Tx error = %v, want fn's", err)
		}
		func() {
			defer func() {
				if v := recover(); v != "panic in tx" {
					t.Errorf("recovered %v, want the panic to go on", v)
				}
			}()
			d.Tx(ctx, func(tx bun.Tx) error {
				insert(tx, "undone by panic")
				panic("panic in tx")
			})
		}()
		if n := count(t, d, "items"); n != 1 {
			t.Errorf("%d rows, want 1: only the committed transaction's", n)
		}
		checkReleased(t, d)
	})
}
