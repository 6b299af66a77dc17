package ws_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/coder/websocket"

	"github.com/pylonweb/pylon/ws"
)

// OnClose runs once the connection has left the Hub and its rooms, so
// that what it tells the others no longer counts the one that left.
func TestOnCloseAfterLeavingRooms(t *testing.T) {
	seen := make(chan string, 1)
	var ep *ws.Endpoint
	ep = &ws.Endpoint{
		OnOpen: func(c *ws.Conn) error { return c.Join(c.Context(), "lobby") },
		OnClose: func(c *ws.Conn, _ *ws.CloseError) {
			who, err := ep.Hub.Presence(context.Background(), "lobby")
			seen <- fmt.Sprint(who, err, c.Rooms())
		},
	}
	_, url := serve(t, ep)
	stay := dial(t, url+"?user=bob", nil)
	defer stay.CloseNow()
	leave := dial(t, url+"?user=alice", nil)
	// OnOpen runs in each connection's reader, after the handshake.
	for len(ep.Hub.Conns("lobby")) < 2 {
		runtime.Gosched()
	}
	leave.Close(websocket.StatusNormalClosure, "")
	if got, want := <-seen, "[bob] <nil> []"; got != want {
		t.Fatalf("in OnClose: presence, rooms = %s, want %s", got, want)
	}
}
