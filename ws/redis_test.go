package ws_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon/task"
	"github.com/pylonweb/pylon/ws"
	"github.com/redis/go-redis/v9"
)

// instance is one app instance on a shared Redis.
type instance struct {
	hub   *ws.Hub
	redis *ws.Redis
	url   string
	stop  func()
}

// redisClient connects to PYLON_TEST_REDIS_URL, or skips the test.
func redisClient(t *testing.T, name string) *redis.Client {
	t.Helper()
	url := os.Getenv("PYLON_TEST_REDIS_URL")
	if url == "" {
		t.Skip("set PYLON_TEST_REDIS_URL (such as redis://127.0.0.1:6379/0) to run the Redis tests")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	opts.ClientName = name
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { rdb.Close() })
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("redis at PYLON_TEST_REDIS_URL: %v", err)
	}
	return rdb
}

func startInstance(t *testing.T, prefix, name string) *instance {
	t.Helper()
	rdb := redisClient(t, name)
	quiet := slog.New(slog.DiscardHandler)
	be := ws.NewRedis(ws.RedisConfig{Client: rdb, Prefix: prefix, Logger: quiet,
		Backoff: task.Backoff{Min: time.Millisecond, Max: 10 * time.Millisecond}})
	hub := ws.NewHub(ws.HubConfig{Backend: be, History: 10, Logger: quiet})
	_, url := serve(t, chatEndpoint(hub))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); hub.Serve(ctx) }()
	for !be.Stats().Connected {
		readNothing()
	}
	in := &instance{hub: hub, redis: be, url: url}
	in.stop = func() {
		cancel()
		<-done
		hub.Shutdown(context.Background())
	}
	t.Cleanup(in.stop)
	return in
}

func randomPrefix() string {
	var b [6]byte
	rand.Read(b[:])
	return "pylon-test:ws:" + hex.EncodeToString(b[:]) + ":"
}

func TestRedisTwoInstances(t *testing.T) {
	prefix := randomPrefix()
	a := startInstance(t, prefix, "pylon-ws-test-a")
	b := startInstance(t, prefix, "pylon-ws-test-b")
	ctx := context.Background()

	ann := dial(t, a.url+"?user=ann", nil)
	bob := dial(t, b.url+"?user=bob", nil)
	for len(a.hub.Conns("lobby")) < 1 || len(b.hub.Conns("lobby")) < 1 {
		readNothing()
	}

	// A message sent on one instance arrives on the other.
	write(t, ann, websocket.MessageText, []byte("hello from a"))
	if got := readText(t, bob); got != "hello from a" {
		t.Fatalf("bob on b got %q", got)
	}
	if got := readText(t, ann); got != "hello from a" {
		t.Fatalf("ann on a got %q", got)
	}
	// IDs agree across instances, and so does the history.
	if ha, hb := a.hub.History("lobby"), b.hub.History("lobby"); len(ha) != 1 || len(hb) != 1 || ha[0].ID != hb[0].ID {
		t.Errorf("histories differ: %+v / %+v", ha, hb)
	}

	// Presence spans the instances. Join records it in Redis just after
	// the connection enters the room, so wait for it.
	for _, h := range []*ws.Hub{a.hub, b.hub} {
		for i := 0; ; i++ {
			users, err := h.Presence(ctx, "lobby")
			if err == nil && slices.Equal(users, []string{"ann", "bob"}) {
				break
			}
			if i == 1000 {
				t.Fatalf("presence %v %v", users, err)
			}
			readNothing()
		}
	}

	// To a user's connections, wherever they are.
	if err := a.hub.SendToUser(ctx, "bob", ws.Text("psst")); err != nil {
		t.Fatal(err)
	}
	if got := readText(t, bob); got != "psst" {
		t.Errorf("bob got %q", got)
	}

	// The Redis link drops (the server kills b's connections); b
	// resubscribes with backoff and counts it.
	killClients(t, a, "pylon-ws-test-b")
	for b.redis.Stats().Reconnects < 1 {
		readNothing()
	}
	for !b.redis.Stats().Connected {
		readNothing()
	}
	write(t, ann, websocket.MessageText, []byte("after reconnect"))
	readText(t, ann)
	if got := readText(t, bob); got != "after reconnect" {
		t.Errorf("bob got %q after reconnect", got)
	}

	// Losing instance b disturbs nobody on a; b's users leave presence.
	bobClosed := make(chan websocket.StatusCode, 1)
	go func() { bobClosed <- readUntilClose(t, bob) }()
	b.stop()
	if code := <-bobClosed; code != websocket.StatusGoingAway {
		t.Errorf("bob closed with %v", code)
	}
	write(t, ann, websocket.MessageText, []byte("still here"))
	if got := readText(t, ann); got != "still here" {
		t.Errorf("ann got %q", got)
	}
	if users, _ := a.hub.Presence(ctx, "lobby"); !slices.Equal(users, []string{"ann"}) {
		t.Errorf("presence after b stopped: %v", users)
	}
}

// killClients makes Redis close the connections of the named clients.
func killClients(t *testing.T, in *instance, name string) {
	t.Helper()
	rdb := redisClient(t, "pylon-ws-test-killer")
	list, err := rdb.ClientList(context.Background()).Result()
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(list) {
		if !strings.Contains(line, " name="+name+" ") {
			continue
		}
		for f := range strings.FieldsSeq(line) {
			if id, ok := strings.CutPrefix(f, "id="); ok {
				rdb.Do(context.Background(), "CLIENT", "KILL", "ID", id)
			}
		}
	}
}
