// Package load is a small, bounded HTTP load generator for Pylon's
// benchmarks: N keep-alive connections send GET requests to one loopback
// URL for a fixed time or a fixed number of requests, and a latency
// histogram gives the percentiles.
//
// It refuses any host that is not a loopback address (127.0.0.0/8, ::1,
// localhost), and every run stops by itself: Duration is capped at
// MaxDuration.
//
//	res, err := load.Run(ctx, load.Config{URL: "http://127.0.0.1:8080/", Connections: 100, Duration: 5 * time.Second})
//	fmt.Println(res.Throughput(), res.Percentile(0.5), res.Percentile(0.99))
package load
