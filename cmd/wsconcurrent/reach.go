package main

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
)

// reachable returns a predicate on positions: whether the position lies
// in a function the named packages can run. A dependency's finding is
// the program's only if its code is: a module's library package may hold
// a race in a constructor that the program never calls.
//
// The functions a root can run are found by a walk over the SSA form of
// every package loaded from source, from the roots' entry points: a
// program's main and package initialisers (which initialise its imports
// in turn); every function and method of a library or test package, any
// of which its callers may call. A function is reached when a reached
// function names it (calls it, or takes its value: a handler given to a
// router runs), and with it the function literals it holds; a concrete
// type converted to an interface in reached code has all its methods
// reached, whichever interface calls them. Code in packages loaded from
// export data is not walked: it is not the module's, and the analysis
// saw none of it either. The walk over-approximates what runs, never
// under-approximates what the analysis itself would follow, except
// calls from export-data code into source code other than through
// function values and interfaces, which do not occur (that code cannot
// name the module's functions).
//
// It reports false for every position if the SSA form cannot be built
// (the packages were type-checked, so that would be a bug); the
// dependency's findings are then left out, as go vet on the program
// would leave them.
func reachable(roots []*checker.Action) (in func(token.Pos) bool) {
	defer func() {
		if recover() != nil {
			in = func(token.Pos) bool { return false }
		}
	}()
	if len(roots) == 0 {
		return func(token.Pos) bool { return false }
	}
	prog := ssa.NewProgram(roots[0].Package.Fset, 0)
	created := make(map[*types.Package]bool)
	var rootPkgs []*packages.Package
	for _, act := range roots {
		rootPkgs = append(rootPkgs, act.Package)
	}
	// Source packages first (the pruned graph holds only those), then
	// every other package their types mention, from types alone.
	var source []*types.Package
	packages.Visit(rootPkgs, nil, func(p *packages.Package) {
		if p.Types == nil || created[p.Types] {
			return
		}
		created[p.Types] = true
		if p.IllTyped || p.TypesInfo == nil {
			prog.CreatePackage(p.Types, nil, nil, true)
			return
		}
		prog.CreatePackage(p.Types, p.Syntax, p.TypesInfo, true)
		source = append(source, p.Types)
	})
	var fromTypes func(t *types.Package)
	fromTypes = func(t *types.Package) {
		for _, q := range t.Imports() {
			if !created[q] {
				created[q] = true
				prog.CreatePackage(q, nil, nil, true)
				fromTypes(q)
			}
		}
	}
	for _, t := range source {
		fromTypes(t)
	}
	prog.Build()

	seen := make(map[*ssa.Function]bool)
	var work []*ssa.Function
	reach := func(fn *ssa.Function) {
		if fn != nil && !seen[fn] {
			seen[fn] = true
			work = append(work, fn)
		}
	}
	methodsOf := func(t types.Type) {
		if types.IsInterface(t) {
			return
		}
		mset := prog.MethodSets.MethodSet(t)
		for i := range mset.Len() {
			reach(prog.MethodValue(mset.At(i)))
		}
	}
	for _, act := range roots {
		pkg := prog.Package(act.Package.Types)
		if pkg == nil {
			continue
		}
		reach(pkg.Func("init"))
		if pkg.Pkg.Name() == "main" {
			reach(pkg.Func("main"))
			continue
		}
		for _, m := range pkg.Members {
			switch m := m.(type) {
			case *ssa.Function:
				reach(m)
			case *ssa.Type:
				methodsOf(m.Type())
				methodsOf(types.NewPointer(m.Type()))
			}
		}
	}
	var spans [][2]token.Pos
	var ops []*ssa.Value
	for len(work) > 0 {
		fn := work[len(work)-1]
		work = work[:len(work)-1]
		if fn.Origin() != nil {
			reach(fn.Origin())
		}
		if syn := fn.Syntax(); syn != nil {
			spans = append(spans, [2]token.Pos{syn.Pos(), syn.End()})
		}
		for _, anon := range fn.AnonFuncs {
			reach(anon)
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mi, ok := instr.(*ssa.MakeInterface); ok {
					methodsOf(mi.X.Type())
				}
				ops = instr.Operands(ops[:0])
				for _, op := range ops {
					if f, ok := (*op).(*ssa.Function); op != nil && ok {
						reach(f)
					}
				}
			}
		}
	}
	return func(pos token.Pos) bool {
		for _, s := range spans {
			if s[0] <= pos && pos < s[1] {
				return true
			}
		}
		return false
	}
}
