package analyzer

import (
	"golang.org/x/tools/go/ssa"
)

// Identity by storage. A value a function creates (a conn it dials, a
// client it receives from a channel) is its own until the function
// stores it somewhere others can reach: a field of a shared struct, a
// package-level variable, a map or slice they range over. From then on
// the value also goes by that location's name, so a goroutine that
// loads the location and writes to what it finds can race with the
// function's own writes. aliases computes those names.

// maxAliasDepth bounds the search through locals stored in locals.
const maxAliasDepth = 3

// aliases returns the non-local paths under which v, a value created
// by st.fn, is stored.
func (st *funcState) aliases(v ssa.Value, depth int) []path {
	if depth > maxAliasDepth || v.Referrers() == nil {
		return nil
	}
	key := v
	if depth == 0 {
		if ps, ok := st.aliasMemo[key]; ok {
			return ps
		}
	}
	var out []path
	for _, ref := range *v.Referrers() {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Val == v {
				out = append(out, st.storageOf(r.Addr, depth)...)
			}
		case *ssa.MapUpdate:
			if r.Key == v || r.Value == v {
				out = append(out, withElem(st.nonLocal(r.Map, depth), ownElemSel)...)
			}
		case *ssa.MakeInterface:
			out = append(out, st.aliases(r, depth+1)...)
		case *ssa.ChangeType:
			out = append(out, st.aliases(r, depth+1)...)
		}
	}
	out = dedupPaths(out)
	if depth == 0 {
		st.aliasMemo[key] = out
	}
	return out
}

// storageOf returns the non-local paths of the location at addr.
func (st *funcState) storageOf(addr ssa.Value, depth int) []path {
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		// The field holds this function's own value: a path marked
		// own, which matches the field read by others but not another
		// activation's own value (see match).
		return withElem(st.nonLocal(a.X, depth), elem{kind: elemField, mode: ownElem, name: fieldName(a.X.Type(), a.Field)})
	case *ssa.IndexAddr:
		if varargs, ok := a.X.(*ssa.Alloc); ok {
			return st.appendedTo(varargs, depth)
		}
		return withElem(st.nonLocal(a.X, depth), ownElemSel)
	case *ssa.Alloc:
		return nil // a local variable: loads of it resolve to v already
	}
	return st.nonLocal(addr, depth)
}

// nonLocal returns v's non-local paths: its own, or, for a value the
// function created, the names it is stored under.
func (st *funcState) nonLocal(v ssa.Value, depth int) []path {
	var out []path
	for _, p := range st.res.resolve(v) {
		if p.root.kind != rootLocal {
			out = append(out, p)
			continue
		}
		for _, a := range st.aliases(p.root.local, depth+1) {
			if q, ok := extendAll(a, p.elems); ok {
				out = append(out, q)
			}
		}
	}
	return out
}

// appendedTo handles s = append(s, v): v is stored in the variadic
// slice's backing array, which append copies into s.
func (st *funcState) appendedTo(varargs *ssa.Alloc, depth int) []path {
	var out []path
	for _, ref := range *varargs.Referrers() {
		sl, ok := ref.(*ssa.Slice)
		if !ok || sl.Referrers() == nil {
			continue
		}
		for _, r2 := range *sl.Referrers() {
			call, ok := r2.(*ssa.Call)
			if !ok {
				continue
			}
			if b, ok := call.Call.Value.(*ssa.Builtin); !ok || b.Name() != "append" {
				continue
			}
			for _, r3 := range *call.Referrers() {
				if s, ok := r3.(*ssa.Store); ok && s.Val == call {
					out = append(out, withElem(st.storageOf(s.Addr, depth+1), ownElemSel)...)
				}
			}
		}
	}
	return out
}

// withAliases adds, for each access to a connection the function
// created, the same access under each name the connection is stored as.
func (st *funcState) withAliases(accs []access) []access {
	out := accs
	for _, a := range accs {
		if a.conn.root.kind != rootLocal {
			continue
		}
		for _, al := range st.aliases(a.conn.root.local, 0) {
			if q, ok := extendAll(al, a.conn.elems); ok {
				b := a
				b.conn = q
				out = append(out, b)
			}
		}
	}
	return out
}

func withElem(ps []path, e elem) []path {
	var out []path
	for _, p := range ps {
		if q, ok := p.with(e); ok {
			out = append(out, q)
		}
	}
	return out
}

func extendAll(p path, elems []elem) (path, bool) {
	ok := true
	for _, e := range elems {
		if p, ok = p.with(e); !ok {
			return path{}, false
		}
	}
	return p, true
}

func dedupPaths(ps []path) []path {
	seen := make(map[string]bool)
	var out []path
	for _, p := range ps {
		if !seen[p.key] {
			seen[p.key] = true
			out = append(out, p)
		}
	}
	return out
}
