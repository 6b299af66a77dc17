package render_test

import (
	"testing"
	"time"

	"github.com/pylonweb/pylon/render"
)

func TestFormatting(t *testing.T) {
	when := time.Date(2024, 12, 25, 18, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		got  func() (string, error)
		want string
	}{
		{"date", func() (string, error) { return render.Date(when) }, "25 Dec 2024"},
		{"date layout", func() (string, error) { return render.Date(&when, "2006-01-02 15:04") }, "2024-12-25 18:30"},
		{"date zero", func() (string, error) { return render.Date(time.Time{}) }, ""},
		{"date nil", func() (string, error) { return render.Date(nil) }, ""},
		{"number small", func() (string, error) { return render.Number(999) }, "999"},
		{"number", func() (string, error) { return render.Number(1234567) }, "1,234,567"},
		{"number negative", func() (string, error) { return render.Number(int64(-1234)) }, "-1,234"},
		{"number float", func() (string, error) { return render.Number(1234.5, 2) }, "1,234.50"},
		{"number float free", func() (string, error) { return render.Number(1234567.125) }, "1,234,567.125"},
		{"number uint", func() (string, error) { return render.Number(uint32(100000)) }, "100,000"},
		{"pluralize one", func() (string, error) { return render.Pluralize(1, "comment") }, "1 comment"},
		{"pluralize zero", func() (string, error) { return render.Pluralize(0, "comment") }, "0 comments"},
		{"pluralize irregular", func() (string, error) { return render.Pluralize(2, "person", "people") }, "2 people"},
		{"truncate short", func() (string, error) { return render.Truncate("short", 10), nil }, "short"},
		{"truncate", func() (string, error) { return render.Truncate("hello world", 8), nil }, "hello w…"},
		{"truncate space", func() (string, error) { return render.Truncate("hello world", 7), nil }, "hello…"},
		{"truncate runes", func() (string, error) { return render.Truncate("héllo wörld", 5), nil }, "héll…"},
	}
	for _, tt := range tests {
		got, err := tt.got()
		if err != nil || got != tt.want {
			t.Errorf("%s = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	if _, err := render.Number("x"); err == nil {
		t.Error("Number of a string")
	}
	if _, err := render.Date(3); err == nil {
		t.Error("Date of an int")
	}
}

func TestFlashesHTML(t *testing.T) {
	type sessionFlash struct{ Category, Text string }
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, ""},
		{"empty", []render.Flash{}, ""},
		{"flashes", []render.Flash{{"success", "Saved"}, {"error", "<b>"}}, `<div class="flashes"><p class="flash flash-success" role="status">Saved</p><p class="flash flash-error" role="alert">&lt;b&gt;</p></div>`},
		{"strings", []string{"Hi"}, `<div class="flashes"><p class="flash flash-info" role="status">Hi</p></div>`},
		{"other struct", []*sessionFlash{{"warning", "Careful"}}, `<div class="flashes"><p class="flash flash-warning" role="alert">Careful</p></div>`},
		{"not a slice", 3, ""},
	}
	for _, tt := range tests {
		if got := string(render.FlashesHTML(tt.in)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := render.CSRFField(nil); got != "" {
		t.Errorf("CSRFField(nil) = %q", got)
	}
}
