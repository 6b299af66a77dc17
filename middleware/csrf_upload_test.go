package middleware_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
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

// endlessFile is a multipart body whose one file part never ends before
// n bytes; read counts how much of it a server consumed.
type endlessFile struct {
	head    io.Reader
	read, n int64
}

func (e *endlessFile) Read(p []byte) (int, error) {
	if k, err := e.head.Read(p); k > 0 || err != io.EOF {
		return k, nil
	}
	if e.read >= e.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n-e.read)
	for i := range p[:k] {
		p[i] = 'x'
	}
	e.read += k
	return int(k), nil
}

// A forged multipart post costs the server at most a bounded prefix of its
// body: CSRF looks for the token among the fields that come before the
// first file, instead of parsing (and spooling to disk) the whole upload
// to learn that the token is not there.
func TestCSRFRefusesForgedUploadWithoutReadingIt(t *testing.T) {
	h := csrfApp(middleware.CSRFConfig{Mode: middleware.CSRFModeToken})
	cookie, _ := visit(t, h)
	body := &endlessFile{n: 256 << 20, head: strings.NewReader(
		"--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n" +
			"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\r\n")}
	req := httptest.NewRequest("POST", "/form", body)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=B")
	req.AddCookie(cookie)
	rec := serve(h, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("status %d, want 403: %q", rec.Code, rec.Body.String())
	}
	if !strings.Contains(rec.Body.String(), "before any file") {
		t.Errorf("the message does not say where the field goes: %q", rec.Body.String())
	}
	if body.read > 2<<20 {
		t.Errorf("CSRF read %d MiB of a refused upload", body.read>>20)
	}
}

// A genuine upload, the token first as CSRFField puts it in a form, reaches
// the handler whole, fields and file, although CSRF has read its start.
func TestCSRFUploadReachesHandlerWhole(t *testing.T) {
	file := bytes.Repeat([]byte("0123456789abcdef"), 300<<10) // 4.8 MB
	var got []byte
	var title string
	h := middleware.CSRF(middleware.CSRFConfig{Key: testCSRFKey, Mode: middleware.CSRFModeToken})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			io.WriteString(w, middleware.CSRFToken(r))
			return
		}
		f, _, err := r.FormFile("file")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		defer f.Close()
		got, _ = io.ReadAll(f)
		title = r.FormValue("title")
		r.MultipartForm.RemoveAll()
	}))
	cookie, token := visit(t, h)
	for _, tt := range []struct {
		name   string
		first  string // the field before the file
		after  string // the field after it
		status int
	}{
		{"token first", "csrf_token", "title", http.StatusOK},
		{"token after the file", "title", "csrf_token", http.StatusForbidden},
	} {
		got, title = nil, ""
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		value := map[string]string{"csrf_token": token, "title": "hello"}
		mw.WriteField(tt.first, value[tt.first])
		fw, _ := mw.CreateFormFile("file", "big.bin")
		fw.Write(file)
		mw.WriteField(tt.after, value[tt.after])
		mw.Close()
		req := httptest.NewRequest("POST", "/form", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(cookie)
		rec := serve(h, req)
		if rec.Code != tt.status {
			t.Errorf("%s: status %d, want %d: %q", tt.name, rec.Code, tt.status, rec.Body.String())
			continue
		}
		if tt.status == http.StatusOK && (!bytes.Equal(got, file) || title != "hello") {
			t.Errorf("%s: handler got %d bytes of %d and title %q", tt.name, len(got), len(file), title)
		}
	}
}
