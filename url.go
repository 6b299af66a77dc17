package pylon

// URL builds the path of the named route, like url() in Pylons' Routes:
// app.URL("user", "id", 42) gives "/users/42". Pairs fill the route's
// parameters, each escaped; pairs the route does not use become the query
// string. It fails for an unknown name, a missing parameter, or a value
// that breaks the parameter's requirement.
//
// Outside a request the App cannot know where it is mounted, so the path
// is the one within the App, without the prefix of any Mount that serves
// it; Context.URL adds that prefix.
func (app *App) URL(name string, pairs ...any) (string, error) {
	return app.router.URL(name, pairs...)
}

// URL builds the path of a named route; see App.URL. When the App is
// mounted in another (see Mount), the path begins with the mount's prefix.
func (c *Context) URL(name string, pairs ...any) (string, error) {
	p, err := c.app.router.URL(name, pairs...)
	if err != nil {
		return "", err
	}
	return mountPrefix(c.req) + p, nil
}

// AbsoluteURL builds the full URL of a named route, with the scheme and
// host the client used (through a trusted proxy, the ones it reports) and,
// as with URL, the prefix of the Mount that serves the App.
func (c *Context) AbsoluteURL(name string, pairs ...any) (string, error) {
	p, err := c.URL(name, pairs...)
	if err != nil {
		return "", err
	}
	return c.Scheme() + "://" + c.Host() + p, nil
}
