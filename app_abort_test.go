package pylon_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// A panic in the error handler used to leave ServeHTTP before the
// request's tasks were joined, with no answer (net/http dropped the
// connection) and nothing in the App's log. Now it is logged with the
// error it was answering, the client gets a 500, and the tasks end first.
func TestErrorHandlerPanicIsAnsweredAndLogged(t *testing.T) {
	app := newApp(pylon.Config{})
	logs := recordLogs(app)
	app.Registry = &task.Registry{}
	app.ErrorHandler = func(c *pylon.Context, err error) { panic("broken error page") }
	var taskEnded atomic.Bool
	app.GET("/x", func(c *pylon.Context) error {
		c.Go("wait", func(ctx context.Context) error {
			<-ctx.Done()
			taskEnded.Store(true)
			return nil
		})
		return errors.New("db down")
	})
	w := httptest.NewRecorder()
	func() {
		defer func() {
			if v := recover(); v != nil {
				t.Errorf("ServeHTTP panicked: %v", v)
			}
		}()
		app.ServeHTTP(w, httptest.NewRequest("GET", "/x", nil))
	}()
	wantStatus(t, w, http.StatusInternalServerError)
	if !taskEnded.Load() {
		t.Error("the request's task was not ended before ServeHTTP returned")
	}
	recs := logs.find(t, "error handler panicked")
	if len(recs) != 1 {
		t.Fatalf("log records %v, want one about the error handler's panic", logs.records(t))
	}
	wantRecord(t, recs[0], "level", "ERROR", "error", "db down", "panic", "task: panic: broken error page", "stack", "goroutine ...")
}

// http.ErrAbortHandler still aborts the response, but the request's tasks
// are cancelled and joined first, and their unobserved failures logged;
// they used to run on past the end of the request, unlogged.
func TestAbortHandlerStillEndsRequestTasks(t *testing.T) {
	for _, where := range []string{"handler", "error handler", "hidden writer"} {
		t.Run(where, func(t *testing.T) {
			app := newApp(pylon.Config{})
			logs := recordLogs(app)
			app.Registry = &task.Registry{}
			if where == "error handler" {
				app.ErrorHandler = func(*pylon.Context, error) { panic(http.ErrAbortHandler) }
			}
			if where == "hidden writer" {
				// A middleware whose writer hides the App's: the inner
				// part of the chain runs with a Context of its own.
				app.Use(func(next http.Handler) http.Handler {
					return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						next.ServeHTTP(struct{ http.ResponseWriter }{w}, r)
					})
				})
			}
			var taskEnded atomic.Bool
			app.GET("/x", func(c *pylon.Context) error {
				c.Go("wait", func(ctx context.Context) error {
					<-ctx.Done()
					taskEnded.Store(true)
					return nil
				})
				failed := c.Go("fail", func(context.Context) error { return errors.New("unobserved") })
				<-failed.Done()
				if where == "error handler" {
					return errors.New("to the error handler")
				}
				panic(http.ErrAbortHandler)
			})
			func() {
				defer func() {
					if v := recover(); v != http.ErrAbortHandler {
						t.Errorf("recovered %v, want http.ErrAbortHandler", v)
					}
				}()
				app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
			}()
			if !taskEnded.Load() {
				t.Error("the request's task was not ended before the panic left ServeHTTP")
			}
			if recs := logs.find(t, "request task failed"); len(recs) != 1 {
				t.Errorf("log records %v, want the unobserved failure", logs.records(t))
			}
		})
	}
}
