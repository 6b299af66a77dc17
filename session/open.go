package session

import (
	"context"
	"fmt"

	"github.com/pylonweb/pylon/session/redisstore"
	"github.com/pylonweb/pylon/session/sqlstore"
)

// Pylon's stores save a session only while it exists.
var (
	_ UpdateStore = (*MemoryStore)(nil)
	_ UpdateStore = (*sqlstore.Store)(nil)
	_ UpdateStore = (*redisstore.Store)(nil)
)

// openStore opens the store cfg names; the Manager owns it.
func openStore(ctx context.Context, cfg Config) (Store, func() error, error) {
	switch cfg.Store {
	case "sql":
		if cfg.URL == "" {
			return nil, nil, fmt.Errorf("session: store \"sql\" needs a url (sqlite:app.db or postgres://...)")
		}
		st, err := sqlstore.Open(ctx, cfg.URL, sqlstore.Options{Table: cfg.Table, CleanupInterval: cfg.CleanupInterval.Std()})
		if err != nil {
			return nil, nil, fmt.Errorf("session: %w", err)
		}
		return st, st.Close, nil
	case "redis":
		if cfg.URL == "" {
			return nil, nil, fmt.Errorf("session: store \"redis\" needs a url (redis://host:6379/0)")
		}
		st, err := redisstore.Open(ctx, cfg.URL, redisstore.Options{Prefix: cfg.Prefix})
		if err != nil {
			return nil, nil, fmt.Errorf("session: %w", err)
		}
		return st, st.Close, nil
	}
	st := NewMemoryStore(cfg.CleanupInterval.Std())
	return st, st.Close, nil
}
