package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/pylonweb/pylon"
)

// recorder is an upstream that holds every call until the test releases
// it, and records how many calls were in flight at once and how many
// were cancelled by their client.
type recorder struct {
	arrived   chan struct{} // one value per call that arrived
	release   chan struct{} // one value releases one call; closed releases all
	cancelled chan struct{} // one value per call whose client went away

	mu       sync.Mutex
	inflight int
	max      int
}

func newRecorder() *recorder {
	return &recorder{arrived: make(chan struct{}, 16), release: make(chan struct{}, 16), cancelled: make(chan struct{}, 16)}
}

func (u *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	u.inflight++
	u.max = max(u.max, u.inflight)
	u.mu.Unlock()
	defer func() {
		u.mu.Lock()
		u.inflight--
		u.mu.Unlock()
	}()
	u.arrived <- struct{}{}
	select {
	case <-u.release:
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"source":"test"}`))
	case <-r.Context().Done():
		u.cancelled <- struct{}{}
	}
}

func (u *recorder) inFlight() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.inflight
}

func (u *recorder) maxInFlight() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.max
}

// testApp returns the aggregator's App calling upstream, with its data
// sources in a temporary directory.
func testApp(t *testing.T, upstream http.Handler, to timeouts) (*pylon.App, *aggregator) {
	t.Helper()
	up := httptest.NewServer(upstream)
	src, err := openSources(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	agg := newAggregator(up.URL, src, to)
	app, err := newApp(pylon.Config{}, agg)
	if err != nil {
		t.Fatal(err)
	}
	app.Logger = slog.New(slog.DiscardHandler)
	app.Registry = nil
	t.Cleanup(func() {
		agg.Close()
		up.Close()
		src.Close()
	})
	return app, agg
}

// get serves GET target in the background and returns the decoded
// response when it is done.
func get(t *testing.T, app http.Handler, target string) <-chan response {
	t.Helper()
	out := make(chan response, 1)
	go func() {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		var r response
		if w.Code != http.StatusOK {
			t.Errorf("GET %s: %d %s", target, w.Code, w.Body.String())
		} else if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
			t.Errorf("GET %s: %v", target, err)
		}
		out <- r
	}()
	return out
}

var upstreamParts = []string{"weather", "news", "quotes"}

// allOK fails the test unless every part is ok.
func allOK(t *testing.T, r response) {
	t.Helper()
	for _, name := range append(upstreamParts, "db", "file") {
		if p, ok := r.Parts[name]; !ok || !p.OK {
			t.Errorf("part %s: %+v", name, p)
		}
	}
}
