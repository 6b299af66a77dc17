package render

import (
	"bytes"
	"sync"
)

// Responses are rendered into a pooled buffer first, so that a template
// error becomes a clean error response instead of half a page.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps a rare huge page from pinning its memory in the
// pool.
const maxPooledBuffer = 256 << 10

func getBuffer() *bytes.Buffer {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		buffers.Put(b)
	}
}
