package cache

import "sync"

// tagIndex maps each tag to the keys stored with it, for Memory. It may
// hold keys whose entries are gone (a key re-set without the tag while an
// invalidation ran); invalidating such a key again is harmless.
type tagIndex struct {
	mu   sync.Mutex
	keys map[string]map[string]struct{}
}

func (ix *tagIndex) add(key string, tags []string) {
	if len(tags) == 0 {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, t := range tags {
		set := ix.keys[t]
		if set == nil {
			set = map[string]struct{}{}
			ix.keys[t] = set
		}
		set[key] = struct{}{}
	}
}

func (ix *tagIndex) remove(key string, tags []string) {
	if len(tags) == 0 {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, t := range tags {
		set := ix.keys[t]
		delete(set, key)
		if len(set) == 0 {
			delete(ix.keys, t)
		}
	}
}

// take removes tag from the index and returns its keys.
func (ix *tagIndex) take(tag string) []string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	set := ix.keys[tag]
	delete(ix.keys, tag)
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	return keys
}
