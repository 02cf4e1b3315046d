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

// foreignMethods returns the summaries of method name that the fact of
// the function of another package whose result v is carries, for the
// types of that result the package cannot name (typeByKey: an
// unexported type export data does not carry); nil when there are none.
func (e *Engine) foreignMethods(v ssa.Value, name string) []*effect.Summary {
	call, i := paths.CallResult(v)
	if call == nil || call.Call.IsInvoke() {
		return nil
	}
	callee, _ := ssaview.FuncValue(call.Call.Value)
	if callee == nil || callee.Blocks != nil || callee.Pkg == nil {
		return nil
	}
	var out []*effect.Summary
	for _, rm := range e.ImportedSummary(callee).ResultMethods {
		if rm.Result == i && rm.Name == name && typeByKey(callee.Pkg.Pkg, rm.Type) == nil {
			out = append(out, rm.Sum)
		}
	}
	return out
}

// ResultMethodsOf returns, for export, the summaries of the exported
// methods of the unexported types fn's results hold (resultTypes): an
// importer cannot name those types from export data.
func (e *Engine) ResultMethodsOf(fn *ssa.Function) []effect.ResultMethod {
	var out []effect.ResultMethod
	for _, ts := range e.resultTypes(fn) {
		for _, k := range ts.Types {
			t := typeByKey(e.Pass.Pkg, k)
			if t == nil {
				continue
			}
			if named := ssaview.NamedOf(t); named == nil || named.Obj().Exported() || named.Obj().Pkg() != e.Pass.Pkg {
				continue
			}
			for _, m := range e.exportedMethods(t) {
				if m.Blocks == nil {
					continue
				}
				if sum := e.Summarize(m); sum != nil && len(sum.Accesses) > 0 {
					out = append(out, effect.ResultMethod{Result: ts.Result, Type: k, Name: m.Name(), Sum: sum})
				}
			}
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
