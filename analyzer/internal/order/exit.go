package order

import (
	"go/token"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"golang.org/x/tools/go/ssa"
)

// Exit signals: what a goroutine does last to say it is done. A spawner
// that received such a signal (or returned from wg.Wait) is ordered after
// the goroutine's accesses (join.go). A signal is a last act when no
// connection access follows it; with several ways to end (an error sent
// on one channel, a successor goroutine started on another path), each
// access is done once any of the signals that end every path after it
// has been received.

// A cand is a signal a function performs, and where.
type cand struct {
	s        effect.Signal
	deferred bool
	at       *effect.Event
}

// ExitSignals returns the signals fn performs as its last act: deferred
// ones, and, for each channel or WaitGroup, the signals of it that are
// last acts wherever the function performs them: none is followed by a
// connection access or by another of them. A receive from such a channel
// then means the path that sent it is done (a reader that sends what it
// read, or closes the channel when the read fails; a writer that reports
// its error and returns). A path that ends without one leaves the
// receiver waiting, or to another sender.
func ExitSignals(st *Func, ord *cfg.Order, events []*effect.Event) []effect.Signal {
	fn := st.Fn
	var rets []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			rets = append(rets, b)
		}
	}
	var cands []cand
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			_, deferred := instr.(*ssa.Defer)
			// The event is made only for an instruction that signals:
			// one per instruction was a tenth of the pass's allocation.
			at := func() *effect.Event {
				return &effect.Event{Point: cfg.Point{Block: b.Index, Index: i, Deferred: deferred}}
			}
			if s, ok := signalOf(st.Res, instr); ok {
				cands = append(cands, cand{s, deferred, at()})
				continue
			}
			// A receive from a rendezvous channel: the sender has
			// met the goroutine there (a stop the loop returns on).
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					for _, p := range st.Res.Resolve(instr.X) {
						if st.Callees.Rendezvous(p) {
							cands = append(cands, cand{effect.Signal{Kind: effect.SigRecv, Path: p}, false, at()})
						}
					}
				}
				continue
			case *ssa.Select:
				for _, c := range selectReceives(st, instr) {
					if len(c.body.Preds) == 1 && st.Callees.Rendezvous(c.s.Path) {
						// Received when the case's body starts.
						ev := &effect.Event{Point: cfg.Point{Block: c.body.Index, Index: -1}}
						cands = append(cands, cand{effect.Signal{Kind: effect.SigRecv, Path: c.s.Path}, false, ev})
					}
				}
				continue
			}
			// A call whose own last act is a signal (a deferred
			// closure that ends with wg.Done()) signals too.
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			callee, bindings := st.Callees.Callee(call.Common())
			if callee == nil {
				continue
			}
			if sigs := effect.SubstSignals(st.Callees.Summarize(callee).Signals, st.Res, call.Common().Args, bindings); len(sigs) > 0 {
				ev := at()
				for _, s := range sigs {
					cands = append(cands, cand{s, deferred, ev})
				}
			}
		}
	}
	byKey := make(map[string][]cand)
	var keys []string
	for _, c := range cands {
		k := c.s.Key()
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], c)
	}
	var out []effect.Signal
	var lastActs []cand
	for _, k := range keys {
		cs := byKey[k]
		if cs[0].deferred && len(cs) == 1 {
			out = append(out, cs[0].s) // runs at every exit
			continue
		}
		if len(rets) == 0 {
			continue
		}
		last := true
		var stops []*effect.Event
		for _, c := range cs {
			if c.deferred {
				last = false
				break
			}
			for _, ev := range events {
				if ord.After(c.at, ev) {
					last = false // a connection access after it
				}
			}
			for _, d := range cs {
				if ord.After(c.at, d.at) && !(d.at != c.at && isClose(fn, d.at)) {
					// Signalled twice on a path. A close after a
					// send (ch <- err; close(ch)) is not twice: a
					// receive of either comes after every access.
					last = false
				}
			}
			stops = append(stops, c.at)
		}
		if last {
			// Every send of it is a last act, once per path: a
			// receive of it means the path that sent it is over,
			// whether or not every path sends it (one that doesn't
			// leaves the receiver waiting, or to another sender).
			lastActs = append(lastActs, cs...)
			out = append(out, cs[0].s)
		}
	}
	return effect.AppendSignals(out, alternatives(ord, rets, events, lastActs))
}

