package redisstore_test

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pylonweb/pylon/session/redisstore"
)

// A Redis server that is down gives errors, never a panic; its URL's
// password is not in them.
func TestRedisDown(t *testing.T) {
	ctx := context.Background()
	if _, err := redisstore.Open(ctx, "redis://:s3cret@127.0.0.1:1/0?max_retries=-1", redisstore.Options{}); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open = %v", err)
	}
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1})
	defer client.Close()
	s := redisstore.New(client, redisstore.Options{})
	if _, _, err := s.Find("t"); err == nil {
		t.Error("Find on a dead server: no error")
	}
	if err := s.Commit("t", []byte("x"), time.Now().Add(time.Hour)); err == nil {
		t.Error("Commit on a dead server: no error")
	}
	if _, err := s.All(); err == nil {
		t.Error("All on a dead server: no error")
	}
}

func TestOpenBadURL(t *testing.T) {
	if _, err := redisstore.Open(context.Background(), "http://127.0.0.1:6379", redisstore.Options{}); err == nil {
		t.Error("Open accepted an http URL")
	}
}

// Stores with different prefixes do not see each other's sessions, even
// when a prefix holds SCAN's pattern characters.
func TestPrefixes(t *testing.T) {
	url := os.Getenv("PYLON_TEST_REDIS_URL")
	if url == "" {
		t.Skip("PYLON_TEST_REDIS_URL is not set; set it to a Redis URL to test the Redis store")
	}
	ctx := context.Background()
	base := "pylon-test:" + rand.Text() + ":"
	a := open(t, url, base+"a*[x]:")
	b := open(t, url, base+"ab:")
	later := time.Now().Add(time.Minute)
	a.Commit("one", []byte("A"), later)
	b.Commit("two", []byte("B"), later)
	if _, found, _ := a.Find("two"); found {
		t.Error("store a sees store b's session")
	}
	all, err := a.All()
	if err != nil || len(all) != 1 || string(all["one"]) != "A" {
		t.Errorf("a.All() = %q, %v", all, err)
	}
	if ttl := a.Client().PTTL(ctx, a.Prefix()+"one").Val(); ttl <= 0 || ttl > time.Minute {
		t.Errorf("TTL %v, want up to a minute", ttl)
	}
}

func open(t *testing.T, url, prefix string) *redisstore.Store {
	t.Helper()
	s, err := redisstore.Open(context.Background(), url, redisstore.Options{Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Delete("one")
		s.Delete("two")
		s.Close()
	})
	return s
}
