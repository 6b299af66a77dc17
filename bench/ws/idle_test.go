package ws_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// TestIdleMemory opens PYLON_BENCH_WS_IDLE idle connections (10000 in
// docs/benchmarks.md) from a child process, so that the clients'
// memory and file descriptors are not this process's, and reports the
// server's heap and goroutine stacks per connection.
func TestIdleMemory(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("PYLON_BENCH_WS_IDLE"))
	if n <= 0 {
		t.Skip("set PYLON_BENCH_WS_IDLE=10000 to measure memory per idle connection")
	}
	addr, hub := startServer(t)
	before := inUse()
	cmd := exec.Command(os.Args[0], "-test.run=^TestIdleClients$")
	cmd.Env = append(os.Environ(), "PYLON_BENCH_WS_CLIENT="+addr, "PYLON_BENCH_WS_IDLE=0", "PYLON_BENCH_WS_N="+strconv.Itoa(n))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		t.Fatalf("client process: %q", line)
	}
	for hub.Len() < n {
		time.Sleep(10 * time.Millisecond)
	}
	after := inUse()
	t.Logf("%d idle connections: heap %.1f KiB + stacks %.1f KiB = %.1f KiB per connection; %d goroutines",
		n, float64(after.heap-before.heap)/1024/float64(n), float64(after.stack-before.stack)/1024/float64(n),
		float64(after.heap+after.stack-before.heap-before.stack)/1024/float64(n), runtime.NumGoroutine())
}

type usage struct{ heap, stack uint64 }

func inUse() usage {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return usage{heap: m.HeapInuse, stack: m.StackInuse}
}

// TestIdleClients is the child process of TestIdleMemory: it opens the
// connections with hand-written handshakes (no goroutine per client),
// prints "ready" and holds them until its stdin closes.
func TestIdleClients(t *testing.T) {
	addr := os.Getenv("PYLON_BENCH_WS_CLIENT")
	if addr == "" {
		t.Skip("child process of TestIdleMemory")
	}
	n, _ := strconv.Atoi(os.Getenv("PYLON_BENCH_WS_N"))
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	req := "GET /room HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	buf := make([]byte, 1024)
	for range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		if _, err := io.WriteString(c, req); err != nil {
			t.Fatal(err)
		}
		k, err := c.Read(buf) // the 101 response, small enough for one read
		if err != nil || string(buf[:12]) != "HTTP/1.1 101" {
			t.Fatalf("handshake: %q %v", buf[:k], err)
		}
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
}
