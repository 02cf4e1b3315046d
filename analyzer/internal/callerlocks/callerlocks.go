// Package callerlocks says, for each method of an interface a package
// exports, which mutexes the package holds around every call it makes of
// that method. A library that defines a Transport and calls its Write
// and WriteMany only from its writer, under the writer's mutex, promises
// implementers that those calls never overlap; the implementing package,
// which imports the library, cannot see those calls and learns the
// promise from a Fact on the interface method.
//
// It takes a pass's syntax and types, needs no SSA (it runs on packages
// the gate skips: a library that defines the interface may reach no
// conn), and gives Fact objects, exported by Export and read by Of. The
// locks are found by a walk of each function body's statements: Lock
// adds its mutex, Unlock removes it, a deferred Unlock keeps it to the
// end, and a mutex taken inside a branch or loop body is not held after
// it. A function literal starts with no lock held (it may run anywhere),
// so do a go statement's call and a deferred call. An interface method
// used as a value (a method value or expression) may be called anywhere:
// its method gets no Fact. Of the other stages it uses only lockset's
// table of lock methods.
package callerlocks

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"golang.org/x/tools/go/analysis"
)

// Fact is exported on an interface method that the declaring package
// calls, every time, holding each of Locks exclusively. A lock is named
// by the mutex variable a function declares (name@file:line), the field
// of a type it is (pkg.Type.field), or a package-level variable
// (pkg.name): two methods whose facts share a name are called under
// that one mutex.
type Fact struct {
	Locks []string
}

func (*Fact) AFact() {}

func (f *Fact) String() string { return "callerlocks(" + strings.Join(f.Locks, ", ") + ")" }

// Of returns the locks the package declaring interface method m holds
// around every call it makes of m, or nil.
func Of(pass *analysis.Pass, m *types.Func) []string {
	var f Fact
	if m == nil || m.Pkg() == pass.Pkg || !pass.ImportObjectFact(m, &f) {
		return nil
	}
	return f.Locks
}

// Export computes the locks held around the package's calls of the
// methods of the interfaces it exports, and exports a Fact for every
// such method called only under some mutex.
func Export(pass *analysis.Pass) {
	if !declaresInterface(pass.Pkg) {
		return
	}
	w := &walker{pass: pass, held: make(map[*types.Func][]string), called: make(map[*types.Func]bool), free: make(map[*types.Func]bool)}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					w.block(d.Body.List, nil)
				}
			case *ast.GenDecl:
				// Package-level initialisers: a function literal
				// kept in a variable, a method value.
				for _, spec := range d.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok {
						for _, v := range vs.Values {
							w.expr(v, nil)
						}
					}
				}
			}
		}
	}
	var methods []*types.Func
	for m := range w.called {
		if !w.free[m] && len(w.held[m]) > 0 {
			methods = append(methods, m)
		}
	}
	slices.SortFunc(methods, func(a, b *types.Func) int { return int(a.Pos() - b.Pos()) })
	for _, m := range methods {
		pass.ExportObjectFact(m, &Fact{Locks: w.held[m]})
	}
}

// LockedInterfaces returns, from syntax alone, the exported interfaces
// a package with files may have a Fact for, each as the names of the
// methods it lists: interfaces one of whose methods some function calls,
// by name, in a body that also calls a Lock method. A driver that loads
// only some packages from source asks it of the others, and loads one
// when a package it analyses declares a type with every method of one
// of those interfaces (a type that may implement it).
func LockedInterfaces(files []*ast.File) [][]string {
	var ifaces [][]string
	byName := make(map[string][]int) // method name -> interfaces listing it
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				it, ok := ts.Type.(*ast.InterfaceType)
				if !ok || !ts.Name.IsExported() || it.Methods == nil {
					continue
				}
				var names []string
				for _, m := range it.Methods.List {
					for _, n := range m.Names {
						if n.IsExported() {
							byName[n.Name] = append(byName[n.Name], len(ifaces))
							names = append(names, n.Name)
						}
					}
				}
				ifaces = append(ifaces, names)
			}
		}
	}
	if len(byName) == 0 {
		return nil
	}
	locked := make([]bool, len(ifaces))
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			locks := false
			var calls []string
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
						locks = locks || sel.Sel.Name == "Lock"
						if byName[sel.Sel.Name] != nil {
							calls = append(calls, sel.Sel.Name)
						}
					}
				}
				return true
			})
			if locks {
				for _, c := range calls {
					for _, i := range byName[c] {
						locked[i] = true
					}
				}
			}
		}
	}
	var out [][]string
	for i, names := range ifaces {
		if locked[i] {
			out = append(out, names)
		}
	}
	return out
}

