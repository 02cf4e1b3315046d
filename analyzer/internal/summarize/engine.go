package summarize

import (
	"go/token"
	"go/types"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/flags"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/order"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/report"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/runners"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Engine holds the state of one pass.
type Engine struct {
	Pass *analysis.Pass
	// pools are the channels whose received values workers call
	// (pools.go), computed on first use.
	pools map[string]*taskPool
	// workers are the functions that call the tasks of a pool.
	workers   map[*ssa.Function][]*taskPool
	contract  *contract.Contract
	reads     bool
	Summaries map[*ssa.Function]*effect.Summary
	// The depth-first walk that computes summaries (recursion.go).
	stack       []frame
	depth       map[*ssa.Function]int           // functions on the stack
	recursed    map[*ssa.Function]bool          // called while on the stack
	provisional map[*ssa.Function]*ssa.Function // member -> head of its component
	members     map[*ssa.Function][]*ssa.Function
	imported    map[*types.Func]*effect.Summary
	// Runs are what the package's functions hand to its loops, set
	// by the caller; runsMemo, what any function does, as looked up.
	Runs     *runners.Runs
	runsMemo map[*types.Func][]runners.Run
	prog     *ssa.Program
	Funcs    []*ssa.Function // the package's source functions
	// forwards are the registries channel receivers file values in
	// (channels.go), computed when first needed.
	forwards  map[string][]forward
	converted []types.Type // see indexConversions
	// dispatchMemo: the targets of a method of an interface whose
	// values the function cannot trace (dispatch).
	dispatchMemo map[string][]dispatchTarget
	convertedTo  map[string][]types.Type // see indexConversions
	Report       *report.Reporter
	Budget       budget
	// What interface locations can hold (dyntypes.go), computed once.
	tstores   map[*ssa.Function][]effect.TypeStore
	pkgStores map[string][]string
	sites     map[*ssa.Function][]ssa.CallInstruction
	// transport: the package reaches no conn and is analysed for the
	// callbacks its importers lift (inverted.go).
	transport bool
	// hooks is the pairing stage, which each function's analysis
	// hands its events to.
	Hooks Pairing
	// chanFields are the channel fields of the package's struct types,
	// for Rendezvous, computed when first needed.
	chanFields map[string]*chanField
	// lifting are the methods being lifted as callbacks, on which
	// values (callback.go): a cycle through them is lifted once.
	lifting map[liftKey]bool
	// handlersByHome are the handlers installed on conns kept in
	// fields, by field (connhandlers.go), computed when first needed.
	handlersByHome map[string][]homeHandler
	// installs are the handlers each function installs on a conn its
	// callers give it or get back, computed with handlersByHome.
	installs map[*ssa.Function][]effect.Install
	// flagsA is the analysis of boolean fields (flagvariants.go), and
	// variants the summaries under a caller's context.
	flagsA   *flags.Analysis
	variants map[fnVariantKey]*effect.Summary
}

// pairingHooks is what the analysis of one function asks of the
// pairing stage: to record the accesses to the package's struct fields
// and the fields each goroutine writes (lock consistency), and to pair
// the function's accesses.
type Pairing interface {
	RecordTyped(st *FuncState, ord *cfg.Order, events []*effect.Event)
	RecordFieldWrites(fn *ssa.Function, events []*effect.Event)
	Pair(st *FuncState, ord *cfg.Order, events []*effect.Event, joins []order.Join)
}

// site returns the position that stands for a call in diagnostics and
// how the call names its connection.
func (e *Engine) site(common *ssa.CallCommon, op contract.ConnOp) (token.Pos, string) {
	pos := common.Pos()
	return pos, e.Report.ConnText(pos, op)
}

// NewEngine returns the engine of one pass: c is the connection
// contract, reads whether the read side is checked, rep where findings
// go, transport whether the package is analysed only for the callbacks
// its importers lift (a transport: inverted.go); prog and funcs are the
// package's SSA and its source functions.
func NewEngine(pass *analysis.Pass, c *contract.Contract, reads bool, rep *report.Reporter, transport bool, prog *ssa.Program, funcs []*ssa.Function) *Engine {
	return &Engine{
		Pass:        pass,
		contract:    c,
		reads:       reads,
		Summaries:   make(map[*ssa.Function]*effect.Summary),
		depth:       make(map[*ssa.Function]int),
		recursed:    make(map[*ssa.Function]bool),
		provisional: make(map[*ssa.Function]*ssa.Function),
		members:     make(map[*ssa.Function][]*ssa.Function),
		imported:    make(map[*types.Func]*effect.Summary),
		tstores:     make(map[*ssa.Function][]effect.TypeStore),
		Report:      rep,
		transport:   transport,
		Budget:      budget{fset: pass.Fset},
		prog:        prog,
		Funcs:       funcs,
	}
}

// Finish says on standard error whether a budget cut the package's
// analysis short, and returns the pass's Stats.
func (e *Engine) Finish() *Stats {
	e.Budget.report(e.Pass.Pkg.Path())
	return e.stats()
}
