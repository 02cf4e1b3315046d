// Package runners says which functions of a package run a function value
// they are given later, on a goroutine the package runs, not in the
// call: a timer wheel's AddTimer(d, f), a scheduler's PushTask(f), a
// queue's Post(f). Such a function files its argument somewhere (a
// struct field, a package variable, or an element of one: a slice, map
// or channel of functions, or a field of a struct kept in one), and a
// loop of the package calls what is filed there. A caller in another
// package sees neither: it learns from a Fact on the filing function
// that its argument runs on that loop's goroutine, after the call and
// beside whatever the caller does next.
//
// A loop is a function the package starts with a go statement, or an
// exported run loop its importers start (a scheduler's Sched: a
// function whose body loops and receives from a channel as it goes). It runs what it reaches through
// static calls of the package's functions, the function literals in
// those, and what a function it calls does with the parameters it is
// given (safecall(id, t.fn) calling its fn). A filed function is told
// apart by where it is filed, not by which object: a type's field
// (task.f) or a package variable (tasks). A loop that calls what it
// finds in place runs its tasks one at a time; one that starts each
// with go, or that is started by a go statement in a loop, runs them
// at once. A function that starts its parameter with go itself (go f(),
// go func() { f() }()) runs it on a goroutine of its own per call.
//
// It takes a pass's syntax and types, needs no SSA (it runs on packages
// the gate skips: a scheduler imports no websocket package), and gives
// Runs (Find), which Export turns into Fact objects and Runs.Of reads
// back for importers. It uses no other stage.
package runners

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"iter"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Fact is exported on a function or method that runs one of its
// function parameters later, on a goroutine of its package.
type Fact struct {
	Runs []Run
}

// A Run is one parameter the function hands to a loop.
type Run struct {
	// Param is the parameter's index, not counting the receiver.
	Param int
	// Loop names the loop that runs it ("(*wheel.Wheel).run", or "a
	// goroutine of wheel.New (wheel.go:12)"): the tasks of one loop with
	// Concurrent unset run one at a time.
	Loop string
	// Concurrent: the loop runs its tasks beside each other (several
	// workers, or a goroutine per run).
	Concurrent bool
	// Overlaps: one task runs beside itself: the loop starts each run
	// of it with go (a handler per event).
	Overlaps bool
	// PerCall: each call of the function starts a goroutine of its own
	// for the task (it starts the loop itself, or starts the function
	// with go): tasks of two calls run beside each other, a task once.
	PerCall bool
	// Direct: the function starts it with go itself, and waits for
	// nothing (a panic-safe go helper).
	Direct bool
}

func (*Fact) AFact() {}

func (f *Fact) String() string {
	parts := make([]string, len(f.Runs))
	for i, r := range f.Runs {
		mode := "one at a time"
		switch {
		case r.Overlaps:
			mode = "each run on a goroutine of its own"
		case r.PerCall:
			mode = "a goroutine per call"
		case r.Concurrent:
			mode = "concurrently"
		}
		parts[i] = fmt.Sprintf("param %d on %s, %s", r.Param, r.Loop, mode)
	}
	return "runs(" + strings.Join(parts, "; ") + ")"
}

// Runs are what the package's functions hand to its loops, and the
// loops.
type Runs struct {
	funcs map[*types.Func][]Run
	// serial are the loops that run their tasks one at a time, on one
	// goroutine, by the position of their function (its name, or a
	// literal's func keyword, as ssa.Function.Pos gives it).
	serial map[token.Pos]string
}

// Of returns what fn runs later on a goroutine of its package, or nil:
// from runs for a function of the package under analysis, from its
// Fact for another package's.
func (runs *Runs) Of(pass *analysis.Pass, fn *types.Func) []Run {
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	fn = fn.Origin()
	if fn.Pkg() == pass.Pkg {
		if runs == nil {
			return nil
		}
		// A function the package starts itself, or a loop's tasks
		// that run beside each other, are the summaries' to follow
		// (callbacks, pools of workers, listeners started per event),
		// with the locks, joins and conns they see.
		return slices.DeleteFunc(slices.Clone(runs.funcs[fn]), func(r Run) bool { return r.Direct || r.Concurrent })
	}
	var f Fact
	if !pass.ImportObjectFact(fn, &f) {
		return nil
	}
	return f.Runs
}

// SerialLoop returns the name of the loop whose function is at pos,
// when it runs the tasks filed for it one at a time on its goroutine:
// what that goroutine does itself runs between them.
func (runs *Runs) SerialLoop(pos token.Pos) (string, bool) {
	if runs == nil {
		return "", false
	}
	name, ok := runs.serial[pos]
	return name, ok
}

// Export exports a Fact on each exported function of runs.
func Export(pass *analysis.Pass, runs *Runs) {
	if runs == nil {
		return
	}
	fns := make([]*types.Func, 0, len(runs.funcs))
	for fn := range runs.funcs {
		if fn.Exported() {
			fns = append(fns, fn)
		}
	}
	slices.SortFunc(fns, func(x, y *types.Func) int { return int(x.Pos() - y.Pos()) })
	for _, fn := range fns {
		pass.ExportObjectFact(fn, &Fact{Runs: runs.funcs[fn]})
	}
}

