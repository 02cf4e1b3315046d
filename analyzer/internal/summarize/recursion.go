package summarize

import (
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"golang.org/x/tools/go/ssa"
)

// Summaries are computed on demand, bottom-up: analysing a function
// summarises its callees first. Recursion makes that a depth-first walk
// of the call graph that meets functions still being analysed; the walk
// finds the strongly connected components as Tarjan's algorithm does
// (each frame keeps the lowest stack depth it reached), and each
// component is iterated to a fixed point by its head, the function
// first entered.
//
// A call to a function still on the stack gets its summary so far
// (empty at first). A function whose analysis read such a summary is a
// provisional member of the component of the function it reached: its
// summary is kept for the current round and recomputed in the next.
// Functions that did not reach the stack are final, computed once, and
// never recomputed, however often an enclosing component iterates: the
// work is one analysis per function plus, per component, one per member
// and round, and rounds are bounded by maxRounds.

// maxRounds bounds the fixed-point iteration of a recursive component.
// Each round re-analyses the component's members with the summaries of
// the round before; a summary that still changes after maxRounds is
// kept as it is (what it misses is silence, see DESIGN in doc.go).
const maxRounds = 4

// A frame is a function being analysed.
type frame struct {
	fn *ssa.Function
	// low is the lowest stack depth the analysis reached through
	// calls to functions still being analysed (its own depth if none).
	low int
}

// Summarize returns fn's summary, computing it (and checking fn for
// races) on first use.
func (e *Engine) Summarize(fn *ssa.Function) *effect.Summary {
	if fn.Blocks == nil {
		return e.ImportedSummary(fn)
	}
	if d, ok := e.depth[fn]; ok {
		// Recursion: fn's summary so far.
		e.recursed[fn] = true
		e.reach(d)
		return e.Summaries[fn]
	}
	if s, ok := e.Summaries[fn]; ok {
		if h, ok := e.provisional[fn]; ok {
			e.reach(e.depth[h])
		}
		return s
	}
	depth := len(e.stack)
	e.stack = append(e.stack, frame{fn: fn, low: depth})
	e.depth[fn] = depth
	e.Summaries[fn] = effect.EmptySummary
	s := e.analyze(fn)
	for round := 1; ; round++ {
		if e.stack[depth].low < depth || !e.recursed[fn] || round >= maxRounds {
			break
		}
		if s.Canonical() == e.Summaries[fn].Canonical() {
			break
		}
		// Another round with fn's new summary: the members computed
		// from the old one are recomputed when reached again.
		e.Summaries[fn] = s
		for _, m := range e.members[fn] {
			delete(e.Summaries, m)
			delete(e.provisional, m)
		}
		delete(e.members, fn)
		delete(e.recursed, fn)
		e.stack[depth].low = depth
		s = e.analyze(fn)
	}
	low := e.stack[depth].low
	e.stack = e.stack[:depth]
	delete(e.depth, fn)
	delete(e.recursed, fn)
	e.Summaries[fn] = s
	if low < depth {
		// A member of the component headed lower on the stack: so
		// are the members it gathered.
		head := e.stack[low].fn
		e.provisional[fn] = head
		e.members[head] = append(e.members[head], fn)
		for _, m := range e.members[fn] {
			e.provisional[m] = head
		}
		e.members[head] = append(e.members[head], e.members[fn]...)
		delete(e.members, fn)
		e.reach(low)
		return s
	}
	// A head (or a function outside any cycle): its members are final.
	for _, m := range e.members[fn] {
		delete(e.provisional, m)
	}
	delete(e.members, fn)
	return s
}

// reach records that the function on top of the stack reached stack
// depth d.
func (e *Engine) reach(d int) {
	if top := len(e.stack) - 1; top >= 0 && d < e.stack[top].low {
		e.stack[top].low = d
	}
}
