package pylon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Run serves the App on the configured address (Config.Addr, overridden by
// the PYLON_ADDR environment variable; 127.0.0.1:8080 by default) until
// ctx is done or the process gets SIGINT or SIGTERM, then shuts down
// gracefully; see Serve. A second SIGINT or SIGTERM during the shutdown
// ends the process at once, as the signal's default action does.
//
// When the environment variable PYLON_PRINT_ROUTES is set, Run prints the
// routes as JSON lines instead and returns, for `pylon routes`.
func (app *App) Run(ctx context.Context) error {
	if os.Getenv("PYLON_PRINT_ROUTES") != "" {
		return app.PrintRoutes(os.Stdout)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go cancelOnSignal(ctx, cancel, sigs)
	addr := app.config.address(os.Getenv)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("pylon: listen on %s: %w", addr, err)
	}
	return app.Serve(ctx, ln)
}

// cancelOnSignal calls cancel on the first signal relayed to sigs, or
// returns when ctx is done. It gives the signals back to the runtime
// before it cancels, so that a second one, during the graceful shutdown,
// has its default action and ends the process.
func cancelOnSignal(ctx context.Context, cancel context.CancelFunc, sigs chan os.Signal) {
	select {
	case <-sigs:
		signal.Stop(sigs)
		cancel()
	case <-ctx.Done():
	}
}

// Serve runs the start hooks, starts the App's services, serves the App on
// ln until ctx is done, and shuts down: it stops accepting connections,
// lets in-flight requests finish within Config.Server.ShutdownTimeout
// (then cancels their contexts and closes their connections), stops the
// services and background tasks, and then runs the stop hooks.
// It returns nil after a shutdown that ctx asked for. If the App's
// supervisor gives up (see ServicesFailed), Serve shuts down the same way
// and returns its error.
func (app *App) Serve(ctx context.Context, ln net.Listener) error {
	app.once.Do(app.build)
	servicesFailed := app.ServicesFailed() // before Start, which may already fail
	if err := app.Start(ctx); err != nil {
		ln.Close()
		return errors.Join(err, app.Stop(context.WithoutCancel(ctx)))
	}
	baseCtx, cancelRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRequests()
	srv := app.NewServer()
	srv.BaseContext = func(net.Listener) context.Context { return baseCtx }
	app.hooksMu.Lock()
	for _, f := range app.onShutdown {
		srv.RegisterOnShutdown(app.guardShutdown(f))
	}
	app.hooksMu.Unlock()

	errc := make(chan error, 1)
	go func() {
		cfg := app.config.Server
		if cfg.TLSCertFile != "" {
			errc <- srv.ServeTLS(ln, cfg.TLSCertFile, cfg.TLSKeyFile)
			return
		}
		errc <- srv.Serve(ln)
	}()
	scheme := "http"
	if app.config.Server.TLSCertFile != "" {
		scheme = "https"
	}
	app.Logger.Info("pylon: serving", "url", scheme+"://"+ln.Addr().String()+"/", "debug", app.config.Debug)

	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
	case <-servicesFailed: // app.Stop, below, returns the supervisor's error
		app.Logger.Error("pylon: shutting down because the services gave up")
	}

	timeout := orDefault(app.config.Server.ShutdownTimeout, defaultShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	app.Logger.Info("pylon: shutting down", "timeout", timeout)
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// In-flight requests outlived the deadline: cancel them and cut
		// their connections.
		cancelRequests()
		srv.Close()
		app.Logger.Warn("pylon: requests were still running at the shutdown deadline", "error", err)
	}
	if serveErr == nil {
		serveErr = <-errc
	}
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	stopCtx, cancelStop := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancelStop()
	// Services and background tasks stop after the requests that may use
	// them, and before the stop hooks close what they use.
	return errors.Join(serveErr, app.Stop(stopCtx))
}

// NewServer returns an http.Server for the App with the configured
// timeouts and limits: ReadHeaderTimeout 5s, ReadTimeout 60s, IdleTimeout
// 120s and MaxHeaderBytes 1 MiB unless configured, HTTP/1 and, over TLS,
// HTTP/2, and HTTP/2 without TLS when Config.Server.H2C is set.
func (app *App) NewServer() *http.Server {
	cfg := app.config.Server
	srv := &http.Server{
		Handler:           app,
		ReadHeaderTimeout: orDefault(cfg.ReadHeaderTimeout, defaultReadHeaderTimeout),
		ReadTimeout:       orDefault(cfg.ReadTimeout, defaultReadTimeout),
		WriteTimeout:      time.Duration(cfg.WriteTimeout),
		IdleTimeout:       orDefault(cfg.IdleTimeout, defaultIdleTimeout),
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		ErrorLog:          slogErrorLog(app),
	}
	if srv.MaxHeaderBytes == 0 {
		srv.MaxHeaderBytes = defaultMaxHeaderBytes
	}
	srv.Protocols = new(http.Protocols)
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetHTTP2(true)
	if cfg.H2C {
		srv.Protocols.SetUnencryptedHTTP2(true)
	}
	return srv
}

// PrintRoutes writes every route as a JSON line, the protocol of
// `pylon routes`.
func (app *App) PrintRoutes(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, r := range app.Routes() {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}
