package ws

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// recorder is a room member that keeps every message it is given.
type recorder struct {
	mu   sync.Mutex
	got  []Message
	more chan struct{} // signalled after each message
}

func newRecorder() *recorder { return &recorder{more: make(chan struct{}, 1)} }

func (r *recorder) deliver(m Message) {
	r.mu.Lock()
	r.got = append(r.got, m)
	r.mu.Unlock()
	select {
	case r.more <- struct{}{}:
	default:
	}
}

func (r *recorder) messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.got...)
}

// wait waits until the recorder has n messages and returns them; the
// deadline only keeps a broken delivery from hanging the test.
func (r *recorder) wait(t *testing.T, name string, n int) []Message {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		if got := r.messages(); len(got) >= n {
			return got
		}
		select {
		case <-r.more:
		case <-deadline:
			t.Fatalf("%s got %d messages, want %d", name, len(r.messages()), n)
		}
	}
}

// redisHub starts a Hub on Redis under prefix and serves it until the
// test ends. hook, if set, is added to the Hub's Redis client.
func redisHub(t *testing.T, prefix, name string, hook redis.Hook) (*Hub, *Redis) {
	t.Helper()
	h, be := unservedRedisHub(t, prefix, name, hook)
	serveHub(t, h, be)
	return h, be
}

func testPrefix() string {
	var b [6]byte
	rand.Read(b[:])
	return "pylon-test:ws:" + hex.EncodeToString(b[:]) + ":"
}

// Without a Backend, concurrent broadcasts reach a room's members in ID
// order, each once.
func TestConcurrentBroadcastsInIDOrder(t *testing.T) {
	const goroutines, each = 16, 50
	h := NewHub(HubConfig{History: 10})
	defer h.Shutdown(context.Background())
	r := newRecorder()
	h.subscribe("lobby", r)
	defer h.unsubscribe("lobby", r)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				if err := h.Broadcast(context.Background(), "lobby", Text("hi")); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	got := r.wait(t, "the member", goroutines*each)
	for i, m := range got {
		if m.ID != strconv.Itoa(i+1) {
			t.Fatalf("message %d has ID %s", i, m.ID)
		}
	}
}

