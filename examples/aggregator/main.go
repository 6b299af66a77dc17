// Command aggregator is the seed article's scenario: one request that
// needs network, database and file work does it all at once, in request
// tasks, and combines the parts into one JSON response.
//
//	go run ./examples/aggregator [-delay 20ms] [-debug]
//
// It starts its own slow upstream on a loopback port (each call takes
// -delay), a SQLite database and a data file in a temporary directory,
// and serves on PYLON_ADDR or 127.0.0.1:8080:
//
//	GET /aggregate             three upstream calls, a query and a file read at once
//	GET /aggregate/sequential  the same steps one after another
//	GET /debug/tasks           the task monitor (with -debug, or PYLON_TASKMONITOR_TOKEN)
//
// Each part has its own timeout; a part that fails, times out or panics is
// reported as {"ok": false, "error": "..."} while the others still arrive.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/pylonweb/pylon"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "aggregator:", err)
		os.Exit(1)
	}
}

// run parses the flags, starts the upstream and the data sources, and
// serves the App until ctx is done or the process is interrupted.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("aggregator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	delay := fs.Duration("delay", 20*time.Millisecond, "how long each upstream call takes")
	timeout := fs.Duration("timeout", time.Second, "timeout of each upstream call")
	debug := fs.Bool("debug", false, "debug mode: error pages with stacks, and the task monitor at /debug/tasks")
	if err := fs.Parse(args); err != nil {
		return err
	}

	up, err := startUpstream(*delay)
	if err != nil {
		return err
	}
	defer up.Close()

	dir, err := os.MkdirTemp("", "pylon-aggregator-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	src, err := openSources(dir)
	if err != nil {
		return err
	}
	defer src.Close()

	agg := newAggregator(up.URL, src, timeouts{Upstream: *timeout})
	defer agg.Close()
	app, err := newApp(pylon.Config{Debug: *debug}, agg)
	if err != nil {
		return err
	}
	return app.Run(ctx)
}
