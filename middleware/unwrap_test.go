package middleware_test

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pylonweb/pylon/middleware"
)

// featureWriter supports everything http.ResponseController can ask for and
// records what was asked.
type featureWriter struct {
	*httptest.ResponseRecorder
	flushed, hijacked, fullDuplex bool
	writeDeadline, readDeadline   time.Time
}

func (w *featureWriter) Flush() { w.flushed = true; w.ResponseRecorder.Flush() }
func (w *featureWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.hijacked = true
	return nil, nil, nil
}
func (w *featureWriter) SetWriteDeadline(t time.Time) error { w.writeDeadline = t; return nil }
func (w *featureWriter) SetReadDeadline(t time.Time) error  { w.readDeadline = t; return nil }
func (w *featureWriter) EnableFullDuplex() error            { w.fullDuplex = true; return nil }

func TestResponseControllerThroughMiddleware(t *testing.T) {
	quietDefaultLogger(t)
	middlewares := map[string]func(http.Handler) http.Handler{
		"Logger":        middleware.Logger(nil),
		"Recover":       middleware.Recover,
		"Timeout":       middleware.Timeout(time.Hour),
		"Compress":      middleware.Compress(middleware.CompressConfig{}),
		"RequestID":     middleware.RequestID,
		"BodyLimit":     middleware.BodyLimit(1 << 20),
		"CORS":          middleware.CORS(middleware.CORSConfig{}),
		"SecureHeaders": middleware.SecureHeaders(middleware.SecureHeadersConfig{}),
		"RealIP":        middleware.RealIP(middleware.RealIPConfig{TrustedProxies: []string{"10.0.0.0/8"}}),
		"Logger+Recover+Timeout": func(h http.Handler) http.Handler {
			return middleware.Logger(nil)(middleware.Recover(middleware.Timeout(time.Hour)(h)))
		},
	}
	deadline := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, mw := range middlewares {
		t.Run(name, func(t *testing.T) {
			h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rc := http.NewResponseController(w)
				w.Write([]byte("x"))
				for what, err := range map[string]error{
					"Flush":            rc.Flush(),
					"SetWriteDeadline": rc.SetWriteDeadline(deadline),
					"SetReadDeadline":  rc.SetReadDeadline(deadline),
					"EnableFullDuplex": rc.EnableFullDuplex(),
				} {
					if err != nil {
						t.Errorf("%s: %v", what, err)
					}
				}
				if _, _, err := rc.Hijack(); err != nil {
					t.Errorf("Hijack: %v", err)
				}
			}))
			fw := &featureWriter{ResponseRecorder: httptest.NewRecorder()}
			req := httptest.NewRequest("POST", "/", nil)
			req.Header.Set("Accept-Encoding", "gzip")
			h.ServeHTTP(fw, req)
			if !fw.flushed || !fw.hijacked || !fw.fullDuplex || !fw.writeDeadline.Equal(deadline) || !fw.readDeadline.Equal(deadline) {
				t.Errorf("reached: flush %v hijack %v fullDuplex %v writeDeadline %v readDeadline %v",
					fw.flushed, fw.hijacked, fw.fullDuplex, fw.writeDeadline, fw.readDeadline)
			}
		})
	}
}

func TestHijackThroughRealServer(t *testing.T) {
	h := middleware.Logger(nil)(middleware.Recover(middleware.Compress(middleware.CompressConfig{})(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			conn, brw, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
			brw.Flush()
		}))))
	quietDefaultLogger(t)
	srv := httptest.NewServer(h)
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b := make([]byte, 8)
	if _, err := res.Body.Read(b); string(b) != "hijacked" {
		t.Fatalf("body %q, %v", b, err)
	}
}
