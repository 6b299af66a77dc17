package xsstest

import (
	"html/template"
	"strings"
	"testing"
)

// contexts put one value in each place a page puts untrusted data.
var contexts = map[string]string{
	"html text":          `<p>{{.}}</p>`,
	"quoted attribute":   `<input value="{{.}}">`,
	"unquoted attribute": `<input value={{.}}>`,
	"url":                `<a href="{{.}}">x</a>`,
	"url query":          `<a href="/search?q={{.}}">x</a>`,
	"js value":           `<script>var x = {{.}};</script>`,
	"js string":          `<script>var s = "{{.}}";</script>`,
	"event handler":      `<button onclick="go({{.}})">x</button>`,
	"css":                `<p style="color: {{.}}">x</p>`,
}

func render(t *testing.T, context, data string) string {
	t.Helper()
	tpl := template.Must(template.New(context).Parse(contexts[context]))
	var b strings.Builder
	if err := tpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestXSSEscaped(t *testing.T) {
	const script = `<script>alert(1)</script>`
	const breakout = `"><img src=x onerror=alert(1)>`
	tests := []struct {
		context, payload, want string
	}{
		{"html text", script, `<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`},
		{"html text", breakout, `<p>&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</p>`},
		{"quoted attribute", breakout, `<input value="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;">`},
		{"unquoted attribute", breakout, `<input value=&#34;&gt;&lt;img&#32;src&#61;x&#32;onerror&#61;alert(1)&gt;>`},
		{"url", `javascript:alert(1)`, `<a href="#ZgotmplZ">x</a>`},
		{"url", breakout, `<a href="%22%3e%3cimg%20src=x%20onerror=alert%281%29%3e">x</a>`},
		{"url query", `a&b=<c>`, `<a href="/search?q=a%26b%3d%3cc%3e">x</a>`},
		{"js value", `</script><script>alert(1)</script>`, `<script>var x = "\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e";</script>`},
		{"js value", `";alert(1);//`, `<script>var x = "\";alert(1);//";</script>`},
		{"js string", `';alert(1);//`, `<script>var s = "\u0027;alert(1);\/\/";</script>`},
		{"js string", `"+alert(1)+"`, `<script>var s = "\u0022\u002balert(1)\u002b\u0022";</script>`},
		{"event handler", breakout, `<button onclick="go(&#34;\&#34;\u003e\u003cimg src=x onerror=alert(1)\u003e&#34;)">x</button>`},
		{"css", `red;background:url(javascript:alert(1))`, `<p style="color: ZgotmplZ">x</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.context+" "+tt.payload, func(t *testing.T) {
			if got := render(t, tt.context, tt.payload); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// enders are the characters that would end each context, or start a new
// one, if they came through raw.
var enders = map[string][]string{
	"html text":          {"<", ">"},
	"quoted attribute":   {`"`, "<", ">"},
	"unquoted attribute": {" ", `"`, "'", "`", "=", "<", ">"},
	"url":                {" ", `"`, "'", "<", ">"},
	"url query":          {" ", `"`, "'", "<", ">", "&", "#"},
	"js value":           {`"`, "<", ">"}, // `\"` inside the string does not count
	"js string":          {`"`, "'", "`", "<", ">"},
	"event handler":      {`"`, "'", "<", ">"},
	"css":                {`"`, "'", "<", ">", "("},
}

// TestXSSNoRawPayload checks every payload in every context: the
// characters that end the context never come through unescaped.
func TestXSSNoRawPayload(t *testing.T) {
	payloads := []string{
		`<script>alert(1)</script>`,
		`"><img src=x onerror=alert(1)>`,
		`'><svg onload=alert(1)>`,
		`</script><script>alert(1)</script>`,
		`javascript:alert(1)`,
		" \tjAvAsCrIpT:alert(1)",
		`data:text/html,<script>alert(1)</script>`,
		`<!--`, `]]>`, "`${alert(1)}`", `a=b c#d&e`,
	}
	for context, chars := range enders {
		count := func(s, c string) int {
			if context == "js value" && c == `"` {
				s = strings.ReplaceAll(s, `\"`, "")
			}
			return strings.Count(s, c)
		}
		empty := render(t, context, "")
		for _, p := range payloads {
			got := render(t, context, p)
			for _, c := range chars {
				if count(got, c) != count(empty, c) {
					t.Errorf("%s: %q let %q through: %s", context, p, c, got)
				}
			}
			if (context == "url" || context == "css") && strings.Contains(strings.ToLower(got), "javascript:") {
				t.Errorf("%s: %q kept a javascript: URL: %s", context, p, got)
			}
		}
	}
}

// TestXSSTrustedHTML shows the one way around the escaping: a value typed
// template.HTML is written as is, so it must never hold user input.
func TestXSSTrustedHTML(t *testing.T) {
	tpl := template.Must(template.New("").Parse(`<p>{{.}}</p>`))
	var b strings.Builder
	tpl.Execute(&b, template.HTML(`<b>trusted</b>`))
	if b.String() != `<p><b>trusted</b></p>` {
		t.Errorf("template.HTML was escaped: %s", b.String())
	}
}
