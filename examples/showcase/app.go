package main

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/cache"
	"github.com/pylonweb/pylon/cache/cacheplugin"
	"github.com/pylonweb/pylon/db"
	"github.com/pylonweb/pylon/middleware"
	"github.com/pylonweb/pylon/ratelimit"
	"github.com/pylonweb/pylon/render"
	"github.com/pylonweb/pylon/session"
	"github.com/pylonweb/pylon/taskmonitor"
)

//go:embed templates static migrations
var embedded embed.FS

// settings is the showcase's own configuration section, [showcase].
type settings struct {
	SiteName string `toml:"site_name"`
	PerPage  int    `toml:"per_page"`
	// CSRFKey signs CSRF tokens; every instance needs the same one. If
	// empty, a random key per process (fine for one instance).
	CSRFKey string `toml:"csrf_key"`
}

// newApp wires the showcase: middleware, the database, sessions, pages,
// the articles resource, the chat room and the JSON API. The database
// opens when the App starts (app.Run, or app.Start in tests).
func newApp(ctx context.Context, cfg pylon.Config) (*pylon.App, error) {
	s := settings{SiteName: "Pylon showcase", PerPage: 20}
	if err := cfg.Section("showcase", &s); err != nil {
		return nil, err
	}
	app := pylon.New(cfg)
	behindProxy := len(cfg.TrustedProxies) > 0
	app.Use(
		// The client's address from the trusted proxies' X-Forwarded-For,
		// for the logs and the login limit: without it every client behind
		// the proxy would share the proxy's address and one login limit.
		middleware.RealIP(middleware.RealIPConfig{TrustedProxies: cfg.TrustedProxies}),
		middleware.RequestID,
		middleware.Logger(app.Logger),
		middleware.Recover,
		// docs/security.md's policy: the site's own files only, no inline
		// scripts or styles, no framing, forms post to the site.
		middleware.SecureHeaders(middleware.SecureHeadersConfig{
			ContentSecurityPolicy:   siteCSP,
			CrossOriginOpenerPolicy: "same-origin",
			PermissionsPolicy:       "camera=(), microphone=(), geolocation=()",
			// Behind production.toml's TLS-terminating proxy, HTTPS is
			// what the proxy reports.
			HSTSTrustForwardedProto: behindProxy,
		}),
		middleware.Compress(middleware.CompressConfig{}),
		// CSRF protection for every form: Fetch metadata from browsers that
		// send it, a signed token in each form for those that do not. The
		// JSON API checks origins on its own group below.
		middleware.CSRF(middleware.CSRFConfig{
			Key:                 csrfKey(s.CSRFKey),
			ExemptPatterns:      []string{"/static/", "/api/"},
			TrustForwardedProto: behindProxy, // a Secure cookie over the proxy's HTTPS
		}),
	)
	app.UseContext(csrfTokenForTemplates)

	static, err := fs.Sub(embedded, "static")
	if err != nil {
		return nil, err
	}
	// Static files get URLs with a content hash, cached by browsers forever.
	staticAssets := &render.Assets{FS: static, Prefix: "/static/"}
	app.Mount("/static", middleware.StaticHandler(middleware.StaticConfig{Root: staticAssets, Immutable: staticAssets.Immutable}))

	// SQLite by default, PostgreSQL when [db] url (or PYLON_DB_URL) says so:
	// the migrations are chosen by the database the URL names.
	dbCfg := db.Config{URL: "sqlite:showcase.db", MigrateOnStart: true}
	if err := cfg.Section("db", &dbCfg); err != nil {
		return nil, err
	}
	migrations, err := fs.Sub(embedded, "migrations/"+dialectOf(dbCfg.URL))
	if err != nil {
		return nil, err
	}
	database := &db.Plugin{Config: dbCfg, Migrations: migrations}
	if err := app.Plug(database); err != nil {
		return nil, err
	}
	app.OnStart(func(ctx context.Context) error { return ensureDemoUser(ctx, database.DB()) })
	// Memory sessions by default; [session] store = "redis" or "sql" moves them.
	if _, err := session.Setup(ctx, app, session.Config{}); err != nil {
		return nil, err
	}
	app.UseContext(loadUser)
	// Cache regions in memory by default; [cache] backend = "redis" moves them.
	caches := cacheplugin.New(cache.Config{})
	if err := app.Plug(caches); err != nil {
		return nil, err
	}
	articles := &articleCache{region: caches.Cache().Region("short_term")}

	// The live task monitor at /debug/tasks: mounted in debug mode, or in
	// production when PYLON_TASKMONITOR_TOKEN is set.
	if err := app.Plug(taskmonitor.New(taskmonitor.Config{})); err != nil {
		return nil, err
	}

	pages, err := newPages(app, s, staticAssets)
	if err != nil {
		return nil, err
	}
	ap := &articlePages{pages: pages, cache: articles}

	app.GET("/{$}", pages.home).Name("home")
	app.Resource("/articles", ap)
	app.POST("/articles/{id}/comments", ap.createComment).Name("article_comments")
	app.GET("/login", pages.loginForm).Name("login")
	// Five login attempts a minute per client address, then 429.
	loginLimit := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{})
	app.OnStop(func(context.Context) error { return loginLimit.Close() })
	limited := app.Group("", ratelimit.Middleware(ratelimit.Config{Rate: ratelimit.PerMinute(5), Store: loginLimit}))
	limited.POST("/login", pages.login)
	app.POST("/logout", logout).Name("logout")
	// The chat room: WebSocket, SSE as the fallback, Redis between
	// instances when sessions or the cache are in Redis.
	if err := setupChat(app, pages); err != nil {
		return nil, err
	}

	api := app.Group("/api", middleware.CSRF(middleware.CSRFConfig{Mode: middleware.CSRFModeOrigin}))
	api.GET("/articles", articles.apiList).Name("api_articles")
	api.POST("/articles", articles.apiCreate)
	api.GET("/articles/{id:[0-9]+}", apiShowArticle).Name("api_article")
	api.GET("/health", func(c *pylon.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	return app, nil
}

// siteCSP is the Content-Security-Policy of every response. In CSP 3,
// 'self' includes ws: and wss: to the same host, for the chat.
const siteCSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// dialectOf names the migrations directory for a database URL.
func dialectOf(url string) string {
	if strings.HasPrefix(url, "postgres") {
		return "postgres"
	}
	return "sqlite"
}

// csrfTokenForTemplates hands the request's CSRF token to the templates,
// which write {{csrfField .CSRFToken}} in every form.
func csrfTokenForTemplates(next pylon.Handler) pylon.Handler {
	return func(c *pylon.Context) error {
		if tok := middleware.CSRFToken(c.Request()); tok != "" {
			c.Set(render.CSRFTokenKey, tok)
		}
		return next(c)
	}
}

// csrfKey is the configured key, or nil for a random one per process.
func csrfKey(key string) []byte {
	if key == "" {
		return nil
	}
	return []byte(key)
}
