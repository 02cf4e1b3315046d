package summarize

import (
	"cmp"
	"go/token"
	"go/types"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Function values a function returns. A handler factory
// (func (s *Server) wsHandler() http.HandlerFunc { return func(w, r) {
// ... s.conn.WriteMessage ... } }) returns a closure that writes when it
// is called, which may be far from the factory: registered with a router
// (mux.Handle("/ws", s.wsHandler())), started (go s.pump()()), or called
// in place. The factory's summary keeps, per result, what that closure
// does, in the factory's terms (its receiver and parameters, which the
// closure captured); a call of the value, or a spawner given it, lifts
// those accesses with the factory call's arguments.

// funcResultsOf returns, per result of st.fn, the accesses of the
// function value every return returns, or nil when no result is one.
func (e *Engine) funcResultsOf(st *FuncState) [][]effect.Access {
	results := st.Fn.Signature.Results()
	var out [][]effect.Access
	for i := 0; i < results.Len(); i++ {
		if !callable(results.At(i).Type()) {
			continue
		}
		v := returnedValue(st.Fn, i)
		if v == nil {
			continue
		}
		accs := e.closureAccesses(st, v)
		for j := range accs {
			accs[j].Locks = effect.Exported(accs[j].Locks)
		}
		if len(accs) == 0 {
			continue
		}
		if out == nil {
			out = make([][]effect.Access, results.Len())
		}
		out[i] = accs
	}
	return out
}

// closureAccesses returns what calling the function value v, which
// st.fn made, does, in st.fn's terms: not on values st.fn made for the
// closure alone (those are the closure's own).
func (e *Engine) closureAccesses(st *FuncState, v ssa.Value) []effect.Access {
	fn, args, bindings := e.spawnedFunc(v)
	if fn == nil || fn == st.Fn {
		return nil
	}
	var out []effect.Access
	for _, a := range e.lift(st, v.Pos(), fn, args, bindings, nil, token.NoPos) {
		if a.Conn.Root.Kind != paths.RootLocal {
			out = append(out, a)
		}
	}
	return out
}

// callable reports whether a value of type t can be called or served: a
// function, or an interface with a ServeHTTP method (an http.Handler
// holding a HandlerFunc). Not error, nor other interfaces.
func callable(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Signature:
		return true
	case *types.Interface:
		for i := 0; i < u.NumMethods(); i++ {
			if u.Method(i).Name() == "ServeHTTP" {
				return true
			}
		}
	}
	return false
}

// returnedValue returns the one value every return of result i returns,
// or nil. A function with a deferred call returns its results through
// variables (*t0 = x; ...; return *t0): the value stored once there.
func returnedValue(fn *ssa.Function, i int) ssa.Value {
	var v ssa.Value
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || i >= len(ret.Results) {
			continue
		}
		r := ret.Results[i]
		if load, ok := r.(*ssa.UnOp); ok && load.Op == token.MUL {
			if a, ok := load.X.(*ssa.Alloc); ok {
				if st := ssaview.StoredOnce(a); st != nil {
					r = st
				}
			}
		}
		if v != nil && r != v {
			return nil
		}
		v = r
	}
	return v
}

// madeFuncEffect returns the accesses of calling (or spawning) v when v
// is a function value a call of this package's code returned (possibly
// converted: http.HandlerFunc(s.wsHandler())), or one sync.OnceFunc and
// its kin returned; ok is false otherwise.
func (e *Engine) madeFuncEffect(st *FuncState, v ssa.Value, pos token.Pos, held lockset.Set, goPos token.Pos) ([]effect.Access, bool) {
	v = ssaview.Unconverted(v, true)
	if accs, ok := e.fieldFuncEffect(st, v, pos, held, goPos); ok {
		return accs, true
	}
	call, i := paths.CallResult(v)
	if call == nil {
		return nil, false
	}
	if arg, ok := contract.OnceWrapped(call.Common()); ok {
		// sync.OnceFunc(f)(): f runs here (the first time).
		fn, args, bindings := e.spawnedFunc(arg)
		if fn == nil {
			return nil, false
		}
		return e.lift(st, pos, fn, args, bindings, held, goPos), true
	}
	factory, bindings := e.Callee(call.Common())
	if factory == nil {
		return nil, false
	}
	sum := e.Summarize(factory)
	if i >= len(sum.FuncResults) || sum.FuncResults[i] == nil {
		return nil, false
	}
	return e.liftSummary(st, pos, factory, &effect.Summary{Accesses: sum.FuncResults[i]}, call.Common().Args, bindings, held, goPos), true
}

