package summarize

import (
	"go/types"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// decision is what the evidence says of a condition.
type decision uint8

const (
	undecided decision = iota // the callers may know better
	holds
	fails
)

// decideLocal decides a condition on a value st.fn created, from what
// st.fn (with its callees, and the constructor it came from) stored
// there. It returns undecided when the value's provenance is unknown.
func (e *Engine) decideLocal(st *FuncState, p paths.Path, want []string) decision {
	if len(p.Elems) == 0 {
		// A value the function computed: a conversion, or a phi of
		// them, says which.
		if ts := e.valueTypes(st.Fn, p.Root.Local); len(ts) > 0 {
			if intersects(ts, want) {
				return holds
			}
			return fails
		}
		return undecided
	}
	if !madeHere(p.Root.Local) {
		return undecided
	}
	if st.stores == nil {
		st.stores = e.storesIn(st.Fn, st.Res)
	}
	for _, s := range st.stores {
		if (s.Path.Key == p.Key || paths.Match(s.Path, p)) && intersects(s.Types, want) {
			return holds
		}
	}
	return fails
}

// decideStatic decides a condition on a parameter whose static type is
// not an interface: a writer of a private interface that resolves to the
// *websocket.Conn parameter it was filled with is that conn's.
func (e *Engine) decideStatic(st *FuncState, p paths.Path, want []string) decision {
	if len(p.Elems) > 0 {
		return undecided
	}
	// A parameter's value is its own (a free variable or a local may
	// stand for the variable's address).
	if p.Root.Kind != paths.RootParam || p.Root.Index >= len(st.Fn.Params) {
		return undecided
	}
	t := st.Fn.Params[p.Root.Index].Type()
	if types.IsInterface(t) {
		return undecided
	}
	if slices.Contains(want, effect.TypeKey(t)) {
		return holds
	}
	return fails
}

// decideStored decides a condition on a location the function stores
// into before the event, on every path, and nowhere else: what the
// location holds at the event is that value (c.conn = conn, then a read
// of c.conn: the conn just dialled, whatever other code stores there).
func (e *Engine) decideStored(st *FuncState, ev *effect.Event, p paths.Path, want []string) decision {
	if len(p.Elems) == 0 || p.Elems[len(p.Elems)-1].Kind != paths.ElemField {
		return undecided
	}
	var store *ssa.Store
	for _, b := range st.Fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Store:
				fa, ok := instr.Addr.(*ssa.FieldAddr)
				if !ok || paths.FieldName(fa.X.Type(), fa.Field) != p.Elems[len(p.Elems)-1].Name {
					continue
				}
				for _, base := range st.Res.Resolve(fa.X) {
					if q := base.With(paths.FieldElem(fa.X.Type(), fa.Field, paths.ByKey)); q.Key == p.Key || paths.Match(q, p) {
						if store != nil {
							return undecided // stored twice
						}
						store = instr
					}
				}
			case ssa.CallInstruction:
				if instr == ev.Instr {
					continue
				}
				// A callee that stores there (a reconnect) makes
				// the location's value unknown.
				common := instr.Common()
				if callee, bindings := ssaview.FuncValue(common.Value); callee != nil && !common.IsInvoke() {
					for _, s := range e.typeStoresOf(callee) {
						if s.Result >= 0 {
							continue
						}
						for _, q := range paths.SubstLocation(s.Path, st.Res, common.Args, bindings) {
							if q.Key == p.Key || paths.Match(q, p) {
								return undecided
							}
						}
					}
				}
			}
		}
	}
	if store == nil || !paths.Dominates(store, ev.Instr) {
		return undecided
	}
	return e.decideValue(st.Fn, store.Val, want, 0)
}

// decideValue decides whether the interface value v of fn can hold one
// of want: from the conversions that make it, through phis, and from
// the package of the function that returns it.
func (e *Engine) decideValue(fn *ssa.Function, v ssa.Value, want []string, depth int) decision {
	if ts := e.valueTypes(fn, v); len(ts) > 0 {
		if intersects(ts, want) {
			return holds
		}
		return fails
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.IsNil() {
			return fails
		}
	case *ssa.Phi:
		if depth > 4 {
			return undecided
		}
		d := fails
		for _, x := range v.Edges {
			switch e.decideValue(fn, x, want, depth+1) {
			case holds:
				return holds
			case undecided:
				d = undecided
			}
		}
		return d
	}
	if foreignValue(v, want) {
		return fails
	}
	return undecided
}

// foreignValue reports whether v is the result of a call to a function
// of a package that cannot name any of the types want (it does not
// import their packages): net.Dial's net.Conn is not the package's
// websocket adapter.
func foreignValue(v ssa.Value, want []string) bool {
	call, _ := paths.CallResult(v)
	if call == nil || call.Call.IsInvoke() {
		return false
	}
	callee, _ := ssaview.FuncValue(call.Call.Value)
	if callee == nil || callee.Pkg == nil {
		if f, ok := call.Call.Value.(*ssa.Function); ok && f.Object() != nil && f.Object().Pkg() != nil {
			return !canName(f.Object().Pkg(), want)
		}
		return false
	}
	return !canName(callee.Pkg.Pkg, want)
}

