package analyzer

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Joins: a goroutine whose last act is wg.Done() or close(ch) (or a
// send on ch, its only one) is over once the spawner has returned from
// wg.Wait() or received from ch. Accesses the spawner makes after that
// are ordered after the goroutine's and don't race with them.

type signalKind uint8

const (
	sigWaitGroup signalKind = iota // wg.Done()
	sigChan                        // close(ch) or ch <- v
)

// A signal is a synchronisation operation a goroutine performs when it
// is done.
type signal struct {
	kind signalKind
	p    path
}

func (s signal) key() string {
	if s.kind == sigWaitGroup {
		return "wg:" + s.p.key
	}
	return "ch:" + s.p.key
}

// A join is an instruction of the function under analysis that waits
// for a signal.
type join struct {
	key   string
	block int
	index int
}

// waitGroupMethod reports whether common is a static call of
// (*sync.WaitGroup).name.
func waitGroupMethod(common *ssa.CallCommon, name string) bool {
	fn, ok := common.Value.(*ssa.Function)
	if !ok || common.IsInvoke() || len(common.Args) == 0 {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Name() != name || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return false
	}
	n := namedOf(obj.Type().(*types.Signature).Recv().Type())
	return n != nil && n.Obj().Name() == "WaitGroup"
}

// signalOf returns the signal an instruction performs, if any.
func signalOf(res *resolver, instr ssa.Instruction) (signal, bool) {
	var kind signalKind
	var operand ssa.Value
	switch instr := instr.(type) {
	case *ssa.Send:
		kind, operand = sigChan, instr.Chan
	case ssa.CallInstruction:
		common := instr.Common()
		if b, ok := common.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(common.Args) == 1 {
			kind, operand = sigChan, common.Args[0]
		} else if waitGroupMethod(common, "Done") {
			kind, operand = sigWaitGroup, common.Args[0]
		} else {
			return signal{}, false
		}
	default:
		return signal{}, false
	}
	ps := res.resolve(operand)
	if len(ps) != 1 {
		return signal{}, false
	}
	return signal{kind: kind, p: ps[0]}, true
}

// exitSignals returns the signals fn performs as its last act: deferred
// ones, and ones that every return passes through with no connection
// access after them. A channel signal counts only if it is the function's
// only send or close on that channel: a receive that returns must mean
// the function is done.
func (e *engine) exitSignals(st *funcState, ord *order, events []*event) []signal {
	fn := st.fn
	var rets []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			rets = append(rets, b)
		}
	}
	count := make(map[string]int)
	type cand struct {
		s        signal
		deferred bool
		block    int
		index    int
	}
	var cands []cand
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			_, deferred := instr.(*ssa.Defer)
			if s, ok := signalOf(st.res, instr); ok {
				count[s.key()]++
				cands = append(cands, cand{s, deferred, b.Index, i})
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
			callee, bindings := e.callee(call.Common())
			if callee == nil {
				continue
			}
			for _, s := range substSignals(e.summarize(callee).signals, st.res, call.Common().Args, bindings) {
				count[s.key()]++
				cands = append(cands, cand{s, deferred, b.Index, i})
			}
		}
	}
	var out []signal
	seen := make(map[string]bool)
	for _, c := range cands {
		if seen[c.s.key()] || (c.s.kind == sigChan && count[c.s.key()] > 1) {
			continue
		}
		if !c.deferred {
			if len(rets) == 0 {
				continue
			}
			blk := fn.Blocks[c.block]
			last := true
			for _, r := range rets {
				if !blk.Dominates(r) {
					last = false
				}
			}
			at := &event{block: c.block, index: c.index}
			for _, ev := range events {
				if ord.after(at, ev) {
					last = false
				}
			}
			if !last {
				continue
			}
		}
		seen[c.s.key()] = true
		out = append(out, c.s)
	}
	return out
}

// joins returns the instructions of fn that wait for a signal.
func joins(st *funcState) []join {
	var out []join
	for _, b := range st.fn.Blocks {
		for i, instr := range b.Instrs {
			var key string
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op != token.ARROW {
					continue
				}
				ps := st.res.resolve(instr.X)
				if len(ps) != 1 {
					continue
				}
				key = signal{kind: sigChan, p: ps[0]}.key()
			case *ssa.Call:
				recv, ok := isJoinCall(instr.Common())
				if !ok {
					continue
				}
				ps := st.res.resolve(recv)
				if len(ps) != 1 {
					continue
				}
				key = signal{kind: sigWaitGroup, p: ps[0]}.key()
			default:
				continue
			}
			out = append(out, join{key: key, block: b.Index, index: i})
		}
	}
	return out
}

