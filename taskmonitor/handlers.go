package taskmonitor

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// index serves the report as an HTML page or, with ?format=json or an
// Accept header that prefers JSON, as JSON.
func (m *Monitor) index(c *pylon.Context) error {
	if err := allow(c, "GET, HEAD", http.MethodGet, http.MethodHead); err != nil {
		return err
	}
	r := m.Report()
	if wantsJSON(c, "text/html", "application/json") {
		return c.JSON(http.StatusOK, r)
	}
	return m.renderPage(c, r)
}

// stack serves the current stack of one task's goroutine as text.
func (m *Monitor) stack(c *pylon.Context) error {
	if err := allow(c, "GET, HEAD", http.MethodGet, http.MethodHead); err != nil {
		return err
	}
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return pylon.ErrNotFound
	}
	st, err := m.reg.Stack(id)
	switch {
	case errors.Is(err, task.ErrNoGoroutine):
		return pylon.NotFound("the task's goroutine was not recorded: it started while goroutine tracking was off")
	case err != nil:
		return pylon.NotFound("no live task with ID " + c.Param("id"))
	}
	if wantsJSON(c, "text/plain", "application/json") {
		return c.JSON(http.StatusOK, map[string]any{"id": id, "stack": string(st)})
	}
	c.Header().Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", st)
}

// kill kills one task; a service's ID restarts the service.
func (m *Monitor) kill(c *pylon.Context) error {
	if err := allow(c, "POST", http.MethodPost); err != nil {
		return err
	}
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return pylon.ErrNotFound
	}
	if err := m.reg.Kill(id); err != nil {
		return pylon.NotFound("no live task with ID " + c.Param("id"))
	}
	return m.done(c, map[string]any{"ok": true, "killed": id})
}

// restart restarts one of the App's services now.
func (m *Monitor) restart(c *pylon.Context) error {
	if err := allow(c, "POST", http.MethodPost); err != nil {
		return err
	}
	name := c.Param("name")
	err := m.app.RestartService(name)
	switch {
	case errors.Is(err, task.ErrNotFound):
		return pylon.NotFound("no service named " + strconv.Quote(name))
	case err != nil:
		return pylon.NewHTTPError(http.StatusConflict, err.Error())
	}
	return m.done(c, map[string]any{"ok": true, "restarted": name})
}

// done answers a successful POST: a browser's form goes back to the page
// (303), any other client gets JSON.
func (m *Monitor) done(c *pylon.Context, v any) error {
	if c.Query("format") == "json" || c.Negotiate("application/json", "text/html") != "text/html" {
		return c.JSON(http.StatusOK, v)
	}
	return c.Redirect(http.StatusSeeOther, m.path)
}

// wantsJSON reports whether the request asks for JSON with ?format=json,
// or with an Accept header that prefers JSON to the other offer.
func wantsJSON(c *pylon.Context, other, json string) bool {
	switch c.Query("format") {
	case "json":
		return true
	case "":
		return c.Negotiate(other, json) == json
	}
	return false
}
