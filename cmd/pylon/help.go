package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

func init() {
	register(&command{
		name:    "help",
		summary: "show help for pylon or one of its commands",
		usage:   "[command]",
		help:    "Help prints the list of commands, or the documentation of the named command.",
		run:     runHelp,
	})
}

func runHelp(ctx context.Context, s *stdio, args []string) error {
	switch len(args) {
	case 0:
		printUsage(s.out)
		return nil
	case 1:
		c := lookup(args[0])
		if c == nil {
			return usageError{fmt.Sprintf("unknown command %q; run 'pylon help' for the list", args[0])}
		}
		printHelp(s.out, c)
		return nil
	default:
		return usageError{"too many arguments"}
	}
}

// printUsage prints pylon's usage: what it is and its commands.
func printUsage(w io.Writer) {
	fmt.Fprint(w, "Pylon is the command-line tool for Pylon web apps.\n\nUsage:\n\n\tpylon <command> [arguments]\n\nThe commands are:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nUse \"pylon help <command>\" for more information about a command.\n")
}

// printHelp prints the documentation of c.
func printHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "usage: %s\n\n%s\n", c.usageLine(), strings.TrimSpace(c.help))
	if c.flags == nil {
		return
	}
	fs := c.flags()
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
}