// Find computes which functions of the package hand one of their
// parameters to a loop of the package, and on which. Unless all is set,
// a package with no exported function that takes a function, or with
// no go statement, no exported run loop and no import whose functions
// run one later, is skipped: it has nothing to tell importers. imported
// are the facts of the package's dependencies (pass.AllObjectFacts).
func Find(pass *analysis.Pass, all bool, imported []analysis.ObjectFact) *Runs {
	if !all && (!filesFuncs(pass.Pkg) || !startsLoops(pass.Files) && !importsRuns(pass, imported)) {
		return nil
	}
	w := &walker{pass: pass, info: pass.TypesInfo, decls: make(map[*types.Func]*unit), started: make(map[*unit]int), foreign: make(map[*ast.FuncLit]Run), imported: make(map[*types.Func][]Run), litUnits: make(map[*ast.FuncLit]*unit), litVars: make(map[types.Object]*ast.FuncLit)}
	var fds []*ast.FuncDecl
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, _ := w.info.Defs[fd.Name].(*types.Func); fn != nil {
					u := &unit{name: funcName(fn), pos: fd.Name.Pos(), body: fd.Body, fn: fn, params: make(map[types.Object]int)}
					u.decl = u
					sig := fn.Signature()
					for i := 0; i < sig.Params().Len(); i++ {
						u.params[sig.Params().At(i)] = i
						u.takesFuncs = u.takesFuncs || isFunc(sig.Params().At(i).Type())
					}
					w.decls[fn] = u
					w.order = append(w.order, u)
					fds = append(fds, fd)
				}
			}
		}
	}
	for i, fd := range fds {
		u := w.order[i]
		w.walk(u, fd.Body, 0)
		if exportedRunLoop(fd) {
			w.roots = append(w.roots, root{u: u})
		}
	}
	w.propagate()
	byLoc := w.dispatched()
	// A function of the package stored where a loop calls what it
	// finds runs on that loop, and so does what it calls of what is
	// filed: a loop of that kind too.
	rooted := make(map[*unit]bool)
	for range maxCalls {
		added := false
		for _, sf := range w.stored {
			d, ok := byLoc[sf.loc]
			if !ok {
				continue
			}
			u := w.decls[sf.fn]
			if sf.lit != nil {
				u = w.litUnits[sf.lit]
			}
			if u == nil || rooted[u] {
				continue
			}
			rooted[u] = true
			added = true
			w.roots = append(w.roots, root{u: u, foreign: &Run{Loop: d.loop, Concurrent: d.concurrent, Overlaps: d.overlaps}})
		}
		if !added {
			break
		}
		byLoc = w.dispatched()
	}
	out := &Runs{funcs: make(map[*types.Func][]Run), serial: make(map[token.Pos]string)}
	for _, r := range w.roots {
		if r.foreign == nil && !r.many && w.started[r.u] <= 1 && r.u.pos.IsValid() {
			out.serial[r.u.pos] = w.nameOf(r.u)
		}
	}
	for _, u := range w.order {
		runs := slices.Clone(u.runs)
		var reach map[*unit]bool
		for i, locs := range u.files {
			for loc := range locs {
				d, ok := byLoc[loc]
				if !ok {
					continue
				}
				if reach == nil {
					reach = w.reach(u)
				}
				perCall := !slices.ContainsFunc(d.starters, func(s *unit) bool { return !reach[s] })
				runs = append(runs, Run{Param: i, Loop: d.loop, Concurrent: d.concurrent || perCall, Overlaps: d.overlaps, PerCall: perCall})
			}
		}
		if len(runs) == 0 {
			continue
		}
		slices.SortFunc(runs, func(x, y Run) int {
			if x.Param != y.Param {
				return x.Param - y.Param
			}
			if c := strings.Compare(x.Loop, y.Loop); c != 0 {
				return c
			}
			return strings.Compare(fmt.Sprint(x), fmt.Sprint(y))
		})
		out.funcs[u.fn] = slices.Compact(runs)
	}
	return out
}

// reach returns the declared functions u reaches through static calls of
// the package, maxCalls deep, itself included: a loop started by one of
// them is started by each call of u.
func (w *walker) reach(u *unit) map[*unit]bool {
	out := map[*unit]bool{u: true}
	level := []*unit{u}
	for depth := 0; len(level) > 0 && depth < maxCalls; depth++ {
		var next []*unit
		for _, v := range level {
			var calls []call
			calls = append(calls, v.calls...)
			for _, ch := range v.children {
				calls = append(calls, ch.calls...)
			}
			for _, c := range calls {
				if cu := w.decls[c.callee]; cu != nil && !out[cu] {
					out[cu] = true
					next = append(next, cu)
				}
			}
		}
		level = next
	}
	return out
}

// filesFuncs reports whether the package declares an exported function,
// or an exported method, with a parameter of function type: only those
// can take a function from an importer.
func filesFuncs(pkg *types.Package) bool {
	hasFuncParam := func(fn *types.Func) bool {
		for p := range fn.Signature().Params().Variables() {
			if isFunc(p.Type()) {
				return true
			}
		}
		return false
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			if obj.Exported() && hasFuncParam(obj) {
				return true
			}
		case *types.TypeName:
			if n, ok := obj.Type().(*types.Named); ok {
				for m := range n.Methods() {
					if m.Exported() && hasFuncParam(m) {
						return true
					}
				}
			}
		}
	}
	return false
}

// importsRuns reports whether a package the package imports has a
// function that hands a function to a loop: one of the package's may be
// handed to it.
func importsRuns(pass *analysis.Pass, imported []analysis.ObjectFact) bool {
	direct := make(map[*types.Package]bool)
	for _, p := range pass.Pkg.Imports() {
		direct[p] = true
	}
	for _, f := range imported {
		if _, ok := f.Fact.(*Fact); ok && direct[f.Object.Pkg()] {
			return true
		}
	}
	return false
}

// startsLoops reports whether the files hold a go statement or an
// exported run loop: without one, no function runs anything later.
func startsLoops(files []*ast.File) bool {
	found := false
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if exportedRunLoop(fd) {
				return true
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				_, isGo := n.(*ast.GoStmt)
				found = found || isGo
				return !found
			})
			if found {
				return true
			}
		}
	}
	return false
}

