package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/callerlocks"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/runners"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
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

// runsOwnInterface reports whether the package hands a parameter of an
// exported interface type it declares to a goroutine it starts, as the
// transports the model follows do: a go statement's function literal
// calls a method on a parameter of the enclosing function
// (go func() { s.Send(m) }()) or on a field of that type
// (go func() { wt.master.Read(buf) }()), or a go statement passes such a
// parameter (go pump(s)). That is the callback the model lifts: the
// caller knows what it passed, or stored in the field through a
// constructor (webtty.New(&wsWrapper{conn})). Interfaces of other
// packages do not count (io.Writer, context.Context and the like are
// everywhere; an interface declared here is what an adapter elsewhere
// implements), nor does the standard library (net/http runs its Handler
// on goroutines: the spawner table models it).
func runsOwnInterface(pass *analysis.Pass) bool {
	if ssaview.StandardPath(pass.Pkg.Path()) {
		return false
	}
	// The exported interfaces the package declares: most packages have
	// none, and the gate ends here without walking a body.
	ifaces := make(map[*types.TypeName]bool)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				if tn, ok := pass.TypesInfo.Defs[ts.Name].(*types.TypeName); ok && tn.Exported() && types.IsInterface(tn.Type()) {
					ifaces[tn] = true
				}
			}
		}
	}
	if len(ifaces) == 0 {
		return false
	}
	// own reports whether e names a parameter, or selects a field, of
	// one of those types.
	own := func(e ast.Expr) bool {
		var v *types.Var
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			if p, ok := pass.TypesInfo.Uses[e].(*types.Var); ok && p.Kind() == types.ParamVar {
				v = p
			}
		case *ast.SelectorExpr:
			if s, ok := pass.TypesInfo.Selections[e]; ok && s.Kind() == types.FieldVal {
				v, _ = s.Obj().(*types.Var)
			}
		}
		if v == nil {
			return false
		}
		named := ssaview.NamedOf(v.Type())
		return named != nil && ifaces[named.Obj()]
	}
	found := false
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			g, ok := n.(*ast.GoStmt)
			if found || !ok {
				return !found
			}
			for _, arg := range g.Call.Args {
				if own(arg) {
					found = true
					return false
				}
			}
			if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
				ast.Inspect(lit.Body, func(m ast.Node) bool {
					if sel, ok := m.(*ast.SelectorExpr); ok && own(sel.X) {
						if s, ok := pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodVal {
							found = true
						}
					}
					return !found
				})
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// LockedInterfaces returns, from syntax alone, the interfaces of its own
// (each as the names of its methods) the package pkgPath may call under
// a mutex, so that implementers elsewhere learn their callers' locks
// (callerlocks): a driver that loads only some packages from source
// loads such a package when one it analyses may implement one of them.
func LockedInterfaces(pkgPath string, files []*ast.File) [][]string {
	if ssaview.StandardPath(pkgPath) {
		return nil
	}
	return callerlocks.LockedInterfaces(files)
}

// MayRunFuncs returns, from syntax alone, the names of the exported
// functions and methods of the package pkgPath that may hand a function
// they are given to a loop of the package, to run later, and of those
// that file one anywhere, which may hand it to a loop of an import
// (runners): a driver that loads only some packages from source loads
// such a package when one it analyses calls one of them with a function.
func MayRunFuncs(pkgPath string, files []*ast.File) (runs, filers []string) {
	if ssaview.StandardPath(pkgPath) {
		return nil, nil
	}
	return runners.MayRun(files)
}

// HandsFuncs returns, from syntax alone, the names of the functions and
// methods the files call with a function argument: a function literal,
// a method value or selector, or a function the files declare.
func HandsFuncs(files []*ast.File) map[string]bool {
	declared := make(map[string]bool)
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				declared[fd.Name.Name] = true
			}
		}
	}
	out := make(map[string]bool)
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			for _, arg := range c.Args {
				switch arg := ast.Unparen(arg).(type) {
				case *ast.FuncLit, *ast.SelectorExpr:
					out[sel.Sel.Name] = true
				case *ast.Ident:
					if declared[arg.Name] {
						out[sel.Sel.Name] = true
					}
				}
			}
			return true
		})
	}
	return out
}

// MayRunOwnInterface is runsOwnInterface from syntax alone, for a driver
// that decides which packages to load from source before any type
// checking: a go statement's body, or a function or method of the
// package it starts (by name, and what those call by name), calls a
// method named as one of the package's exported interfaces' methods.
// It is the looser test: a transport that runsOwnInterface admits and
// whose goroutines do call the interface's methods passes it.
func MayRunOwnInterface(pkgPath string, files []*ast.File) bool {
	if ssaview.StandardPath(pkgPath) {
		return false
	}
	methods := make(map[string]bool)
	anyMethod := false
	decls := make(map[string][]*ast.FuncDecl)
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					decls[d.Name.Name] = append(decls[d.Name.Name], d)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					ts, ok := spec.(*ast.TypeSpec)
					if !ok || !ts.Name.IsExported() {
						continue
					}
					switch t := ts.Type.(type) {
					case *ast.InterfaceType:
						if t.Methods != nil {
							for _, m := range t.Methods.List {
								for _, n := range m.Names {
									methods[n.Name] = true
								}
							}
						}
					case *ast.Ident:
						// type Master Conn, not type ID int.
						anyMethod = anyMethod || types.Universe.Lookup(t.Name) == nil
					case *ast.SelectorExpr:
						// type Master io.ReadWriter: maybe an
						// interface, whose methods syntax does not
						// say; any method call may be one.
						anyMethod = true
					}
				}
			}
		}
	}
	if len(methods) == 0 && !anyMethod {
		return false
	}
	// scan reports whether body calls a method of one of those names,
	// and adds the names of the other calls to next.
	scan := func(body ast.Node, next *[]string) bool {
		found := false
		ast.Inspect(body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			switch fun := ast.Unparen(call.Fun).(type) {
			case *ast.SelectorExpr:
				if methods[fun.Sel.Name] || anyMethod {
					found = true
					return false
				}
				*next = append(*next, fun.Sel.Name)
			case *ast.Ident:
				*next = append(*next, fun.Name)
			}
			return true
		})
		return found
	}
	var work []string
	for _, f := range files {
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
	seen := make(map[string]bool)
	for len(work) > 0 {
		name := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[name] {
			continue
		}
		seen[name] = true
		for _, d := range decls[name] {
			if scan(d.Body, &work) {
				return true
			}
		}
	}
	return false
}
