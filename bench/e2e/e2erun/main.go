// Command e2erun serves the Pylon App and the bare net/http handler of
// package e2e on two loopback ports and loads each route of each in turn
// with the same load generator, then prints throughput, latency and the
// Pylon/net/http throughput ratio.
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
	flag.Parse()

	pylonURL, stopPylon, err := serve(e2e.PylonApp())
	if err != nil {
		return err
	}
	defer stopPylon()
	bareURL, stopBare, err := serve(e2e.Bare())
	if err != nil {
		return err
	}
	defer stopBare()

	fmt.Println("| route | server | req/s | p50 | p99 |")
	fmt.Println("| --- | --- | ---: | ---: | ---: |")
	for _, path := range []string{"/hello", "/json"} {
		var total [2]struct {
			reqs    uint64
			elapsed time.Duration
			lat     load.Histogram
		}
		for range *rounds {
			for i, base := range []string{pylonURL, bareURL} {
				res, err := load.Run(context.Background(), load.Config{URL: base + path, Connections: *conns, Duration: *dur, Warmup: time.Second})
				if err != nil {
					return err
				}
				if res.Errors+res.Non2xx > 0 {
					return fmt.Errorf("%s%s: %d errors, %d non-2xx", base, path, res.Errors, res.Non2xx)
				}
				total[i].reqs += res.Requests
				total[i].elapsed += res.Elapsed
				total[i].lat.Merge(&res.Latency)
			}
		}
		var rps [2]float64
		for i, name := range []string{"pylon", "net/http"} {
			t := &total[i]
			rps[i] = float64(t.reqs) / t.elapsed.Seconds()
			fmt.Printf("| %s | %s | %.0f | %s | %s |\n", path, name, rps[i], ms(t.lat.Percentile(0.5)), ms(t.lat.Percentile(0.99)))
		}
		fmt.Printf("| %s | ratio pylon/net/http | %.3f | | |\n", path, rps[0]/rps[1])
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d)/float64(time.Millisecond)) }