func isFunc(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// funcName names a declared function with its package's name:
// "wheel.New", "(*wheel.Wheel).run".
func funcName(fn *types.Func) string {
	if recv := fn.Signature().Recv(); recv != nil {
		return "(" + types.TypeString(recv.Type(), func(p *types.Package) string { return p.Name() }) + ")." + fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// A unit is a function body: a declared function's or a literal's.
type unit struct {
	name string    // see nameOf
	pos  token.Pos // the function's name, or a literal's func keyword
	body *ast.BlockStmt
	fn   *types.Func // nil for a literal
	// decl is the declared function whose parameters the body sees:
	// itself, or the one a literal is written in.
	decl   *unit
	params map[types.Object]int
	// takesFuncs: a declared function with a parameter of function
	// type, the only kind that can file or run one.
	takesFuncs bool
	// calls are the static calls of the package's functions the body
	// makes; children, the function literals it holds that are not
	// started with go (taken to run with it).
	calls    []call
	children []*unit
	// dispatches are its calls of function values filed in a
	// location.
	dispatches []dispatch
	// For a declared function: paramCalls are the parameters it calls
	// in place (true: with go); files, per parameter, the locations
	// it files it in; passes, the calls that pass a parameter on;
	// runs, what it runs later through other packages' functions or
	// its own go statements.
	paramCalls map[int]bool
	files      map[int]map[types.Object]bool
	passes     []passOn
	runs       []Run
}

// A call is a static call of a function of the package: per argument,
// the location whose element it is (nil if none).
type call struct {
	callee *types.Func
	args   []types.Object
	goStmt bool
}

type dispatch struct {
	loc        types.Object
	concurrent bool
}

// A passOn passes parameter param of the caller as argument arg of
// callee.
type passOn struct {
	param  int
	callee *types.Func
	arg    int
}

type root struct {
	u    *unit
	many bool // started by a go statement in a loop
	// starter is the declared function whose go statement starts it
	// (nil for an exported run loop).
	starter *unit
	// foreign: a function of the package that another package's loop
	// runs (its Run).
	foreign *Run
}

type walker struct {
	pass  *analysis.Pass
	info  *types.Info
	decls map[*types.Func]*unit
	order []*unit // declared functions, in source order
	roots []root
	// started counts the go statements that start each unit.
	started map[*unit]int
	// foreign are the function literals handed to another package's
	// loop, with its Run, until their walk makes them roots.
	foreign map[*ast.FuncLit]Run
	// imported caches other packages' Runs, by function.
	imported map[*types.Func][]Run
	// litUnits are the function literals' units; litVars, the local
	// variables a literal is assigned to (notify := func() {...}, then
	// go notify()).
	litUnits map[*ast.FuncLit]*unit
	litVars  map[types.Object]*ast.FuncLit
	// stored are the functions of the package stored in a location
	// (a method value in a field: candidateFunc: a.onCandidate): a
	// loop that calls what the location holds runs them.
	stored []storedFunc
}

type storedFunc struct {
	loc types.Object
	lit *ast.FuncLit
	fn  *types.Func
}

func (u *unit) file(param int, loc types.Object) {
	if u.files == nil {
		u.files = make(map[int]map[types.Object]bool)
	}
	if u.files[param] == nil {
		u.files[param] = make(map[types.Object]bool)
	}
	u.files[param][loc] = true
}

func (u *unit) callParam(param int, goStmt bool) {
	if u.paramCalls == nil {
		u.paramCalls = make(map[int]bool)
	}
	u.paramCalls[param] = u.paramCalls[param] || goStmt
}

// walk records what body does; loops counts the loops around it in its
// own function.
func (w *walker) walk(u *unit, body ast.Node, loops int) {
	locals := make(map[types.Object]types.Object) // local variable -> location it holds an element of
	var visit func(n ast.Node, loops int) bool
	visit = func(n ast.Node, loops int) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			lu := w.lit(n, u.decl)
			w.litUnits[n] = lu
			if r, ok := w.foreign[n]; ok {
				w.roots = append(w.roots, root{u: lu, foreign: &r})
			} else {
				u.children = append(u.children, lu)
			}
			return false
		case *ast.GoStmt:
			w.goStmt(u, n, locals, loops > 0)
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			if r, ok := n.(*ast.RangeStmt); ok {
				w.bindRange(r, locals)
			}
			ast.Inspect(n, func(m ast.Node) bool {
				return m == n || visit(m, loops+1)
			})
			return false
		case *ast.AssignStmt:
			w.bindAssign(n, locals)
			w.storeAssign(n, locals)
			if u.decl.takesFuncs {
				w.fileAssign(u.decl, n, locals)
			}
		case *ast.SendStmt:
			if !u.decl.takesFuncs {
				break
			}
			if i, ok := w.paramValue(u.decl, n.Value); ok {
				if loc := w.loc(n.Chan, locals); loc != nil {
					u.decl.file(i, loc)
				}
			}
		case *ast.CompositeLit:
			w.storeLiteral(n)
			if u.decl.takesFuncs {
				w.fileLiteral(u.decl, n)
			}
		case *ast.CallExpr:
			w.call(u, n, locals, false)
		}
		return true
	}
	ast.Inspect(body, func(n ast.Node) bool {
		return n == body || visit(n, loops)
	})
}

// nameOf names a unit as a loop: a declared function by its name, a
// literal as a goroutine of the function it is written in.
func (w *walker) nameOf(u *unit) string {
	if u.name == "" {
		u.name = w.goroutineOf(u.decl, u.pos)
	}
	return u.name
}

// goroutineOf names the goroutine decl starts at pos.
func (w *walker) goroutineOf(decl *unit, pos token.Pos) string {
	p := w.pass.Fset.Position(pos)
	return fmt.Sprintf("a goroutine of %s (%s:%d)", decl.name, filepath.Base(p.Filename), p.Line)
}

// start records a go statement of starter that starts u: a loop when
// its body loops.
func (w *walker) start(starter, u *unit, inLoop bool) {
	w.started[u]++
	if w.loops(u.body) {
		w.roots = append(w.roots, root{u: u, many: inLoop, starter: starter})
	}
}

// lit makes a unit of a function literal written in decl.
func (w *walker) lit(fl *ast.FuncLit, decl *unit) *unit {
	u := &unit{pos: fl.Pos(), body: fl.Body, decl: decl}
	w.walk(u, fl.Body, 0)
	return u
}

// goStmt records a go statement: what it starts is a loop's root, or,
// for a parameter of the function, a goroutine per call.
func (w *walker) goStmt(u *unit, g *ast.GoStmt, locals map[types.Object]types.Object, inLoop bool) {
	for _, arg := range g.Call.Args {
		ast.Inspect(arg, func(n ast.Node) bool {
			if fl, ok := n.(*ast.FuncLit); ok {
				u.children = append(u.children, w.lit(fl, u.decl))
				return false
			}
			return true
		})
	}
	if fl, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
		lu := w.lit(fl, u.decl)
		w.start(u.decl, lu, inLoop)
		// A literal started with go that calls a parameter of its
		// function, under no lock, runs that parameter on a goroutine
		// of its own, unless the function waits for something.
		if u.decl.takesFuncs && !takesLock(fl.Body) && !waits(u.decl.body) {
			for i := range w.capturedCalls(fl, u.decl) {
				u.decl.runs = append(u.decl.runs, Run{Param: i, Loop: w.nameOf(lu), Concurrent: true, PerCall: true, Direct: true})
			}
		}
		return
	}
	if id, ok := ast.Unparen(g.Call.Fun).(*ast.Ident); ok {
		if fl, ok := w.litVars[w.info.Uses[id]]; ok {
			// notify := func() { for { ... } }; go notify()
			if lu := w.litUnits[fl]; lu != nil {
				w.start(u.decl, lu, inLoop)
			}
			return
		}
		if i, ok := u.decl.params[w.info.Uses[id]]; ok && !waits(u.decl.body) {
			u.decl.runs = append(u.decl.runs, Run{Param: i, Loop: w.goroutineOf(u.decl, g.Pos()), Concurrent: true, PerCall: true, Direct: true})
		}
	}
	if callee := w.staticCallee(g.Call); callee != nil {
		if cu := w.decls[callee]; cu != nil {
			w.start(u.decl, cu, inLoop)
		}
	}
	w.call(u, g.Call, locals, true)
}

