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

// Which concrete types an interface location can hold. A call through an
// interface (c.conn.Write(p), where conn is a net.Conn) writes to a
// websocket conn only if the value it dispatches on can be a websocket
// adapter there. A package that converts its adapter to net.Conn in one
// constructor and dials plain TCP in another must not have every
// c.conn.Write counted as a websocket write.
//
// When the function making the call can see where the interface value
// was made (concreteTypes), the call is resolved exactly. Otherwise the
// accesses of each possible implementation are conditional: a
// dispatchCond names the interface value (by path) and the types that
// lead to the access. The condition is decided where the value's
// provenance can be seen, from evidence that such a type flows there:
//
//   - a value the function created itself (a struct it allocated, the
//     result of a constructor whose summary it has) holds what the
//     function, its callees and the constructor stored into it: a client
//     that only ever dialled TCP holds no adapter;
//   - a parameter's value holds what the package's call sites pass for
//     it;
//   - a field (of an object the function did not create) or a global
//     holds what the package stores into that field of that struct type,
//     or that global, anywhere.
//
// A condition on a parameter or global stays in the summary, so that a
// caller that created the object decides it more precisely (the tests of
// a client library that only use TCP). Evidence is looked for among the
// conversions, stores and calls the package makes; a value of unknown
// provenance with no such evidence is not the adapter (silence).

// valueTypes returns the concrete types v (of fn) can have, as type
// keys, when fn shows where it was made; nil if it can't tell.
func (e *Engine) valueTypes(fn *ssa.Function, v ssa.Value) []string {
	ts := concreteTypes(fn, v, 0)
	if ts == nil {
		ts = e.returnedTypes(v, 0)
	}
	var out []string
	for _, t := range ts {
		if k := effect.TypeKey(t); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// returnedTypes returns the concrete types a call of a function of this
// package returns as v (newAdapter(ws) returning net.Conn), when every
// return says.
func (e *Engine) returnedTypes(v ssa.Value, depth int) []types.Type {
	if depth > 3 {
		return nil
	}
	call, i := paths.CallResult(v)
	if call == nil {
		return nil
	}
	callee, _ := ssaview.FuncValue(call.Call.Value)
	if callee == nil || call.Call.IsInvoke() {
		return nil
	}
	if callee.Blocks == nil {
		return e.importedResultTypes(callee, i)
	}
	var out []types.Type
	for _, r := range nonNilReturns(callee, i) {
		ts := concreteTypes(callee, r, 0)
		if ts == nil {
			ts = e.returnedTypes(r, depth+1)
		}
		if ts == nil {
			return nil
		}
		out = append(out, ts...)
	}
	return out
}

// resultTypes returns, for each interface result of fn whose dynamic
// type every return says (a constructor returning its adapter as the
// interface another package declares), a store of those types into the
// result itself: the fact that tells callers in other packages what the
// value is (returnedTypes).
func (e *Engine) resultTypes(fn *ssa.Function) []effect.TypeStore {
	var out []effect.TypeStore
	res := fn.Signature.Results()
	for i := range res.Len() {
		if !types.IsInterface(res.At(i).Type()) {
			continue
		}
		var keys []string
		known := true
		for _, r := range nonNilReturns(fn, i) {
			ks := e.valueTypes(fn, r)
			if len(ks) == 0 {
				known = false
				break
			}
			keys = union(keys, ks)
		}
		if known && len(keys) > 0 {
			out = append(out, effect.TypeStore{Result: i, Types: keys})
		}
	}
	return out
}

// importedResultTypes returns the dynamic types the fact of callee, a
// function of another package, says its result i has (resultTypes).
func (e *Engine) importedResultTypes(callee *ssa.Function, i int) []types.Type {
	if callee.Pkg == nil {
		return nil
	}
	var out []types.Type
	for _, s := range e.ImportedSummary(callee).TypeStores {
		if s.Result != i || len(s.Path.Elems) > 0 {
			continue
		}
		for _, k := range s.Types {
			t := typeByKey(callee.Pkg.Pkg, k)
			if t == nil {
				return nil
			}
			out = append(out, t)
		}
	}
	return out
}

// typeByKey finds the type a key (typeKey) names among pkg and the
// packages it imports: "*example.com/a.conn" is a pointer to a's conn.
// Instantiated types are not found.
func typeByKey(pkg *types.Package, key string) types.Type {
	name, ptr := strings.CutPrefix(key, "*")
	dot := strings.LastIndex(name, ".")
	if dot < 0 || strings.ContainsAny(name, "[]") {
		return nil
	}
	path, name := name[:dot], name[dot+1:]
	seen := make(map[*types.Package]bool)
	var find func(p *types.Package) types.Type
	find = func(p *types.Package) types.Type {
		if seen[p] {
			return nil
		}
		seen[p] = true
		if p.Path() == path {
			if tn, ok := p.Scope().Lookup(name).(*types.TypeName); ok {
				if ptr {
					return types.NewPointer(tn.Type())
				}
				return tn.Type()
			}
			return nil
		}
		for _, q := range p.Imports() {
			if t := find(q); t != nil {
				return t
			}
		}
		return nil
	}
	return find(pkg)
}

// typeStoresOf returns the stores of typed values fn makes, directly or
// through its callees, into locations its callers can name (parameters,
// free variables, globals, the objects it returns). Functions of other
// packages have theirs in their facts.
func (e *Engine) typeStoresOf(fn *ssa.Function) []effect.TypeStore {
	if fn.Blocks == nil {
		return e.ImportedSummary(fn).TypeStores
	}
	if ts, ok := e.tstores[fn]; ok {
		return ts
	}
	e.tstores[fn] = nil // recursion: what is known so far
	all := e.storesIn(fn, paths.NewResolver(fn))
	// The objects fn returns: a store into one of them is a store into
	// the caller's result.
	results := make(map[ssa.Value]int)
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			for i, r := range ret.Results {
				if _, isAlloc := r.(*ssa.Alloc); isAlloc {
					results[r] = i
				}
			}
		}
	}
	var out []effect.TypeStore
	for _, s := range all {
		switch {
		case s.Path.Root.Kind != paths.RootLocal:
			out = append(out, s)
		case len(s.Path.Elems) > 0:
			if i, ok := results[s.Path.Root.Local]; ok {
				s.Result = i
				out = append(out, s)
			}
		}
	}
	e.tstores[fn] = out
	return out
}

