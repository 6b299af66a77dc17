package ws

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pylonweb/pylon/task"
	"github.com/redis/go-redis/v9"
)

// RedisConfig configures the Redis backend.
type RedisConfig struct {
	// Client is the Redis connection. Required. Every instance that
	// shares rooms uses the same Redis (and Prefix).
	Client redis.UniversalClient

	// Prefix starts every key and channel name, so that several apps
	// (or tests) can share one Redis. On Redis Cluster, put a hash tag in
	// it ("{chat}:") so that the keys of one publish share a slot.
	// If not set, "pylon:ws:".
	Prefix string

	// PresenceTTL is how long an instance's presence lasts without a
	// heartbeat: after an instance dies, its users leave the rooms' presence
	// within this time. If not set, 30s.
	PresenceTTL time.Duration

	// Backoff spaces the attempts to resubscribe after the link to Redis
	// fails. If not set, from 100ms doubling up to 10s, with jitter.
	Backoff task.Backoff

	// Logger receives a line when the link is lost and when it is back.
	// If not set, slog.Default().
	Logger *slog.Logger
}

// Redis is a Backend on Redis: broadcasts travel by pub/sub on one
// channel, are numbered per room with INCR (atomically with the publish,
// so every instance, the publishing one included, receives them in ID
// order), and presence is a sorted set per room whose members expire
// unless their instance refreshes them.
//
// Redis pub/sub does not store messages: an instance that is cut off from
// Redis misses what is published meanwhile (its SSE clients can still
// resume from what it saw). Losing one instance disturbs no other; its
// presence expires after PresenceTTL.
type Redis struct {
	cfg      RedisConfig
	logger   *slog.Logger
	instance string

	connected  atomic.Bool
	reconnects atomic.Int64
	failures   atomic.Int64
	received   atomic.Int64

	published atomic.Uint64 // numbers this instance's publishes
	mu        sync.Mutex
	flights   map[uint64]*flight // by publish number
	failed    int                // flights that failed
}

// flight is one of this instance's publishes whose outcome is not settled
// yet: the subscription may deliver it before Publish has the reply, and
// a Publish that fails may have published all the same.
type flight struct {
	echoed bool   // the subscription delivered it
	id     string // its ID, once echoed
	failed bool   // Publish returned an error first
}

// NewRedis returns a Redis backend. It panics if cfg.Client is nil.
func NewRedis(cfg RedisConfig) *Redis {
	if cfg.Client == nil {
		panic("ws.NewRedis: RedisConfig.Client is nil")
	}
	if cfg.Prefix == "" {
		cfg.Prefix = "pylon:ws:"
	}
	if cfg.PresenceTTL <= 0 {
		cfg.PresenceTTL = 30 * time.Second
	}
	r := &Redis{cfg: cfg, logger: cfg.Logger, instance: randomID(), flights: make(map[uint64]*flight)}
	if r.logger == nil {
		r.logger = slog.Default()
	}
	return r
}

func randomID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// RedisStats describes the state of the link to Redis.
type RedisStats struct {
	// Connected reports whether the subscription is up now.
	Connected bool `json:"connected"`
	// Reconnects counts successful resubscriptions after a failure.
	Reconnects int64 `json:"reconnects"`
	// Failures counts failures of the subscription.
	Failures int64 `json:"failures"`
	// Received counts messages received from other instances.
	Received int64 `json:"received"`
}

// Stats returns the link's state and counters.
func (r *Redis) Stats() RedisStats {
	return RedisStats{
		Connected:  r.connected.Load(),
		Reconnects: r.reconnects.Load(),
		Failures:   r.failures.Load(),
		Received:   r.received.Load(),
	}
}

func (r *Redis) channel() string { return r.cfg.Prefix + "messages" }

// envelope is a message on the wire: the publishing instance, its number
// for the publish, and the message. The ID travels in front of it:
// "<id> <json>".
type envelope struct {
	Instance string  `json:"i"`
	Publish  uint64  `json:"n,omitempty"`
	Message  Message `json:"m"`
}

// publishScript numbers a message in its room and publishes it in one
// step, so that IDs and delivery order agree on every instance.
var publishScript = redis.NewScript(`
local id = 0
if ARGV[2] == "1" then id = redis.call('INCR', KEYS[1]) end
redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[1])
return id`)

