package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pylonweb/pylon"
)

// The browser test drives the showcase in a real, headless Chromium through
// the Chrome DevTools Protocol (chromedp): the pages, the forms with their
// CSRF tokens, the validation messages, the flash messages and the session
// cookie, as a user sees them.
//
// It skips when no Chromium is installed, so that "go test ./..." passes on
// a machine with only Go. PYLON_BROWSER_TESTS=1 makes it required: a missing
// browser is then a failure (CI sets it). PYLON_CHROMIUM names the browser
// binary; otherwise chromium, chromium-browser or google-chrome is looked up
// in PATH.

// browserTimeout bounds one run of the scenario. It is a safety net against
// a hung browser, not a performance check: every step waits for an element,
// never for a duration.
const browserTimeout = 60 * time.Second

func TestBrowser(t *testing.T) {
	exe := findChromium(t)
	browser := startBrowser(t, exe)
	backends(t, false, func(t *testing.T, app *pylon.App) {
		browserScenario(t, browser, app)
	})
}

// findChromium returns the browser to run, or skips the test (fails it when
// PYLON_BROWSER_TESTS=1) when there is none.
func findChromium(t *testing.T) string {
	t.Helper()
	required := os.Getenv("PYLON_BROWSER_TESTS") == "1"
	if p := os.Getenv("PYLON_CHROMIUM"); p != "" {
		exe, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("PYLON_CHROMIUM=%s: %v", p, err)
		}
		return exe
	}
	if testing.Short() && !required {
		t.Skip("browser test skipped in -short mode")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if exe, err := exec.LookPath(name); err == nil {
			return exe
		}
	}
	msg := "no Chromium found: install it (Debian: apt-get install chromium) or set PYLON_CHROMIUM to the browser binary"
	if required {
		t.Fatal(msg + "; PYLON_BROWSER_TESTS=1 makes the browser test required")
	}
	t.Skip(msg)
	return ""
}

// startBrowser starts one headless Chromium for the test, with a fresh
// temporary profile that chromedp creates and removes. Each scenario opens
// its own browser context in it (its own cookies, like a private window).
// The cleanup stops the browser and waits for the process and every
// goroutine of chromedp to end.
func startBrowser(t *testing.T, exe string) context.Context {
	t.Helper()
	// The outer safety net: the browser stops, whatever happens, after this.
	outer, cancelOuter := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancelOuter)
	var output syncBuffer
	alloc, cancelAlloc := chromedp.NewExecAllocator(outer,
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.WindowSize(1024, 768),
		chromedp.CombinedOutput(&output),
	)
	// cancelAlloc waits until the browser process has exited and its
	// profile directory is removed.
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	// The first action starts the browser.
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting %s: %v\nbrowser output:\n%s", exe, err, output.String())
	}
	return browser
}

