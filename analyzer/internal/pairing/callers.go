package pairing

import (
	"go/types"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/callerlocks"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Entry points serialised by their callers. A type the package does not
// export can be reached from other packages only through the interfaces
// its values are converted to; when each is another package's interface
// whose package calls the method only under one mutex (callerlocks), the
// method's calls are ordered by that package. Two such methods under a
// common mutex never overlap: a library that calls Transport.Write and
// Transport.WriteMany only from its writer, under the writer's lock,
// makes an unguarded EnableWriteCompression in the implementation safe
// beside the guarded WriteMessage (lock consistency would otherwise take
// the implementation's own mutex as evidence of concurrent callers).

// callerSerialised reports whether other packages call x and y, methods
// of one of the package's unexported types, only under a mutex they
// share.
func (e *pairer) callerSerialised(x, y *ssa.Function) bool {
	lx, ly := e.callerLocks(x), e.callerLocks(y)
	return slices.ContainsFunc(lx, func(l string) bool { return slices.Contains(ly, l) })
}

// callerLocks returns the mutexes held around every call other packages
// can make of fn, or nil when some call may hold none: fn is not a
// method of an unexported type of the package whose values leave it
// only as interfaces with a callerlocks fact for fn's name.
func (e *pairer) callerLocks(fn *ssa.Function) []string {
	if ls, ok := e.callerLocksMemo[fn]; ok {
		return ls
	}
	ls := e.callerLocksOf(fn)
	if e.callerLocksMemo == nil {
		e.callerLocksMemo = make(map[*ssa.Function][]string)
	}
	e.callerLocksMemo[fn] = ls
	return ls
}

func (e *pairer) callerLocksOf(fn *ssa.Function) []string {
	if fn == nil || fn.Signature.Recv() == nil || fn.Synthetic != "" || !isEntry(fn) {
		return nil
	}
	named := ssaview.NamedOf(fn.Signature.Recv().Type())
	if named == nil || named.Obj().Pkg() != e.Pass.Pkg || named.Obj().Exported() || e.exposed(named) {
		return nil
	}
	targets := e.interfacesOf(named)
	if len(targets) == 0 {
		return nil
	}
	var locks []string
	for i, t := range targets {
		obj, _, _ := types.LookupFieldOrMethod(t, false, e.Pass.Pkg, fn.Name())
		m, ok := obj.(*types.Func)
		if !ok {
			return nil // reached through this interface by an assertion, maybe
		}
		ls := callerlocks.Of(e.Pass, m)
		if i == 0 {
			locks = ls
		} else {
			locks = slices.DeleteFunc(slices.Clone(locks), func(l string) bool { return !slices.Contains(ls, l) })
		}
		if len(locks) == 0 {
			return nil
		}
	}
	return locks
}

// interfacesOf returns the interface types the package converts values
// of t (or *t) to.
func (e *pairer) interfacesOf(t *types.Named) []types.Type {
	out := slices.Clone(e.ConvertedTo(t))
	for _, u := range e.ConvertedTo(types.NewPointer(t)) {
		if !slices.ContainsFunc(out, func(v types.Type) bool { return types.Identical(u, v) }) {
			out = append(out, u)
		}
	}
	return out
}

// exposed reports whether other packages can name a value of t other
// than through an interface: an exported function or variable of the
// package gives one, or one of the package's types embeds t (promoting
// its methods).
func (e *pairer) exposed(t *types.Named) bool {
	mentions := func(u types.Type) bool {
		for {
			switch v := types.Unalias(u).(type) {
			case *types.Pointer:
				u = v.Elem()
			case *types.Slice:
				u = v.Elem()
			case *types.Array:
				u = v.Elem()
			case *types.Map:
				u = v.Elem()
			case *types.Chan:
				u = v.Elem()
			case *types.Named:
				return v.Obj() == t.Obj()
			default:
				return false
			}
		}
	}
	results := func(sig *types.Signature) bool {
		for v := range sig.Results().Variables() {
			if mentions(v.Type()) {
				return true
			}
		}
		return false
	}
	scope := e.Pass.Pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			if obj.Exported() && results(obj.Signature()) {
				return true
			}
		case *types.Var:
			if obj.Exported() && mentions(obj.Type()) {
				return true
			}
		case *types.TypeName:
			n, ok := types.Unalias(obj.Type()).(*types.Named)
			if !ok {
				continue
			}
			if st, ok := n.Underlying().(*types.Struct); ok {
				for f := range st.Fields() {
					if f.Embedded() && mentions(f.Type()) || obj.Exported() && f.Exported() && mentions(f.Type()) {
						return true
					}
				}
			}
			if obj.Exported() {
				for m := range n.Methods() {
					if m.Exported() && results(m.Signature()) {
						return true
					}
				}
			}
		}
	}
	return false
}
