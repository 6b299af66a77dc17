package ws_test

import (
	"context"
	"slices"
	"testing"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon/ws"
)

// chatEndpoint joins the room named in the "room" query parameter and
// broadcasts every message to it.
func chatEndpoint(hub *ws.Hub) *ws.Endpoint {
	return &ws.Endpoint{
		Hub: hub,
		OnOpen: func(c *ws.Conn) error {
			return c.Join(c.Context(), "lobby")
		},
		OnMessage: func(c *ws.Conn, m ws.Message) error {
			m.From = c.User()
			return hub.Broadcast(c.Context(), "lobby", m)
		},
	}
}

func TestHubRoomsPresenceHistory(t *testing.T) {
	hub := ws.NewHub(ws.HubConfig{History: 2})
	_, url := serve(t, chatEndpoint(hub))
	ann := dial(t, url+"?user=ann", nil)
	bob := dial(t, url+"?user=bob", nil)
	ctx := context.Background()
	for len(hub.Conns("lobby")) < 2 {
		readNothing()
	}
	users, err := hub.Presence(ctx, "lobby")
	if err != nil || !slices.Equal(users, []string{"ann", "bob"}) {
		t.Fatalf("presence %v %v", users, err)
	}
	for _, s := range []string{"one", "two", "three"} {
		write(t, ann, websocket.MessageText, []byte(s))
		if got := readText(t, bob); got != s {
			t.Fatalf("bob got %q, want %q", got, s)
		}
		if got := readText(t, ann); got != s {
			t.Fatalf("ann got %q, want %q", got, s)
		}
	}
	h := hub.History("lobby")
	if len(h) != 2 || string(h[0].Data) != "two" || h[1].ID != "3" || h[1].From != "ann" {
		t.Errorf("history %+v", h)
	}

	// To one user's connections only.
	bob2 := dial(t, url+"?user=bob", nil)
	for len(hub.Conns("lobby")) < 3 {
		readNothing()
	}
	if err := hub.SendToUser(ctx, "bob", ws.Text("psst")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*websocket.Conn{bob, bob2} {
		if got := readText(t, c); got != "psst" {
			t.Errorf("bob got %q", got)
		}
	}

	// Leaving: presence follows.
	ann.Close(websocket.StatusNormalClosure, "")
	for len(hub.Conns("lobby")) > 2 {
		readNothing()
	}
	users, _ = hub.Presence(ctx, "lobby")
	if !slices.Equal(users, []string{"bob"}) {
		t.Errorf("presence after ann left: %v", users)
	}
	write(t, bob, websocket.MessageText, []byte("alone"))
	if got := readText(t, bob2); got != "alone" {
		t.Errorf("bob2 got %q", got)
	}
}

func TestJoinLeaveAndRoomNames(t *testing.T) {
	hub := ws.NewHub(ws.HubConfig{})
	joined := make(chan *ws.Conn, 1)
	ep := &ws.Endpoint{Hub: hub, OnOpen: func(c *ws.Conn) error { joined <- c; return nil }}
	_, url := serve(t, ep)
	dial(t, url+"?user=ann", nil)
	conn := <-joined
	ctx := context.Background()
	if err := conn.Join(ctx, ""); err == nil {
		t.Error("joined a room with no name")
	}
	conn.Join(ctx, "a")
	conn.Join(ctx, "b")
	conn.Join(ctx, "a")
	if got := conn.Rooms(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("rooms %v", got)
	}
	conn.Leave(ctx, "a")
	if got := conn.Rooms(); !slices.Equal(got, []string{"b"}) || len(hub.Conns("a")) != 0 {
		t.Errorf("rooms after leave %v", got)
	}
}
