package pylon_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/middleware"
)

// A handler that fails after its response has started cannot change the
// status any more; the App logs the error and aborts the response with
// http.ErrAbortHandler, so that net/http cuts it off rather than end a
// partial body as if it were complete.
func TestErrorAfterWriteAborts(t *testing.T) {
	for name, fail := range map[string]func(c *pylon.Context) error{
		"error": func(c *pylon.Context) error { return errors.New("late") },
		"panic": func(c *pylon.Context) error { panic("late") },
	} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			app := pylon.New(pylon.Config{})
			app.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			app.GET("/", func(c *pylon.Context) error {
				c.String(http.StatusOK, "partial")
				return fail(c)
			})
			w := httptest.NewRecorder()
			func() {
				defer func() {
					if v := recover(); v != http.ErrAbortHandler {
						t.Errorf("ServeHTTP panicked with %v, want http.ErrAbortHandler", v)
					}
				}()
				app.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
			}()
			if w.Code != http.StatusOK || w.Body.String() != "partial" {
				t.Errorf("recorded %d %q, want what was written before: 200 \"partial\"", w.Code, w.Body)
			}
			if !strings.Contains(logs.String(), "late") {
				t.Errorf("the error was not logged: %s", logs.String())
			}
		})
	}
}

// Over a real connection the client sees the body cut off, not a short
// body that ends normally, also behind the usual net/http middleware.
func TestErrorAfterWriteCutsTheConnection(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Use(middleware.RequestID, middleware.Logger(app.Logger), middleware.Recover)
	app.GET("/export", func(c *pylon.Context) error {
		c.Response().Header().Set("Content-Type", "text/csv")
		c.Response().WriteHeader(http.StatusOK)
		io.WriteString(c.Response(), "id,name\n1,ann\n")
		http.NewResponseController(c.Response()).Flush()
		return errors.New("the database went away")
	})
	srv := httptest.NewServer(app)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/export")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err == nil {
		t.Fatalf("read %q and a normal end, want an error (the response was cut off)", body)
	}
	if string(body) != "id,name\n1,ann\n" {
		t.Errorf("read %q before the cut, want what was flushed", body)
	}
}

// Before anything is written, an error is an ordinary error response.
func TestErrorBeforeWriteIsAnswered(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/", func(c *pylon.Context) error { return errors.New("early") })
	w := do(t, app, "GET", "/", "")
	wantStatus(t, w, http.StatusInternalServerError)
}

// A response whose status already says it failed ends normally: the
// client knows, and cutting it off would lose the error's body.
func TestErrorAfterErrorResponseIsNotAborted(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/", func(c *pylon.Context) error {
		c.String(http.StatusServiceUnavailable, "try later")
		return errors.New("and then this")
	})
	w := do(t, app, "GET", "/", "")
	wantStatus(t, w, http.StatusServiceUnavailable)
	wantBody(t, w, "try later")
}

// A response without a body (204, 304) has nothing to cut short: the
// error net/http gives for writing one does not abort it.
func TestNoContentIsNotAborted(t *testing.T) {
	app := newApp(pylon.Config{})
	app.DELETE("/x", func(c *pylon.Context) error { return c.JSON(http.StatusNoContent, nil) })
	srv := httptest.NewServer(app)
	defer srv.Close()
	req, _ := http.NewRequest("DELETE", srv.URL+"/x", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Errorf("status %d, want 204", res.StatusCode)
	}
}

// Behind Compress, which holds a small body back while it decides, a
// late error still aborts the response instead of appending an error
// body to the 200.
func TestErrorAfterWriteAbortsBehindCompress(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Use(middleware.Compress(middleware.CompressConfig{}))
	app.GET("/export", func(c *pylon.Context) error {
		c.String(http.StatusOK, "id,name\n1,ann\n")
		return errors.New("the database went away")
	})
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/export", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("ServeHTTP panicked with %v, want http.ErrAbortHandler", v)
			}
		}()
		app.ServeHTTP(w, r)
	}()
	if strings.Contains(w.Body.String(), "about:blank") || w.Code == http.StatusInternalServerError {
		t.Errorf("an error response was written after the 200: %d %q", w.Code, w.Body)
	}
}

// A late 4xx error, which the error handler does not log, is logged when
// it aborts the response.
func TestAbortAfterClientErrorIsLogged(t *testing.T) {
	var logs bytes.Buffer
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	app.GET("/", func(c *pylon.Context) error {
		c.String(http.StatusOK, "partial")
		return pylon.NewHTTPError(http.StatusConflict, "changed meanwhile")
	})
	func() {
		defer func() { recover() }()
		app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	}()
	for _, want := range []string{"level=ERROR", "response aborted", "changed meanwhile", "status=200"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q: %s", want, logs.String())
		}
	}
}