// loops reports whether a function a go statement starts is a loop: its
// body loops with no condition, or over a channel (for range ticker.C),
// or is a run loop. A goroutine that calls a filed function once, or
// while a condition holds, is one of the caller's making (a reader of
// the object it was started for), not a loop filed functions wait for.
func (w *walker) loops(body *ast.BlockStmt) bool {
	if runLoop(body) {
		return true
	}
	for _, s := range body.List {
		switch s := s.(type) {
		case *ast.ForStmt:
			if s.Cond == nil {
				return true
			}
		case *ast.RangeStmt:
			if tv, ok := w.info.Types[s.X]; ok {
				if _, isChan := tv.Type.Underlying().(*types.Chan); isChan {
					return true
				}
			}
		}
	}
	return false
}

// waits reports whether a function body receives from a channel, selects
// or calls a method named Wait outside its function literals: it may
// wait for the goroutines it starts.
func waits(body *ast.BlockStmt) bool {
	return receives(body) || callsMethod(body, "Wait")
}

// takesLock reports whether a function body calls a method named Lock or
// RLock outside its function literals.
func takesLock(body *ast.BlockStmt) bool {
	return callsMethod(body, "Lock", "RLock")
}

// callsMethod reports whether a function body calls a method of one of
// the names, outside its function literals.
func callsMethod(body *ast.BlockStmt, names ...string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && slices.Contains(names, sel.Sel.Name) {
				found = true
			}
		}
		return !found
	})
	return found
}

// capturedCalls returns the parameters of decl a function literal calls.
func (w *walker) capturedCalls(fl *ast.FuncLit, decl *unit) map[int]bool {
	out := make(map[int]bool)
	ast.Inspect(fl.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
				if i, ok := decl.params[w.info.Uses[id]]; ok {
					out[i] = true
				}
			}
		}
		return true
	})
	return out
}

// call records a call: of a function of the package, of a parameter,
// of a function filed in a location, or of another package's function
// that runs a parameter later.
func (w *walker) call(u *unit, c *ast.CallExpr, locals map[types.Object]types.Object, goStmt bool) {
	if callee := w.staticCallee(c); callee != nil {
		if callee.Pkg() == w.pass.Pkg {
			args := make([]types.Object, len(c.Args))
			for j, arg := range c.Args {
				args[j] = w.loc(arg, locals)
				if !u.decl.takesFuncs {
					continue
				}
				if i, ok := w.paramValue(u.decl, arg); ok {
					u.decl.passes = append(u.decl.passes, passOn{param: i, callee: callee.Origin(), arg: j})
				}
			}
			u.calls = append(u.calls, call{callee: callee.Origin(), args: args, goStmt: goStmt})
			return
		}
		if isAtomic(callee) {
			// v.Store(f) on an atomic.Value or atomic.Pointer field
			// files f there; v.Load() takes it back (loc).
			if u.decl.takesFuncs && (callee.Name() == "Store" || callee.Name() == "Swap") && len(c.Args) == 1 {
				if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok {
					if i, ok := w.paramValue(u.decl, c.Args[0]); ok {
						if loc := w.loc(sel.X, locals); loc != nil {
							u.decl.file(i, loc)
						}
					}
				}
			}
			return
		}
		runs, ok := w.imported[callee]
		if !ok {
			runs = (*Runs)(nil).Of(w.pass, callee)
			w.imported[callee] = runs
		}
		for _, r := range runs {
			if r.Param >= len(c.Args) {
				continue
			}
			arg := ast.Unparen(c.Args[r.Param])
			if u.decl.takesFuncs {
				if i, ok := w.paramValue(u.decl, arg); ok {
					r.Param = i
					u.decl.runs = append(u.decl.runs, r)
					continue
				}
			}
			// A function of this package handed to another package's
			// loop runs on it, and what it calls of this package's
			// filed functions runs there too (webrtc's handler for
			// its ICE agent's candidates calling the user's).
			switch arg := arg.(type) {
			case *ast.FuncLit:
				w.foreign[arg] = r
			default:
				if fn := w.funcValue(arg); fn != nil {
					if fu := w.decls[fn]; fu != nil {
						w.roots = append(w.roots, root{u: fu, foreign: &r})
					}
				}
			}
		}
		return
	}
	fun := ast.Unparen(c.Fun)
	if tv, ok := w.info.Types[fun]; !ok || !tv.IsValue() || !isFunc(tv.Type) {
		return
	}
	if id, ok := fun.(*ast.Ident); ok && u == u.decl {
		if i, ok := u.params[w.info.Uses[id]]; ok {
			u.callParam(i, goStmt)
			return
		}
	}
	if loc := w.loc(fun, locals); loc != nil {
		u.dispatches = append(u.dispatches, dispatch{loc: loc, concurrent: goStmt})
	}
}

