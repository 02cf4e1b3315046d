package effect

import (
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"golang.org/x/tools/go/ssa"
)

// AppendSignals appends to to the signals of sigs it does not hold yet.
func AppendSignals(to, sigs []Signal) []Signal {
	for _, s := range sigs {
		if !slices.ContainsFunc(to, func(t Signal) bool { return t.Key() == s.Key() }) {
			to = append(slices.Clip(to), s)
		}
	}
	return to
}

// A SignalKind says how a goroutine says it is done.
type SignalKind uint8

const (
	SigWaitGroup SignalKind = iota // wg.Done()
	SigChan                        // close(ch) or ch <- v
	// SigRecv: a receive from ch on a rendezvous channel (unbuffered,
	// received by one function of the package): a send on it completes
	// only once the goroutine has received, its last act.
	SigRecv
)

// A signal is a synchronisation operation a goroutine performs when it
// is done.
type Signal struct {
	Kind SignalKind
	Path paths.Path
}

// Key identifies the signal. A channel (or WaitGroup) the function
// stored in a field of its own is the one others find in that field, so
// the field's own marker (path.go) is not part of it.
func (s Signal) Key() string {
	k := strings.ReplaceAll(s.Path.Key, "!own", "")
	switch s.Kind {
	case SigWaitGroup:
		return "wg:" + k
	case SigRecv:
		return "rv:" + k
	}
	return "ch:" + k
}

// SubstSignals rewrites a callee's signals into the caller's terms.
func SubstSignals(sigs []Signal, caller *paths.Resolver, args, bindings []ssa.Value) []Signal {
	return SubstSignalsBy(sigs, func(p paths.Path) []paths.Path { return paths.Subst(p, caller, args, bindings) })
}

// SubstSignalsBy rewrites signals with a substitution of paths; a signal
// whose path does not translate to exactly one is dropped.
func SubstSignalsBy(sigs []Signal, subst func(paths.Path) []paths.Path) []Signal {
	var out []Signal
	for _, s := range sigs {
		if ps := subst(s.Path); len(ps) == 1 {
			out = append(out, Signal{Kind: s.Kind, Path: ps[0]})
		}
	}
	return out
}

// SignalKeys renders signals for keys and debugging.
func SignalKeys(sigs []Signal) []string {
	var out []string
	for _, s := range sigs {
		out = append(out, s.Key())
	}
	return out
}
