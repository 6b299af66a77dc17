package task

import (
	"testing"
	"unsafe"
)

// A shard fills whole cache lines, so that two shards locked from two
// cores do not share one.
func TestRegistryShardSize(t *testing.T) {
	if n := unsafe.Sizeof(registryShard{}); n != 128 {
		t.Errorf("registryShard is %d bytes, want 128", n)
	}
}
