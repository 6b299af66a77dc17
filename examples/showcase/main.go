// Command showcase is Pylon's showcase application: a home page, an
// articles resource with HTML pages, and a JSON API.
//
// Run it from the repository root:
//
//	go run ./examples/showcase
//
// and open http://127.0.0.1:8080/. It reads the embedded
// development.toml, then the file named by PYLON_CONFIG if set, then
// PYLON_* environment variables (PYLON_ADDR moves the listener).
package main

import (
	"context"
	_ "embed"
	"fmt"
	"os"

	"github.com/pylonweb/pylon"
)

//go:embed development.toml
var developmentConfig []byte

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "showcase:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	app, err := newApp(ctx, cfg)
	if err != nil {
		return err
	}
	return app.Run(ctx)
}

// loadConfig layers the embedded defaults, the PYLON_CONFIG file and the
// environment.
func loadConfig() (pylon.Config, error) {
	cfg, err := pylon.ParseConfig("development.toml (embedded)", developmentConfig)
	if err != nil {
		return cfg, err
	}
	if name := os.Getenv("PYLON_CONFIG"); name != "" {
		if cfg, err = pylon.LoadConfig(name); err != nil {
			return cfg, err
		}
		return cfg, nil
	}
	return cfg, cfg.ApplyEnv(os.Environ())
}
