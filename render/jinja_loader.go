package render

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/nikolalohinski/gonja/v2/loaders"
)

// fsLoader is a gonja loader over an fs.FS. Names are relative to the
// root, as in Jinja2's FileSystemLoader: {% extends "layouts/base.html" %}
// means the same file from every template (gonja's own loaders resolve
// names relative to the including file's directory).
type fsLoader struct {
	fsys fs.FS
}

var _ loaders.Loader = fsLoader{}

func (l fsLoader) Read(name string) (io.Reader, error) {
	resolved, err := l.Resolve(name)
	if err != nil {
		return nil, err
	}
	b, err := fs.ReadFile(l.fsys, resolved)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(b), nil
}

func (l fsLoader) Resolve(name string) (string, error) {
	resolved := path.Clean(strings.TrimPrefix(name, "/"))
	if !fs.ValidPath(resolved) || resolved == "." {
		return "", fmt.Errorf("invalid template name %q", name)
	}
	if _, err := fs.Stat(l.fsys, resolved); err != nil {
		return "", err
	}
	return resolved, nil
}

func (l fsLoader) Inherit(string) (loaders.Loader, error) { return l, nil }
