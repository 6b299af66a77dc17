package load_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/pylonweb/pylon/bench/load"
)

func TestHistogramPercentiles(t *testing.T) {
	var h load.Histogram
	for i := 1; i <= 1000; i++ {
		h.Record(time.Duration(i) * time.Millisecond)
	}
	for _, tt := range []struct {
		p    float64
		want time.Duration
	}{{0.5, 500 * time.Millisecond}, {0.99, 990 * time.Millisecond}, {1, time.Second}} {
		got := h.Percentile(tt.p)
		if diff := float64(got-tt.want) / float64(tt.want); diff < -0.02 || diff > 0.02 {
			t.Errorf("p%v = %v, want %v within 2%%", tt.p*100, got, tt.want)
		}
	}
	if h.Count() != 1000 || h.Max() != time.Second {
		t.Errorf("count %d max %v", h.Count(), h.Max())
	}
	var small load.Histogram
	small.Record(3)
	if got := small.Percentile(0.5); got != 3 {
		t.Errorf("exact small values: %v", got)
	}
}

func TestRunCountsRequests(t *testing.T) {
	var mu sync.Mutex
	conns := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		conns[r.RemoteAddr] = true
		mu.Unlock()
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	res, err := load.Run(context.Background(), load.Config{URL: srv.URL, Connections: 4, Requests: 200, Duration: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 200 || res.Errors != 0 || res.Non2xx != 0 || res.Latency.Count() != 200 {
		t.Fatalf("%+v", res)
	}
	mu.Lock()
	n := len(conns)
	mu.Unlock()
	if n > 4 {
		t.Errorf("%d connections, want at most 4", n)
	}
	if res.Throughput() <= 0 || res.Percentile(0.5) <= 0 {
		t.Errorf("throughput %v p50 %v", res.Throughput(), res.Percentile(0.5))
	}
}

func TestRunCountsNon2xx(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	res, err := load.Run(context.Background(), load.Config{URL: srv.URL, Connections: 2, Requests: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Non2xx != 10 {
		t.Fatalf("%+v", res)
	}
}

func TestRunRefusesOtherHosts(t *testing.T) {
	for _, u := range []string{"http://10.0.0.1/", "http://example.com/", "https://127.0.0.1/", "http://192.168.1.1:8080/"} {
		if _, err := load.Run(context.Background(), load.Config{URL: u, Requests: 1}); err == nil {
			t.Errorf("%s: no error", u)
		}
	}
	for _, u := range []string{"http://127.0.0.1:1/", "http://localhost:1/", "http://[::1]:1/", "http://127.0.0.2:1/"} {
		if err := load.CheckLoopback(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}
