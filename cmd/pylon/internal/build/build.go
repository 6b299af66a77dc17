// Package build compiles a Go main package into an executable with the go
// command, keeping the compiler's output so that a caller can show it.
//
//	b := build.Builder{Dir: "myapp"}
//	if err := b.Build(ctx, filepath.Join(tmp, "myapp")); err != nil {
//		fmt.Fprint(os.Stderr, err) // includes the compiler errors
//	}
package build

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
)

// Builder builds one main package. The zero value builds the package in the
// current directory with the go command found in PATH.
//
// A Builder may be used by several goroutines at once if they build to
// different output paths.
type Builder struct {
	// Dir is the directory the go command runs in, inside the app's module.
	// If not set, the current directory is used.
	Dir string

	// Package is the package to build, relative to Dir, such as "./cmd/web".
	// If not set, "." is built.
	Package string

	// Flags are extra arguments for "go build", placed before the package,
	// such as "-tags=dev". If not set, none are passed.
	Flags []string

	// GoCommand is the go command to run. If not set, "go" is looked up in PATH.
	GoCommand string
}

// Error is returned by [Builder.Build] when the go command fails. Its
// message holds the go command's output: the compiler errors.
type Error struct {
	// Package is the package that failed to build.
	Package string
	// Output is what the go command printed.
	Output []byte
	// Err is the go command's exit error.
	Err error
}

// Error returns the failure followed by the go command's output.
func (e *Error) Error() string {
	out := strings.TrimRight(string(e.Output), "\n")
	if out == "" {
		return fmt.Sprintf("build %s: %v", e.Package, e.Err)
	}
	return fmt.Sprintf("build %s: %v\n%s", e.Package, e.Err, out)
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// Build compiles the package into the executable output. On failure it
// returns an [*Error] with the compiler's output, and output is left as it
// was, so a program built earlier there keeps working.
// On Windows ".exe" is added to output if missing; [ExePath] gives the name.
func (b *Builder) Build(ctx context.Context, output string) error {
	gocmd := b.GoCommand
	if gocmd == "" {
		gocmd = "go"
	}
	pkg := b.Package
	if pkg == "" {
		pkg = "."
	}
	args := append([]string{"build", "-o", ExePath(output)}, b.Flags...)
	args = append(args, pkg)
	cmd := exec.CommandContext(ctx, gocmd, args...)
	cmd.Dir = b.Dir
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return &Error{Package: pkg, Output: out.Bytes(), Err: err}
	}
	return nil
}

// ExePath returns path with the executable suffix of the host system added,
// the name under which [Builder.Build] writes the program.
func ExePath(path string) string {
	if runtime.GOOS == "windows" && !strings.HasSuffix(path, ".exe") {
		return path + ".exe"
	}
	return path
}
