package pylon

import (
	"log"
	"strings"
)

// slogErrorLog sends net/http's own error lines (TLS handshake errors,
// panics it recovered) to the App's logger.
func slogErrorLog(app *App) *log.Logger {
	return log.New(logWriter{app}, "", 0)
}

type logWriter struct{ app *App }

func (w logWriter) Write(p []byte) (int, error) {
	w.app.Logger.Warn("http: " + strings.TrimSpace(strings.TrimPrefix(string(p), "http: ")))
	return len(p), nil
}
