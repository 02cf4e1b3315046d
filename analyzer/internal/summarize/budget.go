package summarize

import (
	"cmp"
	"fmt"
	"go/token"
	"io"
	"os"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"golang.org/x/tools/go/ssa"
)

// Budgets. The model is bounded by construction: paths are k-limited
// (path.with), summaries are sets (accesses and callbacks deduplicated),
// and each recursive component is iterated a bounded number of rounds
// (recursion.go). The budgets below are the backstop behind those bounds,
// set far above what real packages need (see BENCHMARKS.md): a function
// that exceeds one is analysed no further, and what it leaves out can
// only remove findings, never add one:
//
//   - its summary keeps its lock effects, signals and returns (dropping
//     a lock it leaves held, or a signal it ends with, could make a
//     caller's correct code look racy) but loses the accesses and
//     callbacks past the limit;
//   - its own races are reported only among the accesses it collected
//     before the limit, each of which the full analysis has too.
//
// A run that hit a budget says so on standard error, so a clean result
// is never presented as complete when it is not; WSCONCURRENT_DEBUG=1
// names each function and the limit it hit.
var Limits = BudgetLimits{
	SummaryAccesses:  4096,
	summaryCallbacks: 512,
	SiteVariants:     64,
	FuncAccesses:     1 << 16,
	FuncPairs:        1 << 22,
	PackageWork:      1 << 27,
}

type BudgetLimits struct {
	// summaryAccesses and summaryCallbacks bound what one summary
	// keeps.
	SummaryAccesses, summaryCallbacks int
	// siteVariants bounds the accesses one summary keeps for one
	// operation (a site, its side and the goroutine that makes it).
	// They differ in how they name the conn, the locks held, the
	// dynamic types they depend on: a chain of wrappers that each
	// forward through an interface field to any of the others names
	// one operation by a number of paths exponential in the chain's
	// length.
	SiteVariants int
	// funcAccesses bounds the accesses one function's call events may
	// hold, after lifting its callees' summaries.
	FuncAccesses int
	// funcPairs bounds the access pairs compared in one function.
	FuncPairs int
	// packageWork bounds the accesses lifted (every access of every
	// callee summary, at every call) and the pairs compared in one
	// package: the work that grows with the package, and so its time.
	PackageWork int
}

// A variant is what the accesses of one operation share: the site, the
// side and the goroutine (siteVariants).
type variant struct {
	site, goPos token.Pos
	side        contract.Side
}

// limitVariants keeps at most limits.siteVariants accesses of each
// operation: those that assume the fewest dynamic types (conds) and
// then those with the shortest paths, the ones real code most often
// means; among equals, the first. The accesses kept stay in their order.
func (e *Engine) limitVariants(fn *ssa.Function, accs []effect.Access) []effect.Access {
	if len(accs) <= Limits.SiteVariants {
		return accs // no operation can have more
	}
	groups := make(map[variant][]int)
	var order []variant
	for i, a := range accs {
		v := variant{site: a.Site, goPos: a.GoPos, side: a.Side}
		if groups[v] == nil {
			order = append(order, v)
		}
		groups[v] = append(groups[v], i)
	}
	var drop map[int]bool
	for _, v := range order {
		g := groups[v]
		if len(g) <= Limits.SiteVariants {
			continue
		}
		e.Budget.Exceeded(fn, "site variants", len(g))
		slices.SortStableFunc(g, func(i, j int) int {
			x, y := &accs[i], &accs[j]
			return cmp.Or(cmp.Compare(len(x.Conds), len(y.Conds)), cmp.Compare(x.Conn.Size(), y.Conn.Size()))
		})
		if drop == nil {
			drop = make(map[int]bool)
		}
		for _, i := range g[Limits.SiteVariants:] {
			drop[i] = true
		}
	}
	if drop == nil {
		return accs
	}
	kept := make([]effect.Access, 0, len(accs)-len(drop))
	for i, a := range accs {
		if !drop[i] {
			kept = append(kept, a)
		}
	}
	return kept
}

// NoteOutput is where a run that hit a budget says so.
var NoteOutput io.Writer = os.Stderr

// A budget counts one package's work and remembers which functions
// were cut short.
type budget struct {
	fset *token.FileSet
	Work int
	// over lists the cuts in the order they happened.
	over []Cut
	// analyses counts the analyses of functions (rounds included).
	analyses int
}

