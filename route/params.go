package route

// Params holds the wildcard values of a matched route, in pattern order.
// The caller owns it and may reuse it across calls to [Router.Lookup], which
// resets it; the values stay valid after reuse because they are strings.
// The zero value is ready to use. The first eight values are stored inline,
// so matching allocates nothing for routes with up to eight wildcards.
// A Params is not safe for concurrent use.
type Params struct {
	keys   []string // the matched route's wildcard names, shared, read-only
	inline [8]string
	more   []string // values past len(inline), kept across Reset for reuse
	n      int
}

// Len returns the number of parameters.
func (ps *Params) Len() int { return ps.n }

// Key returns the name of the i-th parameter.
func (ps *Params) Key(i int) string { return ps.keys[i] }

// Value returns the decoded value of the i-th parameter.
func (ps *Params) Value(i int) string {
	if i < len(ps.inline) {
		return ps.inline[i]
	}
	return ps.more[i-len(ps.inline)]
}

// Get returns the value of the parameter with the given name, or "" if
// there is none.
func (ps *Params) Get(name string) string {
	for i, k := range ps.keys {
		if k == name && i < ps.n {
			return ps.Value(i)
		}
	}
	return ""
}

// Reset empties ps, keeping its storage.
func (ps *Params) Reset() {
	ps.keys = nil
	ps.n = 0
}

func (ps *Params) push(v string) {
	if ps.n < len(ps.inline) {
		ps.inline[ps.n] = v
	} else {
		ps.more = append(ps.more[:ps.n-len(ps.inline)], v)
	}
	ps.n++
}

func (ps *Params) set(i int, v string) {
	if i < len(ps.inline) {
		ps.inline[i] = v
	} else {
		ps.more[i-len(ps.inline)] = v
	}
}
