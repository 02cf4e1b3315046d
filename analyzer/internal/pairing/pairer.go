package pairing

import (
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/summarize"
	"golang.org/x/tools/go/ssa"
)

// pairer is the pairing stage's state: it pairs the accesses of each
// function as the summaries are computed, then those of the open world
// and of lock consistency.
type pairer struct {
	*summarize.Engine
	// guardTakers are the goroutines the package starts, as the
	// functions each runs in place, by the mutexes they take
	// (consistency.go); computed when needed.
	guardTakers map[string][]map[*ssa.Function]bool
	// explainedMemo caches explained per field and mutex.
	explainedMemo map[string]bool
	// fieldWrites are, per function, the fields of the package's
	// struct types its goroutine writes (consistency.go).
	fieldWrites map[*ssa.Function]map[string]bool
	// typed are the accesses to fields of the package's struct types
	// (consistency.go).
	typed []typedAccess
	// guards is the lock discipline of other packages' types
	// (guards.go), loaded when first needed.
	guards map[string][]factGuard
	// sharedFields are the container fields whose elements the package
	// files in several containers (membership.go).
	sharedFields map[string]bool
	// callerLocksMemo serves callerLocks (callers.go).
	callerLocksMemo map[*ssa.Function][]string
}

// newPairer returns the pairing stage of the pass whose engine is e and
// whose source functions are funcs.
func New(e *summarize.Engine, funcs []*ssa.Function) *pairer {
	ck := &pairer{
		Engine:        e,
		fieldWrites:   make(map[*ssa.Function]map[string]bool),
		explainedMemo: make(map[string]bool),
	}
	ck.sharedFields = ck.sharedContainers(funcs)
	return ck
}
