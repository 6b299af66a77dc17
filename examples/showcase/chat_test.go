package main

import (
	"bufio"
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/redis/go-redis/v9"

	"github.com/pylonweb/pylon"
)

// chatTimeout is a safety net against a hung test, never a measure: every
// step waits for a message.
const chatTimeout = 30 * time.Second

// chatClient is a WebSocket client of the chat room.
type chatClient struct {
	t    *testing.T
	conn *websocket.Conn
	name string // from the server's welcome
}

// dialChat opens /chat/ws on the server at base and waits for the
// welcome, which says that the connection has joined the room.
func dialChat(t *testing.T, ctx context.Context, base string, header http.Header) *chatClient {
	t.Helper()
	conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/chat/ws", &websocket.DialOptions{HTTPHeader: header})
	if err != nil {
		t.Fatalf("dial /chat/ws: %v (%v)", err, resp)
	}
	t.Cleanup(func() { conn.Close(websocket.StatusNormalClosure, "") })
	cl := &chatClient{t: t, conn: conn}
	var welcome struct{ You string }
	cl.read(ctx, &welcome)
	if !strings.HasPrefix(welcome.You, "guest-") {
		t.Fatalf("welcome %+v, want a guest name", welcome)
	}
	cl.name = welcome.You
	return cl
}

func (cl *chatClient) read(ctx context.Context, v any) {
	cl.t.Helper()
	typ, data, err := cl.conn.Read(ctx)
	if err != nil {
		cl.t.Fatalf("read: %v", err)
	}
	if typ != websocket.MessageText {
		cl.t.Fatalf("read a %v message", typ)
	}
	if err := json.Unmarshal(data, v); err != nil {
		cl.t.Fatalf("message %q: %v", data, err)
	}
}

func (cl *chatClient) send(ctx context.Context, text string) {
	cl.t.Helper()
	if err := cl.conn.Write(ctx, websocket.MessageText, []byte(text)); err != nil {
		cl.t.Fatalf("write: %v", err)
	}
}

// next returns the next chat message.
func (cl *chatClient) next(ctx context.Context) chatMessage {
	cl.t.Helper()
	var m chatMessage
	cl.read(ctx, &m)
	return m
}

// sseClient reads the chat's event stream.
type sseClient struct {
	t    *testing.T
	body io.ReadCloser
	r    *bufio.Reader
}

// openEvents opens /chat/events and waits for the stream's first line
// (the retry hint): the stream is then in the room.
func openEvents(t *testing.T, ctx context.Context, hc *http.Client, base string) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/chat/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := hc.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("/chat/events: %d %v", resp.StatusCode, resp.Header)
	}
	s := &sseClient{t: t, body: resp.Body, r: bufio.NewReader(resp.Body)}
	if line := s.line(); !strings.HasPrefix(line, "retry:") {
		t.Fatalf("first line %q, want the retry hint", line)
	}
	return s
}

func (s *sseClient) line() string {
	s.t.Helper()
	line, err := s.r.ReadString('\n')
	if err != nil {
		s.t.Fatalf("reading the event stream: %v", err)
	}
	return strings.TrimRight(line, "\r\n")
}

// next returns the data of the next event, skipping comments and the
// other fields.
func (s *sseClient) next() chatMessage {
	s.t.Helper()
	for {
		data, ok := strings.CutPrefix(s.line(), "data:")
		if !ok {
			continue
		}
		var m chatMessage
		if err := json.Unmarshal([]byte(strings.TrimSpace(data)), &m); err != nil {
			s.t.Fatalf("event data %q: %v", data, err)
		}
		return m
	}
}