// canName reports whether pkg imports, directly or not, the package of
// one of the types want (type keys: "*example.com/p.T").
func canName(pkg *types.Package, want []string) bool {
	paths := make(map[string]bool)
	for _, w := range want {
		w = strings.TrimLeft(w, "*")
		if i := strings.LastIndex(w, "."); i > 0 {
			paths[w[:i]] = true
		}
	}
	seen := make(map[*types.Package]bool)
	var visit func(p *types.Package) bool
	visit = func(p *types.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		if paths[p.Path()] {
			return true
		}
		for _, q := range p.Imports() {
			if visit(q) {
				return true
			}
		}
		return false
	}
	return visit(pkg)
}

// madeHere reports whether v is an object whose every store the
// function can see: one it allocated, or one a constructor whose summary
// it has returned.
func madeHere(v ssa.Value) bool {
	if _, ok := v.(*ssa.Alloc); ok {
		return true
	}
	call, _ := paths.CallResult(v)
	if call == nil || call.Call.IsInvoke() {
		return false
	}
	callee, _ := ssaview.FuncValue(call.Call.Value)
	return callee != nil
}

// decidePackage decides a condition from the package's evidence: what
// it stores into such a location, or passes for such a parameter.
func (e *Engine) decidePackage(fn *ssa.Function, p paths.Path, want []string) decision {
	if k := locKey(p); k != "" {
		if intersects(e.fieldTypes()[k], want) {
			return holds
		}
		return fails
	}
	var got []string
	switch p.Root.Kind {
	case paths.RootParam:
		got = e.paramTypes(fn, p.Root.Index, 0)
	case paths.RootFreeVar:
		if p.Root.Index < len(fn.FreeVars) {
			if parent, v := binding(fn, fn.FreeVars[p.Root.Index]); v != nil {
				got = e.valueTypes(parent, v)
				if prm, ok := v.(*ssa.Parameter); ok {
					got = union(got, e.paramTypes(parent, slices.Index(parent.Params, prm), 0))
				}
			}
		}
	}
	if intersects(got, want) {
		return holds
	}
	return fails
}

// decideConds settles the conditions of the accesses of st.fn's events.
// Each condition holds if the interface value at one of its paths can
// hold one of its types. On a value the function created, the condition
// is decided here: the access is dropped, or no longer conditional.
// Paths rooted at parameters, free variables and globals are kept for
// the callers, which may know the object (a test that made its own
// client); here, the package's evidence decides whether the access takes
// part in pairs (access.unproven).
func (e *Engine) decideConds(st *FuncState, events []*effect.Event) {
	for _, ev := range events {
		out := ev.Accesses[:0]
		for _, a := range ev.Accesses {
			if len(a.Conds) > 0 {
				var ok bool
				a, ok = e.decideAccess(st, ev, a)
				if !ok {
					continue
				}
			}
			out = append(out, a)
		}
		ev.Accesses = out
	}
}

// decideAccess settles a's conditions; ok is false when one fails.
func (e *Engine) decideAccess(st *FuncState, ev *effect.Event, a effect.Access) (_ effect.Access, ok bool) {
	var rest []effect.DispatchCond
	for _, c := range a.Conds {
		var open []paths.Path
		local, shared := false, false
		for _, p := range c.Recv {
			if d := e.decideStatic(st, p, c.Types); d != undecided {
				local = local || d == holds
				continue
			}
			// A goroutine the event starts reads what the function
			// stored before starting it, as far as the function can
			// tell (as forwarded does for identity; a later store by
			// other code is a reconnect, see path.go's ownElem).
			if d := e.decideStored(st, ev, p, c.Types); d != undecided {
				local = local || d == holds
				continue
			}
			if p.Root.Kind == paths.RootLocal {
				d := e.decideLocal(st, p, c.Types)
				if d == undecided {
					d = e.decidePackage(st.Fn, p, c.Types)
				}
				local = local || d == holds
				continue
			}
			open = append(open, p)
			shared = shared || e.decidePackage(st.Fn, p, c.Types) == holds
		}
		switch {
		case local:
			// Satisfied: the value is one the function made.
		case len(open) == 0:
			return a, false
		default:
			rest = append(rest, effect.DispatchCond{Recv: open, Types: c.Types})
			if !shared {
				a.Unproven = true
			}
		}
	}
	a.Conds = rest
	return a, true
}

// substConds rewrites a callee's conditions into the caller's terms. A
// condition whose value the caller can't name is one the callee could
// not decide either: it stays, on no path, and fails where decided.
func substConds(cs []effect.DispatchCond, caller *paths.Resolver, args, bindings []ssa.Value) []effect.DispatchCond {
	var out []effect.DispatchCond
	for _, c := range cs {
		var recv []paths.Path
		for _, p := range c.Recv {
			recv = append(recv, paths.SubstLocation(p, caller, args, bindings)...)
		}
		out = append(out, effect.DispatchCond{Recv: recv, Types: c.Types})
	}
	return out
}