// Concurrent broadcasts reach the publishing instance's members in ID
// order, the order every other instance sees: the same sequence
// everywhere, each message once, so that an SSE client can resume on any
// instance.
func TestRedisConcurrentBroadcastsInIDOrder(t *testing.T) {
	const (
		fromA, fromB = 16, 4 // publishing goroutines on each instance
		each         = 25    // broadcasts per goroutine
		total        = (fromA + fromB) * each
	)
	prefix := testPrefix()
	a, _ := redisHub(t, prefix, "pylon-ws-order-a", nil)
	b, _ := redisHub(t, prefix, "pylon-ws-order-b", nil)
	onA, onB := newRecorder(), newRecorder()
	a.subscribe("lobby", onA)
	b.subscribe("lobby", onB)
	defer a.unsubscribe("lobby", onA)
	defer b.unsubscribe("lobby", onB)

	ctx := context.Background()
	errs := make(chan error, fromA+fromB)
	var wg sync.WaitGroup
	for g := range fromA + fromB {
		h := a
		if g >= fromA {
			h = b
		}
		wg.Go(func() {
			for i := range each {
				if err := h.Broadcast(ctx, "lobby", Text(fmt.Sprint(g, "/", i))); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	gotA, gotB := onA.wait(t, "the member on a", total), onB.wait(t, "the member on b", total)
	for _, tc := range []struct {
		name string
		got  []Message
	}{{"a", gotA}, {"b", gotB}} {
		// The room's sequence starts at 1 under a fresh prefix: every ID
		// from 1 to total, each once, in order.
		disorder, seen := 0, make(map[string]bool)
		for i, m := range tc.got {
			seen[m.ID] = true
			if i > 0 && id(t, m) <= id(t, tc.got[i-1]) {
				disorder++
			}
		}
		if disorder > 0 || len(tc.got) != total || len(seen) != total || !seen["1"] || !seen[strconv.Itoa(total)] {
			t.Errorf("the member on %s got %d messages (%d IDs), %d of them after a later ID", tc.name, len(tc.got), len(seen), disorder)
		}
	}
	for i := range min(len(gotA), len(gotB)) {
		if gotA[i].ID != gotB[i].ID || string(gotA[i].Data) != string(gotB[i].Data) {
			t.Fatalf("message %d: a got %s %q, b got %s %q", i, gotA[i].ID, gotA[i].Data, gotB[i].ID, gotB[i].Data)
		}
	}
	ha, hb := a.History("lobby"), b.History("lobby")
	if len(ha) != 10 || len(hb) != 10 || ha[0].ID != strconv.Itoa(total-9) || hb[0].ID != ha[0].ID {
		t.Errorf("histories: a %d messages, b %d, want the last 10 on each", len(ha), len(hb))
	}
}

func id(t *testing.T, m Message) int {
	t.Helper()
	n, err := strconv.Atoi(m.ID)
	if err != nil {
		t.Fatalf("message %q has ID %q", m.Data, m.ID)
	}
	return n
}

// lostReply is a Redis hook that, when given a function, runs the
// publish script, then the function, then reports an error, as when the
// connection drops before the reply arrives.
type lostReply struct{ then chan func() }

var errLostReply = errors.New("reply lost")

func (h lostReply) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h lostReply) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		// Only a script that ran: NOSCRIPT makes the client retry with EVAL.
		if err == nil && (cmd.Name() == "evalsha" || cmd.Name() == "eval") {
			select {
			case f := <-h.then:
				f()
				cmd.SetErr(errLostReply)
				return errLostReply
			default:
			}
		}
		return err
	}
}

func (h lostReply) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

// gate is a member whose first delivery blocks until open is closed:
// it holds up its Hub's subscription.
type gate struct {
	entered, open chan struct{}
	once          sync.Once
}

func (g *gate) deliver(Message) {
	g.once.Do(func() {
		close(g.entered)
		<-g.open
	})
}

// A publish whose reply is lost although Redis did publish it reaches
// the local members once: from the Hub, without an ID, if the error comes
// first (and Broadcast returns it), or from the subscription, with its ID,
// if the message does (and Broadcast succeeds: it went out).
func TestRedisLostReplyDeliveredOnce(t *testing.T) {
	for _, tc := range []struct {
		name     string
		errFirst bool
		wantA    string
	}{
		{"error first", true, ` "unsure"`},
		{"message first", false, `1 "unsure"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prefix := testPrefix()
			hook := lostReply{then: make(chan func(), 1)}
			a, _ := redisHub(t, prefix, "pylon-ws-lost-a", hook)
			b, _ := redisHub(t, prefix, "pylon-ws-lost-b", nil)
			onA, onB := newRecorder(), newRecorder()
			a.subscribe("lobby", onA)
			b.subscribe("lobby", onB)
			defer a.unsubscribe("lobby", onA)
			defer b.unsubscribe("lobby", onB)
			ctx := context.Background()

			release := func() {}
			if tc.errFirst {
				// Hold up a's subscription on a message to another room,
				// so that the reply's error comes before the message.
				g := &gate{entered: make(chan struct{}), open: make(chan struct{})}
				a.subscribe("gate", g)
				defer a.unsubscribe("gate", g)
				if err := b.Broadcast(ctx, "gate", Text("hold")); err != nil {
					t.Fatal(err)
				}
				<-g.entered
				release = sync.OnceFunc(func() { close(g.open) })
				defer release()
				hook.then <- func() {}
			} else {
				hook.then <- func() { onA.wait(t, "the member on a", 1) }
			}
			err := a.Broadcast(ctx, "lobby", Text("unsure"))
			if tc.errFirst && !errors.Is(err, errLostReply) || !tc.errFirst && err != nil {
				t.Fatalf("Broadcast returned %v", err)
			}
			release()
			// The subscription is in publish order: once the next message
			// is here, a second copy of the first would have come.
			if err := b.Broadcast(ctx, "lobby", Text("next")); err != nil {
				t.Fatal(err)
			}
			for _, m := range []struct {
				name string
				r    *recorder
				want string
			}{{"a", onA, tc.wantA}, {"b", onB, `1 "unsure"`}} {
				got := m.r.wait(t, "the member on "+m.name, 2)
				if s := fmt.Sprintf("%s %q, %s %q", got[0].ID, got[0].Data, got[1].ID, got[1].Data); s != m.want+`, 2 "next"` {
					t.Errorf("the member on %s got %s, want %s, 2 \"next\"", m.name, s, m.want)
				}
			}
		})
	}
}
