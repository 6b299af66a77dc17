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

// CSRF never parses an upload, but a middleware before it may have, on a
// copy of the request that the net/http server does not clean up: when
// CSRF refuses the request, it removes that upload's temporary files.
func TestRefusedUploadParsedEarlierLeavesNoTempFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	csrf := csrfApp(middleware.CSRFConfig{Mode: middleware.CSRFModeToken})
	cookie, _ := visit(t, csrf)
	parseFirst := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.Clone(r.Context())
		if err := r.ParseMultipartForm(0); err != nil { // files to disk
			t.Error(err)
		}
		csrf.ServeHTTP(w, r)
	})

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", "forged")
	fw, _ := mw.CreateFormFile("file", "small.bin")
	fw.Write(bytes.Repeat([]byte{'x'}, 4<<10))
	mw.Close()
	r := httptest.NewRequest("POST", "/form", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.AddCookie(cookie)
	w := httptest.NewRecorder()
	parseFirst.ServeHTTP(w, r)
	if w.Code != http.StatusForbidden {
		t.Fatalf("status %d, want 403", w.Code)
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}

// A multipart form with no token and no file is refused for the missing
// token, without advice about file inputs.
func TestCSRFMultipartWithoutTokenOrFile(t *testing.T) {
	csrf := csrfApp(middleware.CSRFConfig{Mode: middleware.CSRFModeToken})
	cookie, _ := visit(t, csrf)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("title", "hello")
	mw.Close()
	r := httptest.NewRequest("POST", "/form", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.AddCookie(cookie)
	w := httptest.NewRecorder()
	csrf.ServeHTTP(w, r)
	if w.Code != http.StatusForbidden {
		t.Fatalf("status %d, want 403", w.Code)
	}
	if strings.Contains(w.Body.String(), "file input") {
		t.Errorf("body %q gives file-input advice for a form without files", w.Body)
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
