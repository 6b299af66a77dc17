package session_test

import (
	"context"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/session"
	"github.com/pylonweb/pylon/session/sqlstore"
)

// The [session] section picks the store and the cookie; code gives the
// defaults the file overrides.
func TestSetupFromConfig(t *testing.T) {
	cfg, err := pylon.ParseConfig("app.toml", []byte(`
[session]
store = "sql"
url = "sqlite::memory:"
cookie_name = "sid"
idle_timeout = "30m"
`))
	if err != nil {
		t.Fatal(err)
	}
	app := pylon.New(cfg)
	m, err := session.Setup(context.Background(), app, session.Config{CookieName: "code", SameSite: "strict"})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	got := m.Config()
	if got.CookieName != "sid" || got.SameSite != "strict" || got.IdleTimeout.String() != "30m0s" || got.Store != "sql" {
		t.Errorf("config %+v", got)
	}
	if _, ok := m.Store().(*sqlstore.Store); !ok {
		t.Errorf("store %T, want *sqlstore.Store", m.Store())
	}
	if err := app.Plug(m); err == nil {
		t.Error("a second session plugin was accepted")
	}
	// The App's stop hooks close the Manager.
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestSetupErrors(t *testing.T) {
	for _, toml := range []string{
		"[session]\nstore = \"sql\"\n",
		"[session]\nstore = \"redis\"\n",
		"[session]\nstore = \"sql\"\nurl = \"mysql://x\"\n",
		"[session]\nstore = \"redis\"\nurl = \"redis://127.0.0.1:1/0?max_retries=-1\"\n",
		"[session]\nsecure = \"maybe\"\n",
		"[session]\nlifetime = \"soon\"\n",
	} {
		cfg, err := pylon.ParseConfig("app.toml", []byte(toml))
		if err != nil {
			t.Fatal(err)
		}
		if m, err := session.Setup(context.Background(), pylon.New(cfg), session.Config{}); err == nil {
			m.Close()
			t.Errorf("Setup accepted %q", toml)
		}
	}
}
