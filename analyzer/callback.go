package analyzer

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Callbacks. A function that calls a function value it was given runs
// whatever the caller passes: under its own lock (a Guarded[T].Do(f)
// that locks around f) or on a goroutine of its own (go cb(msg),
// errgroup's Go(cb)). Such a function's summary records the call as a
// callback on its parameter; the caller, which knows the function value,
// runs the value's summary there.

// A callback is a call of one of the function's parameters or free
// variables.
type callback struct {
	freeVar bool // index is a free variable's, not a parameter's
	index   int
	locks   lockset // held at the call, in the function's terms
	async   bool
	goPos   token.Pos
}

// callbackOf returns the callback a call of function value v is, when v
// is a parameter or free variable of fn.
func callbackOf(fn *ssa.Function, v ssa.Value) (callback, bool) {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		v = load.X // a captured variable holding the function
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range fn.Params {
			if p == v {
				return callback{index: i}, true
			}
		}
	case *ssa.FreeVar:
		for i, fv := range fn.FreeVars {
			if fv == v {
				return callback{freeVar: true, index: i}, true
			}
		}
	}
	return callback{}, false
}

// liftCallbacks runs, at a call of callee, the function values the call
// passes for callee's callbacks, and re-exports the callbacks the caller
// only passes through (its own parameters).
func (e *engine) liftCallbacks(st *funcState, pos token.Pos, sum *summary, args, bindings []ssa.Value, held lockset, goPos token.Pos) []access {
	var out []access
	for _, cb := range sum.callbacks {
		vals := args
		if cb.freeVar {
			vals = bindings
		}
		if cb.index >= len(vals) {
			continue
		}
		v := vals[cb.index]
		var locks lockset
		for _, l := range cb.locks {
			if ps := subst(l.p, st.res, args, bindings); len(ps) == 1 {
				locks = locks.add(lock{p: ps[0], excl: l.excl})
			}
		}
		async, gp := cb.async, cb.goPos
		if async && !gp.IsValid() {
			gp = pos
		}
		if !async && goPos.IsValid() {
			async, gp = true, goPos
		}
		if !async {
			locks = locks.union(held)
		}
		if fn, fb := funcValue(v); fn != nil {
			if async {
				out = append(out, e.lift(st, pos, fn, nil, fb, nil, gp)...)
			} else {
				out = append(out, e.lift(st, pos, fn, nil, fb, locks, token.NoPos)...)
			}
			continue
		}
		if own, ok := callbackOf(st.fn, v); ok {
			own.locks, own.async, own.goPos = locks, async, gp
			if !async {
				// The caller's own callers add their locks.
				own.locks = exported(locks)
			}
			st.callbacks = append(st.callbacks, own)
		}
	}
	return out
}
