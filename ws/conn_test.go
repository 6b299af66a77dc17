package ws_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon/ws"
)

func TestEchoTextBinaryJSON(t *testing.T) {
	ep := echo()
	ep.Subprotocols = []string{"chat.v1"}
	_, url := serve(t, ep)
	c := dial(t, url, &websocket.DialOptions{Subprotocols: []string{"chat.v1"}})
	if c.Subprotocol() != "chat.v1" {
		t.Errorf("subprotocol %q, want chat.v1", c.Subprotocol())
	}
	write(t, c, websocket.MessageText, []byte("héllo"))
	if got := readText(t, c); got != "héllo" {
		t.Errorf("echo %q", got)
	}
	bin := []byte{0, 0xff, 0xfe, 1}
	write(t, c, websocket.MessageBinary, bin)
	typ, b, err := c.Read(context.Background())
	if err != nil || typ != websocket.MessageBinary || !bytes.Equal(b, bin) {
		t.Errorf("binary echo: %v %v %v", typ, b, err)
	}
	c.Close(websocket.StatusNormalClosure, "")
}

func TestJSONHelpers(t *testing.T) {
	type chat struct {
		Text string `json:"text"`
	}
	ep := &ws.Endpoint{OnMessage: func(conn *ws.Conn, m ws.Message) error {
		var in chat
		if err := m.Decode(&in); err != nil {
			return err
		}
		return conn.SendJSON(chat{Text: strings.ToUpper(in.Text)})
	}}
	_, url := serve(t, ep)
	c := dial(t, url, nil)
	write(t, c, websocket.MessageText, []byte(`{"text":"hi"}`))
	if got := readText(t, c); got != `{"text":"HI"}` {
		t.Errorf("got %s", got)
	}
	// Bad JSON is a handler error: 1011.
	write(t, c, websocket.MessageText, []byte(`{`))
	if code := readUntilClose(t, c); code != websocket.StatusInternalError {
		t.Errorf("close %v, want 1011", code)
	}
}

func TestCompression(t *testing.T) {
	ep := echo()
	ep.Compression = true
	_, url := serve(t, ep)
	c := dial(t, url, &websocket.DialOptions{CompressionMode: websocket.CompressionNoContextTakeover})
	big := strings.Repeat("compress me ", 200)
	write(t, c, websocket.MessageText, []byte(big))
	if got := readText(t, c); got != big {
		t.Error("compressed echo differs")
	}
}

func TestBadInputCloseCodes(t *testing.T) {
	tests := []struct {
		name string
		typ  websocket.MessageType
		data []byte
		want websocket.StatusCode
	}{
		{"oversize", websocket.MessageBinary, make([]byte, 2048), websocket.StatusMessageTooBig},
		{"invalid UTF-8", websocket.MessageText, []byte{'a', 0xff, 0xfe}, websocket.StatusInvalidFramePayloadData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			closed := make(chan *ws.CloseError, 1)
			ep := echo()
			ep.ReadLimit = 1024
			ep.OnClose = func(_ *ws.Conn, ce *ws.CloseError) { closed <- ce }
			_, url := serve(t, ep)
			c := dial(t, url, nil)
			write(t, c, tt.typ, tt.data)
			if code := readUntilClose(t, c); code != tt.want {
				t.Errorf("client saw close %v, want %v", code, tt.want)
			}
			if ce := <-closed; ce.Code != tt.want {
				t.Errorf("OnClose got %v, want %v", ce.Code, tt.want)
			}
		})
	}
}

func TestPanicClosesOnlyThatConnection(t *testing.T) {
	ep := &ws.Endpoint{OnMessage: func(conn *ws.Conn, m ws.Message) error {
		if string(m.Data) == "boom" {
			panic("boom")
		}
		return conn.Send(m)
	}}
	_, url := serve(t, ep)
	other := dial(t, url, nil)
	c := dial(t, url, nil)
	write(t, c, websocket.MessageText, []byte("boom"))
	if code := readUntilClose(t, c); code != websocket.StatusInternalError {
		t.Errorf("close %v, want 1011", code)
	}
	write(t, other, websocket.MessageText, []byte("still here"))
	if got := readText(t, other); got != "still here" {
		t.Errorf("other connection got %q", got)
	}
	// And the server still accepts new connections.
	again := dial(t, url, nil)
	write(t, again, websocket.MessageText, []byte("x"))
	readText(t, again)
}

func TestHandlerCloseError(t *testing.T) {
	ep := &ws.Endpoint{OnMessage: func(*ws.Conn, ws.Message) error {
		return &ws.CloseError{Code: ws.StatusNormalClosure, Reason: "bye"}
	}}
	_, url := serve(t, ep)
	c := dial(t, url, nil)
	write(t, c, websocket.MessageText, []byte("quit"))
	if code := readUntilClose(t, c); code != websocket.StatusNormalClosure {
		t.Errorf("close %v, want 1000", code)
	}
}
