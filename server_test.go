package pylon_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
)

// serve runs app.Serve on a loopback listener and returns its base URL and
// a function that stops it and returns Serve's error.
func serve(t *testing.T, app *pylon.App) (string, func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Serve(ctx, ln) }()
	return "http://" + ln.Addr().String(), func() error {
		cancel()
		return <-done
	}
}

func TestServeGracefulShutdownFinishesInFlight(t *testing.T) {
	app := newApp(pylon.Config{})
	started := make(chan struct{})
	release := make(chan struct{})
	app.GET("/slow", func(c *pylon.Context) error {
		close(started)
		<-release
		return c.String(200, "finished")
	})
	var order []string
	var mu sync.Mutex
	record := func(s string) pylon.Hook {
		return func(context.Context) error {
			mu.Lock()
			defer mu.Unlock()
			order = append(order, s)
			return nil
		}
	}
	app.OnStart(record("start1"))
	app.OnStart(record("start2"))
	app.OnStop(record("stop1"))
	app.OnStop(record("stop2"))
	shutdownBegan := make(chan struct{})
	app.OnShutdown(func() { close(shutdownBegan) })

	base, stop := serve(t, app)
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	type result struct {
		body string
		err  error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := client.Get(base + "/slow")
		if err != nil {
			res <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		res <- result{string(b), err}
	}()
	<-started
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	// The in-flight request still completes after shutdown began.
	<-shutdownBegan
	close(release)
	r := <-res
	if r.err != nil || r.body != "finished" {
		t.Fatalf("in-flight request: %q, %v", r.body, r.err)
	}
	if err := <-stopped; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got := strings.Join(order, ","); got != "start1,start2,stop2,stop1" {
		t.Fatalf("hooks ran in order %s", got)
	}
	// No longer accepting.
	if _, err := client.Get(base + "/slow"); err == nil {
		t.Fatal("server still accepts after shutdown")
	}
}

func TestServeShutdownDeadlineCancelsRequests(t *testing.T) {
	app := newApp(pylon.Config{Server: pylon.ServerConfig{ShutdownTimeout: pylon.Duration(50 * time.Millisecond)}})
	started := make(chan struct{})
	sawCancel := make(chan struct{})
	app.GET("/stuck", func(c *pylon.Context) error {
		close(started)
		<-c.Context().Done()
		close(sawCancel)
		return c.Context().Err()
	})
	base, stop := serve(t, app)
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	go func() {
		resp, err := client.Get(base + "/stuck")
		if err == nil {
			resp.Body.Close()
		}
	}()
	<-started
	if err := stop(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	<-sawCancel
}

func TestStartHookFailureStopsServe(t *testing.T) {
	app := newApp(pylon.Config{})
	stopped := false
	app.OnStart(func(context.Context) error { return errors.New("database unreachable") })
	app.OnStop(func(context.Context) error { stopped = true; return nil })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	err = app.Serve(context.Background(), ln)
	if err == nil || !strings.Contains(err.Error(), "database unreachable") {
		t.Fatalf("Serve = %v", err)
	}
	if !stopped {
		t.Fatal("stop hooks did not run")
	}
}

func TestNewServerSettings(t *testing.T) {
	app := newApp(pylon.Config{Server: pylon.ServerConfig{IdleTimeout: pylon.Duration(time.Minute), H2C: true}})
	srv := app.NewServer()
	if srv.ReadHeaderTimeout != 5*time.Second || srv.IdleTimeout != time.Minute || srv.MaxHeaderBytes != 1<<20 || srv.ReadTimeout != 60*time.Second {
		t.Fatalf("server = %+v", srv)
	}
	if !srv.Protocols.HTTP1() || !srv.Protocols.HTTP2() || !srv.Protocols.UnencryptedHTTP2() {
		t.Fatalf("protocols = %v", srv.Protocols)
	}
}

func TestH2C(t *testing.T) {
	app := newApp(pylon.Config{Server: pylon.ServerConfig{H2C: true}})
	app.GET("/proto", func(c *pylon.Context) error { return c.String(200, c.Request().Proto) })
	base, stop := serve(t, app)
	defer stop()
	tr := &http.Transport{Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(base + "/proto")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "HTTP/2.0" {
		t.Fatalf("proto = %q", b)
	}
}

// TestRunPrintsRoutes runs the test binary itself as an app under
// PYLON_PRINT_ROUTES, the protocol of `pylon routes`.
func TestRunPrintsRoutes(t *testing.T) {
	if os.Getenv("PYLON_TEST_PRINT_ROUTES_CHILD") != "" {
		app := newApp(pylon.Config{})
		app.GET("/users/{id}", showUser).Name("user")
		if err := app.Run(context.Background()); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunPrintsRoutes$")
	cmd.Env = append(os.Environ(), "PYLON_TEST_PRINT_ROUTES_CHILD=1", "PYLON_PRINT_ROUTES=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	if !strings.HasPrefix(string(out), `{"method":"GET","pattern":"/users/{id}","name":"user","handler":"github.com/pylonweb/pylon_test.showUser"}`) {
		t.Fatalf("output = %s", out)
	}
}

func TestRunListensOnPylonAddr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("PYLON_ADDR", addr)
	app := newApp(pylon.Config{Addr: "127.0.0.1:1"})
	app.GET("/", func(c *pylon.Context) error { return c.String(200, "up") })
	ctx, cancel := context.WithCancel(context.Background())
	up := make(chan struct{})
	app.OnStart(func(context.Context) error { close(up); return nil })
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	<-up
	var resp *http.Response
	for range 100 { // the listener is open before the start hooks run; retry only for scheduling
		if resp, err = http.Get("http://" + addr + "/"); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
