package ws

import "context"

// Backend links the Hubs of several instances: a broadcast on one reaches
// the connections of all, and presence spans all. NewRedis returns one on
// Redis pub/sub. Implementations must be safe for concurrent use.
//
// The Hub delivers this instance's own broadcasts to its clients itself,
// once Publish returns, unless the Backend implements EchoPublisher and
// reports that a message will come back through Subscribe.
type Backend interface {
	// Publish sends m to the other instances and returns the ID it got,
	// numbered in order per room across instances. Subscribe does not
	// deliver m on this instance: the Hub delivers it to this instance's
	// clients itself, with the ID, or without one if Publish failed.
	Publish(ctx context.Context, m Message) (id string, err error)
	// Subscribe calls deliver with each message the other instances
	// publish, with its ID, in ID order per room, until ctx is done; it
	// reconnects on its own when the link fails and returns nil when ctx
	// is done. A Backend that implements EchoPublisher also delivers
	// this instance's messages for which PublishEcho reported echo, and
	// only those.
	Subscribe(ctx context.Context, deliver func(Message)) error
	// SetPresence records the users in room on this instance, replacing
	// the previous list; the Hub calls it again periodically as a
	// heartbeat, and a list not refreshed expires.
	SetPresence(ctx context.Context, room string, users []string) error
	// Presence returns the users in room on every live instance, sorted,
	// each once.
	Presence(ctx context.Context, room string) ([]string, error)
}

// EchoPublisher is implemented by a Backend whose subscription can
// deliver this instance's own broadcasts too, so that its clients get
// them in ID order among the other instances', the same order on every
// instance. The Hub then calls PublishEcho instead of Publish. Redis
// implements it.
type EchoPublisher interface {
	// PublishEcho publishes m as Publish does, and reports whether
	// Subscribe will deliver it on this instance, once, even if the link
	// fails after PublishEcho returns. If echo is false, such as while
	// the subscription is down, Subscribe must not deliver m: the Hub
	// delivers it to this instance's clients itself, at once, with the
	// ID. If err is not nil, echo must be false, and the Hub delivers m
	// without an ID.
	PublishEcho(ctx context.Context, m Message) (id string, echo bool, err error)
}

// Serve runs the Hub's side of its Backend until ctx is done: it delivers
// the other instances' broadcasts (and, with an EchoPublisher, this
// one's) to this one's clients and keeps this instance's presence alive.
// Without a Backend it just waits. Serve is a task.Service: Plugin adds it
// to the App's services.
func (h *Hub) Serve(ctx context.Context) error {
	b := h.cfg.Backend
	if b == nil {
		<-ctx.Done()
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.heartbeat(ctx)
	}()
	err := b.Subscribe(ctx, func(m Message) { h.deliver(m, false) })
	cancel()
	<-done
	return err
}