// storesIn returns every store of a typed value fn makes, directly or
// through the callees it calls, in res's terms (local roots included).
func (e *Engine) storesIn(fn *ssa.Function, res *paths.Resolver) []effect.TypeStore {
	var out []effect.TypeStore
	add := func(ps []paths.Path, types []string) {
		for _, p := range ps {
			out = append(out, effect.TypeStore{Path: p, Result: -1, Types: types})
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Store:
				ts := e.valueTypes(fn, instr.Val)
				if len(ts) == 0 {
					continue
				}
				add(res.AddrLocation(instr.Addr), ts)
			case *ssa.MapUpdate:
				if ts := e.valueTypes(fn, instr.Value); len(ts) > 0 {
					var ps []paths.Path
					for _, p := range res.Resolve(instr.Map) {
						ps = append(ps, p.With(paths.AnyElemSel))
					}
					add(ps, ts)
				}
			case ssa.CallInstruction:
				common := instr.Common()
				if common.IsInvoke() {
					continue
				}
				callee, bindings := ssaview.FuncValue(common.Value)
				if callee == nil {
					continue
				}
				for _, s := range e.typeStoresOf(callee) {
					if s.Result >= 0 {
						if v, ok := instr.(ssa.Value); ok {
							if rv := resultValue(v, s.Result); rv != nil {
								add([]paths.Path{extendAll(res.Local(rv), s.Path.Elems)}, s.Types)
							}
						}
						continue
					}
					add(paths.SubstLocation(s.Path, res, common.Args, bindings), s.Types)
				}
			}
		}
	}
	return out
}