// chatPage loads /chat with the client's cookies and returns the CSRF
// token of its meta tag.
func chatPage(t *testing.T, hc *http.Client, base string) string {
	t.Helper()
	resp, err := hc.Get(base + "/chat")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("/chat: %d %s", resp.StatusCode, body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("/chat CSP = %q", csp)
	}
	m := regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token in the page: %s", body)
	}
	for _, want := range []string{`id="chat-form"`, `/static/chat.`, `data-ws="/chat/ws"`, `data-events="/chat/events"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	return html.UnescapeString(string(m[1]))
}

// postChat sends a message as the SSE client's script does.
func postChat(t *testing.T, hc *http.Client, base, token, text string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/chat/messages", strings.NewReader(url.Values{"text": {text}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if token != "" {
		req.Header.Set("X-CSRF-Token", token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func newHTTPClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Jar: jar, Transport: tr}
}

func TestChat(t *testing.T) {
	backends(t, false, func(t *testing.T, app *pylon.App) {
		srv := httptest.NewServer(app)
		t.Cleanup(srv.Close)
		ctx, cancel := context.WithTimeout(context.Background(), chatTimeout)
		t.Cleanup(cancel)

		// Two WebSockets see each other's messages, as JSON {from, text}.
		ann := dialChat(t, ctx, srv.URL, nil)
		bob := dialChat(t, ctx, srv.URL, nil)
		if ann.name == bob.name {
			t.Fatalf("both guests are %s", ann.name)
		}
		ann.send(ctx, "hello <b>bob</b>")
		for _, cl := range []*chatClient{ann, bob} {
			if m := cl.next(ctx); m != (chatMessage{From: ann.name, Text: "hello <b>bob</b>"}) {
				t.Errorf("%s got %+v", cl.name, m)
			}
		}
		bob.send(ctx, "  hi ann  ") // trimmed
		bob.send(ctx, "   ")        // dropped
		bob.send(ctx, "bye")
		for _, cl := range []*chatClient{ann, bob} {
			for _, want := range []string{"hi ann", "bye"} {
				if m := cl.next(ctx); m != (chatMessage{From: bob.name, Text: want}) {
					t.Errorf("%s got %+v, want %q from %s", cl.name, m, want, bob.name)
				}
			}
		}

		// The SSE fallback: the page's token in X-CSRF-Token, the message
		// on the stream and on the WebSockets.
		hc := newHTTPClient(t)
		token := chatPage(t, hc, srv.URL)
		events := openEvents(t, ctx, hc, srv.URL)
		if code := postChat(t, hc, srv.URL, "", "no token"); code != http.StatusForbidden {
			t.Errorf("POST without a CSRF token: %d, want 403", code)
		}
		if code := postChat(t, hc, srv.URL, token, ""); code != http.StatusUnprocessableEntity {
			t.Errorf("POST of an empty message: %d, want 422", code)
		}
		if code := postChat(t, hc, srv.URL, token, "via SSE"); code != http.StatusNoContent {
			t.Fatalf("POST /chat/messages: %d, want 204", code)
		}
		m := events.next()
		if m.Text != "via SSE" || !strings.HasPrefix(m.From, "guest-") || m.From == ann.name || m.From == bob.name {
			t.Errorf("SSE got %+v", m)
		}
		if got := ann.next(ctx); got != m {
			t.Errorf("ann got %+v, want %+v", got, m)
		}
		// A WebSocket message reaches the SSE stream.
		ann.send(ctx, "to SSE")
		if got := events.next(); got != (chatMessage{From: ann.name, Text: "to SSE"}) {
			t.Errorf("SSE got %+v", got)
		}
		// The WebSocket of the same browser has the page's guest name.
		sameBrowser := http.Header{"Cookie": {cookieHeader(hc, srv.URL)}}
		if cl := dialChat(t, ctx, srv.URL, sameBrowser); cl.name != m.From {
			t.Errorf("the WebSocket of %s is %s", m.From, cl.name)
		}
	})
}

func TestChatLoggedInName(t *testing.T) {
	backends(t, false, func(t *testing.T, app *pylon.App) {
		srv := httptest.NewServer(app)
		t.Cleanup(srv.Close)
		ctx, cancel := context.WithTimeout(context.Background(), chatTimeout)
		t.Cleanup(cancel)
		hc := newHTTPClient(t)
		token := chatPage(t, hc, srv.URL)
		req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(url.Values{
			"email": {demoEmail}, "password": {demoPassword}, "csrf_token": {token}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/chat/ws",
			&websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {cookieHeader(hc, srv.URL)}}})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(websocket.StatusNormalClosure, "")
		cl := &chatClient{t: t, conn: conn}
		var welcome struct{ You string }
		cl.read(ctx, &welcome)
		if welcome.You != "Demo" {
			t.Fatalf("logged in as %q, want Demo", welcome.You)
		}
	})
}

// cookieHeader returns the Cookie header that hc sends to base.
func cookieHeader(hc *http.Client, base string) string {
	u, _ := url.Parse(base)
	var parts []string
	for _, c := range hc.Jar.Cookies(u) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// TestChatTwoInstances runs two instances of the showcase, served as in
// production (app.Serve, so that the hub's Redis subscription runs), on
// one PostgreSQL database and one Redis: a message sent on one arrives on
// the other, by WebSocket and by SSE.
func TestChatTwoInstances(t *testing.T) {
	pg, redisURL := os.Getenv("PYLON_TEST_POSTGRES_URL"), os.Getenv("PYLON_TEST_REDIS_URL")
	if pg == "" || redisURL == "" {
		t.Skip("set PYLON_TEST_POSTGRES_URL and PYLON_TEST_REDIS_URL to run the two-instance test")
	}
	prefix := "showcase-test-" + randomHex(6) + ":"
	env := []string{
		"PYLON_DB_URL=" + freshSchema(t, pg),
		"PYLON_SESSION_STORE=redis", "PYLON_SESSION_URL=" + redisURL, "PYLON_SESSION_PREFIX=" + prefix + "s:",
		"PYLON_CACHE_BACKEND=redis", "PYLON_CACHE_REDIS_URL=" + redisURL, "PYLON_CACHE_PREFIX=" + prefix + "c:",
		"PYLON_CHAT_PREFIX=" + prefix + "ws:",
	}
	one := serveApp(t, env)
	two := serveApp(t, env)

	// Both instances have subscribed when the channel has two subscribers.
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opts)
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), chatTimeout)
	defer cancel()
	for {
		n, err := rdb.PubSubNumSub(ctx, prefix+"ws:messages").Result()
		if err != nil {
			t.Fatal(err)
		}
		if n[prefix+"ws:messages"] >= 2 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the instances did not subscribe: %v", ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}

	ann := dialChat(t, ctx, one, nil)
	bob := dialChat(t, ctx, two, nil)
	hc := newHTTPClient(t)
	token := chatPage(t, hc, two)
	events := openEvents(t, ctx, hc, two)

	ann.send(ctx, "from one")
	want := chatMessage{From: ann.name, Text: "from one"}
	if m := bob.next(ctx); m != want {
		t.Errorf("bob on instance two got %+v, want %+v", m, want)
	}
	if m := events.next(); m != want {
		t.Errorf("SSE on instance two got %+v, want %+v", m, want)
	}
	if m := ann.next(ctx); m != want {
		t.Errorf("ann on instance one got %+v, want %+v", m, want)
	}
	if code := postChat(t, hc, two, token, "from two"); code != http.StatusNoContent {
		t.Fatalf("POST on instance two: %d", code)
	}
	if m := ann.next(ctx); m.Text != "from two" {
		t.Errorf("ann on instance one got %+v", m)
	}
}

// serveApp serves the showcase with the given settings on a loopback
// port, as app.Run does, until the test ends; it returns the base URL.
func serveApp(t *testing.T, env []string) string {
	t.Helper()
	cfg, err := pylon.ParseConfig("development.toml", developmentConfig)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Log.Level = "error"
	if err := cfg.ApplyEnv(env); err != nil {
		t.Fatal(err)
	}
	app, err := newApp(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	app.Logger = slog.New(slog.DiscardHandler)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	base := "http://" + ln.Addr().String()
	// The listener is open: this waits until the App has started (its
	// migrations run) and serves.
	hc := newHTTPClient(t)
	resp, err := hc.Get(base + "/api/health")
	if err != nil {
		t.Fatalf("instance at %s: %v", base, err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("instance at %s: health %d", base, resp.StatusCode)
	}
	return base
}
