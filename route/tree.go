package route

import (
	"regexp"
	"strings"
)

// node is one segment position in the routing tree. Static children are
// found by their first byte and then compared whole; wildcard children are
// tried after them, requirements (in registration order) before the plain
// wildcard; a rest leaf is tried last. This order is what makes the most
// specific route win, as in ServeMux.
type node struct {
	seg     string // canonical literal of a static node
	indices []byte // first byte of each static child's seg, in ascending order
	statics []*node
	// first, for a node with many static children, maps a first byte c to
	// 1 + the index in indices of the first child beginning with c (0: none),
	// from c == lo on; the children sharing a first byte follow each other.
	first  []uint8
	lo     byte
	slash  *node          // the {$} child: the path ends with a slash here
	params []*node        // wildcard children: requirements first, the plain wildcard last
	re     *regexp.Regexp // requirement of a wildcard node; nil for a plain wildcard
	reSrc  string
	end    *leaf // routes whose path ends at this node
	rest   *leaf // routes whose last segment is {name...} or a trailing slash after this node
}

// leaf holds the routes of one path, by method.
type leaf struct {
	routes []*Route // routes with a method, in registration order
	any    *Route   // the route for every method, if any
	get    *Route   // the GET route, which also serves HEAD
	mask   uint64   // bits of the methods in routes (see Router.methodBit)
	allow  string   // the Allow header for mask
}

// find returns the route serving method: its own, then GET for HEAD, then
// the any-method route.
func (l *leaf) find(method string) *Route {
	for _, r := range l.routes {
		if r.Method == method {
			return r
		}
	}
	if method == "HEAD" && l.get != nil {
		return l.get
	}
	return l.any
}

func (n *node) staticChild(seg string) *node {
	for i, c := range n.indices {
		if c == seg[0] && n.statics[i].seg == seg {
			return n.statics[i]
		}
	}
	return nil
}

// insert returns the leaf for p's segments, creating nodes as needed.
func (n *node) insert(segs []segment) *leaf {
	for _, s := range segs {
		switch s.kind {
		case endSlash:
			if n.slash == nil {
				n.slash = &node{}
			}
			n = n.slash
		case literal:
			key := canonicalLiteral(s.s)
			c := n.staticChild(key)
			if c == nil {
				c = &node{seg: key}
				n.addStatic(c)
			}
			n = c
		case wild, wildRe:
			n = n.paramChild(s)
		case multi:
			if n.rest == nil {
				n.rest = &leaf{}
			}
			return n.rest
		}
	}
	if n.end == nil {
		n.end = &leaf{}
	}
	return n.end
}

// firstTableMin is the number of static children from which a node looks
// children up by a table of first bytes instead of scanning indices.
const firstTableMin = 8

// addStatic adds a static child, keeping indices sorted so that children
// with the same first byte are adjacent, and rebuilds the first-byte table.
// At most one static child can match a segment, so their order does not
// change which route wins.
func (n *node) addStatic(c *node) {
	b := c.seg[0]
	i := 0
	for i < len(n.indices) && n.indices[i] <= b {
		i++
	}
	n.indices = append(n.indices, 0)
	copy(n.indices[i+1:], n.indices[i:])
	n.indices[i] = b
	n.statics = append(n.statics, nil)
	copy(n.statics[i+1:], n.statics[i:])
	n.statics[i] = c

	n.first, n.lo = nil, 0
	if len(n.indices) < firstTableMin || len(n.indices) > 255 {
		return
	}
	lo, hi := n.indices[0], n.indices[len(n.indices)-1]
	n.first, n.lo = make([]uint8, int(hi)-int(lo)+1), lo
	for j := len(n.indices) - 1; j >= 0; j-- {
		n.first[n.indices[j]-lo] = uint8(j + 1)
	}
}

func (n *node) paramChild(s segment) *node {
	for _, c := range n.params {
		if c.reSrc == s.reSrc {
			return c
		}
	}
	c := &node{re: s.re, reSrc: s.reSrc}
	if s.kind == wild {
		n.params = append(n.params, c)
		return c
	}
	// Keep the plain wildcard last: a requirement is more specific.
	i := len(n.params)
	if i > 0 && n.params[i-1].re == nil {
		i--
	}
	n.params = append(n.params, nil)
	copy(n.params[i+1:], n.params[i:])
	n.params[i] = c
	return c
}

// matcher carries the state of one lookup through the recursive walk.
type matcher struct {
	method  string
	ps      *Params
	escaped bool   // the path was canonicalized: values may hold %2F or %25
	pct     bool   // a value pushed, or a rest matched, holds a '%'
	first   *leaf  // the first leaf that matched the path but not the method
	mask    uint64 // union of the methods of such leaves
	unclean bool   // a matched segment was "." or "..", or a rest value was unclean
}

// match walks the tree along path (which is "" or begins with '/') and
// returns the first route, in precedence order, that serves m.method.
// Static children are compared as prefixes, so the segment end is searched
// for only when wildcards must be tried.
func (n *node) match(path string, m *matcher) *Route {
	if path == "" {
		if n.end == nil {
			return nil
		}
		return m.leafRoute(n.end)
	}
	tail := path[1:]
	if tail == "" {
		if n.slash != nil && n.slash.end != nil {
			if r := m.leafRoute(n.slash.end); r != nil {
				return r
			}
		}
	} else {
		c0 := tail[0]
		i := 0
		if n.first != nil {
			// Children are sorted by first byte: start at the first with c0.
			j := int(c0) - int(n.lo)
			if uint(j) < uint(len(n.first)) {
				i = int(n.first[j]) - 1
			} else {
				i = -1
			}
		}
		if i >= 0 {
			statics := n.statics[:len(n.indices)]
			for ; i < len(n.indices); i++ {
				if b := n.indices[i]; b != c0 {
					if b > c0 {
						break
					}
					continue
				}
				s := statics[i]
				if l := len(s.seg); len(tail) >= l && tail[:l] == s.seg && (len(tail) == l || tail[l] == '/') {
					if r := s.match(tail[l:], m); r != nil {
						return r
					}
					break
				}
			}
		}
		if len(n.params) > 0 {
			// Find the segment's end, noting any '%' on the way; segments
			// are short, so a plain loop beats a call to IndexByte.
			j, pct := 0, false
			for ; j < len(tail); j++ {
				c := tail[j]
				if c == '/' {
					break
				}
				if c == '%' {
					pct = true
				}
			}
			seg, rest := tail[:j], tail[j:]
			if seg != "" {
				if seg[0] == '.' && (seg == "." || seg == "..") {
					m.unclean = true
				}
				if pct {
					m.pct = true
				}
				k := m.ps.n
				for _, c := range n.params {
					if c.re != nil && !c.re.MatchString(m.value(seg)) {
						continue
					}
					m.ps.push(seg)
					if r := c.match(rest, m); r != nil {
						return r
					}
					m.ps.n = k
				}
			}
		}
	}
	if n.rest != nil {
		if r := m.leafRoute(n.rest); r != nil {
			if !isClean(path) {
				m.unclean = true
			}
			if strings.IndexByte(path, '%') >= 0 {
				m.pct = true
			}
			if r.restNamed {
				m.ps.push(tail)
			}
			return r
		}
	}
	return nil
}

func (m *matcher) leafRoute(l *leaf) *Route {
	if r := l.find(m.method); r != nil {
		return r
	}
	if m.first == nil {
		m.first = l
	}
	m.mask |= l.mask
	return nil
}

func (m *matcher) value(seg string) string {
	if m.escaped {
		return decodeCanonical(seg)
	}
	return seg
}
