package session_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/session"
	"github.com/pylonweb/pylon/session/internal/storetest"
)

// scs reads time.Now for deadlines and the memory store for expiry, so
// under synctest the timeouts are tested to the minute without waiting.

func TestTimeoutIdle(t *testing.T) {
	inBubble(t, func(t *testing.T, cl *storetest.Client) {
		cl.Do("POST", "/login?user=ada")
		for range 5 {
			time.Sleep(19 * time.Minute) // activity keeps it alive
			if got := user(cl); got != "ada" {
				t.Fatalf("after 19 idle minutes: user %q", got)
			}
		}
		time.Sleep(20 * time.Minute)
		if got := user(cl); got != "" {
			t.Errorf("after 20 idle minutes: user %q, want logged out", got)
		}
	})
}

func TestTimeoutAbsolute(t *testing.T) {
	inBubble(t, func(t *testing.T, cl *storetest.Client) {
		cl.Do("POST", "/login?user=ada")
		for range 11 {
			time.Sleep(10 * time.Minute)
			if got := user(cl); got != "ada" {
				t.Fatalf("active session ended early: user %q", got)
			}
		}
		time.Sleep(10 * time.Minute) // 2h since login
		if got := user(cl); got != "" {
			t.Errorf("after the 2h lifetime: user %q, want logged out", got)
		}
	})
}

func TestTimeoutRenewRestartsLifetime(t *testing.T) {
	inBubble(t, func(t *testing.T, cl *storetest.Client) {
		cl.Do("POST", "/login?user=ada")
		for range 11 {
			time.Sleep(10 * time.Minute)
			user(cl)
		}
		cl.Do("POST", "/login?user=ada") // Renew at 1h50m
		time.Sleep(15 * time.Minute)
		if got := user(cl); got != "ada" {
			t.Errorf("renewed session: user %q", got)
		}
	})
}

// inBubble runs f in a synctest bubble with a client of an App whose
// sessions idle out after 20 minutes and end 2 hours after login.
func inBubble(t *testing.T, f func(t *testing.T, cl *storetest.Client)) {
	cfg := session.Config{
		IdleTimeout: pylon.Duration(20 * time.Minute),
		Lifetime:    pylon.Duration(2 * time.Hour),
	}
	// scs.New starts a goroutine that must not join the bubble (see
	// TestMain), so the Manager is made outside it.
	m, err := session.NewWithStore(cfg, session.NewMemoryStore(-1))
	if err != nil {
		t.Fatal(err)
	}
	synctest.Test(t, func(t *testing.T) {
		app, logs := storetest.NewApp(t, m, pylon.Config{})
		f(t, &storetest.Client{T: t, App: app, Logs: logs})
	})
}

func user(cl *storetest.Client) string { return cl.Do("GET", "/get?key=user").Body.String() }
