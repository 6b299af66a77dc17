package middleware

import (
	"net/http/httptest"
	"testing"
)

func TestWrapResponseWriterReuses(t *testing.T) {
	rw, out, owned := wrapResponseWriter(httptest.NewRecorder())
	defer release(rw)
	again, out2, owned2 := wrapResponseWriter(out)
	if !owned || owned2 || again != rw || out2 != out {
		t.Fatalf("got %p owned %v, want %p not owned", again, owned2, rw)
	}
}
