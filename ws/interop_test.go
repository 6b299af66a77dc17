package ws_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestNodeInterop runs a client nobody here wrote, the npm "ws" package
// under Node, against the echo Endpoint: text, binary and a fragmented
// message, then a clean close.
func TestNodeInterop(t *testing.T) {
	dir := filepath.Join("testdata", "nodeclient")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ws")); err != nil {
		t.Skip("npm ws package not installed: run `npm ci --prefix ws/testdata/nodeclient` from the repository root")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found in PATH")
	}
	ep := echo()
	ep.Subprotocols = []string{"chat.v1"}
	_, url := serve(t, ep)

	// A generous bound so a broken client cannot hang the test run; the
	// script has its own timeout too.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "client.js", url)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node client: %v\n%s", err, out)
	}
	var res struct {
		Protocol  string   `json:"protocol"`
		Echoes    []string `json:"echoes"`
		CloseCode int      `json:"closeCode"`
		Error     string   `json:"error"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("node output %q: %v", out, err)
	}
	if res.Error != "" || res.Protocol != "chat.v1" || len(res.Echoes) != 3 || res.CloseCode != 1000 {
		t.Errorf("node client result %+v", res)
	}
	if res.Echoes[2] != "frag-one|frag-two|frag-three" {
		t.Errorf("fragmented message came back as %q", res.Echoes[2])
	}
}
