package ws

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
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

	reconnects atomic.Int64
	failures   atomic.Int64
	received   atomic.Int64

	published atomic.Uint64 // numbers this instance's publishes
	mu        sync.Mutex
	connected bool // the subscription is confirmed and not known to have dropped
	// flights are the publishes whose echo is expected, by number; the
	// echo of any other publish (one the Hub delivers itself) is dropped.
	flights map[uint64]*flight
}

// flight is one of this instance's publishes whose echo, the message
// coming back through the subscription, has not been settled yet: the
// subscription may deliver it before Publish has the reply, and a
// Publish that fails may have published all the same.
type flight struct {
	m      Message // with its ID once known; delivered if the subscription drops before the echo, once landed
	echoed bool    // the subscription delivered it
	landed bool    // Publish succeeded and reported the echo to come
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
	r.mu.Lock()
	connected := r.connected
	r.mu.Unlock()
	return RedisStats{
		Connected:  connected,
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

// Publish implements Backend: this instance's subscription does not
// deliver m, and the Hub delivers it itself.
func (r *Redis) Publish(ctx context.Context, m Message) (string, error) {
	id, _, err := r.publish(ctx, m, false)
	return id, err
}

// PublishEcho implements EchoPublisher: while the subscription is up, m
// comes back through it, in ID order among the other instances'
// messages, and echo is true. While it is down (before Subscribe has
// subscribed, during a reconnection's backoff, or with no Subscribe
// running), echo is false and the subscription drops m if it gets it
// after all.
func (r *Redis) PublishEcho(ctx context.Context, m Message) (id string, echo bool, err error) {
	return r.publish(ctx, m, true)
}

func (r *Redis) publish(ctx context.Context, m Message, wantEcho bool) (string, bool, error) {
	n := r.published.Add(1)
	b, err := json.Marshal(envelope{Instance: r.instance, Publish: n, Message: m})
	if err != nil {
		return "", false, fmt.Errorf("ws: encoding message: %w", err)
	}
	numbered := "1"
	if isUserRoom(m.Room) {
		numbered = "0" // private deliveries need no sequence
	}
	keys := []string{r.cfg.Prefix + "seq:" + m.Room, r.channel()}
	r.takeOff(n, m, wantEcho)
	num, err := publishScript.Run(ctx, r.cfg.Client, keys, b, numbered).Int64()
	if err != nil {
		// The script may have run all the same (the reply was lost, ctx
		// ended while waiting for it). If the subscription has delivered
		// the message, it went out; otherwise the Hub delivers it, and
		// the subscription must not deliver it again.
		if id, sent := r.fail(n); sent {
			return id, true, nil
		}
		return "", false, fmt.Errorf("ws: redis publish: %w", err)
	}
	id := ""
	if num != 0 {
		id = strconv.FormatInt(num, 10)
	}
	return id, r.land(n, id), nil
}

// Subscribe implements Backend.
func (r *Redis) Subscribe(ctx context.Context, deliver func(Message)) error {
	failed := false
	for attempt := 0; ; {
		up, err := r.subscribeOnce(ctx, deliver, failed)
		// This instance's messages published before the link dropped and
		// not received yet will not come: deliver them here.
		for _, m := range r.disconnect() {
			deliver(m)
		}
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
	r.connect()
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
			continue // the Hub delivered it itself
		}
		deliver(env.Message)
	}
}

// takeOff records that publish n of m is under way. Its echo is expected
// only if wantEcho is set and the subscription is up now: it then
// receives whatever Redis publishes from now on.
func (r *Redis) takeOff(n uint64, m Message, wantEcho bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if wantEcho && r.connected {
		r.flights[n] = &flight{m: m}
	}
}

// land settles publish n, which succeeded with the given ID, and reports
// whether its echo is (or was) delivered by the subscription; if not,
// the Hub delivers it.
func (r *Redis) land(n uint64, id string) (echo bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.flights[n]
	switch {
	case f == nil: // no echo expected, or its wait was given up
		return false
	case f.echoed:
		delete(r.flights, n)
	default:
		f.landed, f.m.ID = true, id
	}
	return true
}

// fail settles publish n, which returned an error: if its echo has been
// delivered, it was sent, with the ID returned; otherwise its echo, if it
// comes, is to be dropped.
func (r *Redis) fail(n uint64) (id string, sent bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.flights[n]
	delete(r.flights, n) // an echo still to come is dropped
	if f != nil && f.echoed {
		return f.m.ID, true
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
	case f == nil: // the Hub delivers it
		return false
	case f.landed:
		delete(r.flights, n)
	default: // before Publish has its reply
		f.echoed, f.m.ID = true, id
	}
	return true
}

// connect records that the subscription is confirmed: Redis delivers to
// it every message published from now on.
func (r *Redis) connect() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.connected = true
}

// disconnect records that the subscription is down, and returns the
// messages of this instance's publishes that succeeded but have not come
// back, in ID order: they never will, and the caller delivers them.
// Publishes still under way will not come back either: the Hub delivers
// them.
func (r *Redis) disconnect() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.connected = false
	var lost []Message
	for n, f := range r.flights {
		switch {
		case f.echoed: // delivered; land or fail settles it
		case f.landed:
			lost = append(lost, f.m)
			delete(r.flights, n)
		default: // under way: the Hub delivers it
			delete(r.flights, n)
		}
	}
	slices.SortFunc(lost, func(a, b Message) int {
		return cmp.Or(cmp.Compare(len(a.ID), len(b.ID)), strings.Compare(a.ID, b.ID))
	})
	return lost
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
