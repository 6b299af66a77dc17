package pylon

import (
	"crypto/rand"
	"errors"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Upload is a file from a multipart form. Until the request ends it lives
// in memory or in a temporary file with a random name (see
// [Context.CleanupUploads]); Save copies it somewhere permanent.
//
// Filename is for display only: never use it as a path.
type Upload struct {
	// Field is the form field the file came in.
	Field string `json:"field"`
	// Filename is the client's name for the file, sanitized for display:
	// without directories, control or format characters, or leading and
	// trailing dots and spaces; at most 255 bytes; "file" if nothing is
	// left.
	Filename string `json:"filename"`
	// Size is the file's size in bytes.
	Size int64 `json:"size"`
	// ContentType is the type sniffed from the content with
	// http.DetectContentType, such as "image/png".
	ContentType string `json:"content_type"`
	// DeclaredType is the Content-Type the client declared; untrusted.
	DeclaredType string `json:"declared_type,omitempty"`

	header *multipart.FileHeader
}

// errNoUploadFile is Open's error for an Upload that did not come from a
// request.
var errNoUploadFile = errors.New("pylon: the Upload has no file; uploads come from multipart forms")

// Open opens the file for reading. Close it when done.
func (u *Upload) Open() (multipart.File, error) {
	if u == nil || u.header == nil {
		return nil, errNoUploadFile
	}
	return u.header.Open()
}

// UnmarshalJSON refuses to decode an Upload, so a JSON body cannot forge
// one: files come in multipart forms.
func (u *Upload) UnmarshalJSON([]byte) error {
	return errors.New("files must be uploaded as multipart/form-data")
}

// Save copies the file into dir under a new random name with an extension
// for its sniffed type (".png", ".jpg", ...; none for other types), never
// the client's name, and returns the path. The file is created with mode
// 0600 and never overwrites an existing one.
func (u *Upload) Save(dir string) (string, error) {
	src, err := u.Open()
	if err != nil {
		return "", err
	}
	defer src.Close()
	path := filepath.Join(dir, rand.Text()+extensionFor(u.ContentType))
	dst, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(dst, src)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return "", err
	}
	return path, nil
}

// sniffedExtensions maps the types http.DetectContentType reports to file
// extensions, fixed here rather than read from the system's MIME tables.
var sniffedExtensions = map[string]string{
	"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp",
	"image/bmp": ".bmp", "image/x-icon": ".ico", "application/pdf": ".pdf",
	"application/zip": ".zip", "application/x-gzip": ".gz", "video/mp4": ".mp4",
	"video/webm": ".webm", "audio/mpeg": ".mp3", "audio/wave": ".wav", "audio/ogg": ".ogg",
	"text/plain": ".txt", "font/woff": ".woff", "font/woff2": ".woff2",
}

func extensionFor(contentType string) string {
	return sniffedExtensions[mediaType(contentType)]
}

// sanitizeFilename makes a client's filename safe to display and log.
func sanitizeFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || strings.ContainsRune(`<>:"|?*`, r) {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(name, " .")
	for len(name) > 255 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" {
		return "file"
	}
	return name
}
