package summarize

import (
	"go/types"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"golang.org/x/tools/go/ssa"
)

// Goroutines left running on the objects a function returns. A
// constructor (NewClient, Dial, newSession) builds an object, starts its
// pinger or reader on it and returns it: the goroutine outlives the call
// and keeps using the object's conn, under the object's mutex. Its
// accesses are on values local to the constructor (the object it
// allocated, the conn it dialled and stored in a field), which callers
// can't name; renamed as the result they returned (rootResult: result i
// and the selections below it), callers see them on the value they got
// back, and the open world (openworld.go) compares them with the
// methods of the result's type.

// resultNames maps the local roots of st.fn that callers can name
// through a result: the value every non-nil return of result i returns,
// when it is one local value (named "result i"), and, when that value is
// an object the function allocated, the local values stored once in its
// fields (named "result i, field f").
func resultNames(st *FuncState) map[string]paths.Path {
	results := st.Fn.Signature.Results()
	var out map[string]paths.Path
	for i := 0; i < results.Len(); i++ {
		v := returnedLocal(st, i)
		if v == nil {
			continue
		}
		if out == nil {
			out = make(map[string]paths.Path)
		}
		r := paths.NewPath(paths.Root{Kind: paths.RootResult, Index: i, Name: st.Res.Local(v).Root.Name}, nil)
		out[st.Res.Local(v).Key] = r
		alloc, ok := v.(*ssa.Alloc)
		if !ok {
			continue
		}
		for _, ref := range *alloc.Referrers() {
			fa, ok := ref.(*ssa.FieldAddr)
			if !ok {
				continue
			}
			ps := st.Res.StoredValue(alloc, paths.FieldName(fa.X.Type(), fa.Field))
			if len(ps) != 1 || ps[0].Root.Kind != paths.RootLocal || len(ps[0].Elems) > 0 {
				continue
			}
			if _, seen := out[ps[0].Key]; !seen {
				out[ps[0].Key] = r.With(paths.FieldElem(fa.X.Type(), fa.Field, paths.ByKey))
			}
		}
	}
	return out
}

// returnedLocal returns the local value every non-nil return of result
// i of st.fn returns, or nil.
func returnedLocal(st *FuncState, i int) ssa.Value {
	var v ssa.Value
	for _, r := range nonNilReturns(st.Fn, i) {
		ps := st.Res.Resolve(r)
		if len(ps) != 1 || ps[0].Root.Kind != paths.RootLocal || len(ps[0].Elems) > 0 {
			return nil
		}
		if v != nil && ps[0].Root.Local != v {
			return nil
		}
		v = ps[0].Root.Local
	}
	return v
}

// asResult renames p, rooted at a local of the function, as the result
// that holds it; ok is false when no result does.
func asResult(p paths.Path, names map[string]paths.Path) (paths.Path, bool) {
	if p.Root.Kind != paths.RootLocal || names == nil {
		return p, false
	}
	r, ok := names[paths.NewPath(p.Root, nil).Key]
	if !ok {
		return p, false
	}
	for _, e := range p.Elems {
		r = r.With(e)
	}
	return r, true
}

// leftOnResult renames what an access of a goroutine the function
// leaves running reaches through one of its results: the conn, the
// locks it holds, the signals it waits for.
func leftOnResult(a effect.Access, names map[string]paths.Path) effect.Access {
	if names == nil {
		return a
	}
	b := a
	b.Conn, _ = asResult(a.Conn, names)
	b.Locks = nil
	for _, l := range a.Locks {
		if q, ok := asResult(l.Path, names); ok {
			l.Path = q
		}
		b.Locks = append(b.Locks, l)
	}
	b.Done = renameSignals(a.Done, names)
	b.Waits = renameSignals(a.Waits, names)
	return b
}

func renameSignals(sigs []effect.Signal, names map[string]paths.Path) []effect.Signal {
	var out []effect.Signal
	for _, s := range sigs {
		if q, ok := asResult(s.Path, names); ok {
			s.Path = q
		}
		out = append(out, s)
	}
	return out
}

// resultValues returns, per result of the function call calls, the value
// of the caller that holds it (nil for a result the caller drops).
func resultValues(call ssa.CallInstruction) []ssa.Value {
	c, ok := call.(*ssa.Call)
	if !ok {
		return nil // go and defer: the results are dropped
	}
	tuple, ok := c.Type().(*types.Tuple)
	if !ok {
		return []ssa.Value{c}
	}
	out := make([]ssa.Value, tuple.Len())
	for _, ref := range *c.Referrers() {
		if x, ok := ref.(*ssa.Extract); ok && out[x.Index] == nil {
			out[x.Index] = x
		}
	}
	return out
}

// substResult rewrites a callee's result-rooted path into the caller's
// terms: the value the caller received, then the same selections.
func substResult(p paths.Path, caller *paths.Resolver, results []ssa.Value) []paths.Path {
	if p.Root.Kind != paths.RootResult || p.Root.Index >= len(results) || results[p.Root.Index] == nil {
		return nil
	}
	as := paths.NewPath(paths.Root{Kind: paths.RootParam, Index: 0, Name: p.Root.Name}, p.Elems)
	return paths.Subst(as, caller, results[p.Root.Index:p.Root.Index+1], nil)
}
