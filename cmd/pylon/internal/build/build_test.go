package build_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/cmd/pylon/internal/build"
)

// writeModule writes a one-file main module into a new temporary directory.
func writeModule(t *testing.T, mainGo string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":  "module example.com/app\n\ngo 1.22\n",
		"main.go": mainGo,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBuildRuns(t *testing.T) {
	dir := writeModule(t, `package main

import "fmt"

func main() { fmt.Println("built ok") }
`)
	out := filepath.Join(t.TempDir(), "app")
	b := build.Builder{Dir: dir}
	if err := b.Build(context.Background(), out); err != nil {
		t.Fatalf("Build: %v", err)
	}
	got, err := exec.Command(build.ExePath(out)).Output()
	if err != nil {
		t.Fatalf("running built program: %v", err)
	}
	if strings.TrimSpace(string(got)) != "built ok" {
		t.Errorf("program printed %q, want %q", got, "built ok")
	}
}

func TestBuildErrorKeepsCompilerOutput(t *testing.T) {
	// A type error fails in the compiler quickly, without linking.
	dir := writeModule(t, `package main

func main() { var x int = "not an int"; _ = x }
`)
	out := filepath.Join(t.TempDir(), "app")
	if err := os.WriteFile(out, []byte("old"), 0o755); err != nil {
		t.Fatal(err)
	}
	b := build.Builder{Dir: dir}
	err := b.Build(context.Background(), out)
	var be *build.Error
	if !errors.As(err, &be) {
		t.Fatalf("Build error = %v, want *build.Error", err)
	}
	if !strings.Contains(err.Error(), "main.go:3") {
		t.Errorf("error message lacks the compiler position:\n%v", err)
	}
	if old, _ := os.ReadFile(out); string(old) != "old" {
		t.Errorf("failed build replaced the old output")
	}
}

func TestBuildMissingPackage(t *testing.T) {
	dir := writeModule(t, "package main\n\nfunc main() {}\n")
	b := build.Builder{Dir: dir, Package: "./nope"}
	err := b.Build(context.Background(), filepath.Join(t.TempDir(), "app"))
	if err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("Build error = %v, want one naming the missing package", err)
	}
}
