package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pylonweb/pylon"
)

// TestChatBrowser opens the chat room in two browser contexts of one
// headless Chromium (separate cookies, so two guests), waits until both
// are connected by WebSocket, sends a message from each and waits until
// each shows both. A third context takes the SSE fallback. It skips, or
// fails with PYLON_BROWSER_TESTS=1, as TestBrowser does.
func TestChatBrowser(t *testing.T) {
	exe := findChromium(t)
	browser := startBrowser(t, exe)
	backends(t, false, func(t *testing.T, app *pylon.App) {
		srv := httptest.NewServer(app)
		t.Cleanup(srv.Close)
		ann := openChat(t, browser, srv.URL+"/chat", "connected via WebSocket")
		bob := openChat(t, browser, srv.URL+"/chat", "connected via WebSocket")
		sse := openChat(t, browser, srv.URL+"/chat?transport=sse", "connected via SSE")
		annName, bobName, sseName := ann.chatName(), bob.chatName(), sse.chatName()
		if annName == bobName || annName == sseName || bobName == sseName {
			t.Fatalf("the browsers share a name: %q, %q, %q", annName, bobName, sseName)
		}

		ann.say("Hello from <i>ann</i>")
		bob.say("Hi ann, bob here")
		sse.say("SSE says hi")
		want := []string{
			annName + ": Hello from <i>ann</i>",
			bobName + ": Hi ann, bob here",
			sseName + ": SSE says hi",
		}
		for _, p := range []*page{ann, bob, sse} {
			p.waitMessages(want)
			if p.eval(`document.querySelector("#chat-messages i") !== null`) {
				t.Error("a message's markup was not escaped")
			}
		}
	})
}

// openChat opens url in a new browser context (cookies of its own) and
// waits until the page's status says status.
func openChat(t *testing.T, browser context.Context, url, status string) *page {
	t.Helper()
	tab, cancelTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, browserTimeout)
	t.Cleanup(cancel)
	p := &page{t: t, ctx: ctx, tab: tab}
	resp := p.navigate(url)
	p.status(resp, http.StatusOK)
	if csp := header(resp, "Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("%s: CSP %q", url, csp)
	}
	p.do("chat page", chromedp.WaitVisible(chromedp.ID("chat-form")))
	p.do("wait for "+status, chromedp.Poll[chromedp.Void](
		`document.getElementById("chat-status").textContent === `+jsValue(status), untilMutation...))
	return p
}

func (p *page) chatName() string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.getElementById("chat-name").textContent`))
	if err != nil {
		p.fail("chat name", err)
	}
	return v
}

// say types text into the form and sends it; the form is cleared once
// the message has left.
func (p *page) say(text string) {
	p.t.Helper()
	p.do("send "+text,
		chromedp.SendKeys(chromedp.ID("chat-text"), text),
		chromedp.Click(chromedp.ID("chat-send")),
		chromedp.Poll[chromedp.Void](`document.getElementById("chat-text").value === ""`,
			// A value is not a DOM mutation: look at each frame.
			chromedp.WithPollingTimeout(0)))
}

// waitMessages waits until the list holds the messages, in any order
// (three senders race), then checks them.
func (p *page) waitMessages(want []string) {
	p.t.Helper()
	p.do("wait for the messages", chromedp.Poll[chromedp.Void](
		`document.querySelectorAll("#chat-messages li").length >= `+jsValue(len(want)), untilMutation...))
	got, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("#chat-messages li")].map(li => li.textContent)`))
	if err != nil {
		p.fail("the messages", err)
	}
	if len(got) != len(want) {
		p.t.Errorf("messages %q, want %q", got, want)
		return
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			p.t.Errorf("messages %q lack %q", got, w)
		}
	}
}

// untilMutation polls a predicate on each change of the page, with no
// timeout of its own: the scenario's context is the safety net.
var untilMutation = []chromedp.PollOption{chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(0)}

// jsValue writes v as a JavaScript literal.
func jsValue(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
