package bench

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"sort"
	"sync"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"github.com/wsconcurrent/wsconcurrent/internal/exportdata"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// The imports of generated packages, loaded once per test binary from
// export data.
var loadImports = sync.OnceValues(func() (exportdata.Packages, error) {
	return exportdata.Load("github.com/gorilla/websocket", "encoding/json", "log", "net/http", "sort", "strconv", "strings", "sync", "time")
})

func importer(tb testing.TB) types.Importer {
	loaded, err := loadImports()
	if err != nil {
		tb.Fatalf("loading imports: %v", err)
	}
	return loaded
}

// checked is a type-checked generated package: what a driver hands the
// analyzer.
type checked struct {
	prog  *Program
	fset  *token.FileSet
	files []*ast.File
	pkg   *types.Package
	info  *types.Info
}

func typecheck(tb testing.TB, p *Program) *checked {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "synth.go", p.Src, parser.ParseComments)
	if err != nil {
		tb.Fatal(err)
	}
	// The same maps unitchecker fills.
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	conf := &types.Config{Importer: importer(tb), Sizes: types.SizesFor("gc", "amd64")}
	pkg, err := conf.Check("example.com/synth", fset, []*ast.File{f}, info)
	if err != nil {
		tb.Fatalf("generated package does not type-check: %v", err)
	}
	return &checked{prog: p, fset: fset, files: []*ast.File{f}, pkg: pkg, info: info}
}

// result of one pass.
type result struct {
	diags []analysis.Diagnostic
	facts int
}

// run runs the analyzer's pass on c, as unitchecker does under go vet:
// a fresh Pass with fact functions over fresh maps. The imports carry no
// facts (the analyzer exports none for the websocket package itself).
func run(tb testing.TB, c *checked) result {
	var res result
	exported := make(map[types.Object]analysis.Fact)
	pass := &analysis.Pass{
		Analyzer:          analyzer.Analyzer,
		Fset:              c.fset,
		Files:             c.files,
		Pkg:               c.pkg,
		TypesInfo:         c.info,
		TypesSizes:        types.SizesFor("gc", "amd64"),
		ResultOf:          map[*analysis.Analyzer]any{},
		Report:            func(d analysis.Diagnostic) { res.diags = append(res.diags, d) },
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ExportObjectFact:  func(obj types.Object, f analysis.Fact) { exported[obj] = f },
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {},
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
		ReadFile:          os.ReadFile,
	}
	if _, err := analyzer.Analyzer.Run(pass); err != nil {
		tb.Fatal(err)
	}
	res.facts = len(exported)
	return res
}

// Sizes of the synthetic packages, in lines.
var sizes = []struct {
	name  string
	lines int
}{{"1k", 1_000}, {"10k", 10_000}, {"100k", 100_000}}

const seed = 1

// Generated packages are cached per test binary: generating and
// type-checking 100k lines takes a second or two.
var (
	cacheMu sync.Mutex
	cache   = map[string]*checked{}
)

func program(tb testing.TB, lines int, websocket bool) *checked {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	k := fmt.Sprint(lines, websocket)
	if c, ok := cache[k]; ok {
		return c
	}
	c := typecheck(tb, Generate(lines, seed, websocket))
	cache[k] = c
	return c
}

// BenchmarkAnalyzer is the analyzer's pass (SSA construction included:
// the analyzer builds SSA itself) on generated packages of 1k, 10k and
// 100k lines, type-checked once outside the timer.
// settled collects the garbage of building c (parsing and
// type-checking a 100k-line package allocates hundreds of MiB) before
// the timed loop, so that the loop does not pay for collecting the
// setup. At 100k lines b.Loop stops after one iteration, where that
// cost would not be amortised.
func settled(c *checked) *checked {
	runtime.GC()
	return c
}

