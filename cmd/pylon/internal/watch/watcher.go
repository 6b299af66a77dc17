package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/fsnotify/fsnotify"
)

// Config configures a [Watcher].
type Config struct {
	// Root is the directory whose tree is watched. If not set, the current
	// directory is watched.
	Root string

	// Skip lists directories left unwatched besides those [SkipDir] names,
	// such as the build output. If not set, only [SkipDir] applies.
	Skip []string

	// Match reports whether a change to the file at path is reported.
	// If not set, [IsSource] decides.
	Match func(path string) bool

	// OnError is called with the errors the file system notifier reports,
	// such as an overflowing event queue, from the Watcher's goroutine.
	// If not set, such errors are dropped.
	OnError func(error)
}

// Watcher reports changes to files under a directory tree. It watches each
// directory of the tree, and the ones created later, since the system
// notifiers are not recursive.
type Watcher struct {
	cfg     Config
	skip    map[string]bool
	fsw     *fsnotify.Watcher
	changes chan string
	closing chan struct{}
	wg      sync.WaitGroup
	once    sync.Once
}

// New starts watching the tree under cfg.Root. Changes made after New
// returns are reported on [Watcher.Changes].
func New(cfg Config) (*Watcher, error) {
	if cfg.Root == "" {
		cfg.Root = "."
	}
	if cfg.Match == nil {
		cfg.Match = IsSource
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		cfg:     cfg,
		skip:    make(map[string]bool),
		fsw:     fsw,
		changes: make(chan string),
		closing: make(chan struct{}),
	}
	for _, dir := range cfg.Skip {
		w.skip[absClean(dir)] = true
	}
	if _, err := w.addTree(cfg.Root); err != nil {
		fsw.Close()
		return nil, err
	}
	w.wg.Go(w.loop)
	return w, nil
}

// Changes returns the channel on which the path of each changed file is
// sent: created, written, removed or renamed. The Watcher waits for the
// receiver, so read it steadily, for example through [Debounce]. The
// channel is closed by [Watcher.Close].
func (w *Watcher) Changes() <-chan string { return w.changes }

// Close stops watching, closes the Changes channel and waits for the
// Watcher's goroutine to finish. It is safe to call more than once.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.closing)
		err = w.fsw.Close()
		w.wg.Wait()
	})
	return err
}

func (w *Watcher) loop() {
	defer close(w.changes)
	for {
		select {
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if !w.handle(ev) {
				return
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if w.cfg.OnError != nil {
				w.cfg.OnError(err)
			}
		case <-w.closing:
			return
		}
	}
}

// handle reports ev if it matters and watches the directories it creates.
// It returns false once the Watcher is closing.
func (w *Watcher) handle(ev fsnotify.Event) bool {
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			// Files may have appeared in the new directory before its watch
			// was added; report those that are there now.
			found, err := w.addTree(ev.Name)
			if err != nil && w.cfg.OnError != nil {
				w.cfg.OnError(err)
			}
			for _, path := range found {
				if !w.send(path) {
					return false
				}
			}
			return true
		}
	}
	if !ev.Has(fsnotify.Create|fsnotify.Write|fsnotify.Remove|fsnotify.Rename) || !w.cfg.Match(ev.Name) {
		return true
	}
	return w.send(ev.Name)
}

func (w *Watcher) send(path string) bool {
	select {
	case w.changes <- path:
		return true
	case <-w.closing:
		return false
	}
}

// addTree watches root and the directories below it, and returns the
// matching files found in them.
func (w *Watcher) addTree(root string) ([]string, error) {
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path != root && errors.Is(err, fs.ErrNotExist) {
				return nil // removed while we walked
			}
			return err
		}
		if !d.IsDir() {
			if w.cfg.Match(path) {
				found = append(found, path)
			}
			return nil
		}
		if path != root && (SkipDir(d.Name()) || w.skip[absClean(path)]) {
			return filepath.SkipDir
		}
		if err := w.fsw.Add(path); err != nil && (path == root || !errors.Is(err, fs.ErrNotExist)) {
			return err
		}
		return nil
	})
	return found, err
}

func absClean(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}
