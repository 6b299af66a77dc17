package pylon_test

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/middleware"
)

var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")

// part is one part of a multipart body: a file when filename is set.
type part struct {
	field, filename, ctype string
	data                   []byte
}

func uploadRequest(t testing.TB, method, target string, parts ...part) *http.Request {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		cd := `form-data; name="` + p.field + `"`
		if p.filename != "" {
			cd += `; filename="` + strings.ReplaceAll(p.filename, `"`, `\"`) + `"`
		}
		h.Set("Content-Disposition", cd)
		if p.ctype != "" {
			h.Set("Content-Type", p.ctype)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	mw.Close()
	r := httptest.NewRequest(method, target, &b)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.Header.Set("Accept", "application/json")
	return r
}

func serveUpload(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestFormFile(t *testing.T) {
	dir := t.TempDir()
	var saved string
	var got *pylon.Upload
	app := newApp(pylon.Config{})
	app.POST("/up", func(c *pylon.Context) error {
		u, err := c.FormFile("photo")
		if err != nil {
			return err
		}
		got = u
		if saved, err = u.Save(dir); err != nil {
			return err
		}
		return c.String(200, u.Filename)
	})
	content := append(append([]byte{}, pngHeader...), bytes.Repeat([]byte{7}, 1000)...)
	w := serveUpload(app, uploadRequest(t, "POST", "/up", part{"photo", "../../etc/cat.png", "text/plain", content}))
	wantStatus(t, w, 200)
	if got.Filename != "cat.png" || got.Field != "photo" || got.Size != int64(len(content)) ||
		got.ContentType != "image/png" || got.DeclaredType != "text/plain" {
		t.Fatalf("upload = %+v", got)
	}
	if filepath.Dir(saved) != dir || !strings.HasSuffix(saved, ".png") || strings.Contains(saved, "cat") {
		t.Fatalf("saved as %s", saved)
	}
	data, err := os.ReadFile(saved)
	if err != nil || !bytes.Equal(data, content) {
		t.Fatalf("saved content differs: %v", err)
	}
	if fi, _ := os.Stat(saved); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v", fi.Mode())
	}
}

func TestFormFileErrors(t *testing.T) {
	text := []byte("just some text, not an image")
	gif := []byte("GIF89a\x01\x00\x01\x00")
	for _, tc := range []struct {
		name  string
		opts  pylon.UploadOptions
		parts []part
		code  int
		want  string
	}{
		{"file too large", pylon.UploadOptions{MaxFileBytes: 10}, []part{{"photo", "a.txt", "", text}}, 413, `"photo":"must be at most 10 bytes"`},
		{"total too large", pylon.UploadOptions{MaxTotalBytes: 40}, []part{{"photo", "a.txt", "", text}, {"other", "b.txt", "", text}}, 413, `"photo":"must total at most 40 bytes"`},
		{"type not allowed", pylon.UploadOptions{AllowedTypes: []string{"image/png", "image/jpeg"}}, []part{{"photo", "a.png", "image/png", text}}, 415,
			`"photo":"must be of type image/png, image/jpeg"`},
		{"family allowed", pylon.UploadOptions{AllowedTypes: []string{"image/*"}}, []part{{"photo", "a.gif", "", gif}}, 200, "a.gif image/gif"},
		{"exact type allowed", pylon.UploadOptions{AllowedTypes: []string{"IMAGE/PNG"}}, []part{{"photo", "a", "", pngHeader}}, 200, "a image/png"},
		{"missing", pylon.UploadOptions{}, []part{{"other", "a.txt", "", text}}, 422, `"photo":"is required"`},
		{"field but no file", pylon.UploadOptions{}, []part{{"photo", "", "", text}}, 422, `"photo":"is required"`},
		{"body limit", pylon.UploadOptions{}, []part{{"photo", "a.txt", "", bytes.Repeat(text, 100)}}, 413, "the limit is 1024 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := newApp(pylon.Config{MaxBodyBytes: 1024})
			app.POST("/up", func(c *pylon.Context) error {
				u, err := c.FormFile("photo")
				if tc.code == 422 && !errors.Is(err, http.ErrMissingFile) {
					t.Errorf("err = %v, want http.ErrMissingFile", err)
				}
				if err != nil {
					return err
				}
				return c.String(200, u.Filename+" "+u.ContentType)
			}, pylon.Uploads(tc.opts))
			w := serveUpload(app, uploadRequest(t, "POST", "/up", tc.parts...))
			wantStatus(t, w, tc.code)
			wantBodyContains(t, w, tc.want)
		})
	}
}

