package order

import (
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"golang.org/x/tools/go/ssa"
)

// A Func is one function under analysis as the ordering questions see
// it: its SSA, the resolver of its values, and what its callees do.
type Func struct {
	Fn      *ssa.Function
	Res     *paths.Resolver
	Callees Callees
}

// Callees says what the calls of a function run and what those do: the
// engine of summaries, which computes them on demand.
type Callees interface {
	// Callee returns the function a call runs, with its closure
	// bindings, when the package can see its body.
	Callee(common *ssa.CallCommon) (*ssa.Function, []ssa.Value)
	// Summarize returns fn's summary.
	Summarize(fn *ssa.Function) *effect.Summary
	// Rendezvous reports whether p names a channel on which a send
	// completes only when a goroutine receives it, and only one
	// function of the package receives: every channel the package
	// makes into that field is unbuffered.
	Rendezvous(p paths.Path) bool
}