// A cancellation that is not the client's (an errgroup giving up, say)
// still cuts off a response that had started.
func TestInternalCancellationAfterWriteAborts(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/", func(c *pylon.Context) error {
		c.String(http.StatusOK, "partial")
		return context.Canceled
	})
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("ServeHTTP panicked with %v, want http.ErrAbortHandler", v)
		}
	}()
	app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}

// Layers inside Compress that record the response themselves (Logger,
// Recover, Timeout) do not hide what Compress holds back.
func TestErrorAfterWriteAbortsBehindCompressAndInnerLayers(t *testing.T) {
	for name, inner := range map[string]func(http.Handler) http.Handler{
		"Logger":  middleware.Logger(slog.New(slog.DiscardHandler)),
		"Recover": middleware.Recover,
		"Timeout": middleware.Timeout(time.Minute),
	} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			app := pylon.New(pylon.Config{})
			app.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			app.Use(middleware.Compress(middleware.CompressConfig{}), inner)
			app.GET("/export", func(c *pylon.Context) error {
				c.String(http.StatusCreated, "id,name\n1,ann\n")
				return pylon.NewHTTPError(http.StatusConflict, "changed meanwhile")
			})
			w := httptest.NewRecorder()
			r := httptest.NewRequest("GET", "/export", nil)
			r.Header.Set("Accept-Encoding", "gzip")
			func() {
				defer func() {
					if v := recover(); v != http.ErrAbortHandler {
						t.Errorf("ServeHTTP panicked with %v, want http.ErrAbortHandler", v)
					}
				}()
				app.ServeHTTP(w, r)
			}()
			if strings.Contains(w.Body.String(), "about:blank") {
				t.Errorf("an error response was appended: %d %q", w.Code, w.Body)
			}
			if !strings.Contains(logs.String(), "status=201") {
				t.Errorf("the abort is not logged with the held status 201: %s", logs.String())
			}
		})
	}
}

// Behind Timeout, whose derived context ends at its deadline, a
// context.Canceled with the client still there is not taken for the
// client going away.
func TestInternalCancellationBehindTimeoutAborts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := newApp(pylon.Config{})
		app.Use(middleware.Timeout(time.Second))
		app.GET("/", func(c *pylon.Context) error {
			c.String(http.StatusOK, "partial")
			<-c.Context().Done() // Timeout's deadline: the client is still there
			return fmt.Errorf("worker: %w", context.Canceled)
		})
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("ServeHTTP panicked with %v, want http.ErrAbortHandler", v)
			}
		}()
		app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	})
}

// Before anything is written, a context.Canceled with the client still
// there is a 500, logged, not an empty 200.
func TestInternalCancellationBeforeWriteIs500(t *testing.T) {
	var logs bytes.Buffer
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	app.GET("/", func(c *pylon.Context) error { return context.Canceled })
	srv := httptest.NewServer(app)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", res.StatusCode)
	}
	if !strings.Contains(logs.String(), "request failed") {
		t.Errorf("not logged: %s", logs.String())
	}
}

// A client that went away is neither answered nor logged as a failure.
func TestClientGoneIsNotAnswered(t *testing.T) {
	var logs bytes.Buffer
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	app.GET("/", func(c *pylon.Context) error { return c.Context().Err() })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/", nil).WithContext(ctx))
	if w.Body.Len() != 0 || logs.Len() != 0 {
		t.Errorf("answered %d %q, logged %q", w.Code, w.Body, logs.String())
	}
}

// The same behind Timeout in a mounted App, and in a Context made behind a
// writer-hiding middleware: their requests carry Timeout's context, whose
// deadline is not the client going away.
func TestInternalCancellationBehindTimeoutAbortsInMountsAndHiddenWriters(t *testing.T) {
	late := func(c *pylon.Context) error {
		c.String(http.StatusOK, "partial")
		<-c.Context().Done()
		return fmt.Errorf("worker: %w", context.Canceled)
	}
	for name, build := range map[string]func() http.Handler{
		"mounted": func() http.Handler {
			sub := newApp(pylon.Config{})
			sub.GET("/x", late)
			parent := newApp(pylon.Config{})
			parent.Use(middleware.Timeout(time.Second))
			parent.Mount("/sub", sub)
			return parent
		},
		"hidden writer": func() http.Handler {
			app := newApp(pylon.Config{})
			app.Use(middleware.Timeout(time.Second), hideWriter(false))
			app.GET("/sub/x", late)
			return app
		},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := build()
				defer func() {
					if v := recover(); v != http.ErrAbortHandler {
						t.Errorf("ServeHTTP panicked with %v, want http.ErrAbortHandler", v)
					}
				}()
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/sub/x", nil))
			})
		})
	}
}
