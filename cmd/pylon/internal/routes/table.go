package routes

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteTable writes routes to w as a table with aligned columns METHOD,
// PATTERN, NAME and HANDLER, in the order given. An empty method is shown
// as "*" (any method), an empty name or handler as "-".
func WriteTable(w io.Writer, rs []Route) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "METHOD\tPATTERN\tNAME\tHANDLER")
	for _, rt := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n",
			or(rt.Method, "*"), rt.Pattern, or(rt.Name, "-"), or(rt.Handler, "-"))
	}
	return tw.Flush()
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
