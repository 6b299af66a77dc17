package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// runPylon runs pylon with args and returns its exit code and output.
func runPylon(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCommandLine(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // substring expected on stdout; "" means stdout must be empty
		stderr string // likewise for stderr
	}{
		{name: "no arguments", args: nil, code: 2, stderr: "The commands are:"},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: "pylon <command> [arguments]"},
		{name: "help", args: []string{"help"}, code: 0, stdout: "routes   list an app's routes"},
		{name: "help serve", args: []string{"help", "serve"}, code: 0, stdout: "-stop-timeout duration"},
		{name: "help routes", args: []string{"help", "routes"}, code: 0, stdout: "PYLON_PRINT_ROUTES=1"},
		{name: "help unknown", args: []string{"help", "nope"}, code: 2, stderr: `unknown command "nope"`},
		{name: "help too many", args: []string{"help", "a", "b"}, code: 2, stderr: "usage: pylon help [command]"},
		{name: "version", args: []string{"version"}, code: 0, stdout: "pylon "},
		{name: "version with argument", args: []string{"version", "x"}, code: 2, stderr: "takes no arguments"},
		{name: "serve -h", args: []string{"serve", "-h"}, code: 0, stdout: "usage: pylon serve"},
		{name: "serve bad flag", args: []string{"serve", "--bogus"}, code: 2, stderr: "Run 'pylon help serve'"},
		{name: "serve two configs", args: []string{"serve", "a.toml", "b.toml"}, code: 2, stderr: "at most one config file"},
		{name: "serve missing config", args: []string{"serve", "no-such-file.toml"}, code: 1, stderr: "config file"},
		{name: "routes two dirs", args: []string{"routes", "a", "b"}, code: 2, stderr: "at most one directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runPylon(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d\nstderr:\n%s", code, tt.code, stderr)
			}
			check := func(stream, got, want string) {
				if want == "" && got != "" {
					t.Errorf("%s = %q, want it empty", stream, got)
				}
				if !strings.Contains(got, want) {
					t.Errorf("%s lacks %q:\n%s", stream, want, got)
				}
			}
			check("stdout", stdout, tt.stdout)
			check("stderr", stderr, tt.stderr)
		})
	}
}

func TestEveryCommandIsListedAndDocumented(t *testing.T) {
	_, usage, _ := runPylon(t, "help")
	for _, c := range commands {
		if !strings.Contains(usage, "\t"+c.name+" ") {
			t.Errorf("pylon help does not list %s", c.name)
		}
		if c.summary == "" || c.help == "" || c.run == nil {
			t.Errorf("command %s lacks a summary, help or run", c.name)
		}
	}
}

func TestParseFlagsInterleaved(t *testing.T) {
	tests := []struct {
		args   []string
		reload bool
		pos    []string
	}{
		{[]string{"dev.toml"}, false, []string{"dev.toml"}},
		{[]string{"--reload", "dev.toml"}, true, []string{"dev.toml"}},
		{[]string{"dev.toml", "--reload"}, true, []string{"dev.toml"}},
		{[]string{"--", "--reload"}, false, []string{"--reload"}},
		{[]string{"a", "--", "-b"}, false, []string{"a", "-b"}},
	}
	for _, tt := range tests {
		var o serveOptions
		pos, err := parseFlags(lookup("serve"), &stdio{}, o.flagSet(), tt.args)
		if err != nil {
			t.Errorf("parseFlags(%q): %v", tt.args, err)
			continue
		}
		if o.reload != tt.reload || strings.Join(pos, " ") != strings.Join(tt.pos, " ") {
			t.Errorf("parseFlags(%q) = reload %v, %q; want %v, %q", tt.args, o.reload, pos, tt.reload, tt.pos)
		}
	}
}