// Publish implements Backend.
func (r *Redis) Publish(ctx context.Context, m Message) (string, error) {
	n := r.published.Add(1)
	b, err := json.Marshal(envelope{Instance: r.instance, Publish: n, Message: m})
	if err != nil {
		return "", fmt.Errorf("ws: encoding message: %w", err)
	}
	numbered := "1"
	if isUserRoom(m.Room) {
		numbered = "0" // private deliveries need no sequence
	}
	keys := []string{r.cfg.Prefix + "seq:" + m.Room, r.channel()}
	r.takeOff(n)
	id, err := publishScript.Run(ctx, r.cfg.Client, keys, b, numbered).Int64()
	if err != nil {
		// The script may have run all the same (the reply was lost, ctx
		// ended while waiting for it). If the subscription has delivered
		// the message, it went out; otherwise the Hub delivers it, and
		// the subscription must not deliver it again.
		if id, sent := r.fail(n); sent {
			return id, nil
		}
		return "", fmt.Errorf("ws: redis publish: %w", err)
	}
	r.land(n)
	if id == 0 {
		return "", nil
	}
	return strconv.FormatInt(id, 10), nil
}

// Subscribe implements Backend.
func (r *Redis) Subscribe(ctx context.Context, deliver func(Message)) error {
	failed := false
	for attempt := 0; ; {
		up, err := r.subscribeOnce(ctx, deliver, failed)
		r.connected.Store(false)
		if ctx.Err() != nil {
			return nil
		}
		if up {
			attempt = 0
		}
		failed = true
		attempt++
		r.failures.Add(1)
		delay := r.cfg.Backoff.Delay(attempt)
		r.logger.Warn("ws: redis link lost; reconnecting", "error", err, "attempt", attempt, "delay", delay)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// subscribeOnce subscribes and delivers until the link fails or ctx ends;
// up reports whether the subscription was made.
func (r *Redis) subscribeOnce(ctx context.Context, deliver func(Message), again bool) (up bool, err error) {
	ps := r.cfg.Client.Subscribe(ctx, r.channel())
	defer ps.Close()
	// go-redis blocks in ReceiveMessage regardless of ctx: closing the
	// subscription is what ends it.
	stop := context.AfterFunc(ctx, func() { ps.Close() })
	defer stop()
	if _, err := ps.Receive(ctx); err != nil {
		return false, err
	}
	r.connected.Store(true)
	if again {
		r.reconnects.Add(1)
		r.logger.Info("ws: redis link restored", "channel", r.channel())
	}
	for {
		msg, err := ps.ReceiveMessage(ctx)
		if err != nil {
			return true, err
		}
		env, ok := decodeEnvelope(msg.Payload)
		if !ok {
			r.logger.Warn("ws: malformed message on redis channel", "channel", msg.Channel)
			continue
		}
		// This instance's own messages come this way too, so that its
		// clients get them in ID order among the others'.
		if env.Instance != r.instance {
			r.received.Add(1)
		} else if !r.echo(env.Publish, env.Message.ID) {
			continue // the Hub delivered it when Publish failed
		}
		deliver(env.Message)
	}
}

// failedKept bounds how many failed publishes are remembered: one whose
// script did run comes back on the subscription at once, so only the
// latest matter.
const failedKept = 1024

// takeOff records that publish n is under way.
func (r *Redis) takeOff(n uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flights[n] = &flight{}
}

// land forgets publish n, which succeeded: its echo, if still to come, is
// delivered.
func (r *Redis) land(n uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.flights, n)
}

// fail settles publish n, which returned an error: if its echo has been
// delivered, it was sent, with the ID returned; otherwise its echo, if it
// comes, is to be dropped.
func (r *Redis) fail(n uint64) (id string, sent bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.flights[n]
	if f.echoed {
		delete(r.flights, n)
		return f.id, true
	}
	f.failed = true
	r.failed++
	if r.failed > failedKept {
		oldest := n
		for k, f := range r.flights {
			if f.failed {
				oldest = min(oldest, k)
			}
		}
		delete(r.flights, oldest)
		r.failed--
	}
	return "", false
}

// echo records that the subscription received this instance's publish n
// and reports whether to deliver it.
func (r *Redis) echo(n uint64, id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.flights[n]
	switch {
	case f == nil: // Publish succeeded, or is forgotten
		return true
	case f.failed:
		delete(r.flights, n)
		r.failed--
		return false
	default: // before Publish has its reply
		f.echoed, f.id = true, id
		return true
	}
}

// decodeEnvelope parses a payload, setting the message's ID.
func decodeEnvelope(payload string) (envelope, bool) {
	idStr, body, ok := strings.Cut(payload, " ")
	if !ok {
		return envelope{}, false
	}
	var env envelope
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		return envelope{}, false
	}
	if idStr != "0" {
		env.Message.ID = idStr
	}
	return env, true
}
