package pylon

import (
	"strings"
	"testing"
)

func TestSanitizeFilename(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"report.pdf", "report.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Windows\system32\evil.exe`, "evil.exe"},
		{"a\x00b\nc\x7f.txt", "abc.txt"},
		{"invoice\u202efdp.exe", "invoicefdp.exe"},
		{`<script>"x":|?*.html`, "scriptx.html"},
		{"  .hidden. ", "hidden"},
		{"..", "file"},
		{"", "file"},
		{"\xff\xfename.txt", "name.txt"},
		{"日本語.txt", "日本語.txt"},
		{strings.Repeat("é", 200), strings.Repeat("é", 127)},
	} {
		if got := sanitizeFilename(tc.in); got != tc.want {
			t.Errorf("sanitizeFilename(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestExtensionFor(t *testing.T) {
	for ct, want := range map[string]string{
		"image/png": ".png", "text/plain; charset=utf-8": ".txt", "text/html; charset=utf-8": "",
		"application/octet-stream": "",
	} {
		if got := extensionFor(ct); got != want {
			t.Errorf("extensionFor(%q) = %q, want %q", ct, got, want)
		}
	}
}
