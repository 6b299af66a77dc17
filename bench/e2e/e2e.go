// Package e2e holds the end-to-end benchmark of issue 2: hello-world and
// JSON through a Pylon App with RequestID, Logger (slog text to
// io.Discard) and Recover, against the same two routes on a bare
// net/http ServeMux. The in-process benchmarks (go test -bench) give
// allocations per request; the command e2erun compares throughput over
// loopback.
package e2e

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/middleware"
)

// Message is the JSON route's body.
type Message struct {
	Message string `json:"message"`
}

const hello = "Hello, World!"

// PylonApp returns the Pylon side: GET /hello and GET /json behind
// RequestID, Logger and Recover.
func PylonApp() *pylon.App {
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	app.Use(middleware.RequestID, middleware.Logger(app.Logger), middleware.Recover)
	routes(app)
	return app
}

// PylonPlain returns the same App without middleware, to tell the cost of
// the framework from that of the middleware.
func PylonPlain() *pylon.App {
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	routes(app)
	return app
}

func routes(app *pylon.App) {
	app.GET("/hello", func(c *pylon.Context) error { return c.String(http.StatusOK, hello) })
	app.GET("/json", func(c *pylon.Context) error { return c.JSON(http.StatusOK, Message{Message: hello}) })
}

// BareLogged returns Bare behind the same Logger middleware as PylonApp,
// writing the same slog text record to io.Discard: a reference that tells
// the cost of the log line from the cost of the framework.
func BareLogged() http.Handler {
	return middleware.Logger(slog.New(slog.NewTextHandler(io.Discard, nil)))(Bare())
}

// Bare returns the baseline: the same routes on a net/http ServeMux, no
// middleware.
func Bare() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, hello)
	})
	mux.HandleFunc("GET /json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(Message{Message: hello})
	})
	return mux
}
