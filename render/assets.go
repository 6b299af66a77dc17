package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
	"time"
)

// Assets gives static files URLs with a content hash in the file name, so
// that browsers may cache them forever: "css/site.css" becomes
// "/static/css/site.3f9a1c2b7d.css", and a new version of the file gets a
// new URL. It is also the fs.FS to serve those files from, with the
// static middleware:
//
//	assets := &render.Assets{Dir: "static"}
//	app.Use(middleware.Static(middleware.StaticConfig{
//		Root: assets, Prefix: "/static/", Immutable: assets.Immutable,
//	}))
//
// Open resolves a hashed name to the file when the hash is the file's
// current one (and answers fs.ErrNotExist otherwise, so an old hash never
// gets new content cached as immutable); Immutable recognises the hashed
// names, which get "Cache-Control: public, max-age=31536000, immutable".
// Plain names are served too, with the static middleware's usual caching.
//
// The zero value serves the directory "static" under "/static/". Set the
// fields before first use. Assets is safe for concurrent use.
type Assets struct {
	// FS holds the files, such as an embed.FS.
	// If not set, the directory Dir is read with os.DirFS.
	FS fs.FS

	// Dir is the directory on disk, used when FS is not set.
	// If not set, "static".
	Dir string

	// Prefix is the URL path the files are served under; it must match
	// the static middleware's Prefix.
	// If not set, "/static/".
	Prefix string

	// Reload hashes a file again when its size or modification time
	// changes, for development (the [Renderer] plugin turns it on in debug
	// mode).
	// If not set, a file is hashed once, on first use.
	Reload bool

	once   sync.Once
	fsys   fs.FS
	prefix string
	mu     sync.Mutex
	hashes map[string]assetHash
}

type assetHash struct {
	size    int64
	modTime time.Time
	hash    string
}

// hashLen is the number of hex digits of the SHA-256 put in names: 40
// bits, plenty to tell versions of one file apart.
const hashLen = 10

func (a *Assets) init() {
	a.once.Do(func() {
		a.fsys = a.FS
		if a.fsys == nil {
			dir := a.Dir
			if dir == "" {
				dir = "static"
			}
			a.fsys = os.DirFS(dir)
		}
		switch a.prefix = "/" + strings.Trim(a.Prefix, "/") + "/"; {
		case a.Prefix == "":
			a.prefix = "/static/"
		case a.prefix == "//":
			a.prefix = "/"
		}
		a.hashes = make(map[string]assetHash)
	})
}

// URL returns the URL of the named file with its content hash in the
// name, such as "/static/css/site.3f9a1c2b7d.css" for "css/site.css". It
// fails when the file does not exist.
func (a *Assets) URL(name string) (string, error) {
	a.init()
	name = strings.TrimPrefix(name, "/")
	h, err := a.hash(name)
	if err != nil {
		return "", fmt.Errorf("render: asset %q: %w", name, err)
	}
	return a.prefix + hashedName(name, h), nil
}

// hash returns the file's content hash, computed once (or again when
// Reload is set and the file changed).
func (a *Assets) hash(name string) (string, error) {
	a.mu.Lock()
	cached, ok := a.hashes[name]
	a.mu.Unlock()
	if ok && !a.Reload {
		return cached.hash, nil
	}
	f, err := a.fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", err
	}
	if info.IsDir() {
		return "", fmt.Errorf("is a directory")
	}
	if ok && cached.size == info.Size() && cached.modTime.Equal(info.ModTime()) {
		return cached.hash, nil
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", err
	}
	h := hex.EncodeToString(sum.Sum(nil))[:hashLen]
	a.mu.Lock()
	a.hashes[name] = assetHash{size: info.Size(), modTime: info.ModTime(), hash: h}
	a.mu.Unlock()
	return h, nil
}

// hashedName puts the hash before the extension: css/site.css and
// 3f9a1c2b7d make css/site.3f9a1c2b7d.css.
func hashedName(name, hash string) string {
	dir, base := path.Split(name)
	ext := path.Ext(base)
	if ext == base { // ".htaccess": no stem
		ext = ""
	}
	return dir + strings.TrimSuffix(base, ext) + "." + hash + ext
}

// splitHash undoes hashedName: it returns the plain name and the hash, or
// ok false when name has no hash in it.
func splitHash(name string) (plain, hash string, ok bool) {
	dir, base := path.Split(name)
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	if !isHashedStem(stem) {
		// "LICENSE.3f9a1c2b7d" has no extension: the hash is the "extension".
		if !isHashedStem(base) {
			return "", "", false
		}
		stem, ext = base, ""
	}
	i := len(stem) - hashLen
	return dir + stem[:i-1] + ext, stem[i:], true
}

func isHashedStem(stem string) bool {
	i := len(stem) - hashLen
	if i < 2 || stem[i-1] != '.' {
		return false
	}
	for _, c := range stem[i:] {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Immutable reports whether a file name (a base name, as the static
// middleware passes) has a content hash in it as URL puts there. Use it as
// middleware.StaticConfig.Immutable.
func (a *Assets) Immutable(name string) bool {
	_, _, ok := splitHash(path.Base(name))
	return ok
}

// Open opens the named file for the static middleware. A name with the
// file's current content hash opens the file under that name; a name with
// any other hash is fs.ErrNotExist.
func (a *Assets) Open(name string) (fs.File, error) {
	a.init()
	f, err := a.fsys.Open(name)
	if err == nil || !fs.ValidPath(name) {
		return f, err
	}
	plain, hash, ok := splitHash(name)
	if !ok {
		return nil, err
	}
	current, herr := a.hash(plain)
	if herr != nil || current != hash {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, err = a.fsys.Open(plain)
	if err != nil {
		return nil, err
	}
	base := path.Base(name)
	if rs, ok := f.(io.ReadSeeker); ok {
		return &hashedSeeker{hashedFile{f, base}, rs}, nil
	}
	return &hashedFile{f, base}, nil
}

// hashedFile is a file opened by its hashed name: Stat reports that name,
// which the static middleware passes to Immutable.
type hashedFile struct {
	fs.File
	name string
}

func (f *hashedFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return renamedInfo{info, f.name}, nil
}

type hashedSeeker struct {
	hashedFile
	rs io.ReadSeeker
}

func (f *hashedSeeker) Seek(offset int64, whence int) (int64, error) {
	return f.rs.Seek(offset, whence)
}

type renamedInfo struct {
	fs.FileInfo
	name string
}

func (i renamedInfo) Name() string { return i.name }
