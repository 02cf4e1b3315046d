// Package ssaview is how the analysis reads SSA: the function a value
// denotes (through conversions, closures and variables assigned once), the
// function a call calls, named types behind pointers, synthetic wrappers.
// It takes SSA values and gives functions and types; it knows nothing of
// websockets.
package ssaview

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// CalledFunc returns the declared function or method a static call
// calls, and its receiver type name ("" for functions).
func CalledFunc(common *ssa.CallCommon) (*types.Func, string) {
	if common.IsInvoke() {
		return nil, ""
	}
	fn, ok := common.Value.(*ssa.Function)
	if !ok || IsWrapper(fn) {
		return nil, ""
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return nil, ""
	}
	recv := ""
	if r := obj.Type().(*types.Signature).Recv(); r != nil {
		if n := NamedOf(r.Type()); n != nil {
			recv = n.Obj().Name()
		}
	}
	return obj, recv
}

// Unconverted strips the conversions around v: to a named func type, and
// into an interface (only a func value's, unless anyIface).
func Unconverted(v ssa.Value, anyIface bool) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			if _, isFunc := x.X.Type().Underlying().(*types.Signature); isFunc || anyIface {
				v = x.X
				continue
			}
		}
		return v
	}
}

func IndexOf(instr ssa.Instruction) int {
	return slices.Index(instr.Block().Instrs, instr)
}

// FuncValue returns the function a function value denotes, with its
// closure bindings, when the package can see its body.
func FuncValue(v ssa.Value) (*ssa.Function, []ssa.Value) {
	var fn *ssa.Function
	var bindings []ssa.Value
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		// A function variable assigned once (var ping func(); ping =
		// func() { ...; time.AfterFunc(d, ping) }).
		if a, ok := load.X.(*ssa.Alloc); ok {
			if st := StoredOnce(a); st != nil {
				v = st
			}
		}
	}
	// A conversion to a named func type (ReplyFunc(f)) or to an
	// interface is the same function.
	v = Unconverted(v, false)
	switch v := v.(type) {
	case *ssa.Function:
		fn = v
	case *ssa.MakeClosure:
		fn, _ = v.Fn.(*ssa.Function)
		bindings = v.Bindings
	}
	if fn == nil {
		return nil, nil
	}
	if fn.Blocks == nil && fn.Origin() != nil && fn.Origin().Blocks != nil {
		fn = fn.Origin() // an instantiation without a body of its own
	}
	// Functions of other packages have no body here; their summaries
	// come from facts.
	return fn, bindings
}

// NamedOf returns the named type T for T or *T.
func NamedOf(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// IsWrapper reports whether fn is a synthetic wrapper with a body (a bound
// method, a promotion wrapper, a thunk). Those are analysed through the
// body, which calls the real method. Functions of other packages are
// synthetic too ("from type information") but have no body: they are
// matched by their declaration.
func IsWrapper(fn *ssa.Function) bool {
	return fn.Synthetic != "" && fn.Blocks != nil
}

// StoredOnce returns the value stored in a local variable when it is
// stored exactly once; nil otherwise.
func StoredOnce(box *ssa.Alloc) ssa.Value {
	var v ssa.Value
	for _, r := range *box.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == box {
			if v != nil {
				return nil
			}
			v = st.Val
		}
	}
	return v
}

func IsErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// StandardPath reports whether path is a standard library package's:
// its first element has no dot (module paths' do).
func StandardPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
