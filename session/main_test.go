package session_test

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// scs.New starts memstore's cleanup goroutine for its default store,
		// which Pylon replaces; it cannot be stopped without a data race
		// (see docs/dependencies-session.md). One idle goroutine per Manager.
		goleak.IgnoreTopFunction("github.com/alexedwards/scs/v2/memstore.(*MemStore).startCleanup"),
	)
}
