package main

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine outlives them: the
// App's tasks, stores and connections after Stop, the test servers, and
// chromedp's browser after its allocator is cancelled.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// scs.New starts memstore's cleanup goroutine for its default store,
		// which Pylon replaces; it cannot be stopped without a data race
		// (see docs/dependencies-session.md). One idle goroutine per App.
		goleak.IgnoreTopFunction("github.com/alexedwards/scs/v2/memstore.(*MemStore).startCleanup"),
	)
}
