package session_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pylonweb/pylon/session"
	"github.com/pylonweb/pylon/session/internal/storetest"
	"github.com/pylonweb/pylon/session/redisstore"
	"github.com/pylonweb/pylon/session/sqlstore"
)

// The one suite, run against every store.

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open: func(t *testing.T) session.Store {
			s := session.NewMemoryStore(time.Minute)
			t.Cleanup(func() { s.Close() })
			return s
		},
	})
}

// A store of someone else's, with scs's methods only: the Manager checks
// with Find before it saves a session it loaded.
func TestPlainStore(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open: func(t *testing.T) session.Store {
			s := session.NewMemoryStore(time.Minute)
			t.Cleanup(func() { s.Close() })
			return plainStore{s}
		},
	})
}

// plainStore hides every method of its store but scs.Store's.
type plainStore struct{ s session.Store }

func (p plainStore) Find(token string) ([]byte, bool, error) { return p.s.Find(token) }
func (p plainStore) Commit(token string, b []byte, expiry time.Time) error {
	return p.s.Commit(token, b, expiry)
}
func (p plainStore) Delete(token string) error { return p.s.Delete(token) }

func TestSQLiteStore(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open: func(t *testing.T) session.Store {
			return openSQL(t, "sqlite:"+filepath.Join(t.TempDir(), "sessions.db"))
		},
		Break: breakSQL,
	})
}

func TestPostgresStore(t *testing.T) {
	url := os.Getenv("PYLON_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("PYLON_TEST_POSTGRES_URL is not set; set it to a PostgreSQL URL to test the SQL store on PostgreSQL")
	}
	storetest.Run(t, storetest.Harness{
		Open:  func(t *testing.T) session.Store { return openSQL(t, url) },
		Break: breakSQL,
	})
}

func TestRedisStore(t *testing.T) {
	url := os.Getenv("PYLON_TEST_REDIS_URL")
	if url == "" {
		t.Skip("PYLON_TEST_REDIS_URL is not set; set it to a Redis URL to test the Redis store")
	}
	storetest.Run(t, storetest.Harness{
		Open: func(t *testing.T) session.Store {
			ctx := context.Background()
			s, err := redisstore.Open(ctx, url, redisstore.Options{Prefix: "pylon-test:" + rand.Text() + ":"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				s.Close()
				// A client of its own, since the outage test closes the store's.
				cleaner, err := redisstore.Open(ctx, url, redisstore.Options{})
				if err != nil {
					t.Error(err)
					return
				}
				defer cleaner.Close()
				keys, _ := cleaner.Client().Keys(ctx, s.Prefix()+"*").Result()
				if len(keys) > 0 {
					cleaner.Client().Del(ctx, keys...)
				}
			})
			return s
		},
		Break: func(t *testing.T, s session.Store) { s.(*redisstore.Store).Client().Close() },
	})
}

// openSQL opens a SQL store in a table of its own, dropped afterwards.
func openSQL(t *testing.T, url string) *sqlstore.Store {
	t.Helper()
	table := fmt.Sprintf("sessions_test_%s", rand.Text()[:10])
	s, err := sqlstore.Open(context.Background(), url, sqlstore.Options{Table: table})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		if s.Dialect() != sqlstore.Postgres {
			return // the file goes with the temporary directory
		}
		// A handle of its own, since the outage test closes the store's.
		db, err := sql.Open("pgx", url)
		if err != nil {
			t.Error(err)
			return
		}
		defer db.Close()
		if _, err := db.Exec("DROP TABLE IF EXISTS " + table); err != nil {
			t.Error(err)
		}
	})
	return s
}

// breakSQL closes the store's database, as if the server went away.
func breakSQL(t *testing.T, s session.Store) { s.(*sqlstore.Store).DB().Close() }
