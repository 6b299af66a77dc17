//go:build !unix

package greenlet_test

// processCPU is not measured here; the cpu-ns/op metric is left out.
func processCPU() int64 { return 0 }
