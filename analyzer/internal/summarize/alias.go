package summarize

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
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

// An alias is a name a value goes by once the instruction at stores it
// where others can reach it.
type alias struct {
	p  paths.Path
	At ssa.Instruction
}

// Aliases returns the non-local names of v, a value created by st.fn.
func (st *FuncState) Aliases(v ssa.Value, depth int) []alias {
	if depth > maxAliasDepth || v.Referrers() == nil {
		return nil
	}
	if depth == 0 {
		if as, ok := st.aliasMemo[v]; ok {
			return as
		}
	}
	var out []alias
	out = append(out, st.publishedResult(v)...)
	if ch, at := paths.ReceivedFrom(v); ch != nil {
		// A value received from a channel is the element a sender
		// put there, from the receive on.
		out = append(out, withElem(st.nonLocal(ch, at, depth), paths.RecvElemSel)...)
	}
	for _, ref := range *v.Referrers() {
		switch r := ref.(type) {
		case *ssa.Send:
			if r.X == v {
				// Sent on a channel: its receivers get it, and put it
				// where they put what they receive.
				chans := st.nonLocal(r.Chan, r, depth)
				out = append(out, withElem(chans, paths.OwnElemSel)...)
				if st.e != nil {
					out = append(out, st.e.forwardedTo(chans)...)
				}
			}
		case *ssa.Store:
			if r.Val == v {
				out = append(out, st.storageOf(r.Addr, r, depth)...)
				if box, ok := r.Addr.(*ssa.Alloc); ok {
					// A variable holding v (captured by a closure):
					// what the variable's readers do with it.
					out = append(out, st.Aliases(box, depth+1)...)
				}
			}
		case *ssa.UnOp:
			if r.Op == token.MUL && r.X == v && (isBox(v) || isStructVar(v)) {
				// The variable's value, loaded: a pointer it holds,
				// or a copy of the struct it holds, whose fields are
				// the same values (Websocket{Conn: c} appended to a
				// registry is the registry's element).
				out = append(out, st.Aliases(r, depth+1)...)
			}
		case *ssa.MapUpdate:
			if r.Key == v || r.Value == v {
				m := st.nonLocal(r.Map, r, depth)
				out = append(out, withElem(m, paths.OwnElemSel)...)
				if r.Value == v {
					// Filed under a key: looked up again by that
					// key (s.conns[id] = conn; later s.conns[id]).
					el := st.Res.IndexElem(r.Key, r)
					el.Filed = true
					out = append(out, withElem(m, el)...)
				}
			}
		case *ssa.MakeInterface:
			out = append(out, st.Aliases(r, depth+1)...)
		case *ssa.ChangeType:
			out = append(out, st.Aliases(r, depth+1)...)
		case ssa.CallInstruction:
			out = append(out, st.publishedBy(r, v, depth)...)
		case *ssa.MakeClosure:
			out = append(out, st.publishedByClosure(r, v)...)
		}
	}
	out = dedupAliases(out)
	if depth == 0 {
		st.aliasMemo[v] = out
	}
	return out
}

// storageOf returns the non-local names of the location at addr, which
// the instruction at writes.
func (st *FuncState) storageOf(addr ssa.Value, at ssa.Instruction, depth int) []alias {
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		// The field holds this function's own value: a path marked
		// own, which matches the field read by others but not another
		// activation's own value (see match).
		return withElem(st.nonLocal(a.X, at, depth), paths.FieldElem(a.X.Type(), a.Field, paths.OwnElem))
	case *ssa.IndexAddr:
		if varargs, ok := a.X.(*ssa.Alloc); ok {
			return st.appendedTo(varargs, depth)
		}
		return withElem(st.nonLocal(a.X, at, depth), paths.OwnElemSel)
	case *ssa.Alloc:
		return nil // a local variable: loads of it resolve to v already
	}
	as := st.nonLocal(addr, at, depth)
	if _, global := addr.(*ssa.Global); global {
		// The variable holds this activation's own value.
		for i := range as {
			if as[i].p.Root.Kind == paths.RootGlobal && len(as[i].p.Elems) == 0 {
				r := as[i].p.Root
				r.Own = true
				as[i].p = paths.NewPath(r, nil)
			}
		}
	}
	return as
}

