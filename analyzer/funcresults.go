package analyzer

import (
	"go/token"
	"go/types"

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
func (e *engine) funcResultsOf(st *funcState) [][]access {
	results := st.fn.Signature.Results()
	var out [][]access
	for i := 0; i < results.Len(); i++ {
		if !callable(results.At(i).Type()) {
			continue
		}
		v := returnedValue(st.fn, i)
		if v == nil {
			continue
		}
		fn, args, bindings := e.spawnedFunc(v)
		if fn == nil || fn == st.fn {
			continue
		}
		var accs []access
		for _, a := range e.lift(st, v.Pos(), fn, args, bindings, nil, token.NoPos) {
			if a.conn.root.kind == rootLocal {
				continue // a value the factory made for this closure alone
			}
			a.locks = exported(a.locks)
			accs = append(accs, a)
		}
		if len(accs) == 0 {
			continue
		}
		if out == nil {
			out = make([][]access, results.Len())
		}
		out[i] = accs
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
				if st := uniqueStore(a, ""); st != nil {
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
func (e *engine) madeFuncEffect(st *funcState, v ssa.Value, pos token.Pos, held lockset, goPos token.Pos) ([]access, bool) {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			v = x.X
			continue
		}
		break
	}
	call, i := callResult(v)
	if call == nil {
		return nil, false
	}
	if arg, ok := onceWrapped(call.Common()); ok {
		// sync.OnceFunc(f)(): f runs here (the first time).
		fn, args, bindings := e.spawnedFunc(arg)
		if fn == nil {
			return nil, false
		}
		return e.lift(st, pos, fn, args, bindings, held, goPos), true
	}
	factory, bindings := e.callee(call.Common())
	if factory == nil {
		return nil, false
	}
	sum := e.summarize(factory)
	if i >= len(sum.funcResults) || sum.funcResults[i] == nil {
		return nil, false
	}
	return e.liftSummary(st, pos, factory, &summary{accesses: sum.funcResults[i]}, call.Common().Args, bindings, held, goPos), true
}
