package session_test

import (
	"crypto/tls"
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/session"
	"github.com/pylonweb/pylon/session/internal/storetest"
)

// newClient returns a client of an App whose Manager, on a memory store,
// is configured by cfg and the App by appCfg.
func newClient(t *testing.T, cfg session.Config, appCfg pylon.Config) *storetest.Client {
	t.Helper()
	store := session.NewMemoryStore(-1)
	m, err := session.NewWithStore(cfg, store)
	if err != nil {
		t.Fatal(err)
	}
	app, logs := storetest.NewApp(t, m, appCfg)
	return &storetest.Client{T: t, App: app, Logs: logs}
}

func TestCookieDefaults(t *testing.T) {
	cl := newClient(t, session.Config{}, pylon.Config{})
	rec := cl.Do("POST", "/put?key=a&value=b")
	ck := storetest.FindCookie(rec, "session")
	if ck == nil {
		t.Fatal("no session cookie")
	}
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure || ck.Domain != "" {
		t.Errorf("cookie = %q; want HttpOnly, SameSite=Lax, Path=/, not Secure over plain HTTP, no Domain", rec.Header().Get("Set-Cookie"))
	}
	if ck.MaxAge <= 0 || ck.MaxAge > 24*3600+1 {
		t.Errorf("MaxAge = %d, want the 24h lifetime", ck.MaxAge)
	}
	if !strings.Contains(strings.Join(rec.Header().Values("Vary"), ","), "Cookie") {
		t.Errorf("Vary = %q, want Cookie", rec.Header().Values("Vary"))
	}
}

func TestCookieUnmodifiedSessionSetsNone(t *testing.T) {
	cl := newClient(t, session.Config{}, pylon.Config{})
	if rec := cl.Do("GET", "/get?key=a"); rec.Header().Get("Set-Cookie") != "" {
		t.Errorf("a request that touched nothing set %q", rec.Header().Get("Set-Cookie"))
	}
	cl.Do("POST", "/put?key=a&value=b")
	if rec := cl.Do("GET", "/get?key=a"); rec.Header().Get("Set-Cookie") != "" {
		t.Errorf("a read-only request set %q", rec.Header().Get("Set-Cookie"))
	}
}

func TestCookieConfigured(t *testing.T) {
	cl := newClient(t, session.Config{
		CookieName: "sid", CookieDomain: "example.com", CookiePath: "/app",
		SameSite: "strict", Secure: "always",
	}, pylon.Config{})
	rec := cl.Do("POST", "/put?key=a&value=b")
	ck := storetest.FindCookie(rec, "sid")
	if ck == nil || ck.Domain != "example.com" || ck.Path != "/app" || ck.SameSite != http.SameSiteStrictMode || !ck.Secure {
		t.Errorf("cookie = %q", rec.Header().Get("Set-Cookie"))
	}
}

func TestCookieSecure(t *testing.T) {
	tests := []struct {
		name    string
		secure  string
		trusted []string
		tls     bool
		proto   string // X-Forwarded-Proto
		want    bool
	}{
		{name: "plain HTTP", want: false},
		{name: "TLS", tls: true, want: true},
		{name: "trusted proxy says https", trusted: []string{"192.0.2.0/24"}, proto: "https", want: true},
		{name: "untrusted peer says https", proto: "https", want: false},
		{name: "trusted proxy says http", trusted: []string{"192.0.2.0/24"}, proto: "http", want: false},
		{name: "always", secure: "always", want: true},
		{name: "never over TLS", secure: "never", tls: true, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl := newClient(t, session.Config{Secure: tt.secure}, pylon.Config{TrustedProxies: tt.trusted})
			req, _ := http.NewRequest("POST", "http://example.com/put?key=a&value=b", nil)
			req.RemoteAddr = "192.0.2.1:1234"
			if tt.tls {
				req.TLS = &tls.ConnectionState{}
			}
			if tt.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			ck := storetest.FindCookie(cl.DoRequest(req), "session")
			if ck == nil || ck.Secure != tt.want {
				t.Errorf("cookie %v: Secure want %v", ck, tt.want)
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []session.Config{
		{Store: "mongo"},
		{Secure: "sometimes"},
		{SameSite: "loose"},
		{CookieName: "bad name;"},
		{Lifetime: -1},
	} {
		if _, err := session.NewWithStore(cfg, session.NewMemoryStore(-1)); err == nil {
			t.Errorf("NewWithStore(%+v) accepted", cfg)
		}
	}
}
