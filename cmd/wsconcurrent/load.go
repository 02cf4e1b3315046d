package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"golang.org/x/tools/go/packages"
)

// load loads the packages matching patterns for analysis, and as little
// else from source as the analysis allows.
//
// An analyzer with facts runs on every dependency of the requested
// packages, so the singlechecker loads the whole build, standard library
// included, from source, and keeps every syntax tree and type until the
// end. wsconcurrent's pass does nothing on a package that cannot reach a
// connection package (analyzer.ConnPackages): it builds no SSA and
// exports no fact. So only the requested packages and the dependencies
// that import a connection package, directly or transitively, need
// source; every other dependency is loaded from export data (the
// compiler's, from the build cache, as go vet does).
//
// It takes two go/packages loads. The first lists the import graph
// (go list; nothing parsed or type-checked) and finds those dependencies.
// The second loads the patterns and those dependencies as initial
// packages, which go/packages loads from source, the rest from export
// data, all in one type universe. It returns the packages the patterns
// match, test variants included when tests is set, in go/packages order,
// and the set of packages loaded in full.
//
// One case loses facts. A test variant "p [q.test]" (p recompiled for
// q's tests, because q's external test package imports p, which imports
// q) is not matched by any pattern and cannot be named as one;
// go/packages loads it from source (it imports a source package) but
// without function bodies, which only initial packages get. It is pruned
// like an export-data package, so q's external tests are analysed
// without p's summaries; p itself is analysed in full, and go vet, which
// analyses every variant, has them. k6 has 4 such variants that reach a
// websocket package, go-ethereum 3.
//
// With all set, every package is loaded from source in one load, as the
// singlechecker does.
func load(patterns []string, tests bool, buildFlags, connPkgs []string, all bool) (roots []*packages.Package, full map[*packages.Package]bool, err error) {
	noMatch := fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	if all {
		roots, err := packages.Load(&packages.Config{
			Mode:       packages.LoadAllSyntax | packages.NeedModule,
			Tests:      tests,
			BuildFlags: buildFlags,
		}, patterns...)
		if err != nil {
			return nil, nil, err
		}
		if len(roots) == 0 {
			return nil, nil, noMatch
		}
		full = make(map[*packages.Package]bool)
		packages.Visit(roots, nil, func(p *packages.Package) {
			full[p] = true
			dropCompilerEcho(p)
		})
		return roots, full, nil
	}
	graph, err := packages.Load(&packages.Config{
		Mode:       packages.NeedName | packages.NeedImports | packages.NeedDeps | packages.NeedFiles | packages.NeedModule,
		Tests:      tests,
		BuildFlags: buildFlags,
	}, patterns...)
	if err != nil {
		return nil, nil, err
	}
	if len(graph) == 0 {
		return nil, nil, noMatch
	}
	rootIDs := make(map[string]bool)
	rootPaths := make(map[string]bool)
	for _, p := range graph {
		rootIDs[p.ID] = true
		rootPaths[p.PkgPath] = true
	}
	reach := reachesConn(connPkgs)
	seen := make(map[string]bool)
	parsed := make(map[string]syntaxScan)
	methods := make(map[*packages.Package]map[string]map[string]bool)
	// mayImplement reports whether a type p declares has every method
	// one of ifaces lists.
	mayImplement := func(p *packages.Package, ifaces [][]string) bool {
		ms, ok := methods[p]
		if !ok {
			ms = declaredMethods(p.GoFiles, connPkgs)
			methods[p] = ms
		}
		for _, names := range ifaces {
			for _, has := range ms {
				if !slices.ContainsFunc(names, func(n string) bool { return !has[n] }) {
					return true
				}
			}
		}
		return false
	}
	// scan is scanSyntax, once per package however many import it.
	scan := func(q *packages.Package) syntaxScan {
		sy, ok := parsed[q.PkgPath]
		if !ok {
			sy = scanSyntax(q.PkgPath, q.GoFiles)
			parsed[q.PkgPath] = sy
		}
		return sy
	}
	hands := make(map[*packages.Package]map[string]bool)
	// handsTo reports whether p calls a function or method named as one
	// of names with a function argument.
	handsTo := func(p *packages.Package, names []string) bool {
		called, ok := hands[p]
		if !ok {
			called = analyzer.HandsFuncs(parseFiles(p.GoFiles))
			hands[p] = called
		}
		return slices.ContainsFunc(names, func(n string) bool { return called[n] })
	}
	var deps []string
	packages.Visit(graph, nil, func(p *packages.Package) {
		if !reach(p) {
			return
		}
		if !rootPaths[p.PkgPath] && !seen[p.PkgPath] && !slices.Contains(connPkgs, p.PkgPath) {
			seen[p.PkgPath] = true
			deps = append(deps, p.PkgPath)
		}
		// Transports: what a package that reaches a conn imports from
		// its own module may run, on goroutines of its own, an
		// interface it declares and that package implements with a
		// conn (analyzer's inverted.go). Only the importer's module: a
		// transport and its adapter are one library's, or one
		// program's, and loading every large dependency that runs an
		// interface of its own (gRPC, a JavaScript engine) from source
		// would cost what the lean load saves. go vet analyses every
		// package and has them all.
		//
		// From any module: an import that may call the methods of an
		// interface it exports under a mutex (callerlocks), when the
		// package declares an unexported type holding a conn with
		// every method the interface lists (it may implement it); and
		// one with a function that may run a function it is given on a
		// loop of its own, later (a scheduler: runners), when the
		// package calls a function of that name with a function. Their
		// passes only walk their syntax.
		if p.Module == nil {
			return
		}
		for _, q := range p.Imports {
			if rootPaths[q.PkgPath] || seen[q.PkgPath] || reach(q) || q.Module == nil {
				continue
			}
			sy := scan(q)
			if sy.ownInterface && q.Module.Path == p.Module.Path || len(sy.locked) > 0 && mayImplement(p, sy.locked) || len(sy.runsFuncs) > 0 && handsTo(p, sy.runsFuncs) {
				seen[q.PkgPath] = true
				deps = append(deps, q.PkgPath)
				continue
			}
			// A package that files what p gives it and hands a function
			// of its own to an import's loop, which may call it
			// (webrtc's handler for its ICE agent): both, for the
			// facts of each.
			if len(sy.fileFuncs) == 0 || !handsTo(p, sy.fileFuncs) {
				continue
			}
			for _, r := range q.Imports {
				if r.Module == nil || rootPaths[r.PkgPath] || reach(r) {
					continue
				}
				if syr := scan(r); len(syr.runsFuncs) > 0 && handsTo(q, syr.runsFuncs) {
					for _, path := range []string{q.PkgPath, r.PkgPath} {
						if !seen[path] {
							seen[path] = true
							deps = append(deps, path)
						}
					}
				}
			}
		}
	})
	slices.Sort(deps)

	loaded, err := packages.Load(&packages.Config{
		Mode:       packages.LoadSyntax | packages.NeedModule,
		Tests:      tests,
		BuildFlags: buildFlags,
	}, append(slices.Clip(patterns), deps...)...)
	if err != nil {
		return nil, nil, err
	}
	full = make(map[*packages.Package]bool, len(loaded))
	for _, p := range loaded {
		full[p] = true
		if rootIDs[p.ID] {
			roots = append(roots, p)
		}
	}
	packages.Visit(loaded, nil, dropCompilerEcho)
	if len(roots) == 0 {
		return nil, nil, noMatch
	}
	return roots, full, nil
}