// resultValue returns the value holding result i of call, if any.
func resultValue(call ssa.Value, i int) ssa.Value {
	if t, ok := call.Type().(*types.Tuple); !ok || t.Len() <= 1 {
		if i == 0 {
			return call
		}
		return nil
	}
	for _, ref := range *call.Referrers() {
		if ex, ok := ref.(*ssa.Extract); ok && ex.Index == i {
			return ex
		}
	}
	return nil
}

// locKey names the location p ends in at the level of types: the last
// field selected (its struct type and name) or the global, followed by
// the element selections after it. Two objects of one type share it;
// "" for a location that is a parameter or free variable itself (or an
// element of one).
func locKey(p paths.Path) string {
	var b strings.Builder
	i := len(p.Elems) - 1
	for i >= 0 && p.Elems[i].Kind != paths.ElemField {
		i--
	}
	switch {
	case i >= 0:
		b.WriteString(p.Elems[i].Owner + "." + p.Elems[i].Name)
	case p.Root.Kind == paths.RootGlobal:
		b.WriteString("g:" + p.Root.Global)
	default:
		return ""
	}
	for _, e := range p.Elems[i+1:] {
		if e.Kind == paths.ElemIndex {
			b.WriteString("[]")
		}
	}
	return b.String()
}

// fieldTypes returns, per locKey, the types the package stores there
// (computed once per package).
func (e *Engine) fieldTypes() map[string][]string {
	if e.pkgStores != nil {
		return e.pkgStores
	}
	e.pkgStores = make(map[string][]string)
	for _, fn := range e.Funcs {
		for _, s := range e.storesIn(fn, paths.NewResolver(fn)) {
			if k := locKey(s.Path); k != "" {
				e.pkgStores[k] = union(e.pkgStores[k], s.Types)
			}
		}
		// A store of a parameter (a setter) holds what the callers pass.
		res := paths.NewResolver(fn)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				prm, ok := st.Val.(*ssa.Parameter)
				if !ok || !types.IsInterface(prm.Type()) {
					continue
				}
				i := slices.Index(fn.Params, prm)
				for _, p := range res.Resolve(st.Addr) {
					if k := locKey(p); k != "" {
						e.pkgStores[k] = union(e.pkgStores[k], e.paramTypes(fn, i, 0))
					}
				}
			}
		}
	}
	return e.pkgStores
}

// paramTypes returns the concrete types the package's calls pass for
// parameter i of fn.
func (e *Engine) paramTypes(fn *ssa.Function, i, depth int) []string {
	if depth > 3 || i < 0 {
		return nil
	}
	var out []string
	for _, site := range e.CallSites()[fn] {
		args := site.Common().Args
		if i >= len(args) {
			continue
		}
		caller := site.Parent()
		out = union(out, e.valueTypes(caller, args[i]))
		if prm, ok := args[i].(*ssa.Parameter); ok {
			out = union(out, e.paramTypes(caller, slices.Index(caller.Params, prm), depth+1))
		}
	}
	return out
}

// CallSites indexes the package's static calls by callee.
func (e *Engine) CallSites() map[*ssa.Function][]ssa.CallInstruction {
	if e.sites != nil {
		return e.sites
	}
	e.sites = make(map[*ssa.Function][]ssa.CallInstruction)
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok && !call.Common().IsInvoke() {
					if callee, _ := ssaview.FuncValue(call.Common().Value); callee != nil {
						e.sites[callee] = append(e.sites[callee], call)
					}
				}
			}
		}
	}
	return e.sites
}

func union(a, b []string) []string {
	for _, s := range b {
		if !slices.Contains(a, s) {
			a = append(a, s)
		}
	}
	slices.Sort(a)
	return a
}

func intersects(a, b []string) bool {
	for _, s := range a {
		if slices.Contains(b, s) {
			return true
		}
	}
	return false
}

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
