package analyzer

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"runtime/debug"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/callerlocks"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/facts"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/flags"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/pairing"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/report"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/runners"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/summarize"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Analyzer reports call sites that can write to (or read from) the same
// gorilla/websocket connection from two goroutines at once.
var Analyzer = &analysis.Analyzer{
	Name: "wsconcurrent",
	Doc:  doc,
	URL:  "https://pkg.go.dev/github.com/wsconcurrent/wsconcurrent#readme-what-it-finds",
	Run:  run,
	// Summaries cross package boundaries as facts.
	FactTypes: []analysis.Fact{new(facts.SummaryFact), new(pairing.GuardFact), new(callerlocks.Fact), new(runners.Fact), new(flags.FuncFact)},
	// The result says how much work the pass did (budget.go).
	ResultType: reflect.TypeFor[*summarize.Stats](),
}

const doc = `report concurrent writes to a gorilla/websocket connection

gorilla/websocket supports one concurrent writer and one concurrent reader
per connection. Write methods (NextWriter and the writer it returns,
WriteMessage, WriteJSON, WritePreparedMessage, SetWriteDeadline,
EnableWriteCompression, SetCompressionLevel) called from two goroutines at
once corrupt the stream or panic with "concurrent write to websocket
connection". Close and WriteControl are safe from any goroutine.

wsconcurrent reports each write call site that can run at the same time as
another write to the same connection: in goroutines started with go, not
ordered by the program, and not both under one mutex held exclusively.
Writes confined to one goroutine (a writer goroutine fed by a channel) and
writes under a shared sync.Mutex are correct and not reported. The same
check for the read side (NextReader, ReadMessage, ReadJSON,
SetReadDeadline, SetPingHandler, SetPongHandler) is on by default.`

// Flags. They are the one configuration surface: the command line,
// go vet -vettool, the golangci-lint plugin (which sets them) and nogo's
// analyzer_flags all set these. They are read, never written, by a pass.
var (
	reads         bool
	connTypesFlag string
	related       bool
	explain       bool
)

func init() {
	Analyzer.Flags.BoolVar(&reads, "reads", true, "also report concurrent reads (category "+report.CategoryRead+")")
	Analyzer.Flags.BoolVar(&related, "related", true, "attach related information (the other access, the goroutine's start) to findings; the messages name both places too")
	Analyzer.Flags.BoolVar(&explain, "explain", false, "with -related, also show each side's call chain from the function that starts the goroutine to the access (related information)")
	Analyzer.Flags.StringVar(&connTypesFlag, "conntypes", "", "extra connection types with gorilla's contract, comma-separated importpath.TypeName (e.g. example.com/internal/ws.Conn)")
}

func run(pass *analysis.Pass) (any, error) { return runPass(pass, true) }

