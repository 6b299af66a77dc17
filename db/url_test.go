package db

import (
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		url     string
		kind    string
		dsn     []string // substrings of the DSN
		notDSN  string
		memory  bool
		wantErr string
	}{
		{url: "sqlite:app.db", kind: "sqlite", dsn: []string{"app.db?", "journal_mode%28WAL%29", "foreign_keys%281%29", "busy_timeout%285000%29", "_txlock=immediate"}},
		{url: "sqlite:///var/lib/app.db", kind: "sqlite", dsn: []string{"/var/lib/app.db?"}},
		{url: "sqlite::memory:", kind: "sqlite", dsn: []string{":memory:?", "foreign_keys"}, notDSN: "WAL", memory: true},
		{url: "sqlite:app.db?_pragma=journal_mode(DELETE)", kind: "sqlite", dsn: []string{"DELETE"}, notDSN: "WAL"},
		{url: "sqlite:app.db?_txlock=deferred", kind: "sqlite", dsn: []string{"_txlock=deferred"}, notDSN: "immediate"},
		{url: "postgres://u:pw@localhost/app", kind: "postgres", dsn: []string{"postgres://u:pw@localhost/app"}},
		{url: "postgresql://localhost/app", kind: "postgres"},
		{url: "sqlite:", wantErr: "names no file"},
		{url: "mysql://localhost/app", wantErr: `unsupported database "mysql"`},
		{url: "app.db", wantErr: "no scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got, err := parseURL(tt.url, 5*time.Second)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.kind != tt.kind || got.memory != tt.memory {
				t.Errorf("kind, memory = %q, %v; want %q, %v", got.kind, got.memory, tt.kind, tt.memory)
			}
			for _, s := range tt.dsn {
				if !strings.Contains(got.dsn, s) {
					t.Errorf("DSN %q lacks %q", got.dsn, s)
				}
			}
			if tt.notDSN != "" && strings.Contains(got.dsn, tt.notDSN) {
				t.Errorf("DSN %q has %q", got.dsn, tt.notDSN)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	for _, raw := range []string{
		"postgres://app:s3cret@db.internal:5432/app",
		"postgres://app@db.internal/app?password=s3cret&sslmode=require",
	} {
		got := redact(raw)
		if strings.Contains(got, "s3cret") || !strings.Contains(got, "db.internal") {
			t.Errorf("redact(%q) = %q", raw, got)
		}
	}
}