// staticCallee returns the function or concrete method c calls, if it
// is a declared one.
func (w *walker) staticCallee(c *ast.CallExpr) *types.Func {
	switch fun := ast.Unparen(c.Fun).(type) {
	case *ast.Ident:
		fn, _ := w.info.Uses[fun].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		if sel := w.info.Selections[fun]; sel != nil {
			if sel.Kind() != types.MethodVal || types.IsInterface(sel.Recv()) {
				return nil
			}
			fn, _ := sel.Obj().(*types.Func)
			return fn
		}
		fn, _ := w.info.Uses[fun.Sel].(*types.Func) // pkg.F
		return fn
	case *ast.IndexExpr: // F[T](x)
		if id, ok := ast.Unparen(fun.X).(*ast.Ident); ok {
			fn, _ := w.info.Uses[id].(*types.Func)
			return fn
		}
	}
	return nil
}

// loc returns the location whose element x is: a field, a package
// variable, an element of one, or a local variable bound to one.
func (w *walker) loc(x ast.Expr, locals map[types.Object]types.Object) types.Object {
	switch x := ast.Unparen(x).(type) {
	case *ast.StarExpr:
		return w.loc(x.X, locals)
	case *ast.UnaryExpr:
		if x.Op == token.ARROW {
			return w.loc(x.X, locals)
		}
	case *ast.IndexExpr:
		return w.loc(x.X, locals)
	case *ast.TypeAssertExpr:
		return w.loc(x.X, locals)
	case *ast.CallExpr:
		// v.Load() of an atomic.Value or atomic.Pointer field.
		if callee := w.staticCallee(x); callee != nil && isAtomic(callee) && callee.Name() == "Load" {
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				return w.loc(sel.X, locals)
			}
		}
	case *ast.SelectorExpr:
		if sel := w.info.Selections[x]; sel != nil {
			if sel.Kind() == types.FieldVal {
				return sel.Obj()
			}
			return nil
		}
		return pkgVar(w.info.Uses[x.Sel])
	case *ast.Ident:
		obj := w.info.Uses[x]
		if obj == nil {
			obj = w.info.Defs[x]
		}
		if v := pkgVar(obj); v != nil {
			return v
		}
		if obj != nil {
			return locals[obj]
		}
	}
	return nil
}

// isAtomic reports whether fn is a method of sync/atomic's Value or
// Pointer.
func isAtomic(fn *types.Func) bool {
	return fn.Pkg() != nil && fn.Pkg().Path() == "sync/atomic" && fn.Signature().Recv() != nil
}

func pkgVar(obj types.Object) types.Object {
	if v, ok := obj.(*types.Var); ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return v
	}
	return nil
}

// bindRange binds a range statement's element variable to the location
// it ranges over: for _, t := range w.tasks, for f := range ch.
func (w *walker) bindRange(r *ast.RangeStmt, locals map[types.Object]types.Object) {
	loc := w.loc(r.X, locals)
	if loc == nil {
		return
	}
	elem := r.Value
	if tv, ok := w.info.Types[r.X]; ok {
		if _, isChan := tv.Type.Underlying().(*types.Chan); isChan {
			elem = r.Key
		}
	}
	if id, ok := elem.(*ast.Ident); ok {
		if obj := w.obj(id); obj != nil {
			locals[obj] = loc
		}
	}
}

// bindAssign binds a variable assigned an element of a location to it:
// t := w.tasks[i], f := <-ch, f, ok := m[k], f := t.fn.
func (w *walker) bindAssign(a *ast.AssignStmt, locals map[types.Object]types.Object) {
	if len(a.Rhs) == 1 && len(a.Lhs) == 2 {
		if id, ok := a.Lhs[0].(*ast.Ident); ok {
			if loc := w.loc(a.Rhs[0], locals); loc != nil {
				if obj := w.obj(id); obj != nil {
					locals[obj] = loc
				}
			}
		}
		return
	}
	if len(a.Lhs) != len(a.Rhs) {
		return
	}
	for i, lhs := range a.Lhs {
		if id, ok := lhs.(*ast.Ident); ok {
			if loc := w.loc(a.Rhs[i], locals); loc != nil {
				if obj := w.obj(id); obj != nil {
					locals[obj] = loc
				}
			}
		}
	}
}

func (w *walker) obj(id *ast.Ident) types.Object {
	if obj := w.info.Defs[id]; obj != nil {
		return obj
	}
	return w.info.Uses[id]
}

// fileAssign records a parameter stored in a location: x.f = fn,
// x.fns = append(x.fns, fn), x.m[k] = fn.
func (w *walker) fileAssign(decl *unit, a *ast.AssignStmt, locals map[types.Object]types.Object) {
	if len(a.Lhs) != len(a.Rhs) {
		return
	}
	for i, rhs := range a.Rhs {
		var params []int
		if p, ok := w.paramValue(decl, rhs); ok {
			params = append(params, p)
		} else if c, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && w.isAppend(c) {
			for _, arg := range c.Args[1:] {
				if p, ok := w.paramValue(decl, arg); ok {
					params = append(params, p)
				}
			}
		}
		if len(params) == 0 {
			continue
		}
		if loc := w.loc(a.Lhs[i], locals); loc != nil {
			for _, p := range params {
				decl.file(p, loc)
			}
		}
	}
}

func (w *walker) isAppend(c *ast.CallExpr) bool {
	id, ok := ast.Unparen(c.Fun).(*ast.Ident)
	if !ok || len(c.Args) < 2 {
		return false
	}
	b, ok := w.info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "append"
}

