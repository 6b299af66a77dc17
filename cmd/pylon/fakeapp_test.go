package main

import (
	"os"
	"path/filepath"
	"testing"
)

// writeApp writes a main module with the given main.go into a new
// temporary directory and returns the directory. The app imports only the
// standard library, so building it needs no network.
func writeApp(t *testing.T, mainGo string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/fakeapp\n\ngo 1.22\n")
	writeFile(t, filepath.Join(dir, "main.go"), mainGo)
	return dir
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
