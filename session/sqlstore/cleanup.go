package sqlstore

import (
	"context"
	"time"
)

// startCleanup runs DeleteExpired every interval until Close.
func (s *Store) startCleanup(interval time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	s.stop, s.done = cancel, make(chan struct{})
	go func() {
		defer close(s.done)
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				if _, err := s.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
					s.logger.Error("session: deleting expired sessions failed", "table", s.table, "error", err)
				}
			}
		}
	}()
}
