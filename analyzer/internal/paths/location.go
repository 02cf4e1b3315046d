package paths

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Location returns the paths of where the interface value v is read
// from, without seeing through the stores the function made: a field
// load is the field (c.conn, whatever was stored there), a value the
// function computes (a conversion, a phi, a call's result) is itself.
// Conditions name interface values this way, so that the stores that
// put a type there, and the values that make one, decide them.
func (r *Resolver) Location(v ssa.Value) []Path {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		if fa, ok := load.X.(*ssa.FieldAddr); ok {
			return r.AddrLocation(fa)
		}
	}
	if types.IsInterface(v.Type()) {
		switch v.(type) {
		case *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.Phi, *ssa.Call, *ssa.Extract, *ssa.TypeAssert:
			return []Path{r.Local(v)}
		}
	}
	return r.Resolve(v)
}

// AddrLocation returns the paths of the location a store writes to,
// without seeing through earlier stores (see Location).
func (r *Resolver) AddrLocation(addr ssa.Value) []Path {
	switch addr := addr.(type) {
	case *ssa.FieldAddr:
		var out []Path
		for _, b := range r.Resolve(addr.X) {
			out = append(out, b.With(FieldElem(addr.X.Type(), addr.Field, ByKey)))
		}
		return out
	case *ssa.IndexAddr:
		var out []Path
		for _, b := range r.Resolve(addr.X) {
			out = append(out, b.With(AnyElemSel))
		}
		return out
	case *ssa.Global:
		return r.Resolve(addr)
	}
	return nil
}

// SubstLocation rewrites a callee's location into the caller's terms.
// Keys of the callee's element selections are not carried over: such a
// selection becomes "some element".
func SubstLocation(p Path, caller *Resolver, args, bindings []ssa.Value) []Path {
	var bases []Path
	switch p.Root.Kind {
	case RootParam:
		if p.Root.Index < len(args) {
			bases = caller.Location(args[p.Root.Index])
		}
	case RootFreeVar:
		if p.Root.Index < len(bindings) {
			bases = caller.Location(bindings[p.Root.Index])
		}
	case RootGlobal:
		bases = []Path{NewPath(p.Root, nil)}
	}
	var out []Path
	for _, b := range bases {
		for _, e := range p.Elems {
			if e.Index != nil {
				e = AnyElemSel
			}
			b = b.With(e)
		}
		out = append(out, b)
	}
	return out
}
