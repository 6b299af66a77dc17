// Command showcase is Pylon's showcase application: a home page, an
// articles resource with HTML pages, and a JSON API.
//
// Run it from the repository root:
//
//	go run ./examples/showcase
//
// and open http://127.0.0.1:8080/. It reads the file named by
// PYLON_CONFIG, or the embedded development.toml when that is unset, then
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

// loadConfig reads the PYLON_CONFIG file, or the embedded development.toml
// when PYLON_CONFIG is unset, then the environment. The file replaces
// development.toml instead of layering over it: development.toml turns on
// debug pages and the task monitor, which a deployment's file would
// otherwise inherit unless it remembered to say debug = false.
func loadConfig() (pylon.Config, error) {
	if name := os.Getenv("PYLON_CONFIG"); name != "" {
		return pylon.LoadConfig(name)
	}
	cfg, err := pylon.ParseConfig("development.toml (embedded)", developmentConfig)
	if err != nil {
		return cfg, err
	}
	return cfg, cfg.ApplyEnv(os.Environ())
}
