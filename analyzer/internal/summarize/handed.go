package summarize

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Objects handed to user code. A server that makes a session for each
// conn, leaves a goroutine writing it, and hands the session to a
// callback its users set
//
//	s := &Session{conn: conn}
//	go s.pinger()
//	srv.OnConnect(s) // user code: keeps s, calls s.Send from anywhere
//
// has given away the session's exported methods: from the call on, user
// code may call any of them at any time, on goroutines of its own. Each
// exported method of the object is then as if started on a goroutine at
// the call of the callback (its accesses async there, marked Handed), so
// it overlaps the goroutines running by then and what the function
// does after. User code calling two of them at once is its own
// business: two handed accesses are not paired with each other.
//
// User code is a function value the package cannot see: an exported
// field's (srv.OnConnect), an exported package variable's, or a
// parameter of an exported function. The object is one the function
// made (or got from a constructor), of a type of the package or of
// another package whose methods' summaries are facts.

// handedToUser returns the accesses of the exported methods of the
// objects the call (of a function value the package cannot resolve)
// hands to user code, on a goroutine at pos.
func (e *Engine) handedToUser(st *FuncState, common *ssa.CallCommon, pos token.Pos) []effect.Access {
	name, ok := userFunc(st.Fn, common.Value)
	if !ok {
		return nil
	}
	var out []effect.Access
	for _, arg := range common.Args {
		if !madeHere(arg) {
			continue
		}
		ptr, ok := arg.Type().(*types.Pointer)
		if !ok {
			continue
		}
		named, ok := ptr.Elem().(*types.Named)
		if !ok || named.Obj().Pkg() == nil || e.contract.IsConnNamed(named) {
			continue
		}
		if pkg := named.Obj().Pkg(); pkg != e.Pass.Pkg && ssaview.StandardPath(pkg.Path()) {
			continue // the standard library's: its methods have no summaries
		}
		for _, m := range e.exportedMethods(ptr) {
			if ssaview.IsWrapper(m) {
				continue
			}
			for _, a := range e.lift(st, pos, m, []ssa.Value{arg}, nil, nil, pos) {
				if a.Side != contract.Write && a.Side != contract.Read {
					continue
				}
				a.Handed = m.Name() + "|" + name
				out = append(out, a)
			}
		}
	}
	return out
}

// userFunc reports whether v, a function value fn calls, is user code:
// loaded from an exported field or package variable, or a parameter of
// an exported function; name is how fn names it.
func userFunc(fn *ssa.Function, v ssa.Value) (name string, ok bool) {
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return "", false
		}
		switch x := v.X.(type) {
		case *ssa.FieldAddr:
			f := paths.FieldName(x.X.Type(), x.Field)
			return f, ast.IsExported(f)
		case *ssa.Global:
			return x.Name(), ast.IsExported(x.Name())
		}
	case *ssa.Parameter:
		obj, isFunc := fn.Object().(*types.Func)
		return v.Name(), isFunc && obj.Exported() && fn.Parent() == nil
	}
	return "", false
}
