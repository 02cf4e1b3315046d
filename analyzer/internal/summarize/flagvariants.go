package summarize

import (
	"go/types"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/flags"
	"golang.org/x/tools/go/ssa"
)

// Summaries under what the caller knows of boolean fields (package
// flags). A callee that tests a flag of what it is given (if !c.ready
// { setup } ) is summarised once plainly and, at a call where the
// caller knows the flag, once more with that branch decided: its
// variant. The variant of a function of another package comes with its
// summary fact, one per assignment of the flags it tests. A function
// every caller of which knows a flag (an unexported helper called after
// the setup succeeded) is analysed knowing it.

// flagsEnv is what package flags asks of the engine.
type flagsEnv struct{ e *Engine }

// Callees returns the functions a call reaches: its static callee, or
// the implementations an interface call dispatches to.
func (env flagsEnv) Callees(fn *ssa.Function, common *ssa.CallCommon) []*ssa.Function {
	if common.IsInvoke() {
		targets, _ := env.e.dispatch(fn, common)
		var out []*ssa.Function
		for _, t := range targets {
			if t.fn != nil {
				out = append(out, t.fn)
			}
		}
		return out
	}
	if c, _ := env.e.Callee(common); c != nil {
		return []*ssa.Function{c}
	}
	return nil
}

// Imported returns what another package's function does to flags, from
// its fact: nothing when it has none.
func (env flagsEnv) Imported(fn *ssa.Function, ctx flags.Ctx) flags.Info {
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == env.e.Pass.Pkg {
		return flags.Info{}
	}
	obj = obj.Origin()
	var f flags.FuncFact
	if !env.e.Pass.ImportObjectFact(obj, &f) {
		return flags.Info{}
	}
	return f.Lookup(ctx)
}

// flagAnalysis returns the package's flags analysis, made on first use.
func (e *Engine) flagAnalysis() *flags.Analysis {
	if e.flagsA == nil {
		e.flagsA = flags.New(flagsEnv{e}, e.Funcs)
	}
	return e.flagsA
}

// entryFlags is what every caller of fn knows on calling it.
func (e *Engine) entryFlags(fn *ssa.Function) flags.Ctx {
	if !e.flagAnalysis().Active() {
		return nil
	}
	return e.flagAnalysis().Entry(fn)
}

// flagsOf returns the flags analysis of fn under ctx, nil when the
// package has nothing to decide.
func (e *Engine) flagsOf(fn *ssa.Function, ctx flags.Ctx) *flags.Result {
	fa := e.flagAnalysis()
	if !fa.Active() || fn.Blocks == nil || !fa.Needed(fn) {
		return nil
	}
	return fa.Analyze(fn, ctx)
}

// summaryAt returns the summary of callee to lift at a call: its
// variant under what the caller knows there, or its summary.
func (e *Engine) summaryAt(st *FuncState, common *ssa.CallCommon, callee *ssa.Function, args []ssa.Value) *effect.Summary {
	if st.flags == nil {
		return e.Summarize(callee)
	}
	ctx := e.flagAnalysis().CalleeCtx(st.flags, common, callee, args)
	if len(ctx) == 0 || callee.Blocks != nil && ctx.Key() == e.entryFlags(callee).Key() {
		// Nothing known, or what every caller knows: fn's own
		// analysis is under it.
		return e.Summarize(callee)
	}
	if debuglog.Debugging {
		debuglog.Debugf("%s: %s under %s", st.Fn, callee, ctx.Key())
	}
	if callee.Blocks == nil {
		s := e.ImportedSummary(callee)
		if v, ok := s.Variants[ctx.Key()]; ok {
			return v
		}
		return s
	}
	return e.variant(callee, ctx)
}

// variant returns fn's summary under ctx.
func (e *Engine) variant(fn *ssa.Function, ctx flags.Ctx) *effect.Summary {
	plain := e.Summarize(fn) // its callees first, and fn's own races
	if _, onStack := e.depth[fn]; onStack || !variesWithFlags(plain) || !e.flagAnalysis().Analyze(fn, ctx).DecidesDeep() {
		// Recursion: the plain summary so far. Or nothing a decided
		// branch could take away, or no branch decided.
		return plain
	}
	k := fnVariantKey{fn, ctx.Key()}
	if s, ok := e.variants[k]; ok {
		return s
	}
	if e.variants == nil {
		e.variants = make(map[fnVariantKey]*effect.Summary)
	}
	e.variants[k] = plain // while it is computed
	s := e.analyzeIn(fn, ctx, true)
	e.variants[k] = s
	return s
}

// variesWithFlags reports whether deciding a branch of a function with
// summary s could change what its callers see of conns: it reaches one,
// or runs what it is given.
func variesWithFlags(s *effect.Summary) bool {
	return len(s.Accesses) > 0 || len(s.Callbacks) > 0
}

type fnVariantKey struct {
	fn  *ssa.Function
	ctx string
}

// exportVariants returns the variants of an exported function's summary
// its importers may ask for, and its flags fact.
func (e *Engine) exportVariants(fn *ssa.Function) (map[string]*effect.Summary, *flags.FuncFact) {
	if fn.Blocks == nil {
		return nil, nil
	}
	ff := e.flagAnalysis().Export(fn)
	if ff == nil || len(ff.Variants) == 0 || !e.flagAnalysis().Active() {
		return nil, ff
	}
	if !variesWithFlags(e.Summarize(fn)) {
		return nil, ff
	}
	out := make(map[string]*effect.Summary)
	for _, v := range ff.Variants {
		out[v.Ctx.Key()] = e.variant(fn, v.Ctx)
	}
	return out, ff
}