// runPass analyses one package. exportFacts is false only in tests that
// check diagnostics of single packages (analysistest requires a
// want-comment for every fact exported).
func runPass(pass *analysis.Pass, exportFacts bool) (_ any, err error) {
	known, err := configuredConnTypes()
	if err != nil {
		return nil, err
	}
	c := &contract.Contract{Types: known}
	builtin := &contract.Contract{Types: contract.BuiltinConnTypes}
	if builtin.IsConnPkg(pass.Pkg.Path()) || contract.ShapedConn(pass.Pkg) {
		// The websocket libraries (and forks of gorilla's) are
		// modelled by the contract.
		return new(summarize.Stats), nil
	}
	imported := pass.AllObjectFacts()
	holds := mayHoldConn(pass, c, imported)
	var runs *runners.Runs
	if !ssaview.StandardPath(pass.Pkg.Path()) {
		// Which of its functions hand a function to a loop of the
		// package's, to run later (a scheduler's): its importers
		// cannot see the loop, and it may reach no conn itself.
		// All of them, for its own analysis, when it may.
		runs = runners.Find(pass, holds, imported)
		if exportFacts {
			// What the package promises implementers of its
			// interfaces, whether or not it reaches a conn itself.
			// Not the standard library's: its interfaces (io.Writer,
			// http.ResponseWriter) are called by every package,
			// under no lock of its own.
			callerlocks.Export(pass)
			runners.Export(pass, runs)
		}
	}
	transport := false
	if !holds {
		// Other packages can't hold a connection: don't build SSA,
		// unless the package is a transport (inverted.go).
		if transport = runsOwnInterface(pass); !transport {
			return new(summarize.Stats), nil
		}
	}
	defer func() {
		// An analyzer bug must not take the user's build down with a
		// stack trace; say what failed, where, and how to report it.
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error analysing package %s: %v (please report this with the package source)\n%s", pass.Pkg.Path(), r, debug.Stack())
		}
	}()
	funcs, prog := buildSSA(pass)
	rep := report.NewReporter(pass, c, related, explain)
	e := summarize.NewEngine(pass, c, reads, rep, transport, prog, funcs)
	e.Runs = runs
	debuglog.Debugf("package %s", pass.Pkg.Path())
	ck := pairing.New(e, funcs)
	e.Hooks = ck
	for _, fn := range funcs {
		e.Summarize(fn)
	}
	ck.OpenWorld()
	ck.ConcurrentMethods()
	ck.Listeners()
	ck.CheckConsistency()
	if exportFacts {
		e.ExportFacts(funcs)
		ck.ExportGuards()
	}
	rep.Flush()
	st := e.Finish()
	debuglog.Debugf("stats %s: functions=%d calls=%d analyses=%d work=%d largest-summary=%d longest-path=%d cuts=%d", pass.Pkg.Path(), st.Functions, st.Calls, st.Analyses, st.Work, st.LargestSummary, st.LongestPath, len(st.Cut))
	return st, nil
}

// mayHoldConn is the gate: whether the package can reach a connection,
// through its imports or through a dependency's summaries. The second
// test is not redundant: under go vet, dependencies come from export
// data, whose packages list only the imports their API mentions, so a
// package that wraps a connection behind a string-only API (feed.Publish
// writing to feed's own connection) hides the websocket import from its
// importers' types. Its summaries, exported as facts, do not hide it.
// Packages with neither exit before any SSA is built; in a build where
// no package imports websocket both tests are cheap and false.
//
// Either test only says that a connection is somewhere below. A package
// that reaches one can only do so by naming something that leads to it:
// a declaration of a connection package (a type, a method, a promoted
// method), a variable or field of a connection type, or a function,
// method or type of another package whose facts say what it does. A
// package that names none of these (in go-ethereum, most of the packages
// that import rpc, which imports websocket) can't hold a connection
// either, and is skipped before any SSA is built.
func mayHoldConn(pass *analysis.Pass, c *contract.Contract, imported []analysis.ObjectFact) bool {
	facts := slices.DeleteFunc(slices.Clone(imported), func(f analysis.ObjectFact) bool {
		switch f := f.Fact.(type) {
		case *facts.SummaryFact:
			return !f.LeadsToConn()
		case *callerlocks.Fact, *runners.Fact, *flags.FuncFact:
			return true // a promise about locks, goroutines or flags, not a way to a conn
		}
		return false
	})
	if !importsConnPkg(pass.Pkg, c) && len(facts) == 0 {
		return false
	}
	return namesConn(pass, c, facts)
}

// namesConn reports whether the package names a declaration that can
// lead to a connection: one of a connection package, a variable of a
// connection type, or an object of another package with a fact (for a
// type: with a fact on one of its methods).
func namesConn(pass *analysis.Pass, c *contract.Contract, facts []analysis.ObjectFact) bool {
	withFact := make(map[types.Object]bool, len(facts))
	for _, f := range facts {
		withFact[f.Object] = true
		if fn, ok := f.Object.(*types.Func); ok {
			if recv := fn.Signature().Recv(); recv != nil {
				if n := ssaview.NamedOf(recv.Type()); n != nil {
					withFact[n.Obj()] = true
				}
			}
		}
	}
	leads := func(obj types.Object) bool {
		if obj == nil || obj.Pkg() == nil {
			return false
		}
		if fn, ok := obj.(*types.Func); ok {
			obj = fn.Origin()
		}
		if withFact[obj] || c.IsConnPkg(obj.Pkg().Path()) {
			return true
		}
		if v, ok := obj.(*types.Var); ok {
			if n := ssaview.NamedOf(v.Type()); n != nil && c.IsConnNamed(n) {
				return true
			}
		}
		return false
	}
	for _, obj := range pass.TypesInfo.Uses {
		if leads(obj) {
			return true
		}
	}
	for _, obj := range pass.TypesInfo.Defs {
		if leads(obj) {
			return true
		}
	}
	return false
}

