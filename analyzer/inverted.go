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
// The gate (mayHoldConn) would skip the transport: it cannot reach a
// conn through its imports. runsOwnInterface admits it, cheaply, from
// its syntax and types: it starts goroutines and calls a method of an
// interface it declares. A package that calls only other packages'
// interfaces is not admitted (io.Writer, context.Context and the like
// are everywhere; an interface declared here is what an adapter
// elsewhere implements), nor is the standard library (net/http runs its
// Handler on goroutines: the spawner table models it, and analysing it
// would make every importer of net/http name a fact).
func runsOwnInterface(pass *analysis.Pass) bool {
	if standardPath(pass.Pkg.Path()) {
		return false
	}
	goes, calls := false, false
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				goes = true
			case *ast.SelectorExpr:
				sel, ok := pass.TypesInfo.Selections[n]
				if !ok || sel.Kind() != types.MethodVal {
					break
				}
				if named := namedOf(sel.Recv()); named != nil && named.Obj().Pkg() == pass.Pkg && types.IsInterface(named) {
					calls = true
				}
			}
			return !(goes && calls)
		})
		if goes && calls {
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
