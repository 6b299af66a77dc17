// Package session gives Pylon requests a server-side session and flash
// messages, on github.com/alexedwards/scs/v2: the Beaker sessions of
// Pylons.
//
// The browser holds only a random token in a cookie (HttpOnly,
// SameSite=Lax, Secure on HTTPS); the data lives in a store chosen by
// configuration: memory (the default), SQL (SQLite or PostgreSQL, see
// [github.com/pylonweb/pylon/session/sqlstore]) or Redis (see
// [github.com/pylonweb/pylon/session/redisstore]).
//
//	sessions, err := session.Setup(ctx, app, session.Config{})
//	...
//	app.POST("/login", func(c *pylon.Context) error {
//		// check the password, then:
//		if err := session.Renew(c); err != nil { // a new token against session fixation
//			return err
//		}
//		session.Put(c, "user", id)
//		session.Flash(c, "success", "Welcome back")
//		return c.Redirect(http.StatusSeeOther, "/")
//	})
//	app.GET("/{$}", func(c *pylon.Context) error {
//		user := session.GetString(c, "user")
//		flashes := session.Flashes(c) // shown once
//		...
//	})
//
// # Requests in flight
//
// A request that loaded the session before another request destroyed it
// (logout), renewed its token (login) or let it expire saves nothing when
// it ends and sets no cookie, so the old token stays dead: the session is
// saved under the token it was loaded with only if the store still holds
// it ([UpdateStore]). Calling [Renew] in such a request does not save it
// under a new token either: when Renew finds the token it loaded already
// gone, the request still saves nothing and sets no cookie. A request
// that changed no value, but must move an idle deadline, updates only the
// expiry, so it does not write back a flash message another request has
// shown. Two requests that both change values still race; the last one
// saved wins.
//
// # Failures
//
// A missing, tampered or expired cookie starts a fresh empty session. A
// store that fails (Redis down, a closed database) gives a 503 through the
// App's error handler, which logs it with the request ID; never a panic.
// Calling the functions on a request no Manager handled panics, since
// that is a wiring mistake.
package session