// A Cut says that a budget cut the analysis of a function short: what it
// leaves out can only remove findings (see limits).
type Cut struct {
	// Function is the function, as SSA names it ("(*T).m", "f$1");
	// Posn is where it is declared, "file:line:col" ("-" for a
	// synthetic one).
	Function, Posn string
	// Limit names the budget ("site variants", "accesses", "pairs",
	// "package work", "summary accesses", "summary callbacks") and
	// Value is what the function reached.
	Limit string
	Value int
}

func (c Cut) String() string { return fmt.Sprintf("%s: %s (%d)", c.Function, c.Limit, c.Value) }

// Stats is the result of a pass: how much work the bounded model did.
// The fuzzer checks its bounds; a driver may print it.
type Stats struct {
	// Functions is the number of source functions of the package;
	// Calls is the number of call instructions in them.
	Functions, Calls int
	// Analyses counts function analyses, each round of a recursive
	// component included: at most MaxRounds per function.
	Analyses int
	// LargestSummary is the most accesses plus callbacks one summary
	// holds; LongestPath the most selections (keys included) of a path
	// in a summary: at most MaxPathLen plus one widened selection.
	LargestSummary, LongestPath int
	// Work counts the accesses lifted and pairs compared, the units of
	// the package work budget.
	Work int
	// Cut lists the functions cut short by a budget, in the order it
	// happened.
	Cut []Cut
	// Forks lists the packages whose Conn was recognised as a fork of
	// gorilla's by its API, and checked as one.
	Forks []string
}

// Bounds of the model, for the checks on Stats.
const (
	MaxRounds  = maxRounds
	MaxPathLen = paths.MaxPathLen
)

// stats computes the pass's Stats.
func (e *Engine) stats() *Stats {
	st := &Stats{Functions: len(e.Funcs), Analyses: e.Budget.analyses, Work: e.Budget.Work, Cut: e.Budget.over, Forks: e.contract.Shaped}
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if _, ok := instr.(ssa.CallInstruction); ok {
					st.Calls++
				}
			}
		}
	}
	longest := func(p paths.Path) {
		st.LongestPath = max(st.LongestPath, p.Size())
	}
	for _, s := range e.Summaries {
		st.LargestSummary = max(st.LargestSummary, len(s.Accesses)+len(s.Callbacks))
		for _, a := range s.Accesses {
			longest(a.Conn)
			for _, l := range a.Locks {
				longest(l.Path)
			}
		}
		for _, cb := range s.Callbacks {
			if cb.Field != nil {
				longest(*cb.Field)
			}
		}
		for _, ps := range s.Returns {
			for _, p := range ps {
				longest(p)
			}
		}
	}
	return st
}

// Spend adds n units of package work and reports whether the package
// is still within its budget.
func (b *budget) Spend(n int) bool {
	b.Work += n
	return !b.exhausted()
}

// exhausted reports whether the package has done all the work its
// budget allows.
func (b *budget) exhausted() bool { return b.Work > Limits.PackageWork }

// Exceeded records that fn hit the named limit.
func (b *budget) Exceeded(fn *ssa.Function, limit string, value int) {
	c := Cut{Function: fn.String(), Posn: "-", Limit: limit, Value: value}
	if pos := fn.Pos(); pos.IsValid() && b.fset != nil {
		c.Posn = b.fset.Position(pos).String()
	}
	b.over = append(b.over, c)
	debuglog.Debugf("budget: %s", c)
}

// report tells the user that the findings of pkg may be incomplete.
func (b *budget) report(pkg string) {
	if len(b.over) == 0 {
		return
	}
	fns := make(map[string]bool)
	for _, c := range b.over {
		fns[c.Function] = true
	}
	fmt.Fprintf(NoteOutput, "wsconcurrent: note: %s: %d function(s) exceeded the analysis budget and were analysed in part; findings that involve them may be missing (-json lists them; WSCONCURRENT_DEBUG=1 too)\n", pkg, len(fns))
}

// limitSummary cuts s down to the summary budget (a copy when cut).
func (e *Engine) limitSummary(fn *ssa.Function, s *effect.Summary) *effect.Summary {
	if len(s.Accesses) <= Limits.SummaryAccesses && len(s.Callbacks) <= Limits.summaryCallbacks {
		return s
	}
	c := *s
	if n := Limits.SummaryAccesses; len(c.Accesses) > n {
		e.Budget.Exceeded(fn, "summary accesses", len(c.Accesses))
		c.Accesses = c.Accesses[:n:n]
	}
	if n := Limits.summaryCallbacks; len(c.Callbacks) > n {
		e.Budget.Exceeded(fn, "summary callbacks", len(c.Callbacks))
		c.Callbacks = c.Callbacks[:n:n]
	}
	return &c
}
