package middleware_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing/fstest"
	"time"

	"github.com/pylonweb/pylon/middleware"
)

func ExampleRequestID() {
	h := middleware.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("handler sees:", middleware.GetRequestID(r))
	}))

	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Request-Id", "from-the-proxy-42") // a valid incoming ID is kept
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println("response has:", rec.Header().Get(middleware.RequestIDHeader))
	// Output:
	// handler sees: from-the-proxy-42
	// response has: from-the-proxy-42
}

func ExampleRecover() {
	// Log to nowhere here; by default Recover logs the panic and its stack
	// to slog.Default().
	recoverer := middleware.RecoverWithConfig(middleware.RecoverConfig{Logger: slog.New(slog.DiscardHandler)})
	h := recoverer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("something broke")
	}))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output: 500 Internal Server Error
}

func ExampleCORS() {
	cors := middleware.CORS(middleware.CORSConfig{
		AllowedOrigins:   []string{"https://app.example.com"},
		AllowedMethods:   []string{"GET", "POST"},
		AllowCredentials: true,
		MaxAge:           600,
	})
	h := cors(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

	// The browser's preflight for a credentialed POST with a JSON body.
	req := httptest.NewRequest("OPTIONS", "/api/items", nil)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	fmt.Println(rec.Code)
	for _, k := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
		"Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age"} {
		fmt.Printf("%s: %s\n", k, rec.Header().Get(k))
	}
	// Output:
	// 204
	// Access-Control-Allow-Origin: https://app.example.com
	// Access-Control-Allow-Credentials: true
	// Access-Control-Allow-Methods: GET, POST
	// Access-Control-Allow-Headers: content-type
	// Access-Control-Max-Age: 600
}

func ExampleStatic() {
	files := fstest.MapFS{ // an embed.FS in a real program
		"css/site.css": {Data: []byte("body { margin: 0 }\n")},
	}
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "api: "+r.URL.Path+"\n")
	})
	h := middleware.Static(middleware.StaticConfig{Root: files, Prefix: "/static/", MaxAge: time.Hour})(api)

	for _, path := range []string{"/static/css/site.css", "/users/1"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		fmt.Printf("%s → %d %s %q %s", path, rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"), rec.Body.String())
	}
	// Output:
	// /static/css/site.css → 200 text/css; charset=utf-8 "public, max-age=3600" body { margin: 0 }
	// /users/1 → 200 text/plain; charset=utf-8 "" api: /users/1
}

func ExampleLogger() {
	// Drop the time so the output is stable.
	l := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{}
			}
			return a
		},
	}))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "item "+r.PathValue("id"))
	})
	h := middleware.RequestID(middleware.Logger(l)(middleware.Recover(mux)))

	req := httptest.NewRequest("GET", "/items/7", nil)
	req.Header.Set("X-Request-Id", "req-1")
	h.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// level=INFO msg=request method=GET path=/items/7 route="GET /items/{id}" status=200 bytes=6 request_id=req-1 remote_addr=192.0.2.1:1234
}

func ExampleTimeout() {
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(time.Minute): // the work
			io.WriteString(w, "done")
		case <-r.Context().Done(): // the handler gives up when the deadline passes
		}
	})
	h := middleware.Timeout(10 * time.Millisecond)(slow)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output: 503 Request timed out
}
