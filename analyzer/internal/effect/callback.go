package effect

import (
	"fmt"
	"go/token"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
)

// A callback is a call of one of the function's parameters or free
// variables, or of a function stored in a field (c.onMessage(msg)).
type Callback struct {
	FreeVar bool // index is a free variable's, not a parameter's
	Index   int
	Field   *paths.Path // the field holding the function, when not a parameter
	Locks   lockset.Set // held at the call, in the function's terms
	Async   bool
	GoPos   token.Pos
	// repeats: the function calls it in a loop (an iterator's yield).
	Repeats bool
	// site is the call of the function value: where an operation the
	// value performs with no site of its own (a method value such as
	// conn.ReadJSON) is reported.
	Site token.Pos
	// method, when set, says the callback is a call of that method on
	// the value (an interface the function was given: r.Reply(v)),
	// not a call of the value itself.
	Method string
	// concurrent: the function calls it on goroutines that can overlap
	// each other (two goroutines it starts, or one beside its own
	// call), in its own terms: what the callback does overlaps itself.
	Concurrent bool
	// done are the signals the goroutine of an async call sends when it
	// exits (as access.done).
	Done []Signal
	// Args says, per argument of the call of the function value, which
	// parameter of the function it is (-1: none): a callback that gets
	// the object holding it (c.onTick(c)) is run on what the caller
	// passed for that parameter.
	Args []int
}

// key identifies a callback up to the goroutine start it reports.
func (cb Callback) key() string {
	field := ""
	if cb.Field != nil {
		field = cb.Field.Key
	}
	return fmt.Sprintf("%v|%d|%s|%s|%v|%v|%s", cb.FreeVar, cb.Index, field, cb.Locks, cb.Async, cb.Repeats, cb.Method)
}

// DedupCallbacks keeps one callback per key: a function that passes its
// callback down through many calls (or receives the same one back from
// many callees) runs it once per key, not once per path. Of the
// goroutine starts a key was reached through, the first in source order
// stands for them all.
func DedupCallbacks(fset *token.FileSet, cbs []Callback) []Callback {
	idx := make(map[string]int)
	var out []Callback
	for _, cb := range cbs {
		k := cb.key()
		i, ok := idx[k]
		if !ok {
			idx[k] = len(out)
			out = append(out, cb)
			continue
		}
		if ssaview.ComparePosition(fset, cb.GoPos, out[i].GoPos) < 0 {
			out[i].GoPos = cb.GoPos
		}
		out[i].Concurrent = out[i].Concurrent || cb.Concurrent
	}
	return out
}
