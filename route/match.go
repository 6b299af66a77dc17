package route

// MatchKind is the outcome of [Router.Lookup].
type MatchKind uint8

const (
	// NotFound: no route matches the path (with any method).
	NotFound MatchKind = iota
	// Found: Match.Route matches the method and path; its parameters are in
	// the Params passed to Lookup.
	Found
	// MethodNotAllowed: routes match the path but none the method;
	// Match.Allow lists the methods that would match.
	MethodNotAllowed
	// Options: an OPTIONS request for a path whose routes do not handle
	// OPTIONS themselves; Match.Allow lists the methods that would match.
	Options
	// Redirect: the client should retry at Match.Location (a path, without
	// the query) with status Match.Code.
	Redirect
	// BadRequest: the path is malformed (bad percent-encoding, or it does not
	// begin with "/").
	BadRequest
)

var kindNames = [...]string{"NotFound", "Found", "MethodNotAllowed", "Options", "Redirect", "BadRequest"}

// String returns the kind's name, such as "Found".
func (k MatchKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "MatchKind(?)"
}

// Match is the result of [Router.Lookup]. Its strings are precomputed or
// point into the looked-up path, so returning it allocates nothing.
type Match struct {
	Route    *Route    // the matched route, when Kind is Found
	Kind     MatchKind // what happened
	Allow    string    // the allowed methods, for Found, MethodNotAllowed and Options: "GET, HEAD, OPTIONS"
	Location string    // the path to redirect to, when Kind is Redirect
	Code     int       // the redirect status, when Kind is Redirect: 301 for GET and HEAD, 308 otherwise
}