// Function values in the fields of a struct. A struct the function
// fills in (h := &handler{send: func(m) { conn.WriteMessage(...) }}), or
// one a helper of the package fills in and returns (h :=
// newHandler(conn)), holds a function value that does what that closure
// does wherever the field is called: h.send(m), go h.send(m).

// funcFieldsOf returns the function-valued fields of the structs st.fn
// allocates and returns, with what their values do.
func (e *Engine) funcFieldsOf(st *FuncState) []effect.FuncField {
	var out []effect.FuncField
	for i := 0; i < st.Fn.Signature.Results().Len(); i++ {
		alloc, _ := returnedLocal(st, i).(*ssa.Alloc)
		if alloc == nil {
			continue
		}
		seen := make(map[string]bool)
		for _, ref := range *alloc.Referrers() {
			fa, ok := ref.(*ssa.FieldAddr)
			if !ok {
				continue
			}
			name := paths.FieldName(fa.X.Type(), fa.Field)
			if seen[name] {
				continue
			}
			seen[name] = true
			f := paths.UniqueStore(alloc, name)
			if f == nil {
				continue
			}
			if !callable(fa.Type().(*types.Pointer).Elem()) {
				out = append(out, e.nestedFuncFields(st, i, name, f)...)
				continue
			}
			if prm, ok := f.(*ssa.Parameter); ok {
				out = append(out, effect.FuncField{Result: i, Field: name, Param: slices.Index(st.Fn.Params, prm) + 1})
				continue
			}
			var accs []effect.Access
			for _, a := range e.closureAccesses(st, f) {
				// A mutex the function made for the closure (var mu
				// sync.Mutex captured by it) is the same mutex at every
				// call of the field: named below the result's field,
				// the caller sees it on the struct it got back.
				var locks lockset.Set
				for _, l := range a.Locks {
					if l.Path.Root.Kind == paths.RootLocal && len(l.Path.Elems) == 0 {
						r := paths.NewPath(paths.Root{Kind: paths.RootResult, Index: i, Name: "result"}, []paths.Elem{
							paths.FieldElem(fa.X.Type(), fa.Field, paths.ByKey),
							{Kind: paths.ElemField, Name: "captured " + l.Path.Root.Name},
						})
						locks = locks.Add(lockset.Lock{Path: r, Excl: l.Excl})
						continue
					}
					locks = locks.Add(l)
				}
				a.Locks = effect.Exported(locks)
				accs = append(accs, a)
			}
			if len(accs) > 0 {
				ff := effect.FuncField{Result: i, Field: name, Accs: accs}
				if fn, _ := ssaview.FuncValue(f); fn != nil && ssaview.IsWrapper(fn) {
					ff.Bound = f.Pos()
				}
				out = append(out, ff)
			}
		}
	}
	return out
}

// nestedFuncFields returns the function-valued fields, named below
// field, of the struct f, stored in field of st.fn's result i, when f
// is what a function of the package returned with those fields filled
// in: wc := &wsCodec{codec: newCodec(encode, conn.ReadJSON).(*codec)}
// gives wc's "codec.decode", the method value conn.ReadJSON.
func (e *Engine) nestedFuncFields(st *FuncState, i int, field string, f ssa.Value) []effect.FuncField {
	call, j := paths.CallResult(unwrapStruct(f))
	if call == nil {
		return nil
	}
	factory, bindings := e.Callee(call.Common())
	if factory == nil || factory == st.Fn {
		return nil
	}
	var out []effect.FuncField
	for _, ff := range e.Summarize(factory).FuncFields {
		if ff.Result != j {
			continue
		}
		nf := effect.FuncField{Result: i, Field: field + "." + ff.Field, Bound: ff.Bound}
		if ff.Param > 0 {
			arg := call.Common().Args[ff.Param-1]
			if prm, ok := arg.(*ssa.Parameter); ok {
				nf.Param = slices.Index(st.Fn.Params, prm) + 1
				out = append(out, nf)
				continue
			}
			nf.Accs, nf.Bound = e.argFuncAccesses(st, call, arg, nil, token.NoPos)
			nf.Accs = slices.DeleteFunc(nf.Accs, func(a effect.Access) bool { return a.Conn.Root.Kind == paths.RootLocal })
		} else {
			for _, a := range e.liftSummary(st, f.Pos(), factory, &effect.Summary{Accesses: ff.Accs}, call.Common().Args, bindings, nil, token.NoPos, resultValues(call)...) {
				if a.Conn.Root.Kind != paths.RootLocal {
					nf.Accs = append(nf.Accs, a)
				}
			}
		}
		for k := range nf.Accs {
			nf.Accs[k].Locks = effect.Exported(nf.Accs[k].Locks)
		}
		if len(nf.Accs) > 0 || nf.Param > 0 {
			out = append(out, nf)
		}
	}
	return out
}