func BenchmarkAnalyzer(b *testing.B) {
	for _, s := range sizes {
		b.Run(s.name, func(b *testing.B) {
			c := settled(program(b, s.lines, true))
			b.ReportAllocs()
			var res result
			for b.Loop() {
				res = run(b, c)
			}
			b.ReportMetric(float64(c.prog.Lines), "lines")
			b.ReportMetric(float64(len(res.diags)), "diags")
		})
	}
}

// BenchmarkSSA is what building the package's SSA alone costs (what the
// analyzer does first, as buildssa does, minus ctrlflow): the floor
// under BenchmarkAnalyzer.
func BenchmarkSSA(b *testing.B) {
	for _, s := range sizes {
		b.Run(s.name, func(b *testing.B) {
			c := settled(program(b, s.lines, true))
			b.ReportAllocs()
			for b.Loop() {
				buildSSA(c)
			}
		})
	}
}

func buildSSA(c *checked) *ssa.Package {
	prog := ssa.NewProgram(c.fset, ssa.BuilderMode(0))
	for _, p := range c.pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(c.pkg, c.files, c.info, false)
	pkg.Build()
	return pkg
}

// BenchmarkGate is the pass on a package of the same shape and size that
// cannot reach a websocket package (its Conn is its own type): it should
// cost next to nothing. BenchmarkGate/ssa-10k is what building SSA for it
// would cost, for comparison.
func BenchmarkGate(b *testing.B) {
	c := settled(program(b, 10_000, false))
	b.Run("pass-10k", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if res := run(b, c); len(res.diags) != 0 || res.facts != 0 {
				b.Fatalf("gate: %d diagnostics, %d facts on a package without websocket", len(res.diags), res.facts)
			}
		}
	})
	b.Run("ssa-10k", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buildSSA(c)
		}
	})
}

// TestGenerated checks that the generated packages type-check, that the
// generator is deterministic, and that the analyzer reports exactly the
// races the generator planted (a line marked // RACE:write or
// // RACE:read), nothing on the safe patterns, and nothing at all on the
// package without websocket. Sizes up to 10k lines: well under a second
// or two.
func TestGenerated(t *testing.T) {
	for _, lines := range []int{1_000, 10_000} {
		p := Generate(lines, seed, true)
		if q := Generate(lines, seed, true); string(q.Src) != string(p.Src) {
			t.Fatalf("Generate(%d, %d) is not deterministic", lines, seed)
		}
		if p.Lines < lines || p.Lines > lines+lines/5+200 {
			t.Errorf("Generate(%d): %d lines", lines, p.Lines)
		}
		if len(p.Want) == 0 {
			t.Fatalf("Generate(%d): no race planted", lines)
		}
		res := run(t, program(t, lines, true))
		got := make(map[int]string)
		for _, d := range res.diags {
			got[program(t, lines, true).fset.Position(d.Pos).Line] = d.Category
		}
		var missing, extra []string
		for l, cat := range p.Want {
			if got[l] != cat {
				missing = append(missing, fmt.Sprintf("%d %s (got %q)", l, cat, got[l]))
			}
		}
		for l, cat := range got {
			if _, ok := p.Want[l]; !ok {
				extra = append(extra, fmt.Sprintf("%d %s", l, cat))
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing) > 0 || len(extra) > 0 {
			for _, d := range res.diags {
				t.Logf("%s: %s: %s", program(t, lines, true).fset.Position(d.Pos), d.Category, d.Message)
			}
			t.Errorf("%d-line package: %d diagnostics, %d planted\nmissing: %v\nunexpected: %v", p.Lines, len(got), len(p.Want), missing, extra)
		}
		t.Logf("%d lines, %d units: %d planted races, %d diagnostics, %d facts", p.Lines, p.Units, len(p.Want), len(res.diags), res.facts)

		q := program(t, lines, false)
		if res := run(t, q); len(res.diags) != 0 || res.facts != 0 {
			t.Errorf("%d-line package without websocket: %d diagnostics, %d facts", q.prog.Lines, len(res.diags), res.facts)
		}
	}
}
