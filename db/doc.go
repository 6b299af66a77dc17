// Package db gives a Pylon app its SQL database: SQLite by default (the
// pure-Go modernc.org/sqlite, nothing to install) and PostgreSQL (pgx)
// for apps that outgrow one machine, switched by the URL alone; a
// connection pool whose limits are configuration; the Bun ORM and raw
// SQL over the same pool; a transaction per request that never outlives
// it; and migrations with pressly/goose.
//
// The shortest use opens a database and queries it:
//
//	d, err := db.Open(ctx, "sqlite:app.db") // or "postgres://user@host/app"
//	...
//	defer d.Close()
//	var n int
//	err = d.NewSelect().ColumnExpr("count(*)").Table("users").Scan(ctx, &n)
//
// In an app, Plugin opens the database at start from the [db] section of
// the configuration, migrates it if asked, and gives each request a
// transaction that begins at the first [Tx] and commits or rolls back
// when the handler returns:
//
//	app.Plug(&db.Plugin{Migrations: migrations})
//	app.POST("/users", func(c *pylon.Context) error {
//		return db.Tx(c, func(tx bun.Tx) error {
//			_, err := tx.NewInsert().Model(&User{Name: c.FormValue("name")}).Exec(c.Context())
//			return err
//		})
//	})
//
// # Timeouts
//
// database/sql waits for a free connection as long as the query's context
// allows. So that an exhausted pool gives an error rather than a request
// that hangs, Tx, TxMiddleware and Conn wait at most Config.AcquireTimeout
// (error: ErrAcquireTimeout), and queries of the query builder at most
// Config.QueryTimeout (error: context.DeadlineExceeded) unless their
// context has an earlier deadline.
//
// # SQLite
//
// SQLite databases are opened in WAL mode with foreign keys on, a busy
// timeout of AcquireTimeout and synchronous=NORMAL, and write
// transactions begin IMMEDIATE: many connections read at once, and
// writers queue for the one write lock instead of failing with
// SQLITE_BUSY. A "sqlite::memory:" database has one connection.
//
// See docs/database.md for the guide.
package db