// dropCompilerEcho removes from a package loaded from source the error
// go list reports when compiling it for export data ("# path" followed by
// the compiler's messages) if the type checker reported errors of its
// own: the same errors, said twice. (go/packages asks go list for export
// data for every package once any dependency is loaded from it.)
//
// One echo is not a repeat: when cgo fails (a C header missing), the
// type checker only says "could not import C (no metadata for C)", and
// the compiler's message is the reason. It replaces the type error, in
// one line, at the position the compiler gives.
func dropCompilerEcho(p *packages.Package) {
	if len(p.TypeErrors) == 0 {
		return
	}
	var echo string
	p.Errors = slices.DeleteFunc(p.Errors, func(e packages.Error) bool {
		if e.Kind == packages.ListError && e.Pos == "" && strings.HasPrefix(e.Msg, "# ") {
			echo = e.Msg
			return true
		}
		return false
	})
	for i, e := range p.Errors {
		if e.Kind == packages.TypeError && strings.Contains(e.Msg, `could not import C (`) {
			if pos, msg, ok := cgoReason(echo); ok {
				p.Errors[i] = packages.Error{Pos: pos, Msg: "cgo: " + msg, Kind: packages.ListError}
			}
		}
	}
}

// cgoReason returns the first error the compiler's output gives
// ("b/b.go:3:11: fatal error: x.h: No such file or directory"), its
// position made absolute.
func cgoReason(echo string) (pos, msg string, ok bool) {
	for _, line := range strings.Split(echo, "\n")[1:] {
		// file:line:col: message
		parts := strings.SplitN(line, ": ", 2)
		if len(parts) != 2 || strings.Count(parts[0], ":") < 2 {
			continue
		}
		pos = parts[0]
		if abs, err := filepath.Abs(pos); err == nil {
			pos = abs
		}
		return pos, parts[1], true
	}
	return "", "", false
}

