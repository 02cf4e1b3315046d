package summarize

import (
	"go/types"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/facts"
	"golang.org/x/tools/go/ssa"
)

// ExportFacts exports the summary of every exported function and
// method: the ones other packages can call.
func (e *Engine) ExportFacts(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || !obj.Exported() || obj.Pkg() != e.Pass.Pkg || fn.Parent() != nil {
			continue
		}
		s := e.Summaries[fn]
		if s == nil {
			s = effect.EmptySummary
		}
		if ts := append(e.typeStoresOf(fn), e.resultTypes(fn)...); len(ts) > 0 {
			c := *s
			c.TypeStores = ts
			s = &c
		}
		if rm := e.ResultMethodsOf(fn); len(rm) > 0 {
			c := *s
			c.ResultMethods = rm
			s = &c
		}
		if in := e.InstallsOf(fn); len(in) > 0 {
			c := *s
			c.Installs = in
			s = &c
		}
		vs, ff := e.exportVariants(fn)
		if ff != nil {
			e.Pass.ExportObjectFact(obj, ff)
		}
		if len(vs) > 0 {
			c := *s
			c.Variants = vs
			s = &c
		}
		if fresh := objectResults(fn, s.Fresh); !slices.Equal(fresh, s.Fresh) {
			c := *s
			c.Fresh = fresh
			s = &c
		}
		if f := facts.ToFact(e.Pass.Fset, s); f != nil {
			f.Transport = e.transport
			e.Pass.ExportObjectFact(obj, f)
		}
	}
}

// objectResults keeps, of fresh, the results that are objects callers
// may fill in (pointers to structs): a new error or slice is nothing a
// caller binds a conn to.
func objectResults(fn *ssa.Function, fresh []bool) []bool {
	res := fn.Signature.Results()
	var out []bool
	some := false
	for i, f := range fresh {
		ok := false
		if f && i < res.Len() {
			if p, isPtr := res.At(i).Type().Underlying().(*types.Pointer); isPtr {
				_, ok = p.Elem().Underlying().(*types.Struct)
			}
		}
		out = append(out, ok)
		some = some || ok
	}
	if !some {
		return nil
	}
	return out
}

// ImportedSummary returns the summary another package exported for fn.
func (e *Engine) ImportedSummary(fn *ssa.Function) *effect.Summary {
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return effect.EmptySummary
	}
	obj = obj.Origin()
	if s, ok := e.imported[obj]; ok {
		return s
	}
	s := effect.EmptySummary
	var f facts.SummaryFact
	if obj.Pkg() != e.Pass.Pkg && e.Pass.ImportObjectFact(obj, &f) {
		s = facts.FromFact(&f)
	}
	e.imported[obj] = s
	return s
}
