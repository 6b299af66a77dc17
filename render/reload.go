package render

import (
	"hash/fnv"
	"io/fs"
	"strconv"
	"sync"
)

// reloader decides, in reload mode, whether the templates changed since
// they were last parsed: it fingerprints the names, sizes and modification
// times of the template files. Parsing again is the engine's job.
type reloader struct {
	mu   sync.Mutex
	last uint64
}

// check calls parse when the fingerprint differs from the last successful
// parse's. It holds a lock while it does, so concurrent renders in debug
// mode wait for one parse instead of each doing their own.
func (r *reloader) check(cfg *Config, fsys fs.FS, parse func() error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	sum, err := fingerprint(cfg, fsys)
	if err != nil {
		return err
	}
	if sum == r.last {
		return nil
	}
	if err := parse(); err != nil {
		return err // keep the old fingerprint: try again on the next render
	}
	r.last = sum
	return nil
}

// mark records the current state after a parse done outside check.
func (r *reloader) mark(cfg *Config, fsys fs.FS) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if sum, err := fingerprint(cfg, fsys); err == nil {
		r.last = sum
	}
}

func fingerprint(cfg *Config, fsys fs.FS) (uint64, error) {
	h := fnv.New64a()
	var buf []byte
	err := walkTemplates(cfg, fsys, func(name string, d fs.DirEntry) error {
		info, err := d.Info()
		if err != nil {
			return err
		}
		buf = append(buf[:0], name...)
		buf = append(buf, 0)
		buf = strconv.AppendInt(buf, info.Size(), 36)
		buf = append(buf, 0)
		buf = strconv.AppendInt(buf, info.ModTime().UnixNano(), 36)
		buf = append(buf, '\n')
		h.Write(buf)
		return nil
	})
	return h.Sum64(), err
}
