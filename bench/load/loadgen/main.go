// Command loadgen sends bounded HTTP load to loopback URLs and prints a
// Markdown table: for each URL and each connection count, throughput,
// p50, p99 and errors. Runs take -d each (at most a minute), one after
// another.
//
//	go run ./load/loadgen -c 100,1000 -d 5s -warmup 1s \
//		http://127.0.0.1:8080/aggregate http://127.0.0.1:8080/aggregate/sequential
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/pylonweb/pylon/bench/load"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	conns := fs.String("c", "100", "comma-separated connection counts")
	dur := fs.Duration("d", 5*time.Second, "measured duration of each run (at most 1m)")
	warm := fs.Duration("warmup", time.Second, "unmeasured warm-up before each run")
	n := fs.Int("n", 0, "stop each run after this many requests (0: no limit)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("no URL given")
	}
	var counts []int
	for f := range strings.SplitSeq(*conns, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || c <= 0 {
			return fmt.Errorf("bad connection count %q", f)
		}
		counts = append(counts, c)
	}
	for _, u := range fs.Args() {
		if err := load.CheckLoopback(u); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, "| path | connections | req/s | p50 | p99 | max | errors | non-2xx |")
	fmt.Fprintln(stdout, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, c := range counts {
		for _, u := range fs.Args() {
			res, err := load.Run(ctx, load.Config{URL: u, Connections: c, Duration: *dur, Warmup: *warm, Requests: *n})
			if err != nil {
				return fmt.Errorf("%s with %d connections: %w", u, c, err)
			}
			fmt.Fprintf(stdout, "| %s | %d | %.0f | %s | %s | %s | %d | %d |\n", path(u), c, res.Throughput(),
				ms(res.Percentile(0.5)), ms(res.Percentile(0.99)), ms(res.Latency.Max()), res.Errors, res.Non2xx)
		}
	}
	return nil
}

func path(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Path == "" {
		return u
	}
	return p.Path
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