func TestFormFileNotMultipart(t *testing.T) {
	app := newApp(pylon.Config{})
	app.POST("/up", func(c *pylon.Context) error {
		_, err := c.FormFile("photo")
		return err
	})
	w := do(t, app, "POST", "/up", "photo=x", "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json")
	wantStatus(t, w, 415)
	wantBodyContains(t, w, "Content-Type must be multipart/form-data to upload files")
}

func TestFormFiles(t *testing.T) {
	app := newApp(pylon.Config{})
	app.PUT("/up", func(c *pylon.Context) error {
		files, err := c.FormFilesWith("docs", pylon.UploadOptions{AllowedTypes: []string{"text/plain"}})
		if err != nil {
			return err
		}
		var names []string
		for _, f := range files {
			rc, err := f.Open()
			if err != nil {
				return err
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			names = append(names, f.Filename+"="+string(b))
		}
		return c.String(200, strings.Join(names, ","))
	})
	w := serveUpload(app, uploadRequest(t, "PUT", "/up",
		part{"docs", `C:\Users\ann\a.txt`, "", []byte("one")},
		part{"docs", "b\u200b\u202e.txt ", "", []byte("two")},
		part{"docs", "..", "", []byte("three")}))
	wantStatus(t, w, 200)
	wantBody(t, w, "a.txt=one,b.txt=two,file=three")
}

type profileForm struct {
	Name   string          `form:"name" validate:"required"`
	Avatar *pylon.Upload   `form:"avatar" validate:"required"`
	Extras []*pylon.Upload `form:"extra"`
}

func TestBindUploads(t *testing.T) {
	app := newApp(pylon.Config{})
	app.POST("/p", func(c *pylon.Context) error {
		var f profileForm
		if err := c.Bind(&f); err != nil {
			return err
		}
		return c.String(200, f.Name+" "+f.Avatar.Filename+" "+f.Avatar.ContentType+" "+string(rune('0'+len(f.Extras))))
	}, pylon.Uploads(pylon.UploadOptions{AllowedTypes: []string{"image/png", "text/plain"}}))
	w := serveUpload(app, uploadRequest(t, "POST", "/p",
		part{"name", "", "", []byte("Ann")},
		part{"avatar", "me.png", "", pngHeader},
		part{"extra", "x.txt", "", []byte("x")},
		part{"extra", "y.txt", "", []byte("y")}))
	wantStatus(t, w, 200)
	wantBody(t, w, "Ann me.png image/png 2")

	w = serveUpload(app, uploadRequest(t, "POST", "/p", part{"name", "", "", []byte("Ann")}))
	wantStatus(t, w, 422)
	wantBodyContains(t, w, `"avatar":"is required"`)

	w = serveUpload(app, uploadRequest(t, "POST", "/p", part{"avatar", "a.gif", "", []byte("GIF89a....")}))
	wantStatus(t, w, 415)

	// A JSON body cannot forge an upload.
	w = do(t, app, "POST", "/p", `{"Name":"a","Avatar":{"filename":"/etc/passwd"}}`, "Content-Type", "application/json")
	wantStatus(t, w, 400)
}

// tempFiles lists the multipart temporary files in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "multipart-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Parts over the form's memory limit live in temporary files until the
// request ends; Uploads and CleanupUploads remove them, even when a
// net/http middleware handed the handler a different request.
func TestUploadTempFilesRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	// parseSmall stands in for any middleware that derives a request and
	// reads its form with little memory, so that files go to disk.
	parseSmall := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r = r.Clone(r.Context())
			if err := r.ParseMultipartForm(1); err != nil {
				t.Error(err)
			}
			next.ServeHTTP(w, r)
		})
	}
	content := bytes.Repeat([]byte("data "), 200)
	var during []string
	handler := func(c *pylon.Context) error {
		u, err := c.FormFile("f")
		if err != nil {
			return err
		}
		during = tempFiles(t, tmp)
		return c.String(200, u.ContentType)
	}

	t.Run("middleware", func(t *testing.T) {
		app := newApp(pylon.Config{})
		app.UseContext(pylon.Uploads(pylon.UploadOptions{}))
		app.Use(parseSmall)
		app.POST("/", handler)
		wantStatus(t, serveUpload(app, uploadRequest(t, "POST", "/", part{"f", "a.txt", "", content})), 200)
		if len(during) == 0 {
			t.Fatal("no temporary file while the handler ran")
		}
		if left := tempFiles(t, tmp); len(left) != 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})
	t.Run("defer CleanupUploads", func(t *testing.T) {
		app := newApp(pylon.Config{})
		app.Use(parseSmall)
		app.POST("/", func(c *pylon.Context) error {
			defer c.CleanupUploads()
			return handler(c)
		})
		wantStatus(t, serveUpload(app, uploadRequest(t, "POST", "/", part{"f", "a.txt", "", content})), 200)
		if len(during) == 0 {
			t.Fatal("no temporary file while the handler ran")
		}
		if left := tempFiles(t, tmp); len(left) != 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})
}

