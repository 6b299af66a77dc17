package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// endlessReader hands out data without end, calling onRead at each Read.
type endlessReader struct {
	n      int // bytes read
	onRead func()
}

func (r *endlessReader) Read(p []byte) (int, error) {
	r.onRead()
	r.n += len(p)
	return len(p), nil
}

// The file part honours its context between chunks: cancelled during a
// read that would never end, it returns the context's error.
func TestReadAllStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	r := &endlessReader{onRead: cancel}
	b, err := readAll(ctx, r)
	if !errors.Is(err, context.Canceled) || b != nil {
		t.Errorf("readAll = %d bytes, %v; want context.Canceled", len(b), err)
	}
	if r.n > fileChunk {
		t.Errorf("read %d bytes after the context was cancelled, more than one chunk", r.n)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "data.json")
	want := strings.Repeat("x", 3*fileChunk+5) // several chunks and a bit
	if err := os.WriteFile(name, []byte(want), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := readFile(t.Context(), name); err != nil || string(b) != want {
		t.Errorf("readFile = %d bytes, %v; want %d bytes", len(b), err, len(want))
	}
	if _, err := readFile(t.Context(), filepath.Join(dir, "nope")); err == nil || err.Error() != "data file missing" {
		t.Errorf("missing file: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := readFile(ctx, name); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
