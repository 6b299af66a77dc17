package routes_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/cmd/pylon/internal/routes"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []routes.Route
		wantErr error
	}{
		{
			name: "one route",
			in:   `{"method":"GET","pattern":"/a","name":"a","handler":"main.a"}` + "\n",
			want: []routes.Route{{Method: "GET", Pattern: "/a", Name: "a", Handler: "main.a"}},
		},
		{
			name: "log lines and non-route objects are skipped",
			in: "starting\n" +
				`{"level":"info","msg":"hello"}` + "\n" +
				`  {"method":"PUT","pattern":"/b"}  ` + "\n" +
				"\n",
			want: []routes.Route{{Method: "PUT", Pattern: "/b"}},
		},
		{
			name: "no final newline",
			in:   `{"pattern":"/c"}`,
			want: []routes.Route{{Pattern: "/c"}},
		},
		{name: "empty", in: "", wantErr: routes.ErrNoRoutes},
		{name: "only logs", in: "listening on :8080\n", wantErr: routes.ErrNoRoutes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := routes.Parse(strings.NewReader(tt.in))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Parse error = %v, want %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestParseBadJSON(t *testing.T) {
	_, err := routes.Parse(strings.NewReader("{\"pattern\":\"/\"}\n{\"pattern\":\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("Parse error = %v, want one naming line 2", err)
	}
}

func TestWriteJSONRoundTrip(t *testing.T) {
	in := []routes.Route{
		{Method: "GET", Pattern: "/users/{id}", Name: "user", Handler: "main.showUser"},
		{Pattern: "/any"},
	}
	var buf bytes.Buffer
	if err := routes.WriteJSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	want := `{"method":"GET","pattern":"/users/{id}","name":"user","handler":"main.showUser"}
{"method":"","pattern":"/any"}
`
	if buf.String() != want {
		t.Errorf("WriteJSON wrote\n%s\nwant\n%s", buf.String(), want)
	}
	out, err := routes.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Errorf("round trip = %#v, want %#v", out, in)
	}
}