// declaresInterface reports whether pkg declares an exported interface.
func declaresInterface(pkg *types.Package) bool {
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok && tn.Exported() && types.IsInterface(tn.Type()) {
			return true
		}
	}
	return false
}

// A walker finds the locks held around the calls of the package's
// interface methods.
type walker struct {
	pass *analysis.Pass
	// held is, per method, the locks held at every call so far.
	held map[*types.Func][]string
	// called: the method has been called; free: some call (or a use
	// as a value) holds none of the locks the others hold.
	called, free map[*types.Func]bool
	// cont, in a loop's body, is what every continue to its head
	// holds so far.
	cont *[]string
}

// block walks a statement list entered with held and returns the locks
// held after it.
func (w *walker) block(list []ast.Stmt, held []string) []string {
	held = slices.Clone(held)
	for _, s := range list {
		held = w.stmt(s, held)
	}
	return held
}

// stmt walks one statement entered with held and returns the locks held
// after it.
func (w *walker) stmt(s ast.Stmt, held []string) []string {
	switch s := s.(type) {
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
			if name, acquire, ok := w.lockOp(call); ok {
				if acquire {
					if !slices.Contains(held, name) {
						held = append(held, name)
					}
				} else {
					held = slices.DeleteFunc(held, func(h string) bool { return h == name })
				}
				return held
			}
		}
	case *ast.DeferStmt:
		if _, acquire, ok := w.lockOp(s.Call); ok && !acquire {
			return held // held to the end of the function
		}
		w.call(s.Call, nil) // runs at exit, under what is held then
		return held
	case *ast.GoStmt:
		w.call(s.Call, nil) // runs on a goroutine of its own
		return held
	case *ast.BlockStmt:
		return w.block(s.List, held)
	case *ast.LabeledStmt:
		return w.stmt(s.Stmt, held)
	case *ast.ForStmt:
		if s.Init != nil {
			held = w.stmt(s.Init, held)
		}
		if s.Cond != nil {
			w.expr(s.Cond, held)
		}
		return w.loop(s.Body, s.Post, held)
	case *ast.RangeStmt:
		w.expr(s.X, held)
		return w.loop(s.Body, nil, held)
	}
	// Any other statement: its expressions run under held, its bodies
	// each from held; what all the bodies that can fall out of it
	// (not ending in a return) keep held is held after it, and what
	// skipping them keeps.
	out := held
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			out = meet(out, w.body(n.List, held))
			return false
		case *ast.CaseClause:
			for _, x := range n.List {
				w.expr(x, held)
			}
			out = meet(out, w.body(n.Body, held))
			return false
		case *ast.CommClause:
			if n.Comm != nil {
				w.stmt(n.Comm, held)
			}
			out = meet(out, w.body(n.Body, held))
			return false
		case ast.Expr:
			w.expr(n, held)
			return false
		}
		return true
	})
	return out
}

// loop walks a loop's body (and post statement) entered with held: a
// second iteration starts with what the first kept held. What is held
// after the loop is what both entering and leaving the body hold.
func (w *walker) loop(body *ast.BlockStmt, post ast.Stmt, held []string) []string {
	outer := w.cont
	defer func() { w.cont = outer }()
	iterate := func(in []string) []string {
		cont := slices.Clone(in)
		w.cont = &cont
		out := meet(w.block(body.List, in), cont)
		if post != nil {
			out = w.stmt(post, out)
		}
		return out
	}
	out := iterate(held)
	if again := meet(held, out); len(again) < len(held) {
		out = iterate(again)
	}
	return meet(held, out)
}

// body walks a branch's statements and returns what is held when it
// falls out: held itself (no constraint) when it ends in a return, a
// panic or a continue, which do not fall out.
func (w *walker) body(list []ast.Stmt, held []string) []string {
	out := w.block(list, held)
	if len(list) == 0 {
		return out
	}
	switch last := list[len(list)-1].(type) {
	case *ast.ReturnStmt:
		return held
	case *ast.BranchStmt:
		// continue goes back to the loop's head, with what it
		// holds; break (out of a loop or a switch) and goto fall
		// out of the statement here, as far as this walk knows.
		if last.Tok == token.CONTINUE && last.Label == nil && w.cont != nil {
			*w.cont = meet(*w.cont, out)
			return held
		}
	case *ast.ExprStmt:
		if call, ok := last.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return held
			}
		}
	}
	return out
}

