package ws

import "context"

// Backend links the Hubs of several instances: a broadcast on one reaches
// the connections of all, and presence spans all. NewRedis returns one on
// Redis pub/sub. Implementations must be safe for concurrent use.
type Backend interface {
	// Publish sends m to every instance, this one included, and returns
	// the ID it got, numbered in order per room across instances.
	Publish(ctx context.Context, m Message) (id string, err error)
	// Subscribe calls deliver with each message published on any
	// instance, this one's included, with its ID, in ID order per room,
	// until ctx is done; it reconnects on its own when the link fails and
	// returns nil when ctx is done. It leaves out this instance's
	// messages whose Publish returned an error: the Hub delivers those
	// itself.
	Subscribe(ctx context.Context, deliver func(Message)) error
	// SetPresence records the users in room on this instance, replacing
	// the previous list; the Hub calls it again periodically as a
	// heartbeat, and a list not refreshed expires.
	SetPresence(ctx context.Context, room string, users []string) error
	// Presence returns the users in room on every live instance, sorted,
	// each once.
	Presence(ctx context.Context, room string) ([]string, error)
}

// Serve runs the Hub's side of its Backend until ctx is done: it delivers
// the broadcasts of every instance, this one's included, to this one's
// clients and keeps this instance's presence alive. Without a Backend it
// just waits. Serve is a task.Service: Plugin adds it to the App's
// services.
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
