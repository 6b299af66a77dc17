// Package routes reads the route listing that a Pylon app prints when
// PYLON_PRINT_ROUTES=1 is set, and formats it as a table.
//
// The app writes one JSON object per route on its standard output:
//
//	{"method":"GET","pattern":"/users/{id}","name":"user","handler":"main.showUser"}
//
// Use [Parse] to read the lines and [WriteTable] to print them:
//
//	rs, err := routes.Parse(stdout)
//	if err == nil {
//		err = routes.WriteTable(os.Stdout, rs)
//	}
package routes

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Route is one route as an app reports it.
type Route struct {
	// Method is the HTTP method, or empty when the route matches any method.
	Method string `json:"method"`
	// Pattern is the route's path pattern, such as "/users/{id}".
	Pattern string `json:"pattern"`
	// Name is the route's name for URL generation; empty when unnamed.
	Name string `json:"name,omitempty"`
	// Handler names the function that handles the route, such as "main.showUser".
	Handler string `json:"handler,omitempty"`
}

// ErrNoRoutes is returned by [Parse] when the input holds no route line.
var ErrNoRoutes = errors.New("no route lines")

// maxLine bounds one line so that a runaway app cannot exhaust memory.
const maxLine = 1 << 20

// Parse reads routes from r, one JSON object a line.
//
// Lines that do not start with '{' are ignored, and so are JSON objects
// without a "pattern", so that an app's stray log output does not break the
// listing. A line that starts with '{' but is not valid JSON is an error.
// Parse returns [ErrNoRoutes] when it finds no route at all.
func Parse(r io.Reader) ([]Route, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	var rs []Route
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var rt Route
		if err := json.Unmarshal(line, &rt); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if rt.Pattern == "" {
			continue
		}
		rs = append(rs, rt)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, ErrNoRoutes
	}
	return rs, nil
}

// WriteJSON writes routes to w in the same JSON-lines form that [Parse] reads.
func WriteJSON(w io.Writer, rs []Route) error {
	enc := json.NewEncoder(w)
	for _, rt := range rs {
		if err := enc.Encode(rt); err != nil {
			return err
		}
	}
	return nil
}