// argFuncAccesses returns what calling arg, a function value st.fn
// passes to call, does; bound is where arg is a method value
// (conn.ReadJSON), the site of its accesses.
func (e *Engine) argFuncAccesses(st *FuncState, call ssa.CallInstruction, arg ssa.Value, held lockset.Set, goPos token.Pos) (accs []effect.Access, bound token.Pos) {
	fn, args, bindings := e.spawnedFunc(arg)
	if fn == nil || fn == st.Fn {
		return nil, token.NoPos
	}
	at := cmp.Or(arg.Pos(), call.Pos())
	accs = e.lift(st, at, fn, args, bindings, held, goPos)
	if ssaview.IsWrapper(fn) {
		bound = at
	}
	return accs, bound
}

// unwrapStruct returns the value v converts: a struct pointer asserted
// from the interface a constructor returns, or converted to another
// named type.
func unwrapStruct(v ssa.Value) ssa.Value {
	for range 4 {
		v = ssaview.Unconverted(v, true)
		ta, ok := v.(*ssa.TypeAssert)
		if !ok || ta.CommaOk {
			return v
		}
		v = ta.X
	}
	return v
}

// fieldFuncEffect returns the accesses of calling v when v is loaded
// from a function-valued field of a struct this function filled in, or
// of one a function of the package returned with the field filled in.
func (e *Engine) fieldFuncEffect(st *FuncState, v ssa.Value, pos token.Pos, held lockset.Set, goPos token.Pos) ([]effect.Access, bool) {
	fa, _ := LoadedField(v)
	if fa == nil {
		return nil, false
	}
	name := paths.FieldName(fa.X.Type(), fa.Field)
	x := fa.X
	if load, ok := x.(*ssa.UnOp); ok && load.Op == token.MUL {
		// The struct's pointer in a variable a closure captures
		// (c := newClient(ws); go func() { c.setLevel(3) }()): the
		// pointer stored there once.
		if a, ok := load.X.(*ssa.Alloc); ok {
			if v := ssaview.StoredOnce(a); v != nil {
				x = v
			}
		}
	}
	if alloc, ok := x.(*ssa.Alloc); ok {
		if f := paths.UniqueStore(alloc, name); f != nil {
			if fn, args, bindings := e.spawnedFunc(f); fn != nil && fn != st.Fn {
				return e.lift(st, pos, fn, args, bindings, held, goPos), true
			}
		}
		return nil, false
	}
	// The field of a struct a constructor returned, or of one held in
	// a field of it (wc.codec.decode(&v)).
	for range 3 {
		if accs, ok := e.liftFactoryField(st, pos, x, name, held, goPos, pos); ok {
			return accs, true
		}
		fa, parent := LoadedField(x)
		if fa == nil {
			break
		}
		name, x = paths.FieldName(fa.X.Type(), fa.Field)+"."+name, parent
	}
	return nil, false
}

// liftFactoryField lifts what calling the function value in field name
// of v does, when v is a result of a call of a function of the package
// that returned it with the field filled in (FuncFields), with the
// call's arguments; a method value's accesses are sited at site, the
// call of the field.
func (e *Engine) liftFactoryField(st *FuncState, pos token.Pos, v ssa.Value, name string, held lockset.Set, goPos, site token.Pos) ([]effect.Access, bool) {
	call, i := paths.CallResult(v)
	if call == nil {
		return nil, false
	}
	factory, bindings := e.Callee(call.Common())
	if factory == nil {
		return nil, false
	}
	for _, ff := range e.Summarize(factory).FuncFields {
		if ff.Result != i || ff.Field != name {
			continue
		}
		if ff.Param > 0 {
			// The field holds what the call passed for the parameter.
			accs, bound := e.argFuncAccesses(st, call, call.Common().Args[ff.Param-1], held, goPos)
			effect.RetargetBound(accs, bound, site)
			return accs, accs != nil
		}
		accs := e.liftSummary(st, pos, factory, &effect.Summary{Accesses: ff.Accs}, call.Common().Args, bindings, held, goPos, resultValues(call)...)
		effect.RetargetBound(accs, ff.Bound, site)
		if factory.Blocks == nil && site != pos {
			// Another package's factory: its accesses, sited at the
			// call that lifts them, belong at the call of the field.
			effect.RetargetBound(accs, pos, site)
		}
		return accs, true
	}
	return nil, false
}
