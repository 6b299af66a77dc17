package db_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/db"
	"github.com/uptrace/bun"
)

var discardLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

// The seed's database case: a handler's tasks query concurrently, and the
// pool (two connections for three tasks) bounds how many run at once.
func TestRequestTasksQueryConcurrently(t *testing.T) {
	run(t, func(t *testing.T, url string) {
		d := open(t, url, db.Config{MaxOpenConns: 2})
		app := pylon.New(pylon.Config{})
		app.Logger = discardLogger
		app.UseContext(db.TxMiddleware(d))
		app.GET("/", func(c *pylon.Context) error {
			database := db.From(c)
			var tasks []interface {
				Wait(context.Context) (int, error)
			}
			for i := range 3 {
				tasks = append(tasks, pylon.Go(c, "query", func(ctx context.Context) (int, error) {
					var n int
					err := database.NewSelect().ColumnExpr("? * 10", i).Scan(ctx, &n)
					return n, err
				}))
			}
			sum := 0
			for _, task := range tasks {
				n, err := task.Wait(c.Context())
				if err != nil {
					return err
				}
				sum += n
			}
			return c.JSON(http.StatusOK, sum)
		})
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		if w.Code != http.StatusOK || w.Body.String() != "30\n" {
			t.Errorf("status %d, body %q; want 200 and 30", w.Code, w.Body)
		}
		checkReleased(t, d)
	})
}

// An exhausted pool gives a timeout error, not a hang. The deadline is
// real (database/sql's waiting cannot run under testing/synctest), short,
// and never measured.
func TestExhaustedPoolTimesOut(t *testing.T) {
	run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		d := open(t, url, db.Config{
			MaxOpenConns:   1,
			AcquireTimeout: pylon.Duration(50 * time.Millisecond),
			QueryTimeout:   pylon.Duration(50 * time.Millisecond),
		})
		held, err := d.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}

		err = d.Tx(ctx, func(bun.Tx) error { return nil })
		if !errors.Is(err, db.ErrAcquireTimeout) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Tx on an exhausted pool = %v, want ErrAcquireTimeout", err)
		}
		var n int
		err = d.NewSelect().ColumnExpr("1").Scan(ctx, &n)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("query on an exhausted pool = %v, want context.DeadlineExceeded", err)
		}

		app := itemsApp(d)
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("POST", "/ok", nil))
		if w.Code != http.StatusServiceUnavailable {
			t.Errorf("request on an exhausted pool: status %d, want 503", w.Code)
		}

		held.Close()
		if err := d.NewSelect().ColumnExpr("1").Scan(ctx, &n); err != nil || n != 1 {
			t.Errorf("query after the connection came back = %d, %v", n, err)
		}
		checkReleased(t, d)
	})
}

// A context that is already bounded keeps its own deadline, and a query
// through the builder cancels its timer when it ends (no connection or
// timer outlives it).
func TestQueryTimeoutKeepsRowsUsable(t *testing.T) {
	run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		d := open(t, url, db.Config{QueryTimeout: pylon.Duration(time.Minute)})
		rows, err := d.NewSelect().ColumnExpr("1 AS x").Rows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var x int
		for rows.Next() {
			if err := rows.Scan(&x); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil || x != 1 {
			t.Errorf("rows: x = %d, err %v", x, err)
		}
		rows.Close()
		checkReleased(t, d)
	})
}
