package pylontest_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/pylontest"
)

// The client makes no network connections and starts no goroutines, so it
// works inside a synctest bubble, where a handler's timers run on the
// bubble's fake clock.
func TestInsideSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
			defer cancel()
			select {
			case <-time.After(time.Minute):
				w.Write([]byte("slow"))
			case <-ctx.Done():
				http.Error(w, "gave up", http.StatusGatewayTimeout)
			}
		})
		pylontest.New(t, h).Get("/").MustStatus(http.StatusGatewayTimeout).MustContain("gave up")
	})
}

// A Client may be used from several goroutines; the jar is shared.
func TestConcurrentRequests(t *testing.T) {
	c := pylontest.New(t, cookies())
	c.Get("/set")
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Go(func() {
			bodies[i] = c.Get("/show").Body
		})
	}
	wg.Wait()
	for i, b := range bodies {
		if b != "sid=abc;" {
			t.Errorf("request %d: body %q", i, b)
		}
	}
}
