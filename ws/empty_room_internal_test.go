package ws

import (
	"context"
	"fmt"
	"testing"
)

// Sending to users who are offline, or to rooms nobody is in, keeps
// nothing when the Hub keeps no history; with history, the room stays
// for the history.
func TestSendsToNobodyKeepNoRooms(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		history, want int
	}{{0, 0}, {10, 100}} {
		h := NewHub(HubConfig{History: tc.history})
		for i := range 100 {
			if err := h.SendToUser(ctx, fmt.Sprint("user", i), Text("hi")); err != nil {
				t.Fatal(err)
			}
			if err := h.Broadcast(ctx, fmt.Sprint("room", i), Text("hi")); err != nil {
				t.Fatal(err)
			}
		}
		h.mu.RLock()
		n := len(h.rooms)
		h.mu.RUnlock()
		if n != tc.want {
			t.Errorf("History %d: %d rooms kept, want %d (user rooms keep no history)", tc.history, n, tc.want)
		}
		h.Shutdown(ctx)
	}
}