// browserScenario walks through the showcase as a user: the home page, an
// invalid and a valid article form, login and logout.
func browserScenario(t *testing.T, browser context.Context, app *pylon.App) {
	posts := &postLog{}
	srv := httptest.NewServer(posts.wrap(app))
	t.Cleanup(srv.Close)
	// A loopback http://127.0.0.1 origin is potentially trustworthy, so
	// Chromium sends Fetch metadata (Sec-Fetch-Site) as on https.
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("server URL %s: want http://127.0.0.1:PORT", srv.URL)
	}
	base := srv.URL

	// A tab in a new browser context: cookies of its own.
	tab, cancelTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil { // opens the tab
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, browserTimeout)
	t.Cleanup(cancel)
	b := &page{t: t, ctx: ctx, tab: tab}

	// The home page, with the security headers and the stylesheet.
	resp := b.navigate(base + "/")
	b.status(resp, http.StatusOK)
	for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
		if got := header(resp, name); got != want {
			t.Errorf("%s: %s = %q, want %q", resp.URL, name, got, want)
		}
	}
	b.do("home page", chromedp.WaitVisible(chromedp.CSS("main h1")), chromedp.WaitVisible(chromedp.ID("login-link")))
	b.text(chromedp.CSS("main h1"), "Welcome to Pylon showcase")
	if !b.eval(`[...document.styleSheets].some(s => s.cssRules.length > 0)`) {
		t.Error("the stylesheet did not load")
	}

	// The new-article form, with its CSRF token.
	resp = b.click("Write an article", chromedp.CSS(`main a[href="/articles/new"]`))
	b.status(resp, http.StatusOK)
	b.do("article form", chromedp.WaitVisible(chromedp.CSS(`form[action="/articles"] input[name="title"]`)))
	token := b.value(chromedp.CSS(`form[action="/articles"] input[name="csrf_token"]`))
	if token == "" {
		t.Error("the article form has no CSRF token")
	}

	// Submitted empty: the form again, with a message next to each field.
	save := chromedp.CSS(`form[action="/articles"] button[type="submit"]`)
	resp = b.click("Save (empty form)", save)
	b.status(resp, http.StatusUnprocessableEntity)
	b.do("validation messages",
		chromedp.WaitVisible(chromedp.CSS("p.error#title-error")),
		chromedp.WaitVisible(chromedp.CSS("p.error#body-error")))
	b.text(chromedp.CSS("#title-error"), "Title is required")
	b.text(chromedp.CSS("#body-error"), "Body is required")

	// Filled in: the new article, with the flash message. The title holds
	// markup, which must come out as text.
	const title, body = "Hello <b>browser</b>", "Written by Chromium."
	b.do("fill in the article",
		chromedp.SendKeys(chromedp.CSS(`form[action="/articles"] input[name="title"]`), title),
		chromedp.SendKeys(chromedp.CSS(`form[action="/articles"] textarea[name="body"]`), body))
	resp = b.click("Save (valid form)", save)
	b.status(resp, http.StatusOK)
	if !regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `/articles/[0-9]+$`).MatchString(resp.URL) {
		t.Errorf("after creating: at %s, want %s/articles/ID", resp.URL, base)
	}
	b.do("the new article", chromedp.WaitVisible(chromedp.CSS("p.flash.flash-success")), chromedp.WaitVisible(chromedp.CSS("article h1")))
	b.text(chromedp.CSS("p.flash.flash-success"), "Article created.")
	b.text(chromedp.CSS("article h1"), title)
	b.text(chromedp.CSS("article .body"), body)
	if b.eval(`document.querySelector("article h1 b") !== null`) {
		t.Error("the title's markup was not escaped")
	}

	// Log in with the demo account.
	resp = b.click("Log in link", chromedp.CSS("#login-link"))
	b.status(resp, http.StatusOK)
	email := chromedp.CSS(`form[action="/login"] input[name="email"]`)
	b.do("login form",
		chromedp.WaitVisible(email),
		chromedp.Clear(email),
		chromedp.SendKeys(email, demoEmail),
		chromedp.SendKeys(chromedp.CSS(`form[action="/login"] input[name="password"]`), demoPassword))
	resp = b.click("Log in", chromedp.CSS(`form[action="/login"] button[type="submit"]`))
	b.status(resp, http.StatusOK)
	if resp.URL != base+"/" {
		t.Errorf("after login: at %s, want %s/", resp.URL, base)
	}
	b.do("logged in", chromedp.WaitVisible(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.CSS("p.flash.flash-success")))
	b.text(chromedp.CSS("p.flash.flash-success"), "Welcome back, Demo.")
	b.text(chromedp.CSS("header .user"), "Demo")

	// Log out.
	resp = b.click("Log out", chromedp.CSS("#logout"))
	b.status(resp, http.StatusOK)
	b.do("logged out", chromedp.WaitVisible(chromedp.ID("login-link")), chromedp.WaitVisible(chromedp.CSS("p.flash.flash-info")))
	b.text(chromedp.CSS("p.flash.flash-info"), "You are logged out.")
	if b.eval(`document.getElementById("logout") !== null`) {
		t.Error("the logout button is still shown after logout")
	}

	// A screenshot of the last page, for a look when the test is changed.
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	shot := filepath.Join(t.TempDir(), "logged-out.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", shot, len(png))

	// Every form POST came from the browser with same-origin Fetch
	// metadata, which the CSRF middleware checks.
	want := []string{"POST /articles", "POST /articles", "POST /login", "POST /logout"}
	got, sites := posts.snapshot()
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("POST requests: %q, want %q", got, want)
	}
	for i, site := range sites {
		if site != "same-origin" {
			t.Errorf("%s: Sec-Fetch-Site = %q, want same-origin", got[i], site)
		}
	}
}