// storeAssign records a function of the package stored in a location
// (h.run = a.step), and a literal assigned to a local variable.
func (w *walker) storeAssign(a *ast.AssignStmt, locals map[types.Object]types.Object) {
	if len(a.Lhs) != len(a.Rhs) {
		return
	}
	for i, rhs := range a.Rhs {
		if fl, ok := ast.Unparen(rhs).(*ast.FuncLit); ok {
			if id, ok := a.Lhs[i].(*ast.Ident); ok {
				if obj := w.obj(id); obj != nil {
					w.litVars[obj] = fl
				}
			}
		}
		if loc := w.loc(a.Lhs[i], locals); loc != nil {
			w.store(loc, rhs)
		}
	}
}

// storeLiteral records the functions of the package a struct literal
// holds in its fields: &notifier{candidateFunc: a.onCandidate}.
func (w *walker) storeLiteral(cl *ast.CompositeLit) {
	for field, val := range w.structFields(cl) {
		if isFunc(field.Type()) {
			w.store(field, val)
		}
	}
}

// structFields yields each field a struct literal sets, with its value
// (keyed or positional).
func (w *walker) structFields(cl *ast.CompositeLit) iter.Seq2[types.Object, ast.Expr] {
	return func(yield func(types.Object, ast.Expr) bool) {
		tv, ok := w.info.Types[cl]
		if !ok {
			return
		}
		st, ok := tv.Type.Underlying().(*types.Struct)
		if !ok {
			return
		}
		for i, elt := range cl.Elts {
			var field types.Object
			val := elt
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					field = w.info.Uses[id]
				}
				val = kv.Value
			} else if i < st.NumFields() {
				field = st.Field(i)
			}
			if field != nil && !yield(field, val) {
				return
			}
		}
	}
}

// store records x stored in loc when x is a function of the package: a
// literal, a declared function or a method value.
func (w *walker) store(loc types.Object, x ast.Expr) {
	switch x := ast.Unparen(x).(type) {
	case *ast.FuncLit:
		w.stored = append(w.stored, storedFunc{loc: loc, lit: x})
	default:
		if fn := w.funcValue(x); fn != nil && fn.Pkg() == w.pass.Pkg {
			w.stored = append(w.stored, storedFunc{loc: loc, fn: fn})
		}
	}
}

// funcValue returns the function x names, a declared function or a
// method value (a.step), uninstantiated.
func (w *walker) funcValue(x ast.Expr) *types.Func {
	var fn *types.Func
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		fn, _ = w.info.Uses[x].(*types.Func)
	case *ast.SelectorExpr:
		if sel := w.info.Selections[x]; sel != nil && sel.Kind() == types.MethodVal {
			fn, _ = sel.Obj().(*types.Func)
		}
	}
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// fileLiteral records a parameter stored in a field of a struct
// literal: task{at: t, f: fn}.
func (w *walker) fileLiteral(decl *unit, cl *ast.CompositeLit) {
	for field, val := range w.structFields(cl) {
		if p, ok := w.paramValue(decl, val); ok {
			decl.file(p, field)
		}
	}
}

// paramValue reports which function parameter of decl x is: the
// parameter itself, converted (Task(fn)), its address (&fn), or wrapped
// in a literal that calls it (func() { fn() }).
func (w *walker) paramValue(decl *unit, x ast.Expr) (int, bool) {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		obj := w.info.Uses[x]
		if i, ok := decl.params[obj]; ok && isFunc(obj.Type()) {
			return i, true
		}
	case *ast.CallExpr:
		if tv, ok := w.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return w.paramValue(decl, x.Args[0])
		}
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			// &fn, stored in an atomic.Pointer[func()] and called as
			// (*h)().
			return w.paramValue(decl, x.X)
		}
	case *ast.FuncLit:
		calls := w.capturedCalls(x, decl)
		if len(calls) == 1 {
			for i := range calls {
				return i, true
			}
		}
	}
	return 0, false
}

// propagate carries, to a fixed point, what a function does with the
// parameters it is given to its callers: a callee that calls its
// parameter in place dispatches the location its caller passes, and a
// parameter passed to a callee that files or runs it is filed or run by
// the caller too.
func (w *walker) propagate() {
	for changed := true; changed; {
		changed = false
		for _, u := range w.order {
			for _, p := range u.passes {
				cu := w.decls[p.callee]
				if cu == nil {
					continue
				}
				for loc := range cu.files[p.arg] {
					if !u.files[p.param][loc] {
						u.file(p.param, loc)
						changed = true
					}
				}
				if g, ok := cu.paramCalls[p.arg]; ok {
					if old, had := u.paramCalls[p.param]; !had || (g && !old) {
						u.callParam(p.param, g)
						changed = true
					}
				}
				for _, r := range cu.runs {
					if r.Param == p.arg {
						nr := r
						nr.Param = p.param
						if !slices.Contains(u.runs, nr) {
							u.runs = append(u.runs, nr)
							changed = true
						}
					}
				}
			}
		}
	}
}

// A loopRun is the loop that runs what a location holds.
type loopRun struct {
	loop       string
	concurrent bool
	overlaps   bool
	// starters are the functions whose go statements start the loops.
	starters []*unit
}

