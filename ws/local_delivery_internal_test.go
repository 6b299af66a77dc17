package ws

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pylonweb/pylon/task"
	"github.com/redis/go-redis/v9"
)

// A Backend written to the first contract (its subscription never
// delivers this instance's messages), or one that says a message will not
// come back, leaves local delivery to the Hub: the members get it before
// Broadcast returns, with its ID. One that says it will come back
// delivers it itself.
func TestBackendLocalDelivery(t *testing.T) {
	for _, tc := range []struct {
		name    string
		backend Backend
		want    string
	}{
		{"Publish only", &fakeBackend{id: "7"}, `7 "hi"`},
		{"no echo", &echoBackend{fakeBackend{id: "8"}, false}, `8 "hi"`},
		{"echo", &echoBackend{fakeBackend{id: "9"}, true}, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHub(HubConfig{Backend: tc.backend, History: 10, Logger: slog.New(slog.DiscardHandler)})
			defer h.Shutdown(context.Background())
			r := newRecorder()
			h.subscribe("lobby", r)
			defer h.unsubscribe("lobby", r)
			if err := h.Broadcast(context.Background(), "lobby", Text("hi")); err != nil {
				t.Fatal(err)
			}
			if got, hist := show(r.messages()), show(h.History("lobby")); got != tc.want || hist != tc.want {
				t.Errorf("the member got [%s], the history has [%s], want [%s]", got, hist, tc.want)
			}
		})
	}
}

// fakeBackend publishes nowhere and delivers nothing.
type fakeBackend struct{ id string }

func (b *fakeBackend) Publish(context.Context, Message) (string, error) { return b.id, nil }

func (b *fakeBackend) Subscribe(ctx context.Context, _ func(Message)) error {
	<-ctx.Done()
	return nil
}

func (b *fakeBackend) SetPresence(context.Context, string, []string) error { return nil }

func (b *fakeBackend) Presence(context.Context, string) ([]string, error) { return nil, nil }

// echoBackend is a fakeBackend that reports echo from PublishEcho.
type echoBackend struct {
	fakeBackend
	echo bool
}

func (b *echoBackend) PublishEcho(context.Context, Message) (string, bool, error) {
	return b.id, b.echo, nil
}

// show lists messages as `ID "data"`.
func show(ms []Message) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = fmt.Sprintf("%s %q", m.ID, m.Data)
	}
	return strings.Join(s, ", ")
}

// waitData waits until r has a message with data and returns r's
// messages; the deadline only keeps a broken delivery from hanging the
// test.
func (r *recorder) waitData(t *testing.T, name, data string) []Message {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		got := r.messages()
		for _, m := range got {
			if string(m.Data) == data {
				return got
			}
		}
		select {
		case <-r.more:
		case <-deadline:
			t.Fatalf("%s got [%s], not %q", name, show(got), data)
		}
	}
}

// With Redis but no subscription (the Hub does not serve), a broadcast
// reaches this instance's members and history before Broadcast returns.
func TestRedisBroadcastWithoutServe(t *testing.T) {
	h, _ := unservedRedisHub(t, testPrefix(), "pylon-ws-unserved", nil)
	r := newRecorder()
	h.subscribe("lobby", r)
	defer h.unsubscribe("lobby", r)
	if err := h.Broadcast(context.Background(), "lobby", Text("hi")); err != nil {
		t.Fatal(err)
	}
	want := `1 "hi"`
	if got, hist := show(r.messages()), show(h.History("lobby")); got != want || hist != want {
		t.Errorf("the member got [%s], the history has [%s], want [%s]", got, hist, want)
	}
}

// A broadcast made while the subscription is down reaches the members
// from the Hub; if the subscription comes up in time to receive it after
// all, that copy is dropped.
func TestRedisEchoOfLocalDeliveryDropped(t *testing.T) {
	hook := beforeScript{before: make(chan func(), 1)}
	h, be := unservedRedisHub(t, testPrefix(), "pylon-ws-late-subscribe", hook)
	r := newRecorder()
	h.subscribe("lobby", r)
	defer h.unsubscribe("lobby", r)
	ctx := context.Background()
	hook.before <- func() { serveHub(t, h, be) }
	if err := h.Broadcast(ctx, "lobby", Text("first")); err != nil {
		t.Fatal(err)
	}
	if got := show(r.messages()); got != `1 "first"` {
		t.Fatalf("the member got [%s] when Broadcast returned", got)
	}
	// The subscription is in publish order: once the next message is
	// here, a second copy of the first would have come.
	if err := h.Broadcast(ctx, "lobby", Text("next")); err != nil {
		t.Fatal(err)
	}
	if got := show(r.waitData(t, "the member", "next")); got != `1 "first", 2 "next"` {
		t.Errorf("the member got [%s]", got)
	}
}

