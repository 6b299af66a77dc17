package session

import (
	"context"

	"github.com/pylonweb/pylon"
)

// Setup reads app's [session] configuration section over defaults, opens
// the store it names and installs the Manager in app. It is the usual way
// to add sessions:
//
//	sessions, err := session.Setup(ctx, app, session.Config{})
func Setup(ctx context.Context, app *pylon.App, defaults Config) (*Manager, error) {
	cfg := defaults
	if err := app.Config().Section("session", &cfg); err != nil {
		return nil, err
	}
	m, err := New(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := app.Plug(m); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}
