package pylon_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
)

type Window struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

type Meta struct {
	Created time.Time `json:"created"`
}

type booking struct {
	Meta                       // promoted: "created" is booking's own member
	Name    string             `json:"name"`
	When    Window             `json:"when"`
	Slots   []Window           `json:"slots"`
	ByRoom  map[string]*Window `json:"by_room"`
	Skipped time.Time          `json:"-"`
}

// A type's own decoding (time.Time's) refuses a value without naming the
// field; ReadJSON names it, as it does for a value of the wrong type.
func TestReadJSONNamesFieldOfRefusedValue(t *testing.T) {
	for _, tc := range []struct {
		name, body, field string
	}{
		{"nested", `{"name":"a","when":{"from":"2026-01-02T15:04:05Z","to":"tomorrow"}}`, "when.to"},
		{"case-insensitive key", `{"WHEN":{"From":"soon"}}`, "WHEN.From"},
		{"slice element", `{"slots":[{"from":"2026-01-02T15:04:05Z"},{"from":"x"}]}`, "slots[1].from"},
		{"map value", `{"by_room":{"blue":{"to":"x"}}}`, `by_room["blue"].to`},
		{"promoted", `{"created":"yesterday"}`, "created"},
		{"first in document order", `{"when":{"to":"x","from":"x"}}`, "when.to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := newApp(pylon.Config{})
			app.POST("/bookings", func(c *pylon.Context) error {
				var b booking
				if err := c.ReadJSON(&b); err != nil {
					return err
				}
				return c.NoContent(http.StatusNoContent)
			})
			w := do(t, app, "POST", "/bookings", tc.body, "Content-Type", "application/json", "Accept", "application/json")
			wantStatus(t, w, 400)
			var p struct {
				Detail string            `json:"detail"`
				Errors map[string]string `json:"errors"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
				t.Fatalf("body %q: %v", w.Body, err)
			}
			if want := "JSON field " + tc.field + ": parsing time "; len(p.Detail) < len(want) || p.Detail[:len(want)] != want {
				t.Errorf("detail = %q, want it to begin %q", p.Detail, want)
			}
			if _, ok := p.Errors[tc.field]; !ok || len(p.Errors) != 1 {
				t.Errorf("errors = %v, want one for %s", p.Errors, tc.field)
			}
		})
	}
}

// A refused value at the top level, or one the search cannot place, keeps
// the general message.
func TestReadJSONRefusedValueUnplaced(t *testing.T) {
	app := newApp(pylon.Config{})
	app.POST("/t", func(c *pylon.Context) error {
		var when time.Time
		if err := c.ReadJSON(&when); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	w := do(t, app, "POST", "/t", `"noon"`, "Content-Type", "application/json", "Accept", "text/plain")
	wantStatus(t, w, 400)
	wantBodyContains(t, w, "malformed JSON: parsing time")
}

type chain struct {
	Next *chain    `json:"next"`
	At   time.Time `json:"at"`
}

// The search decodes each level again, within a budget, so a deeply
// nested body is still answered.
func TestReadJSONRefusedValueDeep(t *testing.T) {
	app := newApp(pylon.Config{})
	app.POST("/t", func(c *pylon.Context) error {
		var ch chain
		if err := c.ReadJSON(&ch); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	const depth = 5000
	body := strings.Repeat(`{"next":`, depth) + `{"at":"x"}` + strings.Repeat("}", depth)
	w := do(t, app, "POST", "/t", body, "Content-Type", "application/json", "Accept", "text/plain")
	wantStatus(t, w, 400)
	wantBodyContains(t, w, "parsing time")

	// Shallow, it is found.
	w = do(t, app, "POST", "/t", `{"next":{"next":{"at":"x"}}}`, "Content-Type", "application/json", "Accept", "text/plain")
	wantBodyContains(t, w, "JSON field next.next.at: parsing time")
}

type Tagged struct {
	At time.Time `json:"at"`
}

type withTaggedEmbed struct {
	Tagged `json:"tagged"` // a named member, not promoted
}

// An embedded struct with a json tag is a member of its own, as in
// encoding/json; its fields are not promoted.
func TestReadJSONTaggedEmbeddedStruct(t *testing.T) {
	app := newApp(pylon.Config{})
	app.POST("/t", func(c *pylon.Context) error {
		var v withTaggedEmbed
		if err := c.ReadJSON(&v); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	w := do(t, app, "POST", "/t", `{"at":"x","tagged":{"at":"x"}}`, "Content-Type", "application/json", "Accept", "text/plain")
	wantStatus(t, w, 400)
	wantBodyContains(t, w, "JSON field tagged.at: parsing time")
}
