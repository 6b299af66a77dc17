package pylontest_test

import (
	"fmt"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// fakeT records failures instead of failing, so tests can check what
// pylontest reports. Its Fatal methods return, unlike testing.T's, so it
// also checks that pylontest copes with a failure that does not stop.
type fakeT struct {
	testing.TB
	msgs []string
}

func (f *fakeT) Helper() {}

func (f *fakeT) Fatal(args ...any) { f.msgs = append(f.msgs, fmt.Sprint(args...)) }

func (f *fakeT) Fatalf(format string, args ...any) {
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}

func (f *fakeT) Error(args ...any) { f.Fatal(args...) }

func (f *fakeT) Errorf(format string, args ...any) { f.Fatalf(format, args...) }

func (f *fakeT) Failed() bool { return len(f.msgs) > 0 }

// failure returns the one message recorded, failing t if there is not
// exactly one.
func (f *fakeT) failure(t *testing.T) string {
	t.Helper()
	if len(f.msgs) != 1 {
		t.Fatalf("got %d failures, want 1: %q", len(f.msgs), f.msgs)
	}
	return f.msgs[0]
}

// mustContain fails t unless msg contains each of want.
func mustContain(t *testing.T, msg string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("message does not contain %q:\n%s", w, msg)
		}
	}
}
