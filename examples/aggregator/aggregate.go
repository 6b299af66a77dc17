package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// part is one step of the aggregate: a name (the task's name and the key
// in the response), its own timeout, and the work.
type part struct {
	name    string
	timeout time.Duration
	run     func(ctx context.Context) (any, error)
}

// result is how a part appears in the response.
type result struct {
	OK    bool   `json:"ok"`
	Value any    `json:"value,omitempty"`
	Error string `json:"error,omitempty"`
	// Millis is how long the part took, as its task saw it.
	Millis float64 `json:"ms"`
}

// response is the body of both routes.
type response struct {
	Mode   string            `json:"mode"`
	Parts  map[string]result `json:"parts"`
	Millis float64           `json:"ms"`
}

// timeouts are the parts' timeouts; zero fields get the defaults.
type timeouts struct {
	Upstream, DB, File time.Duration
}

// aggregator holds the parts and the HTTP client for the upstream.
type aggregator struct {
	parts  []part
	client *http.Client
}

func newAggregator(upstreamURL string, src *sources, to timeouts) *aggregator {
	to.Upstream = cmpOr(to.Upstream, time.Second)
	to.DB = cmpOr(to.DB, 500*time.Millisecond)
	to.File = cmpOr(to.File, 200*time.Millisecond)
	// One keep-alive connection per concurrent upstream call, reused, so
	// that load does not churn through ephemeral ports.
	client := &http.Client{Transport: &http.Transport{
		MaxIdleConns:        4096,
		MaxIdleConnsPerHost: 4096,
		IdleConnTimeout:     30 * time.Second,
	}}
	a := &aggregator{client: client}
	for _, name := range []string{"weather", "news", "quotes"} {
		url := upstreamURL + "/" + name
		a.parts = append(a.parts, part{name: name, timeout: to.Upstream, run: func(ctx context.Context) (any, error) {
			return a.fetch(ctx, url)
		}})
	}
	a.parts = append(a.parts,
		part{name: "db", timeout: to.DB, run: func(ctx context.Context) (any, error) { return topArticles(ctx, src.DB) }},
		part{name: "file", timeout: to.File, run: func(ctx context.Context) (any, error) {
			b, err := readFile(ctx, src.File)
			return json.RawMessage(b), err
		}},
	)
	return a
}

// Close closes the upstream connections.
func (a *aggregator) Close() { a.client.CloseIdleConnections() }

// fetch is a network part: GET url, whose body is JSON.
func (a *aggregator) fetch(ctx context.Context, url string) (any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("upstream answered %s", resp.Status)
	}
	return json.RawMessage(body), nil
}

// start runs one part as a request task, bounded by its timeout.
func start(c *pylon.Context, p part) *task.Task[any] {
	return pylon.Go(c, p.name, func(ctx context.Context) (any, error) {
		return task.WithTimeout(ctx, p.timeout, p.run)
	})
}

// collect waits for a part's task and turns its outcome into a result. A
// panic in the part is its *task.PanicError here, like any other error.
func collect(c *pylon.Context, t *task.Task[any]) result {
	v, err := t.Wait(c.Context())
	r := result{OK: err == nil, Value: v}
	if err != nil {
		r.Error = err.Error()
	}
	if end := t.Ended(); !end.IsZero() {
		r.Millis = millis(end.Sub(t.Started()))
	}
	return r
}

// concurrent serves GET /aggregate: every part starts at once, so the
// response takes as long as the slowest part.
func (a *aggregator) concurrent(c *pylon.Context) error {
	start0 := time.Now()
	tasks := make([]*task.Task[any], len(a.parts))
	for i, p := range a.parts {
		tasks[i] = start(c, p)
	}
	resp := response{Mode: "concurrent", Parts: make(map[string]result, len(a.parts))}
	for i, p := range a.parts {
		resp.Parts[p.name] = collect(c, tasks[i])
	}
	return a.reply(c, resp, start0)
}

// sequential serves GET /aggregate/sequential: the same parts, each
// started after the previous one ended, so the times add up.
func (a *aggregator) sequential(c *pylon.Context) error {
	start0 := time.Now()
	resp := response{Mode: "sequential", Parts: make(map[string]result, len(a.parts))}
	for _, p := range a.parts {
		resp.Parts[p.name] = collect(c, start(c, p))
	}
	return a.reply(c, resp, start0)
}

func (a *aggregator) reply(c *pylon.Context, resp response, start time.Time) error {
	if err := c.Context().Err(); err != nil {
		return err // the client has gone; the App cancels and joins the tasks
	}
	resp.Millis = millis(time.Since(start))
	return c.JSON(http.StatusOK, resp)
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func cmpOr(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
