package cache

import (
	"context"
	"fmt"
)

// GetT returns the value stored under key in r as a T: ErrMiss if there is
// none, ErrNotFound if a negative entry is cached, an error if the entry
// does not decode into a T. On the memory backend a hit allocates nothing.
//
// If the backend fails and r fails open, GetT logs and returns ErrMiss.
func GetT[T any](ctx context.Context, r *Region, key string) (T, error) {
	v, found, err := lookup[T](ctx, r, key)
	if err == nil && !found {
		err = ErrMiss
	}
	return v, err
}

// lookup reads key: found is false on a miss (or a failure the region
// fails open on); err is ErrNotFound for a negative entry.
func lookup[T any](ctx context.Context, r *Region, key string) (v T, found bool, err error) {
	e, ok, err := r.backend.Get(ctx, key)
	if err != nil {
		return v, false, r.failed(ctx, "get", key, err)
	}
	if !ok {
		return v, false, nil
	}
	if e.Missing {
		return v, true, ErrNotFound
	}
	v, err = decode[T](r, key, e)
	return v, err == nil, err
}

// decode turns a stored entry into a T.
func decode[T any](r *Region, key string, e Entry) (T, error) {
	if r.encodes {
		var v T
		if err := r.opts.Codec.Unmarshal(e.Data, &v); err != nil {
			return v, &DecodeError{Region: r.name, Key: key, Err: err}
		}
		return v, nil
	}
	v, ok := e.Value.(T)
	if !ok && e.Value != nil {
		return v, &DecodeError{Region: r.name, Key: key, Err: fmt.Errorf("holds a %T, not a %T", e.Value, v)}
	}
	return v, nil
}

// DecodeError reports a stored entry that does not decode into the type
// asked for. GetOrLoadT treats such an entry as a miss and replaces it.
type DecodeError struct {
	Region, Key string // where the entry is
	Err         error  // why it does not decode
}

// Error names the region and the key.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("cache: region %q: entry %q: %v", e.Region, e.Key, e.Err)
}

// Unwrap returns the codec's or the type assertion's error.
func (e *DecodeError) Unwrap() error { return e.Err }
