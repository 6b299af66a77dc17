package ws_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon/ws"
)

func TestOriginCheck(t *testing.T) {
	ep := echo()
	ep.OriginPatterns = []string{"*.trusted.example", "https://app.example"}
	srv, wsURL := serve(t, ep)
	host := mustHost(t, srv.URL)
	tests := []struct {
		origin string
		want   int
	}{
		{"", http.StatusSwitchingProtocols},               // not a browser
		{"http://" + host, http.StatusSwitchingProtocols}, // same origin
		{"https://chat.trusted.example", http.StatusSwitchingProtocols},
		{"https://app.example", http.StatusSwitchingProtocols},
		{"http://app.example", http.StatusForbidden}, // scheme differs from the pattern
		{"https://evil.example", http.StatusForbidden},
		{"https://trusted.example.evil.example", http.StatusForbidden},
		{"null", http.StatusForbidden},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.origin != "" {
			h.Set("Origin", tt.origin)
		}
		if got := dialStatus(t, wsURL, &websocket.DialOptions{HTTPHeader: h}); got != tt.want {
			t.Errorf("Origin %q: status %d, want %d", tt.origin, got, tt.want)
		}
	}
}

// A page on another site opening a WebSocket to us carries the victim's
// cookies and the other site's Origin: cross-site WebSocket hijacking.
func TestCrossSiteHijackingRefused(t *testing.T) {
	hub := ws.NewHub(ws.HubConfig{})
	opened := false
	ep := &ws.Endpoint{Hub: hub, OnOpen: func(*ws.Conn) error { opened = true; return nil }}
	_, wsURL := serve(t, ep)
	h := http.Header{}
	h.Set("Origin", "https://attacker.example")
	h.Set("Cookie", "session=victim")
	if got := dialStatus(t, wsURL, &websocket.DialOptions{HTTPHeader: h}); got != http.StatusForbidden {
		t.Fatalf("status %d, want 403", got)
	}
	if opened || hub.Stats().Rejected != 1 {
		t.Errorf("opened=%v stats=%+v", opened, hub.Stats())
	}
}

func mustHost(t *testing.T, s string) string {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}
