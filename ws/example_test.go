package ws_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/ws"
)

func ExampleEndpoint() {
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.DiscardHandler)
	hub := ws.NewHub(ws.HubConfig{History: 10})
	chat := &ws.Endpoint{
		Hub: hub,
		// In an application: session.GetString(c, "user").
		UserFunc: func(c *pylon.Context) string { return c.Query("user") },
		OnOpen:   func(conn *ws.Conn) error { return conn.Join(conn.Context(), "lobby") },
		OnMessage: func(conn *ws.Conn, m ws.Message) error {
			m.From = conn.User()
			return hub.Broadcast(conn.Context(), "lobby", m)
		},
	}
	app.GET("/chat/ws", chat.Handle)
	srv := httptest.NewServer(app)
	defer srv.Close()
	defer hub.Shutdown(context.Background())

	ctx := context.Background()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/chat/ws?user=ann"
	c, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.CloseNow()
	c.Write(ctx, websocket.MessageText, []byte("hello"))
	_, msg, _ := c.Read(ctx)
	fmt.Println(string(msg))
	for _, m := range hub.History("lobby") {
		fmt.Println(m.ID, m.From, string(m.Data))
	}
	// Output:
	// hello
	// 1 ann hello
}

func ExampleHub_ServeSSE() {
	hub := ws.NewHub(ws.HubConfig{History: 100})
	app := pylon.New(pylon.Config{})
	app.GET("/chat/events", func(c *pylon.Context) error { return hub.ServeSSE(c, "lobby") })
	hub.Broadcast(context.Background(), "lobby", ws.Text("welcome"))
	fmt.Println(len(hub.History("lobby")))
	// Output: 1
}
