package pylon_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/middleware"
)

// selfSignedCert writes a certificate and key for 127.0.0.1 and returns
// their file names.
func selfSignedCert(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	return certFile, keyFile
}

func TestServeTLSSpeaksHTTP2(t *testing.T) {
	certFile, keyFile := selfSignedCert(t)
	app := newApp(pylon.Config{Server: pylon.ServerConfig{TLSCertFile: certFile, TLSKeyFile: keyFile}})
	app.GET("/", func(c *pylon.Context) error { return c.String(200, c.Request().Proto+" "+c.Scheme()) })
	base, stop := serve(t, app)
	defer stop()
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, ForceAttemptHTTP2: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get("https" + base[len("http"):] + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "HTTP/2.0 https" {
		t.Fatalf("got %q", b)
	}
}

// TestResponseControllerThroughMiddleware flushes, sets a deadline and
// hijacks through net/http middleware that wrap the writer.
func TestResponseControllerThroughMiddleware(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Use(middleware.RequestID, middleware.Logger(app.Logger), middleware.Recover,
		middleware.Compress(middleware.CompressConfig{}), middleware.Timeout(time.Minute))
	flushed := make(chan struct{})
	proceed := make(chan struct{})
	app.GET("/flush", func(c *pylon.Context) error {
		rc := http.NewResponseController(c.Response())
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			return err
		}
		c.Header().Set("Content-Type", "text/plain")
		io.WriteString(c.Response(), "first\n")
		if err := rc.Flush(); err != nil {
			return err
		}
		close(flushed)
		<-proceed
		io.WriteString(c.Response(), "second\n")
		return nil
	})
	app.GET("/hijack", func(c *pylon.Context) error {
		conn, buf, err := http.NewResponseController(c.Response()).Hijack()
		if err != nil {
			return err
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
		return buf.Flush()
	})
	base, stop := serve(t, app)
	defer stop()
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}

	resp, err := client.Get(base + "/flush")
	if err != nil {
		t.Fatal(err)
	}
	// The first line arrives before the handler goes on: it was flushed.
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	<-flushed
	close(proceed)
	if err != nil || line != "first\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	resp.Body.Close()

	resp, err = client.Get(base + "/hijack")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "hijacked" {
		t.Fatalf("hijack body %q", b)
	}
}

// TestSlowClientsAreCut: a client that never finishes its headers is
// disconnected by ReadHeaderTimeout; one that sends a header flood gets 431.
func TestSlowClientsAreCut(t *testing.T) {
	app := newApp(pylon.Config{Server: pylon.ServerConfig{
		ReadHeaderTimeout: pylon.Duration(100 * time.Millisecond),
		MaxHeaderBytes:    4096,
	}})
	app.GET("/", func(c *pylon.Context) error { return c.String(200, "ok") })
	base, stop := serve(t, app)
	defer stop()
	addr := base[len("http://"):]

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: x\r\n")      // and never the blank line
	conn.SetReadDeadline(time.Now().Add(10 * time.Second)) // only a safety net
	if _, err := io.ReadAll(conn); err != nil {
		t.Fatalf("the server did not close the slow connection: %v", err)
	}

	flood, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer flood.Close()
	fmt.Fprintf(flood, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: %0*d\r\n\r\n", 64<<10, 0)
	resp, err := http.ReadResponse(bufio.NewReader(flood), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("status %d", resp.StatusCode)
	}
}