// A broadcast that succeeds while the subscription is up but that the
// subscription does not receive, because the link drops, reaches the
// members once the loss is noticed, once.
func TestRedisBroadcastLostWithLink(t *testing.T) {
	name := "pylon-ws-link-drops"
	h, be := redisHub(t, testPrefix(), name, nil)
	r := newRecorder()
	h.subscribe("lobby", r)
	defer h.unsubscribe("lobby", r)
	ctx := context.Background()

	// Hold up the subscription, cut its link, and broadcast: Redis has
	// no subscriber to send the message to.
	g := &gate{entered: make(chan struct{}), open: make(chan struct{})}
	h.subscribe("gate", g)
	defer h.unsubscribe("gate", g)
	if err := h.Broadcast(ctx, "gate", Text("hold")); err != nil {
		t.Fatal(err)
	}
	<-g.entered
	release := sync.OnceFunc(func() { close(g.open) })
	defer release()
	killSubscription(t, name)
	if err := h.Broadcast(ctx, "lobby", Text("lost")); err != nil {
		t.Fatal(err)
	}
	release()

	deadline := time.After(time.Minute)
	for s := be.Stats(); s.Reconnects < 1 || !s.Connected; s = be.Stats() {
		select {
		case <-deadline:
			t.Fatal("the subscription did not come back")
		case <-time.After(time.Millisecond):
		}
	}
	if err := h.Broadcast(ctx, "lobby", Text("next")); err != nil {
		t.Fatal(err)
	}
	if got := show(r.waitData(t, "the member", "next")); got != `1 "lost", 2 "next"` {
		t.Errorf("the member got [%s]", got)
	}
}

// killSubscription makes Redis close the pub/sub connection of the named
// client.
func killSubscription(t *testing.T, name string) {
	t.Helper()
	opts, err := redis.ParseURL(os.Getenv("PYLON_TEST_REDIS_URL"))
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	ctx := context.Background()
	list, err := rdb.ClientList(ctx).Result()
	if err != nil {
		t.Fatal(err)
	}
	killed := 0
	for line := range strings.Lines(list) {
		fields := strings.Fields(line)
		if !containsAll(fields, "name="+name, "flags=P") {
			continue
		}
		for _, f := range fields {
			if id, ok := strings.CutPrefix(f, "id="); ok {
				if err := rdb.Do(ctx, "CLIENT", "KILL", "ID", id).Err(); err != nil {
					t.Fatal(err)
				}
				killed++
			}
		}
	}
	if killed != 1 {
		t.Fatalf("killed %d subscriptions named %s", killed, name)
	}
}

func containsAll(fields []string, want ...string) bool {
	n := 0
	for _, f := range fields {
		for _, w := range want {
			if f == w {
				n++
			}
		}
	}
	return n == len(want)
}

// beforeScript is a Redis hook that, when given a function, runs it
// before the publish script.
type beforeScript struct{ before chan func() }

func (h beforeScript) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h beforeScript) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if cmd.Name() == "evalsha" || cmd.Name() == "eval" {
			select {
			case f := <-h.before:
				f()
			default:
			}
		}
		return next(ctx, cmd)
	}
}

func (h beforeScript) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

// unservedRedisHub returns a Hub on Redis under prefix that does not
// serve (its Backend does not subscribe), shut down when the test ends.
func unservedRedisHub(t *testing.T, prefix, name string, hook redis.Hook) (*Hub, *Redis) {
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
	if hook != nil {
		rdb.AddHook(hook)
	}
	quiet := slog.New(slog.DiscardHandler)
	be := NewRedis(RedisConfig{Client: rdb, Prefix: prefix, Logger: quiet,
		Backoff: task.Backoff{Min: time.Millisecond, Max: 10 * time.Millisecond}})
	h := NewHub(HubConfig{Backend: be, History: 10, Logger: quiet})
	t.Cleanup(func() {
		h.Shutdown(context.Background())
		rdb.Close()
	})
	return h, be
}

// serveHub serves h until the test ends (before its other cleanups) and
// waits until be has subscribed.
func serveHub(t *testing.T, h *Hub, be *Redis) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() { defer close(served); h.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-served
	})
	for !be.Stats().Connected {
		select {
		case <-served:
			t.Fatal("the Hub stopped serving before it subscribed")
		case <-time.After(time.Millisecond):
		}
	}
}
