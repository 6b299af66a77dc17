package main

import (
	"cmp"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/cache"
	"github.com/pylonweb/pylon/ratelimit"
	"github.com/pylonweb/pylon/render"
	"github.com/pylonweb/pylon/session"
	"github.com/pylonweb/pylon/ws"
	"github.com/redis/go-redis/v9"
)

// The chat room: one room, "lobby", reached by WebSocket at /chat/ws or,
// as the fallback, by Server-Sent Events at /chat/events with messages
// POSTed to /chat/messages. Every message is broadcast as the JSON
// {"from": name, "text": text}.
const chatRoom = "lobby"

// maxChatText is the longest message accepted, in characters.
const maxChatText = 500

// chatSettings is the [chat] section. The Redis backend is used when
// redis_url is set or, failing that, when sessions or the cache are in
// Redis (then with their URL): the configuration that makes several
// instances possible makes them share the chat room too.
type chatSettings struct {
	// RedisURL is the Redis server that links the instances' chat rooms.
	// If not set, [session] url when [session] store = "redis", else
	// [cache] redis_url when [cache] backend = "redis", else none: the
	// room is this process's only.
	RedisURL string `toml:"redis_url"`
	// Prefix starts the chat's Redis keys and channel. Instances share a
	// room when they share the Redis and the prefix. If not set,
	// "showcase:ws:".
	Prefix string `toml:"prefix"`
	// History is how many messages the room keeps for SSE clients that
	// reconnect (Last-Event-ID). If not set, 50.
	History int `toml:"history"`
}

// chatMessage is a message as broadcast to the room.
type chatMessage struct {
	From string `json:"from"`
	Text string `json:"text"`
}

// chatWelcome is sent to a WebSocket once it has joined the room, so that
// the client knows it will receive what is sent from now on.
type chatWelcome struct {
	You string `json:"you"`
}

type chat struct {
	pages  *pages
	hub    *ws.Hub
	guests atomic.Int64
}

// setupChat makes the chat's Hub (on Redis when the configuration says
// so), ties it to the App's lifecycle and adds the chat's routes.
func setupChat(app *pylon.App, p *pages) error {
	s := chatSettings{Prefix: "showcase:ws:", History: 50}
	if err := app.Config().Section("chat", &s); err != nil {
		return err
	}
	url, err := chatRedisURL(app.Config(), s)
	if err != nil {
		return err
	}
	hubCfg := ws.HubConfig{History: s.History}
	if url != "" {
		opts, err := redis.ParseURL(url)
		if err != nil {
			return err
		}
		rdb := redis.NewClient(opts)
		// Registered before the Plugin, so that it runs after the Hub has
		// shut down (stop hooks run in reverse order).
		app.OnStop(func(context.Context) error { return rdb.Close() })
		hubCfg.Backend = ws.NewRedis(ws.RedisConfig{Client: rdb, Prefix: s.Prefix})
	}
	ch := &chat{pages: p, hub: ws.NewHub(hubCfg)}
	if err := app.Plug(&ws.Plugin{Hub: ch.hub}); err != nil {
		return err
	}
	endpoint := &ws.Endpoint{
		Hub:       ch.hub,
		ReadLimit: 4 << 10,
		// A person types a few lines a second at most; a client sending
		// more is closed before it floods the room.
		MessageRate:  5,
		MessageBurst: 10,
		UserFunc:     ch.name,
		OnOpen:       ch.open,
		OnMessage:    ch.receive,
	}
	app.GET("/chat", ch.page).Name("chat")
	app.GET("/chat/ws", endpoint.Handle).Name("chat_ws")
	app.GET("/chat/events", func(c *pylon.Context) error { return ch.hub.ServeSSE(c, chatRoom) }).Name("chat_events")
	// The SSE side's messages come by POST, limited like the WebSocket's.
	postLimit := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{})
	app.OnStop(func(context.Context) error { return postLimit.Close() })
	limited := app.Group("", ratelimit.Middleware(ratelimit.Config{
		Rate:  ratelimit.Rate{Requests: 5, Period: time.Second, Burst: 10},
		Store: postLimit,
	}))
	limited.POST("/chat/messages", ch.post).Name("chat_messages")
	return nil
}