// importsConnPkg reports whether pkg imports a connection package,
// directly or transitively. Only such packages can hold a connection.
// Packages that declare a fork of gorilla's Conn (forks.go) join the
// contract's types on the way.
func importsConnPkg(pkg *types.Package, c *contract.Contract) bool {
	seen := make(map[*types.Package]bool)
	found := false
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		switch {
		case c.IsConnPkg(p.Path()):
			found = true
		case p != pkg && contract.ShapedConn(p):
			c.Types = append(c.Types, contract.ConnType{Pkg: p.Path(), Name: "Conn"})
			c.Shaped = append(c.Shaped, p.Path())
			debuglog.Debugf("fork by shape: %s.Conn follows gorilla's contract", p.Path())
			found = true
		}
		for _, q := range p.Imports() {
			visit(q)
		}
	}
	visit(pkg)
	return found
}

// buildSSA builds the package's SSA form and returns its source
// functions (declared functions and methods, package initialisers and
// every function literal) in source order.
//
// It does what buildssa does, minus ctrlflow: ctrlflow's facts would be
// computed for every package of the build, websocket or not.
func buildSSA(pass *analysis.Pass) ([]*ssa.Function, *ssa.Program) {
	prog := ssa.NewProgram(pass.Fset, ssa.InstantiateGenerics)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()

	var funcs []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if fn == nil {
			return
		}
		funcs = append(funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	// File by file, in the package's file order; within a file, by
	// position (function literals after their enclosing declaration's
	// start). Pos order is only meaningful within one file.
	for _, f := range pass.Files {
		start := len(funcs)
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					add(prog.FuncValue(obj))
				}
			}
		}
		slices.SortStableFunc(funcs[start:], func(a, b *ssa.Function) int { return cmp.Compare(a.Pos(), b.Pos()) })
	}
	add(pkg.Func("init"))
	return funcs, prog
}

// ConnPackages returns the import paths of the packages that declare a
// connection type: the built-in ones and those of -conntypes (so it must
// be called after flags are parsed). A package that imports none of them,
// directly or transitively, cannot hold a connection and exports no
// fact: the pass skips it, and a driver may load it from export data
// instead of source (cmd/wsconcurrent does).
func ConnPackages() ([]string, error) {
	known, err := configuredConnTypes()
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, t := range known {
		if !slices.Contains(paths, t.Pkg) {
			paths = append(paths, t.Pkg)
		}
	}
	return paths, nil
}

// configuredConnTypes returns the built-in connection types followed by
// those of the -conntypes flag.
func configuredConnTypes() ([]contract.ConnType, error) {
	extra, err := contract.ParseConnTypes(connTypesFlag)
	if err != nil {
		return nil, err
	}
	return append(slices.Clip(contract.BuiltinConnTypes), extra...), nil
}

// Stats is the result of a pass: how much work the bounded model did,
// and which functions a budget cut short.
type Stats = summarize.Stats

// A Cut says that a budget cut the analysis of a function short.
type Cut = summarize.Cut

// Bounds of the model, for the checks on Stats.
const (
	MaxRounds  = summarize.MaxRounds
	MaxPathLen = summarize.MaxPathLen
)

// The categories of the diagnostics.
const (
	// CategoryWrite: two writes to one conn may overlap.
	CategoryWrite = report.CategoryWrite
	// CategoryRead: two reads of one conn may overlap.
	CategoryRead = report.CategoryRead
	// CategoryDirective: a //wsconcurrent:ignore directive without a
	// reason.
	CategoryDirective = report.CategoryDirective
)