// declaredMethods returns the names of the methods the files declare, by
// the name of their receiver's type, for the types that hold a conn in a
// field of their own (a field whose type names a declaration of one of
// connPkgs) and that other packages cannot name: callerlocks evidence is
// about those (analyzer's pairing/callers.go).
func declaredMethods(files []string, connPkgs []string) map[string]map[string]bool {
	out := make(map[string]map[string]bool)
	holders := make(map[string]bool)
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		// The names this file gives the connection packages.
		conn := make(map[string]bool)
		for _, imp := range f.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if !slices.Contains(connPkgs, path) {
				continue
			}
			if imp.Name != nil {
				conn[imp.Name.Name] = true
			} else {
				conn[path[strings.LastIndex(path, "/")+1:]] = true
			}
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					ts, ok := spec.(*ast.TypeSpec)
					if !ok || ts.Name.IsExported() || len(conn) == 0 {
						continue
					}
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					ast.Inspect(st, func(n ast.Node) bool {
						if sel, ok := n.(*ast.SelectorExpr); ok {
							if id, ok := sel.X.(*ast.Ident); ok && conn[id.Name] {
								holders[ts.Name.Name] = true
							}
						}
						return !holders[ts.Name.Name]
					})
				}
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) == 0 {
					continue
				}
				t := d.Recv.List[0].Type
				if star, ok := t.(*ast.StarExpr); ok {
					t = star.X
				}
				switch x := t.(type) {
				case *ast.IndexExpr:
					t = x.X
				case *ast.IndexListExpr:
					t = x.X
				}
				id, ok := t.(*ast.Ident)
				if !ok || id.IsExported() {
					continue
				}
				if out[id.Name] == nil {
					out[id.Name] = make(map[string]bool)
				}
				out[id.Name][d.Name.Name] = true
			}
		}
	}
	for t := range out {
		if !holders[t] {
			delete(out, t)
		}
	}
	return out
}

// reachesConn returns a memoised predicate: whether a package is a
// connection package or imports one, directly or transitively.
func reachesConn(connPkgs []string) func(*packages.Package) bool {
	memo := make(map[*packages.Package]bool)
	var reach func(p *packages.Package) bool
	reach = func(p *packages.Package) bool {
		if r, ok := memo[p]; ok {
			return r
		}
		memo[p] = false // an import cycle (only in broken code) ends here
		r := slices.Contains(connPkgs, p.PkgPath)
		for _, q := range p.Imports {
			if reach(q) {
				r = true
			}
		}
		memo[p] = r
		return r
	}
	return reach
}

// prune removes, in the import graph below roots, the edges to packages
// not loaded in full: from export data (and unsafe), or from source
// without function bodies (see load). The checker runs an analyzer with
// facts on every import of a package it analyses and needs complete
// syntax and types to do so. Export-data packages cannot reach a
// connection: they carry no fact, and the pass would skip them anyway.
func prune(roots []*packages.Package, full map[*packages.Package]bool) {
	seen := make(map[*packages.Package]bool)
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		for path, q := range p.Imports {
			if !full[q] {
				delete(p.Imports, path)
				continue
			}
			visit(q)
		}
	}
	for _, p := range roots {
		visit(p)
	}
}

// A syntaxScan says what a package's syntax, parsed but not type-checked,
// may need its source loaded for.
type syntaxScan struct {
	ownInterface bool       // it may run an interface it declares (inverted.go)
	locked       [][]string // those it may call under a mutex, by their methods (callerlocks)
	runsFuncs    []string   // its functions that may run a function they are given on a loop of its own (runners)
	fileFuncs    []string   // its functions that file a function they are given (runners)
}

// parseFiles parses the named files, leaving out those that do not
// parse.
func parseFiles(files []string) []*ast.File {
	parsed, _ := parseFilesSize(files)
	return parsed
}

// parseFilesSize is parseFiles, and the size of the source parsed.
func parseFilesSize(files []string) ([]*ast.File, int) {
	fset := token.NewFileSet()
	var parsed []*ast.File
	size := 0
	for _, name := range files {
		if f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution); err == nil {
			parsed = append(parsed, f)
			size += fset.File(f.Pos()).Size()
		}
	}
	return parsed, size
}

// maxRunnerSource bounds the source of an import read in full for its
// runners facts alone: a scheduler, a timer wheel, nats or pion's
// callbacks are well under it; a JavaScript engine (1.1 MB) whose loops
// reach much of it by name costs a fifth of the run's memory for no
// fact. go vet reads every package and has them all.
const maxRunnerSource = 1 << 20

// scanSyntax parses the files of the package pkgPath and asks the
// analyzer what it may export facts for. Files that do not parse are
// left out.
func scanSyntax(pkgPath string, files []string) syntaxScan {
	parsed, size := parseFilesSize(files)
	sy := syntaxScan{
		ownInterface: analyzer.MayRunOwnInterface(pkgPath, parsed),
		locked:       analyzer.LockedInterfaces(pkgPath, parsed),
	}
	if size <= maxRunnerSource {
		sy.runsFuncs, sy.fileFuncs = analyzer.MayRunFuncs(pkgPath, parsed)
	}
	return sy
}
