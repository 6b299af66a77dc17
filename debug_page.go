package pylon

import (
	"fmt"
	"html/template"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// debugPage is the debug-mode page for a 5xx: the error, the stack of a
// panic, the route and the request, like Pylons' interactive debugger
// without the code execution.
func debugPage(c *Context, err error, p Problem) string {
	type kv struct{ K, V string }
	var headers, params []kv
	for _, k := range slices.Sorted(maps.Keys(c.req.Header)) {
		v := strings.Join(c.req.Header[k], ", ")
		if secretHeader(k) {
			v = "(hidden)"
		}
		headers = append(headers, kv{k, v})
	}
	for i := range c.params.Len() {
		params = append(params, kv{c.params.Key(i), c.params.Value(i)})
	}
	route := ""
	if c.route != nil {
		route = c.route.Pattern()
	}
	data := struct {
		Problem
		Err     string
		Method  string
		URL     string
		Route   string
		Params  []kv
		Headers []kv
		Remote  string
	}{p, fmt.Sprintf("%+v", err), c.req.Method, redactedURL(c.req.URL), route, params, headers, c.req.RemoteAddr}
	var b strings.Builder
	if e := debugTemplate.Execute(&b, data); e != nil {
		return template.HTMLEscapeString(err.Error())
	}
	return b.String()
}

var debugTemplate = template.Must(template.New("debug").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Status}} {{.Title}} (debug)</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}pre{background:#f6f6f6;padding:1rem;overflow:auto}
table{border-collapse:collapse}td{border-top:1px solid #ddd;padding:.2rem .6rem;vertical-align:top;font-family:monospace}
.note{background:#fff4d6;padding:.5rem 1rem}</style></head><body>
<h1>{{.Status}} {{.Title}}</h1>
<p class="note">Debug mode is on: this page shows internals. Turn debug off in production.</p>
<h2>Error</h2><pre>{{.Err}}</pre>
{{if .Stack}}<h2>Stack</h2><pre>{{.Stack}}</pre>{{end}}
<h2>Request</h2><table>
<tr><td>Method</td><td>{{.Method}}</td></tr><tr><td>URL</td><td>{{.URL}}</td></tr>
<tr><td>Route</td><td>{{.Route}}</td></tr><tr><td>Remote</td><td>{{.Remote}}</td></tr>
{{if .RequestID}}<tr><td>Request ID</td><td>{{.RequestID}}</td></tr>{{end}}
</table>
{{if .Params}}<h2>Parameters</h2><table>{{range .Params}}<tr><td>{{.K}}</td><td>{{.V}}</td></tr>{{end}}</table>{{end}}
<h2>Headers</h2><table>{{range .Headers}}<tr><td>{{.K}}</td><td>{{.V}}</td></tr>{{end}}</table>
</body></html>
`))

// secretHeader reports whether a request header's value may be a
// credential, which the debug page must not show: cookies, the two
// Authorization headers, and any header whose name says key, token,
// secret, password, signature or session (X-Api-Key, X-Auth-Token,
// X-CSRF-Token, X-Hub-Signature-256, ...). It errs on the side of hiding.
func secretHeader(name string) bool {
	switch name {
	case "Cookie", "Authorization", "Proxy-Authorization":
		return true
	}
	return secretName(name)
}

// secretName reports whether a header or query parameter name says its
// value is a credential.
func secretName(name string) bool {
	lower := strings.ToLower(name)
	for _, word := range []string{"key", "token", "secret", "password", "passwd", "signature", "session", "auth", "credential"} {
		if strings.Contains(lower, word) {
			return true
		}
	}
	return false
}

// redactedURL is u with the values of query parameters whose names look
// like credentials (?token=..., ?api_key=...) hidden.
func redactedURL(u *url.URL) string {
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil || !slices.ContainsFunc(slices.Collect(maps.Keys(q)), secretName) {
		return u.String()
	}
	for k := range q {
		if secretName(k) {
			q[k] = []string{"(hidden)"}
		}
	}
	v := *u
	v.RawQuery = q.Encode()
	return v.String()
}
