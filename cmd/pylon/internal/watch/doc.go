// Package watch tells a development server when an app's sources have
// changed: a [Watcher] reports changed source files under a directory tree,
// and [Debounce] turns a burst of such reports into one batch, so that an
// editor saving ten files causes one rebuild, not ten.
//
//	w, err := watch.New(watch.Config{Root: "."})
//	if err != nil { ... }
//	defer w.Close()
//	for files := range watch.Debounce(w.Changes(), 200*time.Millisecond) {
//		rebuild(files)
//	}
package watch
