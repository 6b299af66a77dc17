package cache

import (
	"context"
	"crypto/rand"
	"time"
)

// TryLock takes the lock named key with SET NX PX, so that only one
// process loads a key at a time; the lock expires after ttl even if its
// holder dies.
func (r *Redis) TryLock(ctx context.Context, key string, ttl time.Duration) (unlock func(), ok bool, err error) {
	token := rand.Text()
	lk := r.lock(key)
	ok, err = r.client.SetNX(ctx, lk, token, ttl).Result()
	if err != nil || !ok {
		return nil, false, err
	}
	unlock = func() {
		// Release even if the caller's context has ended; the lock would
		// otherwise block other processes until it expires.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		_ = unlockScript.Run(ctx, r.client, []string{lk}, token).Err()
	}
	return unlock, true, nil
}
