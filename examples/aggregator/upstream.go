package main

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"time"
)

// upstream is the slow service the aggregator calls: every request takes
// delay, unless its client goes away first.
type upstream struct {
	URL string
	srv *http.Server
}

// startUpstream serves the slow upstream on a loopback port.
func startUpstream(delay time.Duration) (*upstream, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: slowHandler(delay), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return &upstream{URL: "http://" + ln.Addr().String(), srv: srv}, nil
}

// Close stops the upstream at once.
func (u *upstream) Close() error { return u.srv.Close() }

// slowHandler answers {"source": <path>, "value": ...} after delay.
func slowHandler(delay time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
		source := strings.TrimPrefix(r.URL.Path, "/")
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"source": source, "value": len(source) * 7})
	})
}