// isClose reports whether the instruction at ev is a close of a channel.
func isClose(fn *ssa.Function, ev *effect.Event) bool {
	if ev.Block < 0 || ev.Block >= len(fn.Blocks) || ev.Index < 0 || ev.Index >= len(fn.Blocks[ev.Block].Instrs) {
		return false
	}
	call, ok := fn.Blocks[ev.Block].Instrs[ev.Index].(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "close"
}

// alternatives handles functions whose paths end in different ways: a
// reader that either reports its error on one channel, or hands over to
// a successor goroutine that signals another when it is done:
//
//	if err != nil { c.readError <- err; return }
//	go c.nextMessage()
//
// The stops are the signals that are last acts on their channel (no
// connection access after any of them, and the channel signalled nowhere
// else), and the go statements that are the function's last events and
// start goroutines that signal as their last act. For each event, when
// every path from it to a return passes exactly one stop, receiving any
// of those stops' signals means the path that sent it is over (and so is
// the goroutine a go stop started, when that goroutine sent it): they
// become the done signals of the event's accesses on the function's own
// goroutine, and of those of the goroutines the go stops start. It
// returns the signals that end every path from the entry, when a go stop
// is among them.
func alternatives(ord *cfg.Order, rets []*ssa.BasicBlock, events []*effect.Event, sigs []cand) []effect.Signal {
	if len(rets) == 0 {
		return nil
	}
	type stop struct {
		at   *effect.Event
		sigs []effect.Signal
	}
	var stops []stop
	for _, c := range sigs {
		stops = append(stops, stop{c.at, []effect.Signal{c.s}})
	}
	goStops := make(map[*effect.Event]bool)
	for _, ev := range events {
		if _, isGo := ev.Instr.(*ssa.Go); !isGo || len(ev.Accesses) == 0 {
			continue
		}
		last := true
		for _, other := range events {
			if other != ev && ord.After(ev, other) {
				last = false
			}
		}
		common := ev.Accesses[0].Done
		for _, a := range ev.Accesses[1:] {
			common = slices.DeleteFunc(slices.Clone(common), func(s effect.Signal) bool {
				return !slices.ContainsFunc(a.Done, func(t effect.Signal) bool { return t.Key() == s.Key() })
			})
		}
		if last && len(common) > 0 {
			goStops[ev] = true
			stops = append(stops, stop{ev, common})
		}
	}
	if len(stops) == 0 {
		return nil
	}
	// after returns the signals of the stops that can run after at,
	// and whether each path from at to a return runs exactly one.
	after := func(at *effect.Event) ([]effect.Signal, bool) {
		var reach []*effect.Event
		var out []effect.Signal
		for _, s := range stops {
			if s.at != at && (at.Index < 0 && at.Block == 0 || ord.After(at, s.at)) {
				reach = append(reach, s.at)
				out = append(out, s.sigs...)
			}
		}
		for _, x := range reach {
			for _, y := range reach {
				if ord.After(x, y) {
					return nil, false // two stops on one path
				}
			}
		}
		return out, len(reach) > 0
	}
	for _, ev := range events {
		if goStops[ev] {
			// The goroutine it starts signals one stop; the
			// function's other paths signal the others.
			var others []effect.Signal
			for _, s := range stops {
				if s.at != ev {
					others = append(others, s.sigs...)
				}
			}
			for i := range ev.Accesses {
				ev.Accesses[i].Done = effect.AppendSignals(ev.Accesses[i].Done, others)
			}
			continue
		}
		if ev.Deferred {
			continue
		}
		if sigs, ok := after(ev); ok {
			for i := range ev.Accesses {
				if a := &ev.Accesses[i]; !a.Async {
					a.Done = effect.AppendSignals(a.Done, sigs)
				}
			}
		}
	}
	if len(goStops) > 0 {
		if sigs, ok := after(&effect.Event{Point: cfg.Point{Block: 0, Index: -1}}); ok {
			return sigs
		}
	}
	return nil
}

// allPathsPassFrom reports whether every path that starts just after
// from and reaches one of the return blocks runs one of the
// instructions at stops.
func allPathsPassFrom(o *cfg.Order, from *effect.Event, stops []*effect.Event, rets []*ssa.BasicBlock) bool {
	// In from's block, a stop after from runs before the block ends.
	for _, s := range stops {
		if s.Block == from.Block && s.Index > from.Index {
			return true
		}
	}
	ret := make([]bool, len(o.Fn.Blocks))
	for _, r := range rets {
		ret[r.Index] = true
	}
	if ret[from.Block] {
		return false
	}
	stop := make([]bool, len(o.Fn.Blocks))
	for _, s := range stops {
		stop[s.Block] = true
	}
	seen := make([]bool, len(o.Fn.Blocks))
	var stack []int
	for _, s := range o.Succs(o.Fn.Blocks[from.Block]) {
		seen[s.Index] = true
		stack = append(stack, s.Index)
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if stop[b] {
			continue // a stop runs in b before it can return
		}
		if ret[b] {
			return false
		}
		for _, s := range o.Succs(o.Fn.Blocks[b]) {
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, s.Index)
			}
		}
	}
	return true
}
