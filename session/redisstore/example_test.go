package redisstore_test

import (
	"github.com/redis/go-redis/v9"

	"github.com/pylonweb/pylon/session"
	"github.com/pylonweb/pylon/session/redisstore"
)

// Sessions in Redis, shared by every instance of an app. Redis expires
// the keys itself. (Not run: it needs a Redis server.)
func ExampleNew() {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	store := redisstore.New(client, redisstore.Options{Prefix: "myapp:session:"})
	sessions, err := session.NewWithStore(session.Config{}, store)
	if err != nil {
		panic(err)
	}
	defer sessions.Close()
	// app.Plug(sessions)
}
