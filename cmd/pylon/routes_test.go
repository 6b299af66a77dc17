package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// routesApp stands in for a Pylon app: with PYLON_PRINT_ROUTES=1 it prints
// its routes as JSON lines, among a log line, as the protocol says.
// FAKE_MODE makes it misbehave in the ways pylon routes must report.
const routesApp = `package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if os.Getenv("PYLON_PRINT_ROUTES") != "1" {
		fmt.Println("serving; PYLON_PRINT_ROUTES not seen")
		os.Exit(9)
	}
	switch os.Getenv("FAKE_MODE") {
	case "fail":
		fmt.Fprintln(os.Stderr, "database is down")
		os.Exit(3)
	case "silent":
		fmt.Println("nothing to see")
		return
	}
	fmt.Println("loading config")
	fmt.Println(` + "`" + `{"method":"GET","pattern":"/users/{id}","name":"user","handler":"main.showUser"}` + "`" + `)
	fmt.Printf("{\"method\":\"POST\",\"pattern\":\"/users\",\"name\":%q,\"handler\":\"main.createUser\"}\n",
		filepath.Base(os.Getenv("PYLON_CONFIG")))
}
`

func TestRoutes(t *testing.T) {
	dir := writeApp(t, routesApp)
	cfg := filepath.Join(dir, "dev.toml")
	writeFile(t, cfg, "")

	t.Run("table", func(t *testing.T) {
		code, stdout, stderr := runPylon(t, "routes", "--config", cfg, dir)
		if code != 0 {
			t.Fatalf("exit code %d, stderr:\n%s", code, stderr)
		}
		want := "" +
			"METHOD  PATTERN      NAME      HANDLER\n" +
			"GET     /users/{id}  user      main.showUser\n" +
			"POST    /users       dev.toml  main.createUser\n"
		if stdout != want {
			t.Errorf("table:\n%s\nwant:\n%s", stdout, want)
		}
	})

	t.Run("json", func(t *testing.T) {
		code, stdout, stderr := runPylon(t, "routes", dir, "--json")
		if code != 0 {
			t.Fatalf("exit code %d, stderr:\n%s", code, stderr)
		}
		want := `{"method":"GET","pattern":"/users/{id}","name":"user","handler":"main.showUser"}
{"method":"POST","pattern":"/users","name":".","handler":"main.createUser"}
`
		if stdout != want {
			t.Errorf("json:\n%s\nwant:\n%s", stdout, want)
		}
	})

	errorCases := []struct {
		mode   string
		stderr []string
	}{
		{"fail", []string{"database is down", "exited with code 3"}},
		{"silent", []string{"nothing to see", "printed no routes", "PYLON_PRINT_ROUTES=1"}},
	}
	for _, tt := range errorCases {
		t.Run(tt.mode, func(t *testing.T) {
			t.Setenv("FAKE_MODE", tt.mode)
			code, stdout, stderr := runPylon(t, "routes", dir)
			if code != 1 {
				t.Errorf("exit code = %d, want 1", code)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want it empty", stdout)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
		})
	}
}

func TestRoutesBuildError(t *testing.T) {
	dir := writeApp(t, "package main\n\nfunc main() { undefinedFunc() }\n")
	code, _, stderr := runPylon(t, "routes", dir)
	if code != 1 || !strings.Contains(stderr, "undefined: undefinedFunc") {
		t.Errorf("exit code %d, stderr:\n%s\nwant 1 and the compiler error", code, stderr)
	}
}
