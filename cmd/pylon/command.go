package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// A command is one subcommand of pylon. Adding a command is adding a file
// that registers one in an init function.
type command struct {
	name    string // as typed: "serve"
	summary string // one line for the command list
	usage   string // arguments after "pylon name", for the usage line
	help    string // what "pylon help name" prints after the usage line
	// flags returns the command's flags, for help; run makes its own.
	// Nil if the command has none.
	flags func() *flag.FlagSet
	run   func(ctx context.Context, s *stdio, args []string) error
}

// usageLine returns "pylon name args".
func (c *command) usageLine() string {
	return strings.TrimSpace("pylon " + c.name + " " + c.usage)
}

// stdio is where a command writes.
type stdio struct {
	out, err io.Writer
}

// commands is the table of commands, sorted by name.
var commands []*command

func register(c *command) {
	commands = append(commands, c)
	slices.SortFunc(commands, func(a, b *command) int { return strings.Compare(a.name, b.name) })
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// exitCode is an error that makes pylon exit with that code and say
// nothing more, as when serve passes on its app's exit code.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit code %d", int(e)) }

// usageError reports bad arguments; pylon prints it with the usage line and
// exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errHelpShown stops a command whose -h flag printed its help.
var errHelpShown = errors.New("help shown")

// run runs pylon with args (without the program name) and returns the exit
// code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	s := &stdio{out: stdout, err: stderr}
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		printUsage(stdout)
		return 0
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(stderr, "pylon: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return 2
	}
	return exitStatus(c, s, c.run(ctx, s, args[1:]))
}

// exitStatus reports err as pylon does and returns the exit code for it.
func exitStatus(c *command, s *stdio, err error) int {
	var code exitCode
	var uerr usageError
	switch {
	case err == nil, errors.Is(err, errHelpShown):
		return 0
	case errors.As(err, &code):
		return int(code)
	case errors.As(err, &uerr):
		if uerr.msg != "" {
			fmt.Fprintf(s.err, "pylon %s: %s\n", c.name, uerr.msg)
		}
		fmt.Fprintf(s.err, "usage: %s\nRun 'pylon help %s' for details.\n", c.usageLine(), c.name)
		return 2
	default:
		fmt.Fprintf(s.err, "pylon %s: %v\n", c.name, err)
		return 1
	}
}

// parseFlags parses args with fs and returns the positional arguments.
// Unlike fs.Parse it accepts flags after positional arguments too, so that
// "pylon serve dev.toml --reload" works; "--" ends the flags.
func parseFlags(c *command, s *stdio, fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(s.err)
	fs.Usage = func() {} // errors are reported by exitStatus, -h by printHelp
	var positional []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			printHelp(s.out, c)
			return nil, errHelpShown
		}
		if err != nil {
			return nil, usageError{}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}