// page runs actions in one tab and stops the test at the first error, with
// the page's address and text to tell where it was.
type page struct {
	t   *testing.T
	ctx context.Context // with the scenario's timeout
	tab context.Context // without it, for the diagnostics
}

func (p *page) fail(what string, err error) {
	p.t.Helper()
	// The scenario's context may be done; look at the page with a fresh one.
	ctx, cancel := context.WithTimeout(p.tab, 5*time.Second)
	defer cancel()
	where, _ := chromedp.Run(ctx, chromedp.Location())
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("%w (the %v safety timeout: the element never appeared)", err, browserTimeout)
	}
	p.t.Fatalf("%s: %v\nat %s, the page says:\n%s", what, err, where, text)
}

func (p *page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.fail(what, err)
	}
}

// navigate loads the URL and returns the response of its document.
func (p *page) navigate(url string) *network.Response {
	p.t.Helper()
	resp, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(url))
	if err != nil {
		p.fail("navigate to "+url, err)
	}
	return resp
}

// click clicks the element, waits for the page that the click loads and
// returns the response of its document (after redirects).
func (p *page) click(what string, sel chromedp.CSS) *network.Response {
	p.t.Helper()
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Click(sel))
	if err != nil {
		p.fail("click "+what, err)
	}
	if resp == nil {
		p.fail("click "+what, errors.New("no response for the page"))
	}
	return resp
}

func (p *page) status(resp *network.Response, want int) {
	p.t.Helper()
	if resp.Status != int64(want) {
		p.fail(resp.URL, fmt.Errorf("status %d, want %d", resp.Status, want))
	}
}

// text checks the visible text of the element.
func (p *page) text(sel chromedp.CSS, want string) {
	p.t.Helper()
	got, err := chromedp.Run(p.ctx, chromedp.Text(sel))
	if err != nil {
		p.fail("text of "+string(sel), err)
	}
	if strings.TrimSpace(got) != want {
		p.t.Errorf("text of %s: %q, want %q", sel, got, want)
	}
}

// value returns the value of a form control, hidden ones included.
func (p *page) value(sel chromedp.CSS) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Value(sel))
	if err != nil {
		p.fail("value of "+string(sel), err)
	}
	return v
}

func (p *page) eval(js string) bool {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](js))
	if err != nil {
		p.fail(js, err)
	}
	return v
}

// header returns a response header by name, in any case.
func header(resp *network.Response, name string) string {
	for k, v := range resp.Headers {
		if strings.EqualFold(k, name) {
			return fmt.Sprint(v)
		}
	}
	return ""
}

// postLog records the POST requests that reach the app and their
// Sec-Fetch-Site header.
type postLog struct {
	mu    sync.Mutex
	posts []string
	sites []string
}

func (l *postLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			l.mu.Lock()
			l.posts = append(l.posts, r.Method+" "+r.URL.Path)
			l.sites = append(l.sites, r.Header.Get("Sec-Fetch-Site"))
			l.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

func (l *postLog) snapshot() (posts, sites []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.posts...), append([]string(nil), l.sites...)
}

// syncBuffer collects the browser's output for an error message.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