// nonLocal returns v's non-local names: its own paths, published by the
// instruction at, or, for a value the function created, the names it is
// stored under (published where it is stored).
func (st *FuncState) nonLocal(v ssa.Value, at ssa.Instruction, depth int) []alias {
	var out []alias
	for _, p := range st.Res.Resolve(v) {
		if p.Root.Kind != paths.RootLocal {
			out = append(out, alias{p, at})
			continue
		}
		for _, a := range st.Aliases(p.Root.Local, depth+1) {
			out = append(out, alias{extendAll(a.p, p.Elems), a.At})
		}
	}
	return out
}

// appendedTo handles s = append(s, v): v is stored in the variadic
// slice's backing array, which append copies into s.
func (st *FuncState) appendedTo(varargs *ssa.Alloc, depth int) []alias {
	var out []alias
	for _, s := range appendStores(varargs) {
		out = append(out, withElem(st.storageOf(s.Addr, s, depth+1), paths.OwnElemSel)...)
	}
	return out
}

// appendStores returns the stores of the appends that take varargs, the
// array a call's variadic arguments are put in (x = append(x, v)).
func appendStores(varargs *ssa.Alloc) []*ssa.Store {
	var out []*ssa.Store
	for _, ref := range *varargs.Referrers() {
		sl, ok := ref.(*ssa.Slice)
		if !ok || sl.Referrers() == nil {
			continue
		}
		for _, r2 := range *sl.Referrers() {
			call, ok := r2.(*ssa.Call)
			if !ok || call.Referrers() == nil {
				continue
			}
			if b, ok := call.Call.Value.(*ssa.Builtin); !ok || b.Name() != "append" {
				continue
			}
			for _, r3 := range *call.Referrers() {
				if s, ok := r3.(*ssa.Store); ok && s.Val == call {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// withAliases adds, for each access to a connection the function
// created or was given, the same access under each name the function
// stores the connection as, by then. An access on the function's own goroutine before the store
// can't be reached by others under that name; one made by a goroutine
// the event starts may run after it.
func (st *FuncState) withAliases(ord *cfg.Order, ev *effect.Event, accs []effect.Access) []effect.Access {
	out := accs
	for _, a := range accs {
		var v ssa.Value
		switch a.Conn.Root.Kind {
		case paths.RootLocal:
			v = a.Conn.Root.Local
		case paths.RootParam:
			// A conn the caller handed over and this function
			// registers (g.conns[conn] = true) is reachable under the
			// registry's name from then on.
			v = st.Fn.Params[a.Conn.Root.Index]
		default:
			continue
		}
		for _, al := range st.Aliases(v, 0) {
			if !a.Async && !PublishedBefore(ord, al.At, ev) {
				continue
			}
			b := a
			b.Conn = extendAll(al.p, a.Conn.Elems)
			// A lock reached from the same value (s.wsMutex beside
			// s.wsConn) goes by the new name too, and so does one
			// reached from a value that holds the conn and is
			// published with it (the client whose conn field holds it,
			// filed in the registry whose element's conn is this
			// name): the same element's mutex.
			for _, l := range a.Locks {
				if l.Path.Root == a.Conn.Root {
					b.Locks = b.Locks.Add(lockset.Lock{Path: extendAll(al.p, l.Path.Elems), Excl: l.Excl})
					continue
				}
				holder := st.rootValue(l.Path.Root)
				if holder == nil {
					continue
				}
				for _, hl := range st.Aliases(holder, 0) {
					if hasPrefix(b.Conn, hl.p) {
						b.Locks = b.Locks.Add(lockset.Lock{Path: extendAll(hl.p, l.Path.Elems), Excl: l.Excl})
					}
				}
			}
			out = append(out, b)
		}
	}
	return out
}

// rootValue returns the value a local or parameter root names in st.fn,
// nil for other roots.
func (st *FuncState) rootValue(r paths.Root) ssa.Value {
	switch r.Kind {
	case paths.RootLocal:
		return r.Local
	case paths.RootParam:
		if r.Index >= 0 && r.Index < len(st.Fn.Params) {
			return st.Fn.Params[r.Index]
		}
	}
	return nil
}

// hasPrefix reports whether p starts with pre: the same root, then
// pre's selections.
func hasPrefix(p, pre paths.Path) bool {
	if p.Root != pre.Root || len(pre.Elems) > len(p.Elems) {
		return false
	}
	return paths.NewPath(p.Root, p.Elems[:len(pre.Elems)]).Key == pre.Key
}

// PublishedBefore reports whether the store at can have run before ev.
func PublishedBefore(ord *cfg.Order, at ssa.Instruction, ev *effect.Event) bool {
	if at.Block() == nil {
		return true
	}
	return ord.After(PointOf(at), ev)
}

// eventAt is the point of fn's order where instr runs.
func PointOf(instr ssa.Instruction) *effect.Event {
	return &effect.Event{Point: cfg.Point{Block: instr.Block().Index, Index: ssaview.IndexOf(instr)}}
}

func withElem(as []alias, e paths.Elem) []alias {
	var out []alias
	for _, a := range as {
		out = append(out, alias{a.p.With(e), a.At})
	}
	return out
}

func dedupAliases(as []alias) []alias {
	seen := make(map[string]bool)
	var out []alias
	for _, a := range as {
		k := fmt.Sprintf("%s@%p", a.p.Key, a.At)
		if !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	return out
}

func extendAll(p paths.Path, elems []paths.Elem) paths.Path {
	for _, e := range elems {
		p = p.With(e)
	}
	return p
}

// isBox reports whether v is a variable that holds a reference (a
// captured local, or the free variable a closure sees it through).
// isStructVar reports whether v is a local variable of struct type (a
// composite literal built in place).
func isStructVar(v ssa.Value) bool {
	a, ok := v.(*ssa.Alloc)
	if !ok {
		return false
	}
	ptr, ok := a.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = ptr.Elem().Underlying().(*types.Struct)
	return ok
}

func isBox(v ssa.Value) bool {
	switch v.(type) {
	case *ssa.Alloc, *ssa.FreeVar:
	default:
		return false
	}
	ptr, ok := v.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	switch ptr.Elem().Underlying().(type) {
	case *types.Pointer, *types.Interface:
		return true
	}
	return false
}

// publicationsOf returns the names st.fn gives its parameters' values,
// and the values it returns.
func publicationsOf(st *FuncState) (out []effect.Publication) {
	for _, b := range st.Fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for i, v := range ret.Results {
			if _, isParam := v.(*ssa.Parameter); isParam {
				continue // the caller's own value: published above
			}
			for _, al := range st.Aliases(v, 0) {
				out = append(out, effect.Publication{Param: i, Result: true, Path: al.p})
			}
		}
	}
	for i, prm := range st.Fn.Params {
		for _, al := range st.Aliases(prm, 0) {
			out = append(out, effect.Publication{Param: i, Path: al.p})
		}
	}
	for i, fv := range st.Fn.FreeVars {
		for _, al := range st.Aliases(fv, 0) {
			out = append(out, effect.Publication{Param: i, FreeVar: true, Path: al.p})
		}
	}
	return out
}

// publishedByClosure returns the names v gets when a closure that binds
// it, and publishes what it binds, is called or started by a go
// statement (go func() { register(conn) }()): from that call on.
func (st *FuncState) publishedByClosure(mc *ssa.MakeClosure, v ssa.Value) []alias {
	fn, _ := mc.Fn.(*ssa.Function)
	if fn == nil || st.e == nil {
		return nil
	}
	var pubs []effect.Publication
	for _, pub := range st.e.Summarize(fn).Publishes {
		if pub.FreeVar && pub.Param < len(mc.Bindings) && mc.Bindings[pub.Param] == v {
			pubs = append(pubs, pub)
		}
	}
	if len(pubs) == 0 {
		return nil
	}
	var out []alias
	for _, ref := range *mc.Referrers() {
		call, ok := ref.(ssa.CallInstruction)
		if !ok || call.Common().Value != mc {
			continue
		}
		for _, pub := range pubs {
			for _, q := range paths.Subst(pub.Path, st.Res, nil, mc.Bindings) {
				if q.Root.Kind != paths.RootLocal {
					out = append(out, alias{q, call})
				}
			}
		}
	}
	return out
}

// publishedResult returns the names the callee gave v, a result of a
// call, before returning it: from the call on.
func (st *FuncState) publishedResult(v ssa.Value) []alias {
	if st.e == nil {
		return nil
	}
	index := 0
	if x, ok := v.(*ssa.Extract); ok {
		v, index = x.Tuple, x.Index
	}
	call, ok := v.(*ssa.Call)
	if !ok {
		return nil
	}
	callee, bindings := st.e.Callee(call.Common())
	if callee == nil {
		return nil
	}
	var out []alias
	for _, pub := range st.e.Summarize(callee).Publishes {
		if !pub.Result || pub.Param != index {
			continue
		}
		for _, q := range paths.Subst(pub.Path, st.Res, call.Common().Args, bindings) {
			if q.Root.Kind != paths.RootLocal {
				out = append(out, alias{q, call})
			}
		}
	}
	return out
}

// publishedBy returns the names v gets when the call passes it to a
// function that publishes that parameter (hub.register(conn) storing it
// in hub.clients): from the call on. A callee that stores v in an object
// of this function's (p.attach(ws) doing p.ws = ws) gives v that
// object's names, with the field.
func (st *FuncState) publishedBy(call ssa.CallInstruction, v ssa.Value, depth int) []alias {
	if st.e == nil {
		return nil
	}
	common := call.Common()
	callee, bindings := st.e.Callee(common)
	if callee == nil {
		return nil
	}
	var out []alias
	for _, pub := range st.e.Summarize(callee).Publishes {
		if pub.FreeVar || pub.Result || pub.Param >= len(common.Args) || common.Args[pub.Param] != v {
			continue
		}
		if holder := st.holderOf(pub.Path, common.Args); holder != nil {
			// v goes by the holder's names once both happened: the
			// holder published and v stored in it.
			for _, a := range st.Aliases(holder, depth+1) {
				out = append(out, alias{extendAll(a.p, pub.Path.Elems), later(a.At, call)})
			}
			continue
		}
		for _, q := range paths.Subst(pub.Path, st.Res, common.Args, bindings) {
			if q.Root.Kind != paths.RootLocal {
				out = append(out, alias{q, call})
			}
		}
	}
	return out
}

// later returns b when a runs before it on every path (dominates), else
// a.
func later(a, b ssa.Instruction) ssa.Instruction {
	if paths.Dominates(a, b) {
		return b
	}
	return a
}

// holderOf returns the object a callee stores a value in, when the
// callee names the place as a field of its parameter (p.ws in attach)
// and the argument is an object this function made: allocated, or got
// new from a constructor. It returns nil otherwise. (Substituting the
// callee's path would look through the store and name the value itself.)
func (st *FuncState) holderOf(p paths.Path, args []ssa.Value) ssa.Value {
	if p.Root.Kind != paths.RootParam || p.Root.Index >= len(args) || len(p.Elems) == 0 {
		return nil
	}
	for _, e := range p.Elems {
		if e.Kind != paths.ElemField {
			return nil
		}
	}
	ps := st.Res.Resolve(args[p.Root.Index])
	if len(ps) != 1 || ps[0].Root.Kind != paths.RootLocal || len(ps[0].Elems) > 0 {
		return nil
	}
	v := ps[0].Root.Local
	if _, ok := v.(*ssa.Alloc); ok {
		return v
	}
	if call, i := paths.CallResult(v); call != nil && st.Res.Fresh != nil && st.Res.Fresh(call, i) {
		return v // a constructor's new object
	}
	return nil
}