func TestUploadWithoutRequest(t *testing.T) {
	var u pylon.Upload
	if _, err := u.Open(); err == nil {
		t.Fatal("Open of a zero Upload succeeded")
	}
	if _, err := u.Save(t.TempDir()); err == nil {
		t.Fatal("Save of a zero Upload succeeded")
	}
}

func TestUploadTempFilesRemovedAtRequestEnd(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	// Without the _method check, nothing parses the form before the
	// handler, which forces the parts to disk with a tiny memory limit.
	app := newApp(pylon.Config{MaxBodyBytes: 64 << 20, DisableMethodOverride: true})
	app.POST("/up", func(c *pylon.Context) error {
		if err := c.Request().ParseMultipartForm(1); err != nil {
			return err
		}
		return c.NoContent(204)
	})
	r := uploadRequest(t, "POST", "/up", part{field: "file", filename: "big.bin", data: bytes.Repeat([]byte("x"), 1<<20)})
	wantStatus(t, serveUpload(app, r), 204)
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Fatalf("temp files left: %v", left)
	}
}

// The body limit holds for an upload that passed CSRF's token check: CSRF
// reads only the fields before the file, so the handler parses the upload
// under Config.MaxBodyBytes. (It used to parse the whole form itself,
// unlimited, and the handler then found the form parsed.)
func TestUploadBehindCSRFKeepsBodyLimit(t *testing.T) {
	app := pylon.New(pylon.Config{MaxBodyBytes: 1 << 20})
	app.Use(middleware.CSRF(middleware.CSRFConfig{Mode: middleware.CSRFModeToken}))
	app.GET("/", func(c *pylon.Context) error { return c.String(http.StatusOK, middleware.CSRFToken(c.Request())) })
	app.POST("/up", func(c *pylon.Context) error {
		u, err := c.FormFile("f")
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, u.Filename)
	})
	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	token, cookie := w.Body.String(), w.Result().Cookies()[0]
	for _, size := range []int{512 << 10, 2 << 20} {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("csrf_token", token)
		fw, _ := mw.CreateFormFile("f", "a.bin")
		fw.Write(bytes.Repeat([]byte("x"), size))
		mw.Close()
		r := httptest.NewRequest("POST", "/up", &buf)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		r.AddCookie(cookie)
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		want := http.StatusOK
		if size > 1<<20 {
			want = http.StatusRequestEntityTooLarge
		}
		if w.Code != want {
			t.Errorf("%d-byte upload with a 1 MiB limit: %d, want %d: %s", size, w.Code, want, w.Body.String())
		}
	}
}