// chatRedisURL returns the Redis URL for the chat's backend, or "".
func chatRedisURL(cfg *pylon.Config, s chatSettings) (string, error) {
	if s.RedisURL != "" {
		return s.RedisURL, nil
	}
	var sess session.Config
	if err := cfg.Section("session", &sess); err != nil {
		return "", err
	}
	if strings.EqualFold(sess.Store, "redis") && sess.URL != "" {
		return sess.URL, nil
	}
	var cc cache.Config
	if err := cfg.Section("cache", &cc); err != nil {
		return "", err
	}
	if strings.EqualFold(cc.Backend, "redis") {
		return cmp.Or(cc.RedisURL, cache.DefaultRedisURL), nil
	}
	return "", nil
}

// The page sets a strict Content-Security-Policy: the chat's script is a
// file of the site, and it connects to the site only (in CSP 3, 'self'
// includes ws: and wss: to the same host).
const chatCSP = "default-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// page renders the chat room. A visitor who is not logged in gets a guest
// name, kept in the session so that the WebSocket and the POSTs of the
// same browser share it.
func (ch *chat) page(c *pylon.Context) error {
	if currentUser(c) == nil && session.GetString(c, "chat_guest") == "" {
		session.Put(c, "chat_guest", ch.newGuest())
	}
	c.Header().Set("Content-Security-Policy", chatCSP)
	return ch.pages.render(c, http.StatusOK, "chat.html", render.M{"ChatName": ch.name(c)})
}

// name is the chat name of the request's user: the logged-in user's name,
// the session's guest name, or a new guest name (for clients without a
// session, such as a script that opens the WebSocket directly).
func (ch *chat) name(c *pylon.Context) string {
	if u := currentUser(c); u != nil {
		return u.Name
	}
	if g := session.GetString(c, "chat_guest"); g != "" {
		return g
	}
	return ch.newGuest()
}

// newGuest numbers the guests of this process. Two instances may hand
// out the same number: a guest name is a label, not an identity.
func (ch *chat) newGuest() string {
	return "guest-" + strconv.FormatInt(ch.guests.Add(1), 10)
}

// open joins the room, then tells the client its name: from then on it
// receives the room's messages.
func (ch *chat) open(conn *ws.Conn) error {
	if err := conn.Join(conn.Context(), chatRoom); err != nil {
		return err
	}
	return conn.SendJSON(chatWelcome{You: conn.User()})
}

// receive broadcasts a text message from a WebSocket to the room; empty
// messages are dropped, a binary one closes the connection.
func (ch *chat) receive(conn *ws.Conn, m ws.Message) error {
	if m.Type == ws.MessageBinary {
		return &ws.CloseError{Code: ws.StatusPolicyViolation, Reason: "text messages only"}
	}
	text, ok := chatText(string(m.Data))
	if !ok {
		return nil
	}
	return ch.hub.BroadcastJSON(conn.Context(), chatRoom, chatMessage{From: conn.User(), Text: text})
}

// post sends a message from the SSE fallback: a fetch POST with the
// page's CSRF token in the X-CSRF-Token header (204), or the page's form
// without JavaScript (303 back to the room).
func (ch *chat) post(c *pylon.Context) error {
	if _, err := c.Form(); err != nil {
		return err
	}
	text, ok := chatText(c.FormValue("text"))
	if !ok {
		return pylon.NewHTTPError(http.StatusUnprocessableEntity, "a message needs 1 to 500 characters")
	}
	if err := ch.hub.BroadcastJSON(c.Context(), chatRoom, chatMessage{From: ch.name(c), Text: text}); err != nil {
		return err
	}
	if c.Request().Header.Get("X-CSRF-Token") != "" {
		c.Response().WriteHeader(http.StatusNoContent)
		return nil
	}
	return redirectTo(c, "chat")
}

// chatText trims a message and checks its length.
func chatText(s string) (string, bool) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	return s, n > 0 && n <= maxChatText
}
