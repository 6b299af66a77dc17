package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// long is a part timeout that the tests never reach.
const long = time.Minute

func TestConcurrentPartsOverlap(t *testing.T) {
	up := newRecorder()
	app, _ := testApp(t, up, timeouts{Upstream: long})
	done := get(t, app, "/aggregate")
	// All three upstream calls arrive while none has been answered.
	for range upstreamParts {
		<-up.arrived
	}
	if n := up.inFlight(); n != 3 {
		t.Fatalf("%d upstream calls in flight, want 3", n)
	}
	close(up.release)
	r := <-done
	allOK(t, r)
	if r.Mode != "concurrent" || up.maxInFlight() != 3 {
		t.Fatalf("mode %q, max in flight %d", r.Mode, up.maxInFlight())
	}
}

func TestSequentialPartsDoNotOverlap(t *testing.T) {
	up := newRecorder()
	app, _ := testApp(t, up, timeouts{Upstream: long})
	done := get(t, app, "/aggregate/sequential")
	for range upstreamParts {
		<-up.arrived
		if n := up.inFlight(); n != 1 {
			t.Fatalf("%d upstream calls in flight, want 1", n)
		}
		up.release <- struct{}{}
	}
	r := <-done
	allOK(t, r)
	if r.Mode != "sequential" || up.maxInFlight() != 1 {
		t.Fatalf("mode %q, max in flight %d", r.Mode, up.maxInFlight())
	}
}

func TestClientDisconnectCancelsParts(t *testing.T) {
	up := newRecorder()
	app, _ := testApp(t, up, timeouts{Upstream: long})
	srv := httptest.NewServer(app)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()

	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/aggregate", nil)
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	for range upstreamParts {
		<-up.arrived
	}
	cancel() // the client goes away
	if err := <-errc; err == nil {
		t.Fatal("request succeeded after its client cancelled it")
	}
	// Each upstream call sees its request cancelled: the request's tasks
	// were cancelled with it.
	for range upstreamParts {
		<-up.cancelled
	}
}

func TestTimedOutPartIsReported(t *testing.T) {
	up := newRecorder() // never releases: every upstream call blocks
	app, _ := testApp(t, up, timeouts{Upstream: 20 * time.Millisecond})
	r := <-get(t, app, "/aggregate")
	for _, name := range upstreamParts {
		p := r.Parts[name]
		if p.OK || !strings.Contains(p.Error, "task: timeout") {
			t.Errorf("part %s: %+v, want a timeout error", name, p)
		}
	}
	for _, name := range []string{"db", "file"} {
		if !r.Parts[name].OK {
			t.Errorf("part %s failed: %+v", name, r.Parts[name])
		}
	}
}

func TestPanickingPartIsReported(t *testing.T) {
	up := newRecorder()
	close(up.release)
	app, agg := testApp(t, up, timeouts{Upstream: long})
	for i := range agg.parts {
		if agg.parts[i].name == "file" {
			agg.parts[i].run = func(context.Context) (any, error) { panic("disk on fire") }
		}
	}
	for _, target := range []string{"/aggregate", "/aggregate/sequential"} {
		r := <-get(t, app, target)
		if p := r.Parts["file"]; p.OK || !strings.Contains(p.Error, "panic: disk on fire") {
			t.Errorf("%s: file part %+v, want the panic as its error", target, p)
		}
		for _, name := range append(upstreamParts, "db") {
			if !r.Parts[name].OK {
				t.Errorf("%s: part %s: %+v", target, name, r.Parts[name])
			}
		}
	}
	// The server keeps serving.
	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/aggregate", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("after the panic: %d", w.Code)
	}
}

func TestFailedPartIsReported(t *testing.T) {
	app, _ := testApp(t, http.NotFoundHandler(), timeouts{})
	r := <-get(t, app, "/aggregate")
	for _, name := range upstreamParts {
		if p := r.Parts[name]; p.OK || !strings.Contains(p.Error, "404") {
			t.Errorf("part %s: %+v", name, p)
		}
	}
	if !r.Parts["db"].OK || !r.Parts["file"].OK {
		t.Errorf("local parts: %+v", r.Parts)
	}
}
