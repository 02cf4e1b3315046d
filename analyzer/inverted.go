package analyzer

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Dependency inversion. A transport package often declares the interface
// its goroutines write through (type Socket interface{ Send([]byte)
// error }) and never imports a websocket package: an adapter package
// that imports it implements the interface with a gorilla conn, and a
// third package (or the adapter's) wires the two. The race is then in
// no single package: the transport's two goroutines call Send, the
// adapter's Send writes the conn.
//
// The transport's summaries say it: its calls of the interface's methods
// on a parameter are callbacks (callback.go), concurrent when they run on
// goroutines that overlap, and travel as facts. The package that passes
// the adapter to the transport lifts them with the adapter's Send
// (whose dynamic type a constructor's fact gives: resultTypes), and sees
// Send's writes overlap themselves.
//
// The gate (mayHoldConn) skips the transport: it cannot reach a conn
// through its imports. runsOwnInterface admits it, from its syntax and
// types, before any SSA is built. Its facts are marked (Transport) and
// do not admit its importers in turn: a package that merely uses a
// transport holds no conn, and the one that wires in the adapter names
// the adapter's facts.

// runsOwnInterface reports whether the package calls a method of an
// exported interface it declares on a goroutine it starts: in the body
// of a go statement's function literal, or in a function or method of
// the package that a go statement starts, or that those call, as far as
// the package's own static calls go. Interfaces of other packages do not
// count (io.Writer, context.Context and the like are everywhere; an
// interface declared here is what an adapter elsewhere implements), nor
// does the standard library (net/http runs its Handler on goroutines:
// the spawner table models it).
func runsOwnInterface(pass *analysis.Pass) bool {
	if standardPath(pass.Pkg.Path()) {
		return false
	}
	// The package's functions and methods: what each calls statically
	// in the package, and whether it calls an own interface.
	decls := make(map[*types.Func]*ast.FuncDecl)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					decls[fn] = fd
				}
			}
		}
	}
	// scan reports whether body calls an own interface method, and
	// adds the package functions it calls to next.
	scan := func(body ast.Node, next *[]*types.Func) bool {
		found := false
		ast.Inspect(body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			switch fun := ast.Unparen(call.Fun).(type) {
			case *ast.SelectorExpr:
				if sel, ok := pass.TypesInfo.Selections[fun]; ok && sel.Kind() == types.MethodVal {
					if named := namedOf(sel.Recv()); named != nil && named.Obj().Pkg() == pass.Pkg && named.Obj().Exported() && types.IsInterface(named) {
						found = true
						return false
					}
				}
				if fn, ok := pass.TypesInfo.Uses[fun.Sel].(*types.Func); ok && decls[fn] != nil {
					*next = append(*next, fn)
				}
			case *ast.Ident:
				if fn, ok := pass.TypesInfo.Uses[fun].(*types.Func); ok && decls[fn] != nil {
					*next = append(*next, fn)
				}
			}
			return true
		})
		return found
	}
	// The bodies go statements start, then what they call.
	var work []*types.Func
	for _, f := range pass.Files {
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			g, ok := n.(*ast.GoStmt)
			if !ok || found {
				return !found
			}
			if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
				found = scan(lit.Body, &work)
				return false
			}
			found = scan(g.Call, &work)
			return false
		})
		if found {
			return true
		}
	}
	seen := make(map[*types.Func]bool)
	for len(work) > 0 {
		fn := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[fn] {
			continue
		}
		seen[fn] = true
		if scan(decls[fn].Body, &work) {
			return true
		}
	}
	return false
}

// standardPath reports whether path is a standard library package's:
// its first element has no dot (module paths' do).
func standardPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
