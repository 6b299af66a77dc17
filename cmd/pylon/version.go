package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is pylon's version. Release builds may set it with
// -ldflags "-X main.version=v1.2.3"; otherwise the module version recorded
// by "go install" is used.
var version string

func init() {
	register(&command{
		name:    "version",
		summary: "print pylon's version",
		help:    "Version prints the version of pylon, of the Go toolchain that built it, and the platform.",
		run:     runVersion,
	})
}

func runVersion(ctx context.Context, s *stdio, args []string) error {
	if len(args) > 0 {
		return usageError{"version takes no arguments"}
	}
	fmt.Fprintf(s.out, "pylon %s %s %s/%s\n", pylonVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

func pylonVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
