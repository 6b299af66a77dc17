// Command e2erun serves the Pylon App, the bare net/http handler and, for
// reference, the bare handler behind the same Logger (package e2e) on
// three loopback ports and loads each route of each in turn with the same
// load generator, then prints throughput, latency and the throughput
// ratios to bare net/http.
//
//	go run ./e2e/e2erun -c 50 -d 5s -rounds 2
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"time"

	"github.com/pylonweb/pylon/bench/e2e"
	"github.com/pylonweb/pylon/bench/load"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2erun:", err)
		os.Exit(1)
	}
}

func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

func run() error {
	conns := flag.Int("c", 50, "connections")
	dur := flag.Duration("d", 5*time.Second, "measured duration of each run")
	rounds := flag.Int("rounds", 2, "rounds; the servers alternate within each, and the results add up")
	warmup := flag.Duration("warmup", time.Second, "unmeasured load before each run")
	flag.Parse()

	// The servers, in the order each round loads them; the last is the
	// baseline the ratios divide by.
	servers := []struct {
		name string
		h    http.Handler
		url  string
	}{
		{name: "pylon", h: e2e.PylonApp()},
		{name: "net/http + Logger (reference)", h: e2e.BareLogged()},
		{name: "net/http", h: e2e.Bare()},
	}
	for i := range servers {
		url, stop, err := serve(servers[i].h)
		if err != nil {
			return err
		}
		defer stop()
		servers[i].url = url
	}
	base := len(servers) - 1

	fmt.Println("| route | server | req/s | p50 | p99 | ratio to net/http | median of the rounds' ratios (min–max) |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
	for _, path := range []string{"/hello", "/json"} {
		total := make([]struct {
			reqs    uint64
			elapsed time.Duration
			lat     load.Histogram
			ratios  []float64 // per round, to the baseline of the same round
		}, len(servers))
		for range *rounds {
			rps := make([]float64, len(servers))
			for i, sv := range servers {
				res, err := load.Run(context.Background(), load.Config{URL: sv.url + path, Connections: *conns, Duration: *dur, Warmup: *warmup})
				if err != nil {
					return err
				}
				if res.Errors+res.Non2xx > 0 {
					return fmt.Errorf("%s%s: %d errors, %d non-2xx", sv.url, path, res.Errors, res.Non2xx)
				}
				total[i].reqs += res.Requests
				total[i].elapsed += res.Elapsed
				total[i].lat.Merge(&res.Latency)
				rps[i] = float64(res.Requests) / res.Elapsed.Seconds()
			}
			for i := range servers {
				total[i].ratios = append(total[i].ratios, rps[i]/rps[base])
			}
		}
		rps := make([]float64, len(servers))
		for i := range servers {
			rps[i] = float64(total[i].reqs) / total[i].elapsed.Seconds()
		}
		for i, sv := range servers {
			t := &total[i]
			slices.Sort(t.ratios)
			fmt.Printf("| %s | %s | %.0f | %s | %s | %.3f | %.3f (%.3f–%.3f) |\n", path, sv.name, rps[i],
				ms(t.lat.Percentile(0.5)), ms(t.lat.Percentile(0.99)), rps[i]/rps[base],
				median(t.ratios), t.ratios[0], t.ratios[len(t.ratios)-1])
		}
	}
	return nil
}

// median returns the middle of sorted xs (the mean of the middle two for
// an even count).
func median(xs []float64) float64 {
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d)/float64(time.Millisecond)) }
