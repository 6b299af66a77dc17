package build_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pylonweb/pylon/cmd/pylon/internal/build"
)

// A failed build returns an *Error holding the compiler's output, and
// leaves the program built before in place.
func ExampleBuilder_Build() {
	dir, _ := os.MkdirTemp("", "build-example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() { undefined() }\n"), 0o644)

	b := &build.Builder{Dir: dir}
	err := b.Build(context.Background(), filepath.Join(dir, "app"))
	var be *build.Error
	fmt.Println(errors.As(err, &be), be.Package)
	// Output: true .
}
