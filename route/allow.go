package route

import (
	"errors"
	"slices"
	"strings"
)

// standardMethods fixes the order of the Allow header; other methods follow
// in alphabetical order.
var standardMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"}

// methodBit returns the mask bit of method, assigning one on first use.
func (rt *Router) methodBit(method string) (uint64, error) {
	if i := slices.Index(rt.methods, method); i >= 0 {
		return 1 << i, nil
	}
	if len(rt.methods) == 64 {
		return 0, errors.New("more than 64 distinct methods")
	}
	rt.methods = append(rt.methods, method)
	return 1 << (len(rt.methods) - 1), nil
}

// allowFor returns the Allow header for a set of methods: the methods, HEAD
// when GET is there, and OPTIONS, which the router always answers.
func (rt *Router) allowFor(mask uint64) string {
	if s, ok := rt.allowCache[mask]; ok {
		return s
	}
	set := []string{"OPTIONS"}
	for i, m := range rt.methods {
		if mask&(1<<i) != 0 {
			set = append(set, m)
			if m == "GET" {
				set = append(set, "HEAD")
			}
		}
	}
	slices.SortFunc(set, func(a, b string) int {
		ia, ib := slices.Index(standardMethods, a), slices.Index(standardMethods, b)
		switch {
		case ia >= 0 && ib >= 0:
			return ia - ib
		case ia >= 0:
			return -1
		case ib >= 0:
			return 1
		}
		return strings.Compare(a, b)
	})
	return strings.Join(slices.Compact(set), ", ")
}

// cacheAllow precomputes the Allow header of a leaf at registration, so that
// lookups need not build it.
func (rt *Router) cacheAllow(l *leaf) {
	l.allow = rt.allowFor(l.mask)
	if rt.allowCache == nil {
		rt.allowCache = make(map[uint64]string)
	}
	rt.allowCache[l.mask] = l.allow
	for _, r := range l.routes {
		r.allow = l.allow
	}
	if l.any != nil {
		l.any.allow = l.allow
	}
}

func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}