// dispatched returns, by location, the loop that runs what it holds;
// a location two loops run is run concurrently.
func (w *walker) dispatched() map[types.Object]loopRun {
	out := make(map[types.Object]loopRun)
	for _, r := range w.roots {
		add := func(loc types.Object, perRun bool) {
			lr := loopRun{loop: w.nameOf(r.u), concurrent: perRun || r.many || w.started[r.u] > 1, overlaps: perRun, starters: []*unit{r.starter}}
			if f := r.foreign; f != nil {
				lr.loop = f.Loop
				lr.concurrent = lr.concurrent || f.Concurrent
				lr.overlaps = lr.overlaps || f.Overlaps
			}
			if old, ok := out[loc]; ok {
				if old.loop != lr.loop {
					// Two loops run what the location holds.
					lr.loop, lr.concurrent = min(old.loop, lr.loop), true
				}
				lr.concurrent = lr.concurrent || old.concurrent
				lr.overlaps = lr.overlaps || old.overlaps
				lr.starters = append(old.starters, r.starter)
			}
			out[loc] = lr
		}
		// Breadth first, to maxCalls calls below the loop.
		seen := map[*unit]bool{r.u: true}
		level := []*unit{r.u}
		for depth := 0; len(level) > 0 && depth <= maxCalls; depth++ {
			var next []*unit
			for i := 0; i < len(level); i++ {
				u := level[i]
				for _, d := range u.dispatches {
					add(d.loc, d.concurrent)
				}
				for _, c := range u.calls {
					cu := w.decls[c.callee]
					if cu == nil {
						continue
					}
					for j, loc := range c.args {
						if g, ok := cu.paramCalls[j]; ok && loc != nil {
							add(loc, g || c.goStmt)
						}
					}
					if !c.goStmt && !seen[cu] {
						seen[cu] = true
						next = append(next, cu)
					}
				}
				for _, ch := range u.children {
					// A literal runs with its function, at its depth.
					if !seen[ch] {
						seen[ch] = true
						level = append(level, ch)
					}
				}
			}
			level = next
		}
	}
	return out
}

// maxCalls bounds how many calls below a loop its dispatches are looked
// for (a scheduler's Sched calling cron calling safecall calling the
// timer's function is two): deeper, a loop that reaches a large part of
// its package (an interpreter's) says little about where a function
// filed by name runs, and the syntactic test (MayRun) would load the
// package for nothing.
const maxCalls = 3

// MayRun is Find's test from syntax alone, for a driver that decides
// which packages to load from source before any type checking. It
// returns the names of the exported functions and methods that may hand
// a function to a loop (runs): an importer that calls none of them with
// a function has no use for the package's facts; and of those that file
// a function parameter anywhere (filers), which hand it to a loop when
// a function of the package that calls it is handed to an import's
// loop (a handler it gives its ICE agent calling its user's). Without types a function
// is known by its name, a parameter's type as written (a func type, or
// a func type the files declare), a loop by its shape (a go statement's
// function that loops with no condition or over a range, or an
// exported run loop), and a call of a function value not at all. A
// function is named when it files a function parameter (stores it,
// sends it, puts it in a literal, or passes it to a function of the
// package that does) and the package has a loop, or when it starts one
// with go and waits for nothing. Each function Find gives Runs for is
// named. A cgo package gives none: loading it from source costs more
// than a scheduler is ever written with.
func MayRun(files []*ast.File) (runs, filers []string) {
	funcTypes := make(map[string]bool)
	decls := make(map[string][]*ast.FuncDecl)
	for _, f := range files {
		for _, imp := range f.Imports {
			if imp.Path.Value == `"C"` {
				return nil, nil
			}
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						if _, ok := ts.Type.(*ast.FuncType); ok {
							funcTypes[ts.Name.Name] = true
						}
					}
				}
			case *ast.FuncDecl:
				if d.Body != nil {
					decls[d.Name.Name] = append(decls[d.Name.Name], d)
				}
			}
		}
	}
	// funcParams names a function's parameters of function type, by
	// index.
	funcParams := func(fd *ast.FuncDecl) map[string]int {
		out := make(map[string]int)
		i := 0
		for _, field := range fd.Type.Params.List {
			isFn := false
			switch t := field.Type.(type) {
			case *ast.FuncType:
				isFn = true
			case *ast.Ident:
				isFn = funcTypes[t.Name]
			}
			if len(field.Names) == 0 {
				i++
				continue
			}
			for _, n := range field.Names {
				if isFn {
					out[n.Name] = i
				}
				i++
			}
		}
		return out
	}
	calleeName := func(c *ast.CallExpr) string {
		switch fun := ast.Unparen(c.Fun).(type) {
		case *ast.Ident:
			return fun.Name
		case *ast.SelectorExpr:
			return fun.Sel.Name
		}
		return ""
	}
	loops := func(body *ast.BlockStmt) bool {
		for _, s := range body.List {
			switch s := s.(type) {
			case *ast.ForStmt:
				if s.Cond == nil {
					return true
				}
			case *ast.RangeStmt:
				return true
			}
		}
		return false
	}
	// The loops: what go statements start that loops, and exported
	// run loops.
	names := make(map[string]bool)
	var roots []*ast.BlockStmt
	for _, fds := range decls {
		for _, fd := range fds {
			params := funcParams(fd)
			if exportedRunLoop(fd) {
				roots = append(roots, fd.Body)
			}
			spawns := false
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				g, ok := n.(*ast.GoStmt)
				if !ok {
					return true
				}
				switch fun := ast.Unparen(g.Call.Fun).(type) {
				case *ast.FuncLit:
					if loops(fun.Body) {
						roots = append(roots, fun.Body)
					}
					if len(params) > 0 && !takesLock(fun.Body) && callsAny(fun.Body, params) {
						spawns = true
					}
				case *ast.Ident:
					if _, ok := params[fun.Name]; ok {
						spawns = true
					}
				}
				for _, callee := range decls[calleeName(g.Call)] {
					if loops(callee.Body) {
						roots = append(roots, callee.Body)
					}
				}
				return true
			})
			if spawns && fd.Name.IsExported() && !waits(fd.Body) {
				names[fd.Name.Name] = true
			}
		}
	}
	// What the loops call, by the name of the field or variable it is
	// taken from (t.f(), fns[i](), for _, h := range c.handlers, <-jobs,
	// safecall(t.fn)), through the functions they call by name.
	dispatched := make(map[string]bool)
	seen := make(map[*ast.BlockStmt]bool)
	for depth := 0; len(roots) > 0 && depth <= maxCalls; depth++ {
		var next []*ast.BlockStmt
		for _, body := range roots {
			if seen[body] {
				continue
			}
			seen[body] = true
			ast.Inspect(body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					if name := locName(n.Fun); name != "" {
						dispatched[name] = true
					}
					for _, arg := range n.Args {
						if sel, ok := ast.Unparen(arg).(*ast.SelectorExpr); ok {
							dispatched[sel.Sel.Name] = true
						}
					}
					for _, callee := range decls[calleeName(n)] {
						next = append(next, callee.Body)
					}
				case *ast.RangeStmt:
					if name := locName(n.X); name != "" {
						dispatched[name] = true
					}
				case *ast.AssignStmt:
					// f := t.fn, then f(); f := v.Load().(func()).
					for _, rhs := range n.Rhs {
						switch ast.Unparen(rhs).(type) {
						case *ast.SelectorExpr, *ast.IndexExpr, *ast.TypeAssertExpr:
							dispatched[locName(rhs)] = true
						}
					}
				case *ast.UnaryExpr:
					if n.Op == token.ARROW {
						if name := locName(n.X); name != "" {
							dispatched[name] = true
						}
					}
				}
				return true
			})
		}
		roots = next
	}
	// filed[name][i]: where a function of that name files its
	// parameter i, by the name of the field or variable.
	filed := make(map[string]map[int]map[string]bool)
	for changed := true; changed; {
		changed = false
		for name, fds := range decls {
			for _, fd := range fds {
				params := funcParams(fd)
				if len(params) == 0 {
					continue
				}
				mark := func(i int, loc string) {
					if loc == "" {
						return
					}
					if filed[name] == nil {
						filed[name] = make(map[int]map[string]bool)
					}
					if filed[name][i] == nil {
						filed[name][i] = make(map[string]bool)
					}
					if !filed[name][i][loc] {
						filed[name][i][loc] = true
						changed = true
					}
				}
				var param func(x ast.Expr) (int, bool)
				param = func(x ast.Expr) (int, bool) {
					switch x := ast.Unparen(x).(type) {
					case *ast.Ident:
						i, ok := params[x.Name]
						return i, ok
					case *ast.UnaryExpr:
						if x.Op == token.AND {
							return param(x.X) // &fn
						}
					case *ast.CallExpr:
						if len(x.Args) == 1 {
							return param(x.Args[0]) // Task(fn), as far as syntax can tell
						}
					case *ast.FuncLit:
						for name, i := range params {
							if callsAny(x.Body, map[string]int{name: i}) {
								return i, true
							}
						}
					}
					return 0, false
				}
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.AssignStmt:
						if len(n.Lhs) != len(n.Rhs) {
							return true
						}
						for k, rhs := range n.Rhs {
							if i, ok := param(rhs); ok {
								mark(i, locName(n.Lhs[k]))
							}
							if c, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && calleeName(c) == "append" {
								for _, arg := range c.Args {
									if i, ok := param(arg); ok {
										mark(i, locName(n.Lhs[k]))
									}
								}
							}
						}
					case *ast.SendStmt:
						if i, ok := param(n.Value); ok {
							mark(i, locName(n.Chan))
						}
					case *ast.CompositeLit:
						for _, elt := range n.Elts {
							if kv, ok := elt.(*ast.KeyValueExpr); ok {
								if key, ok := kv.Key.(*ast.Ident); ok {
									if i, ok := param(kv.Value); ok {
										mark(i, key.Name)
									}
								}
							}
						}
					case *ast.CallExpr:
						callee := calleeName(n)
						if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && (callee == "Store" || callee == "Swap") && len(n.Args) == 1 {
							// v.Store(f): an atomic.Value field.
							if i, ok := param(n.Args[0]); ok {
								mark(i, locName(sel.X))
							}
						}
						for j, arg := range n.Args {
							if i, ok := param(arg); ok {
								for loc := range filed[callee][j] {
									mark(i, loc)
								}
							}
						}
					}
					return true
				})
			}
		}
	}
	filing := make(map[string]bool)
	for name, fds := range decls {
		for _, fd := range fds {
			if !fd.Name.IsExported() {
				continue
			}
			for _, i := range funcParams(fd) {
				for loc := range filed[name][i] {
					filing[name] = true
					if dispatched[loc] {
						names[name] = true
					}
				}
			}
		}
	}
	return sortedKeys(names), sortedKeys(filing)
}

