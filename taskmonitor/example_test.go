package taskmonitor_test

import (
	"fmt"
	"log/slog"
	"net/http/httptest"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/taskmonitor"
)

// Install the monitor in a development App: debug mode lets every request
// in.
func Example() {
	app := pylon.New(pylon.Config{Debug: true})
	if err := app.Plug(taskmonitor.New(taskmonitor.Config{})); err != nil {
		panic(err)
	}
	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/debug/tasks?format=json", nil))
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	// Output: 200 application/json
}

// In production, the monitor answers only requests that present the
// token; others get the App's 404. Take the token from the environment
// (PYLON_TASKMONITOR_TOKEN), not from code.
func Example_token() {
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.DiscardHandler)
	mon := taskmonitor.New(taskmonitor.Config{Token: "example-token-use-a-random-one"})
	if err := app.Plug(mon); err != nil {
		panic(err)
	}
	for _, auth := range []string{"", "Bearer example-token-use-a-random-one"} {
		r := httptest.NewRequest("GET", mon.Path(), nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		fmt.Printf("%q: %d\n", auth, w.Code)
	}
	// Output:
	// "": 404
	// "Bearer example-token-use-a-random-one": 200
}
