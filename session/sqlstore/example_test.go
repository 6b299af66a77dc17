package sqlstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/pylonweb/pylon/session/sqlstore"
)

// Open a store on SQLite (or PostgreSQL, by URL), with its table made.
func ExampleOpen() {
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, "sqlite::memory:", sqlstore.Options{CleanupInterval: -1})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()
	if err := st.CommitCtx(ctx, "token-1", []byte("data"), time.Now().Add(time.Hour)); err != nil {
		fmt.Println(err)
		return
	}
	b, found, err := st.FindCtx(ctx, "token-1")
	fmt.Println(string(b), found, err, st.Dialect())
	// Output: data true <nil> sqlite
}
