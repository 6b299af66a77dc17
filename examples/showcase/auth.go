package main

import (
	"context"
	"net/http"
	"strings"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/db"
	"github.com/pylonweb/pylon/password"
	"github.com/pylonweb/pylon/render"
	"github.com/pylonweb/pylon/session"
)

// The demo account that the showcase creates at start.
const (
	demoEmail    = "demo@example.com"
	demoPassword = "pylon-demo"
)

// loadUser puts the logged-in user, if any, in the Context.
func loadUser(next pylon.Handler) pylon.Handler {
	return func(c *pylon.Context) error {
		if id := session.GetInt64(c, "user_id"); id != 0 {
			u, err := findUser(c.Context(), db.From(c), id)
			if err != nil {
				return err
			}
			if u != nil {
				c.Set("user", u)
			}
		}
		return next(c)
	}
}

// currentUser returns the logged-in user, or nil.
func currentUser(c *pylon.Context) *User {
	u, _ := c.Get("user")
	user, _ := u.(*User)
	return user
}

func (p *pages) loginForm(c *pylon.Context) error {
	return p.render(c, http.StatusOK, "login.html", render.M{"Email": demoEmail})
}

// login checks the email and password; on success it renews the session
// token (against session fixation) and keeps the user's ID in it.
func (p *pages) login(c *pylon.Context) error {
	if _, err := c.Form(); err != nil {
		return err
	}
	email := strings.TrimSpace(c.FormValue("email"))
	u, err := findUserByEmail(c.Context(), db.From(c), email)
	if err != nil {
		return err
	}
	ok := false
	if u != nil {
		ok, err = password.Verify(u.PasswordHash, c.FormValue("password"))
		if err != nil {
			return err
		}
	}
	if !ok {
		return p.render(c, http.StatusUnprocessableEntity, "login.html", render.M{
			"Email":  email,
			"Errors": map[string]string{"password": "Wrong email or password."},
		})
	}
	if err := session.Renew(c); err != nil {
		return err
	}
	session.Put(c, "user_id", u.ID)
	session.Flash(c, "success", "Welcome back, "+u.Name+".")
	return redirectTo(c, "home")
}

// logout forgets the user and renews the session token.
func logout(c *pylon.Context) error {
	session.Remove(c, "user_id")
	if err := session.Renew(c); err != nil {
		return err
	}
	session.Flash(c, "info", "You are logged out.")
	return redirectTo(c, "home")
}

// ensureDemoUser creates the demo account once.
func ensureDemoUser(ctx context.Context, d *db.DB) error {
	u, err := findUserByEmail(ctx, d, demoEmail)
	if err != nil || u != nil {
		return err
	}
	hash, err := password.Hash(demoPassword)
	if err != nil {
		return err
	}
	_, err = d.NewInsert().Model(&User{Email: demoEmail, Name: "Demo", PasswordHash: hash}).Exec(ctx)
	return err
}