// substSignals rewrites a callee's signals into the caller's terms.
func substSignals(sigs []signal, caller *resolver, args, bindings []ssa.Value) []signal {
	var out []signal
	for _, s := range sigs {
		if ps := subst(s.p, caller, args, bindings); len(ps) == 1 {
			out = append(out, signal{kind: s.kind, p: ps[0]})
		}
	}
	return out
}

// mustPass reports whether every path from x to y runs j.
func (o *order) mustPass(x, y *event, j join) bool {
	if x.deferred {
		return false
	}
	if y.deferred {
		// Deferred calls run at exit: j must run before every exit
		// reachable from x. Approximate by j in x's block after x.
		return j.block == x.block && j.index > x.index
	}
	if x.block == y.block && x.index < y.index {
		// y follows x in the same pass through the block.
		return j.block == x.block && x.index < j.index && j.index < y.index
	}
	if j.block == x.block && j.index > x.index {
		return true // j runs before control leaves x's block
	}
	// Search for y from x's successors without running j.
	seen := make([]bool, len(o.fn.Blocks))
	stack := []int{x.block}
	first := true
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !first {
			if b == y.block && !(j.block == b && j.index < y.index) {
				return false // reached y without running j
			}
			if b == j.block {
				continue // j runs on this path
			}
		}
		first = false
		for _, s := range o.succs(o.fn.Blocks[b]) {
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, s.Index)
			}
		}
	}
	return true
}

// receivesBefore returns what st.fn waits for on every path to ev:
// channel receives and WaitGroup (or errgroup) waits in ev's block before
// it, and in blocks that dominate it.
func receivesBefore(st *funcState, ev *event) []signal {
	var out []signal
	evb := st.fn.Blocks[ev.block]
	for _, b := range st.fn.Blocks {
		if b != evb && !b.Dominates(evb) {
			continue
		}
		for i, instr := range b.Instrs {
			if b == evb && i >= ev.index {
				break
			}
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op != token.ARROW {
					continue
				}
				if ps := st.res.resolve(instr.X); len(ps) == 1 {
					out = append(out, signal{kind: sigChan, p: ps[0]})
				}
			case *ssa.Call:
				if recv, ok := isJoinCall(instr.Common()); ok {
					if ps := st.res.resolve(recv); len(ps) == 1 {
						out = append(out, signal{kind: sigWaitGroup, p: ps[0]})
					}
				}
			}
		}
	}
	return out
}

// addWaits adds what the function waited for before an event to the
// waits of the event's accesses: those on its own goroutine, and those
// of goroutines the event starts, which start after the wait.
func addWaits(ev *event, sigs []signal) {
	if len(sigs) == 0 {
		return
	}
	for i := range ev.accesses {
		ev.accesses[i].waits = append(slices.Clip(ev.accesses[i].waits), sigs...)
	}
}

// A chanRelease is an instruction of the function under analysis that
// signals a channel (close or send).
type chanRelease struct {
	key   string
	block int
	index int
}

// releases returns the channel signals of st.fn, only for channels it
// signals exactly once: a goroutine that received from such a channel
// knows the signal has happened.
func releasesOf(st *funcState) []chanRelease {
	var out []chanRelease
	count := make(map[string]int)
	for _, b := range st.fn.Blocks {
		for i, instr := range b.Instrs {
			if _, deferred := instr.(*ssa.Defer); deferred {
				continue
			}
			if s, ok := signalOf(st.res, instr); ok && s.kind == sigChan {
				count[s.key()]++
				out = append(out, chanRelease{key: s.key(), block: b.Index, index: i})
			}
		}
	}
	return slices.DeleteFunc(out, func(r chanRelease) bool { return count[r.key] != 1 })
}

// gated reports whether x, made by a goroutine after it received from a
// channel, is ordered after y, made by the spawner before it signals
// that channel: every path from x's event to the signal runs y, and y
// can't run again after the signal.
func gated(ord *order, xev *event, x *access, yev *event, y *access, rels []chanRelease) bool {
	if y.async || yev.deferred {
		return false
	}
	for _, w := range x.waits {
		k := w.key()
		for _, r := range rels {
			if r.key != k {
				continue
			}
			rev := &event{block: r.block, index: r.index}
			if ord.mustPass(xev, rev, join{block: yev.block, index: yev.index}) && !ord.after(rev, yev) {
				return true
			}
		}
	}
	return false
}

// waitedFor reports whether y's goroutine waited, before y, for what x's
// goroutine signals as its last act: y then runs after x's goroutine is
// done (a reconnect goroutine that waits for the old reader and writer
// before writing).
func waitedFor(x, y *access) bool {
	for _, d := range x.done {
		k := d.key()
		for _, w := range y.waits {
			if w.key() == k {
				return true
			}
		}
	}
	return false
}

// signalKeys renders signals for keys and debugging.
func signalKeys(sigs []signal) []string {
	var out []string
	for _, s := range sigs {
		out = append(out, s.key())
	}
	return out
}
