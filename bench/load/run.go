package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// MaxDuration bounds every run.
const MaxDuration = 60 * time.Second

// Config describes a run. Its zero value is invalid: URL is required.
type Config struct {
	// URL is requested with GET. Its host must be a loopback address or
	// "localhost".
	URL string
	// Connections is how many requests are in flight at once, each on its
	// own keep-alive connection. If zero, 10.
	Connections int
	// Duration is how long to send requests, after Warmup. If zero, 5s;
	// at most MaxDuration.
	Duration time.Duration
	// Requests, if positive, ends the run after that many measured
	// requests, even before Duration.
	Requests int
	// Warmup is how long to send requests before measuring, to open the
	// connections and warm caches. If zero, none.
	Warmup time.Duration
	// Timeout bounds each request. If zero, 10s.
	Timeout time.Duration
}

// Result is what a run measured.
type Result struct {
	Connections int
	// Requests counts measured requests that got a response, whatever its
	// status.
	Requests uint64
	// Errors counts requests that failed without a response; Non2xx those
	// answered with a status outside 200-299.
	Errors, Non2xx uint64
	// Elapsed is the measured time.
	Elapsed time.Duration
	// Latency holds the latencies of the measured requests with a response.
	Latency Histogram
}

// Throughput returns requests per second.
func (r *Result) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Percentile returns a latency percentile, p from 0 to 1.
func (r *Result) Percentile(p float64) time.Duration { return r.Latency.Percentile(p) }

// CheckLoopback returns an error unless rawURL's host is a loopback
// address or localhost.
func CheckLoopback(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return err
	}
	if u.Scheme != "http" {
		return fmt.Errorf("load: %s: only http URLs", rawURL)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	a, err := netip.ParseAddr(host)
	if err != nil || !a.Unmap().IsLoopback() {
		return fmt.Errorf("load: %s: host %q is not a loopback address; load runs only against this machine", rawURL, host)
	}
	return nil
}

// Run sends load as cfg says and returns what it measured. It stops when
// Duration has passed, Requests were measured, or ctx is done.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := CheckLoopback(cfg.URL); err != nil {
		return nil, err
	}
	conns := cfg.Connections
	if conns <= 0 {
		conns = 10
	}
	dur := cfg.Duration
	if dur <= 0 {
		dur = 5 * time.Second
	}
	dur = min(dur, MaxDuration)
	warm := min(max(cfg.Warmup, 0), MaxDuration)
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: timeout}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		DisableCompression:  true,
		IdleConnTimeout:     time.Minute,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: timeout}

	ctx, cancel := context.WithTimeout(ctx, warm+dur)
	defer cancel()
	start := time.Now()
	measureFrom := start.Add(warm)
	var (
		measured atomic.Int64
		wg       sync.WaitGroup
		mu       sync.Mutex
		res      = &Result{Connections: conns}
	)
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var h Histogram
			var n, errs, non2xx uint64
			for ctx.Err() == nil {
				t0 := time.Now()
				status, err := get(ctx, client, cfg.URL)
				if ctx.Err() != nil {
					break // cut short by the end of the run: not a result
				}
				if t0.Before(measureFrom) {
					continue
				}
				if cfg.Requests > 0 && measured.Add(1) > int64(cfg.Requests) {
					cancel()
					break
				}
				if err != nil {
					errs++
					continue
				}
				h.Record(time.Since(t0))
				n++
				if status < 200 || status > 299 {
					non2xx++
				}
			}
			mu.Lock()
			res.Latency.Merge(&h)
			res.Requests += n
			res.Errors += errs
			res.Non2xx += non2xx
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Elapsed = max(time.Since(measureFrom), 0)
	if res.Requests == 0 && res.Errors == 0 {
		return res, errors.New("load: no request completed")
	}
	return res, nil
}

func get(ctx context.Context, c *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}
