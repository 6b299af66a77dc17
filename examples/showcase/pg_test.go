package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// freshSchema creates a schema for one test in the PostgreSQL database at
// base and returns a URL whose search_path points at it; the schema is
// dropped when the test ends.
func freshSchema(t *testing.T, base string) string {
	t.Helper()
	schema := "showcase_" + randomHex(6)
	conn, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer conn.Close()
		conn.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
