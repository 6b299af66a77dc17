package ws

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
)

type countingSub struct{ n atomic.Int64 }

func (s *countingSub) deliver(Message) { s.n.Add(1) }

// A subscriber that joins while the last one leaves is in the room the
// Hub delivers to, never in a room the leaver's departure deleted.
func TestJoinWhileLastLeaves(t *testing.T) {
	h := NewHub(HubConfig{})
	defer h.Shutdown(context.Background())
	for i := range 20000 {
		a, b := new(countingSub), new(countingSub)
		h.subscribe("r", a)
		var wg sync.WaitGroup
		wg.Go(func() { h.unsubscribe("r", a) })
		wg.Go(func() { h.subscribe("r", b) })
		wg.Wait()
		h.deliver(Message{Room: "r", Type: MessageText}, true)
		if b.n.Load() != 1 {
			t.Fatalf("round %d: the joiner got %d messages, want 1", i, b.n.Load())
		}
		h.unsubscribe("r", b)
	}
}
