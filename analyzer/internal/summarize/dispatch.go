package summarize

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Calls through interfaces. Real code often writes through an interface:
// a hand-written one that *websocket.Conn satisfies, or one whose
// implementation is a wrapper that writes. A call through an interface
// is resolved to the concrete types the package can see: the type of
// the value when the function itself converted it, otherwise every type
// the package converts to an interface that has the method (a class
// hierarchy analysis limited to this package). Implementations the
// package never sees are unknown, and a call with no known
// implementation does nothing.

// dispatchTarget is one possible callee of an interface call.
type dispatchTarget struct {
	typ  types.Type    // the concrete type
	conn bool          // the concrete type is a connection type
	fn   *ssa.Function // otherwise the concrete method
}

// dispatch returns the possible callees of an invoke-mode call. exact
// is true when the function sees where the value was made; otherwise
// the targets are every implementation the package converts, and which
// one the call reaches is decided by evidence (dyntypes.go).
func (e *Engine) dispatch(fn *ssa.Function, common *ssa.CallCommon) (_ []dispatchTarget, exact bool) {
	iface, ok := common.Value.Type().Underlying().(*types.Interface)
	if !ok {
		return nil, false
	}
	name := common.Method.Name()
	types := concreteTypes(fn, common.Value, 0)
	exact = types != nil
	var memoKey string
	if types == nil {
		// Every implementation the package converts: the same for
		// every call of this method of this interface.
		memoKey = typeString(common.Value.Type()) + "." + name
		if out, ok := e.dispatchMemo[memoKey]; ok {
			return out, false
		}
		types = e.convertedTypes()
	}
	var out []dispatchTarget
	for _, t := range types {
		if !typesImplements(t, iface) {
			continue
		}
		if n := ssaview.NamedOf(t); n != nil && e.contract.IsConnNamed(n) {
			if _, ok := contract.ConnMethods[name]; ok {
				out = append(out, dispatchTarget{typ: t, conn: true})
			}
			continue
		}
		if m := e.lookupMethod(t, name); m != nil {
			out = append(out, dispatchTarget{typ: t, fn: m})
		}
	}
	if memoKey != "" {
		if e.dispatchMemo == nil {
			e.dispatchMemo = make(map[string][]dispatchTarget)
		}
		e.dispatchMemo[memoKey] = out
	}
	return out, exact
}

func typeString(t types.Type) string { return types.TypeString(t, nil) }

// exportedMethods returns the functions of t's exported methods (those
// of its method set, promoted ones as wrappers).
func (e *Engine) exportedMethods(t types.Type) []*ssa.Function {
	var out []*ssa.Function
	mset := e.prog.MethodSets.MethodSet(t)
	for i := 0; i < mset.Len(); i++ {
		if sel := mset.At(i); sel.Obj().Exported() {
			if m := e.prog.MethodValue(sel); m != nil {
				out = append(out, m)
			}
		}
	}
	return out
}

func typesImplements(t types.Type, iface *types.Interface) bool {
	if types.IsInterface(t) {
		return false
	}
	return types.Implements(t, iface)
}

// concreteTypes returns the dynamic types v (a value of function fn)
// can have when the program makes the interface value where the function
// or the closure's parent can see it, or nil when it can't tell. It
// follows variables assigned once and closure captures.
func concreteTypes(fn *ssa.Function, v ssa.Value, depth int) []types.Type {
	if depth > 6 {
		return nil
	}
	switch v := v.(type) {
	case *ssa.MakeInterface:
		return []types.Type{v.X.Type()}
	case *ssa.ChangeInterface:
		return concreteTypes(fn, v.X, depth+1)
	case *ssa.Phi:
		var out []types.Type
		for _, e := range v.Edges {
			ts := concreteTypes(fn, e, depth+1)
			if ts == nil {
				if c, ok := e.(*ssa.Const); ok && c.IsNil() {
					continue
				}
				return nil
			}
			out = append(out, ts...)
		}
		return out
	case *ssa.FreeVar:
		if parent, b := binding(fn, v); b != nil {
			return concreteTypes(parent, b, depth+1)
		}
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return nil
		}
		switch x := v.X.(type) {
		case *ssa.Alloc:
			if st := ssaview.StoredOnce(x); st != nil {
				return concreteTypes(fn, st, depth+1)
			}
		case *ssa.FreeVar:
			// A variable captured by reference: the parent's
			// variable, assigned once.
			if parent, b := binding(fn, x); b != nil {
				if a, ok := b.(*ssa.Alloc); ok {
					if st := ssaview.StoredOnce(a); st != nil {
						return concreteTypes(parent, st, depth+1)
					}
				}
			}
		}
	}
	return nil
}

// binding returns the value the closure fn's parent binds to free
// variable fv, when the parent creates fn in one place.
func binding(fn *ssa.Function, fv *ssa.FreeVar) (*ssa.Function, ssa.Value) {
	i := slices.Index(fn.FreeVars, fv)
	parent := fn.Parent()
	if i < 0 || parent == nil {
		return nil, nil
	}
	var found ssa.Value
	n := 0
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				found = mc.Bindings[i]
				n++
			}
		}
	}
	if n != 1 {
		return nil, nil
	}
	return parent, found
}

// convertedTypes returns every concrete type the package converts to an
// interface, in a stable order. It is computed once per package.
func (e *Engine) convertedTypes() []types.Type {
	e.indexConversions()
	return e.converted
}

// ConvertedTo returns the interface types the package converts values of
// type t to, in the order it first does.
func (e *Engine) ConvertedTo(t types.Type) []types.Type {
	e.indexConversions()
	return e.convertedTo[types.TypeString(t, nil)]
}

// indexConversions scans the package's conversions to interfaces once:
// the concrete types converted, and the interfaces each is converted to.
func (e *Engine) indexConversions() {
	if e.converted != nil {
		return
	}
	e.convertedTo = make(map[string][]types.Type)
	out := []types.Type{}
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				mi, ok := instr.(*ssa.MakeInterface)
				if !ok {
					continue
				}
				t := mi.X.Type()
				k := types.TypeString(t, nil)
				to, seen := e.convertedTo[k]
				if !seen {
					out = append(out, t)
				}
				if !slices.ContainsFunc(to, func(u types.Type) bool { return types.Identical(u, mi.Type()) }) {
					e.convertedTo[k] = append(to, mi.Type())
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b types.Type) int {
		return strings.Compare(types.TypeString(a, nil), types.TypeString(b, nil))
	})
	e.converted = out
}
