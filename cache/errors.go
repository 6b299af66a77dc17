package cache

import "errors"

// ErrMiss is returned by Get when the region holds nothing for the key.
var ErrMiss = errors.New("cache: miss")

// ErrNotFound says that a value does not exist. A loader returns it (or an
// error wrapping it) to report "not found"; a region with a NegativeTTL
// then remembers that for the NegativeTTL, and Get and GetOrLoad return
// ErrNotFound until it expires, without calling the loader.
var ErrNotFound = errors.New("cache: not found")