// meet returns the locks both a and b hold.
func meet(a, b []string) []string {
	var out []string
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// expr walks an expression evaluated under held: calls of the
// package's interface methods are recorded, function literals are
// walked as bodies of their own, and a method used as a value frees its
// method.
func (w *walker) expr(x ast.Expr, held []string) {
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			w.block(n.Body.List, nil)
			return false
		case *ast.CallExpr:
			w.call(n, held)
			return false
		case *ast.SelectorExpr:
			if m := w.method(n); m != nil {
				w.record(m, nil) // a method value: called anywhere
			}
		}
		return true
	})
}

// call records call, made under held, if it calls one of the package's
// interface methods, and walks its operands.
func (w *walker) call(call *ast.CallExpr, held []string) {
	fun := ast.Unparen(call.Fun)
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if m := w.method(sel); m != nil {
			w.record(m, held)
		}
		w.expr(sel.X, held)
	} else {
		w.expr(fun, held)
	}
	for _, a := range call.Args {
		w.expr(a, held)
	}
}

// record notes a call of m under held.
func (w *walker) record(m *types.Func, held []string) {
	if w.free[m] {
		return
	}
	if !w.called[m] {
		w.called[m] = true
		w.held[m] = slices.Clone(held)
	} else {
		w.held[m] = meet(w.held[m], held)
	}
	if len(w.held[m]) == 0 {
		w.free[m] = true
	}
}

// method returns the interface method sel selects, if the method is
// declared by an exported interface of the package: a call through the
// interface (or a method value or expression of it).
func (w *walker) method(sel *ast.SelectorExpr) *types.Func {
	s, ok := w.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() == types.FieldVal {
		return nil
	}
	m, ok := s.Obj().(*types.Func)
	if !ok || m.Pkg() != w.pass.Pkg || !m.Exported() {
		return nil
	}
	recv := m.Type().(*types.Signature).Recv()
	if recv == nil {
		return nil
	}
	named, ok := types.Unalias(recv.Type()).(*types.Named)
	if !ok || !named.Obj().Exported() || !types.IsInterface(named) {
		return nil
	}
	return m
}

// lockOp reports whether call locks (acquire) or unlocks a mutex it can
// name, exclusively: an RLock serialises nothing.
func (w *walker) lockOp(call *ast.CallExpr) (name string, acquire, ok bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", false, false
	}
	s, ok := w.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return "", false, false
	}
	m, _ := s.Obj().(*types.Func)
	act := lockset.MethodAction(m)
	if act != lockset.AcquireExcl && act != lockset.Release {
		return "", false, false
	}
	if idx := s.Index(); len(idx) > 1 {
		// A mutex embedded in the receiver's type: c.Lock() locks
		// the field of c's type.
		named, ok := types.Unalias(deref(s.Recv())).(*types.Named)
		if !ok {
			return "", false, false
		}
		name = types.TypeString(named, nil)
		t := s.Recv()
		for _, i := range idx[:len(idx)-1] {
			st, ok := deref(t).Underlying().(*types.Struct)
			if !ok {
				return "", false, false
			}
			f := st.Field(i)
			name += "." + f.Name()
			t = f.Type()
		}
	} else if name, ok = w.mutexName(sel.X); !ok {
		return "", false, false
	}
	return name, act == lockset.AcquireExcl, true
}

// mutexName names the mutex x denotes, the same wherever the package
// refers to it: a variable by its declaration, a field by its type.
func (w *walker) mutexName(x ast.Expr) (string, bool) {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		v, ok := w.pass.TypesInfo.Uses[x].(*types.Var)
		if !ok {
			return "", false
		}
		if v.Parent() == v.Pkg().Scope() {
			return v.Pkg().Path() + "." + v.Name(), true
		}
		return fmt.Sprintf("%s@%s", v.Name(), w.where(v.Pos())), true
	case *ast.SelectorExpr:
		s, ok := w.pass.TypesInfo.Selections[x]
		if !ok {
			if v, ok := w.pass.TypesInfo.Uses[x.Sel].(*types.Var); ok && v.Pkg() != nil {
				return v.Pkg().Path() + "." + v.Name(), true // pkg.mu
			}
			return "", false
		}
		if s.Kind() != types.FieldVal {
			return "", false
		}
		named, ok := types.Unalias(deref(s.Recv())).(*types.Named)
		if !ok {
			return "", false
		}
		return types.TypeString(named, nil) + "." + x.Sel.Name, true
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return w.mutexName(x.X)
		}
	}
	return "", false
}

// where names a position as file.go:line.
func (w *walker) where(pos token.Pos) string {
	p := w.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
