package middleware_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/pylonweb/pylon/middleware"
)

// An upload that CSRF refuses leaves no temporary file behind, also when
// BodyLimit, in front of it, handed it a copy of the request that the
// net/http server does not clean up.
func TestRefusedUploadLeavesNoTempFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	csrf := csrfApp(middleware.CSRFConfig{Mode: middleware.CSRFModeToken})
	cookie, _ := visit(t, csrf)
	srv := httptest.NewServer(middleware.BodyLimit(64 << 20)(csrf))
	defer srv.Close()

	// A file larger than the 32 MiB that multipart parsing keeps in
	// memory, so that it goes to a temporary file, and a forged token.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", "forged")
	fw, _ := mw.CreateFormFile("file", "big.bin")
	fw.Write(bytes.Repeat([]byte{'x'}, 33<<20))
	mw.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/form", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("status %d, want 403", resp.StatusCode)
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}
