package paths

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Copies of containers. Code that must not hold a registry's mutex while
// it writes copies the registry under the lock and walks the copy:
//
//	h.mu.Lock()
//	snap := make([]*Client, 0, len(h.clients))
//	for c := range h.clients { snap = append(snap, c) }
//	h.mu.Unlock()
//	for _, c := range snap { c.conn.WriteMessage(...) }
//
// The copy's elements are the registry's: a walk over the copy reaches
// every element of the registry, as a walk over the registry would. A
// function that returns such a copy (a snapshot getter) gives its callers
// the same. A slice a goroutine fills with what it receives from a
// channel (a per-topic loop's members, joined over t.join) holds the
// channel's elements, the values others sent on it.

// CopiedFrom returns the container whose elements every element put into
// the new map or slice v is, as that container's element reached by
// walking it, when all agree; nil otherwise.
func (r *Resolver) CopiedFrom(v ssa.Value) []Path {
	var elems []ssa.Value
	switch v := v.(type) {
	case *ssa.MakeMap:
		for _, ref := range *v.Referrers() {
			if u, ok := ref.(*ssa.MapUpdate); ok && u.Map == v {
				elems = append(elems, u.Value, u.Key)
			}
		}
	case *ssa.Phi, *ssa.Call, *ssa.MakeSlice:
		var ok bool
		if elems, ok = appended(v, make(map[ssa.Value]bool)); !ok {
			return nil
		}
	default:
		return nil
	}
	var from *Path
	for _, x := range elems {
		if _, ok := x.(*ssa.Const); ok {
			continue
		}
		if !pointerLike(x.Type()) {
			continue // a key or counter, not what the copy holds
		}
		var c Path
		if ch, _ := ReceivedFrom(x); ch != nil {
			// What a goroutine receives and keeps (members =
			// append(members, <-t.join)) is what was sent on the
			// channel: the copy holds its elements.
			chs := r.Resolve(ch)
			if len(chs) != 1 || chs[0].Root.Kind == RootLocal {
				return nil
			}
			c = chs[0].With(AnyElemSel)
		} else {
			ps := r.Resolve(x)
			if len(ps) != 1 {
				return nil
			}
			var ok bool
			if c, ok = walkedContainer(ps[0]); !ok {
				return nil
			}
		}
		if from != nil && from.Key != c.Key {
			return nil
		}
		from = &c
	}
	if from == nil {
		return nil
	}
	return []Path{*from}
}

// pointerLike reports whether values of type t refer to an object (a
// conn, a client): what a registry copy is about.
func pointerLike(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface:
		return true
	}
	return false
}

// walkedContainer returns p with its last element reached by walking a
// container (x.clients[k] from a range over x.clients) as "any
// element", and what p selects below it kept: a copy of each record's
// conn (out[id] = rec.conn) holds x.records[*].conn.
func walkedContainer(p Path) (Path, bool) {
	for i := len(p.Elems) - 1; i >= 0; i-- {
		if e := p.Elems[i]; e.Kind == ElemIndex && e.ranged {
			q := NewPath(p.Root, p.Elems[:i]).With(AnyElemSel)
			for _, rest := range p.Elems[i+1:] {
				q = q.With(rest)
			}
			return q, true
		}
	}
	return Path{}, false
}

// appended returns the values a slice built by append from an empty
// make (or nil) holds: v is the make, an append's result, or a phi of
// them (the loop that appends). ok is false for anything else.
func appended(v ssa.Value, seen map[ssa.Value]bool) (elems []ssa.Value, ok bool) {
	if seen[v] {
		return nil, true
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Const:
		return nil, v.IsNil()
	case *ssa.MakeSlice:
		if c, isConst := v.Len.(*ssa.Const); !isConst || c.Int64() != 0 {
			return nil, false
		}
		return nil, true
	case *ssa.Phi:
		for _, e := range v.Edges {
			es, ok := appended(e, seen)
			if !ok {
				return nil, false
			}
			elems = append(elems, es...)
		}
		return elems, true
	case *ssa.Call:
		b, isBuiltin := v.Call.Value.(*ssa.Builtin)
		if !isBuiltin || b.Name() != "append" || len(v.Call.Args) != 2 {
			return nil, false
		}
		es, ok := appended(v.Call.Args[0], seen)
		if !ok {
			return nil, false
		}
		more, ok := Varargs(v.Call.Args[1])
		if !ok {
			return nil, false
		}
		return append(es, more...), true
	}
	return nil, false
}

// Varargs returns the values of an append's variadic slice built in
// place (append(s, x, y)).
func Varargs(v ssa.Value) ([]ssa.Value, bool) {
	sl, ok := v.(*ssa.Slice)
	if !ok {
		return nil, false
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil, false
	}
	var out []ssa.Value
	for _, ref := range *arr.Referrers() {
		ia, ok := ref.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		for _, r2 := range *ia.Referrers() {
			if st, ok := r2.(*ssa.Store); ok && st.Addr == ia {
				out = append(out, st.Val)
			}
		}
	}
	return out, true
}

// ReceivedFrom returns the channel v was received from (a receive, a
// comma-ok receive, a range over a channel, a select case), and the
// instruction that received it.
func ReceivedFrom(v ssa.Value) (ssa.Value, ssa.Instruction) {
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.ARROW && !v.CommaOk {
			return v.X, v
		}
	case *ssa.Extract:
		switch t := v.Tuple.(type) {
		case *ssa.UnOp:
			if t.Op == token.ARROW && v.Index == 0 {
				return t.X, t
			}
		case *ssa.Select:
			// The tuple is (index, recvOk, r0, r1, ...): one value per
			// receiving case, in order.
			n := v.Index - 2
			for _, st := range t.States {
				if st.Dir != types.RecvOnly {
					continue
				}
				if n == 0 {
					return st.Chan, t
				}
				n--
			}
		}
	}
	return nil, nil
}