// locName names, without types, the field or variable a value is taken
// from or stored in: the last selection of x.f, x.f[i], *x.f, or the
// variable itself.
func locName(x ast.Expr) string {
	switch x := ast.Unparen(x).(type) {
	case *ast.TypeAssertExpr:
		return locName(x.X)
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Load" {
			return locName(sel.X) // v.Load()
		}
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return locName(x.X)
	case *ast.StarExpr:
		return locName(x.X)
	}
	return ""
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// callsAny reports whether body calls one of the named parameters.
func callsAny(body *ast.BlockStmt, params map[string]int) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
				if _, ok := params[id.Name]; ok {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// exportedRunLoop reports whether fd is a run loop its importers start
// on a goroutine of their own (go sched.Run()): exported, given nothing
// to work on (no parameter but a context), and a run loop. A function
// that loops over a select and is given an operation (a retry loop
// with its backoff timer, Retry(ctx, op)) is called in place.
func exportedRunLoop(fd *ast.FuncDecl) bool {
	if !fd.Name.IsExported() {
		return false
	}
	for _, p := range fd.Type.Params.List {
		sel, ok := p.Type.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Context" {
			return false
		}
	}
	return runLoop(fd.Body)
}

// runLoop reports whether body is an event loop: a for statement with
// no condition, or a range statement, at the top level of the body,
// that receives from a channel inside (for range ch alone does not
// count: syntax cannot tell a channel from a slice).
func runLoop(body *ast.BlockStmt) bool {
	for _, s := range body.List {
		var loopBody *ast.BlockStmt
		switch s := s.(type) {
		case *ast.ForStmt:
			if s.Cond == nil {
				loopBody = s.Body
			}
		case *ast.RangeStmt:
			loopBody = s.Body
		}
		if loopBody != nil && receives(loopBody) {
			return true
		}
	}
	return false
}

// receives reports whether a loop body receives from a channel (a
// select, or a receive), outside the function literals it holds.
func receives(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			found = true
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		}
		return !found
	})
	return found
}
