package flags_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/flags"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const src = `package p

import "errors"

type C struct{ ready bool }

type D struct{ other bool }

type I interface{ Connect() error }

func (c *C) load(fail bool) error {
	c.ready = false
	if fail {
		return errors.New("no")
	}
	c.ready = true
	return nil
}

func (c *C) Connect() error {
	if !c.ready {
		return c.load(true)
	}
	return nil
}

func (d *D) Connect() error { return nil }

var g I

func setup(useD bool) error {
	if useD {
		g = &D{}
		return nil
	}
	c := &C{}
	g = c
	if err := c.load(false); err != nil {
		return err
	}
	return nil
}

func start(useD bool) {
	if err := setup(useD); err != nil {
		return
	}
	after()
}

func after() { g.Connect() }

func known(c *C) {
	c.ready = true
	helper(c)
}

func helper(c *C) { c.Connect() }

func unknown(c *C) func(*C) {
	c.ready = true
	valued(c)
	return valued
}

func valued(c *C) { c.Connect() }
`

type env struct{}

func (env) Callees(fn *ssa.Function, common *ssa.CallCommon) []*ssa.Function {
	if common.IsInvoke() {
		var out []*ssa.Function
		prog := fn.Prog
		for _, name := range []string{"C", "D"} {
			t := fn.Pkg.Pkg.Scope().Lookup(name).Type()
			if m := prog.LookupMethod(types.NewPointer(t), fn.Pkg.Pkg, common.Method.Name()); m != nil {
				out = append(out, m)
			}
		}
		return out
	}
	if c := common.StaticCallee(); c != nil {
		return []*ssa.Function{c}
	}
	return nil
}

func (env) Imported(*ssa.Function, flags.Ctx) flags.Info { return flags.Info{} }

func build(t *testing.T) (*flags.Analysis, map[string]*ssa.Function) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, types.NewPackage("p", "p"), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	funcs := make(map[string]*ssa.Function)
	var all []*ssa.Function
	for _, m := range pkg.Members {
		if fn, ok := m.(*ssa.Function); ok {
			funcs[fn.Name()] = fn
			all = append(all, fn)
		}
	}
	for _, name := range []string{"C", "D"} {
		mset := pkg.Prog.MethodSets.MethodSet(types.NewPointer(pkg.Pkg.Scope().Lookup(name).Type()))
		for m := range mset.Methods() {
			fn := pkg.Prog.MethodValue(m)
			funcs[name+"."+fn.Name()] = fn
			all = append(all, fn)
		}
	}
	return flags.New(env{}, all), funcs
}

func TestEnsuresOnNil(t *testing.T) {
	a, fns := build(t)
	r := a.Analyze(fns["C.load"], nil)
	if got := (&flags.FuncFact{Plain: r.Info}).String(); !strings.Contains(got, "on nil error p0.p.C.ready=true") || strings.Contains(got, "ensures p0") {
		t.Errorf("load: %s; want ready on a nil error only", got)
	}
}

func TestDecides(t *testing.T) {
	a, fns := build(t)
	c := fns["C.Connect"]
	plain := a.Analyze(c, nil)
	if len(plain.Tests) != 1 || plain.Tests[0].Field != "p.C.ready" || plain.Decides() {
		t.Fatalf("Connect: tests %v, decides %v; want a test of ready, undecided", plain.Tests, plain.Decides())
	}
	ready := flags.Ctx{{Param: 0, Field: "p.C.ready", Value: true}}
	if r := a.Analyze(c, ready); !r.Decides() || len(r.Stores) != 0 {
		t.Errorf("Connect if ready: decides %v, stores %v; want decided, nothing stored", r.Decides(), r.Stores)
	}
}

func TestEntry(t *testing.T) {
	a, fns := build(t)
	if got := a.Entry(fns["helper"]).Key(); got != "p0.p.C.ready=t;" {
		t.Errorf("helper: entry %q; want ready", got)
	}
	if got := a.Entry(fns["valued"]).Key(); got != "" {
		t.Errorf("valued (also a value): entry %q; want nothing", got)
	}
	// setup leaves g ready when g holds a C (a D has no such flag).
	if got := a.Entry(fns["after"]).Key(); got != "g:p.g.p.C.ready=t;" {
		t.Errorf("after: entry %q; want g's ready", got)
	}
}
