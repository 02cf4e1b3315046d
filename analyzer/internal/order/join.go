package order

import (
	"go/token"
	"go/types"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Joins: a goroutine whose last act is wg.Done() or close(ch) (or a
// send on ch, its only one) is over once the spawner has returned from
// wg.Wait() or received from ch. Accesses the spawner makes after that
// are ordered after the goroutine's and don't race with them.

// A join is an instruction of the function under analysis that waits
// for a signal.
type Join struct {
	Key   string
	Block int
	Index int
	// edge: the join is the edge into block from block from, not an
	// instruction (a select case with no body of its own).
	edge bool
	from int
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
	n := ssaview.NamedOf(obj.Type().(*types.Signature).Recv().Type())
	return n != nil && n.Obj().Name() == "WaitGroup"
}

// signalOf returns the signal an instruction performs, if any.
func signalOf(res *paths.Resolver, instr ssa.Instruction) (effect.Signal, bool) {
	var kind effect.SignalKind
	var operand ssa.Value
	switch instr := instr.(type) {
	case *ssa.Send:
		kind, operand = effect.SigChan, instr.Chan
	case ssa.CallInstruction:
		common := instr.Common()
		if b, ok := common.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(common.Args) == 1 {
			kind, operand = effect.SigChan, common.Args[0]
		} else if waitGroupMethod(common, "Done") {
			kind, operand = effect.SigWaitGroup, common.Args[0]
		} else {
			return effect.Signal{}, false
		}
	default:
		return effect.Signal{}, false
	}
	ps := res.Resolve(operand)
	if len(ps) != 1 {
		return effect.Signal{}, false
	}
	return effect.Signal{Kind: kind, Path: ps[0]}, true
}

// Joins returns the instructions of fn that wait for a signal.
func Joins(st *Func) []Join {
	var out []Join
	for _, b := range st.Fn.Blocks {
		for i, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op != token.ARROW {
					continue
				}
				for _, p := range st.Res.Resolve(instr.X) {
					out = append(out, Join{Key: effect.Signal{Kind: effect.SigChan, Path: p}.Key(), Block: b.Index, Index: i})
				}
			case *ssa.Call:
				recv, ok := contract.IsJoinCall(instr.Common())
				if !ok {
					continue
				}
				for _, p := range st.Res.Resolve(recv) {
					out = append(out, Join{Key: effect.Signal{Kind: effect.SigWaitGroup, Path: p}.Key(), Block: b.Index, Index: i})
				}
			case *ssa.Send:
				// A send on a rendezvous channel completes once the
				// goroutine that receives it has.
				for _, p := range rendezvousSend(st, instr) {
					out = append(out, Join{Key: effect.Signal{Kind: effect.SigRecv, Path: p}.Key(), Block: b.Index, Index: i})
				}
			case *ssa.Select:
				for _, c := range selectReceives(st, instr) {
					// The receive has happened before the body's
					// first instruction (which may be the return).
					j := Join{Key: c.s.Key(), Block: c.body.Index, Index: -1}
					if len(c.body.Preds) > 1 {
						// An empty case jumps to where the cases
						// meet: the receive is on the edge.
						j.edge, j.from = true, c.from.Index
					}
					out = append(out, j)
				}
			}
		}
	}
	return out
}

// rendezvousSend returns the paths of the channel send sends on, when it
// is a rendezvous channel (Callees.Rendezvous): once the send completes,
// the one goroutine that receives from it has received.
func rendezvousSend(st *Func, send *ssa.Send) []paths.Path {
	var out []paths.Path
	for _, p := range st.Res.Resolve(send.Chan) {
		if st.Callees.Rendezvous(p) {
			out = append(out, p)
		}
	}
	return out
}

// A selectRecv is a receive case of a select: its receive has happened
// when its body starts.
type selectRecv struct {
	s    effect.Signal
	from *ssa.BasicBlock // the block that tests for the case
	body *ssa.BasicBlock // the successor it takes
}

func selectReceives(st *Func, sel *ssa.Select) []selectRecv {
	var out []selectRecv
	for i, state := range sel.States {
		if state.Dir != types.RecvOnly {
			continue
		}
		from, body := selectCase(sel, i)
		if body == nil {
			continue
		}
		for _, p := range st.Res.Resolve(state.Chan) {
			out = append(out, selectRecv{effect.Signal{Kind: effect.SigChan, Path: p}, from, body})
		}
	}
	return out
}

// selectCase returns the block that starts the body of case i of sel:
// the successor taken when the select's chosen index is i.
func selectCase(sel *ssa.Select, i int) (from, body *ssa.BasicBlock) {
	for _, ref := range *sel.Referrers() {
		ex, ok := ref.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		for _, r2 := range *ex.Referrers() {
			cmp, ok := r2.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL {
				continue
			}
			c, ok := cmp.Y.(*ssa.Const)
			if !ok || c.Value == nil || c.Int64() != int64(i) {
				continue
			}
			for _, r3 := range *cmp.Referrers() {
				if br, ok := r3.(*ssa.If); ok && br.Cond == cmp {
					return br.Block(), br.Block().Succs[0]
				}
			}
		}
	}
	return nil, nil
}

// mustPass reports whether every path from x to y runs j.
func mustPass(o *cfg.Order, x, y *effect.Event, j Join) bool {
	if j.edge {
		return mustPassEdge(o, x, y, j)
	}
	if x.Deferred {
		return false
	}
	if y.Deferred {
		// Deferred calls run at exit: j must run before every exit
		// reachable from x. Approximate by j in x's block after x.
		return j.Block == x.Block && j.Index > x.Index
	}
	if x.Block == y.Block && x.Index < y.Index {
		// y follows x in the same pass through the block.
		return j.Block == x.Block && x.Index < j.Index && j.Index < y.Index
	}
	if j.Block == x.Block && j.Index > x.Index {
		return true // j runs before control leaves x's block
	}
	// Search for y from x's successors without running j.
	seen := make([]bool, len(o.Fn.Blocks))
	stack := []int{x.Block}
	first := true
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !first {
			if b == y.Block && !(j.Block == b && j.Index < y.Index) {
				return false // reached y without running j
			}
			if b == j.Block {
				continue // j runs on this path
			}
		}
		first = false
		for _, s := range o.Succs(o.Fn.Blocks[b]) {
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, s.Index)
			}
		}
	}
	return true
}

// mustPassEdge is mustPass for a join on the edge j.from -> j.block.
func mustPassEdge(o *cfg.Order, x, y *effect.Event, j Join) bool {
	if x.Deferred || y.Deferred || x.Block == y.Block && x.Index < y.Index {
		return false
	}
	seen := make([]bool, len(o.Fn.Blocks))
	stack := []int{x.Block}
	first := true
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !first && b == y.Block {
			return false // reached y without taking the edge
		}
		first = false
		for _, s := range o.Succs(o.Fn.Blocks[b]) {
			if b == j.from && s.Index == j.Block {
				continue // takes the edge: j happens on this path
			}
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, s.Index)
			}
		}
	}
	return true
}

// ReceivesBefore returns what st.fn waits for on every path to ev:
// channel receives and WaitGroup (or errgroup) waits in ev's block before
// it, and in blocks that dominate it.
func ReceivesBefore(st *Func, ev *effect.Event) []effect.Signal {
	var out []effect.Signal
	evb := st.Fn.Blocks[ev.Block]
	for _, b := range st.Fn.Blocks {
		if b != evb && !b.Dominates(evb) {
			continue
		}
		for i, instr := range b.Instrs {
			if b == evb && i >= ev.Index {
				break
			}
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op != token.ARROW {
					continue
				}
				for _, p := range st.Res.Resolve(instr.X) {
					out = append(out, effect.Signal{Kind: effect.SigChan, Path: p})
				}
			case *ssa.Call:
				if recv, ok := contract.IsJoinCall(instr.Common()); ok {
					for _, p := range st.Res.Resolve(recv) {
						out = append(out, effect.Signal{Kind: effect.SigWaitGroup, Path: p})
					}
				}
			case *ssa.Send:
				for _, p := range rendezvousSend(st, instr) {
					out = append(out, effect.Signal{Kind: effect.SigRecv, Path: p})
				}
			case *ssa.Select:
				for _, c := range selectReceives(st, instr) {
					if len(c.body.Preds) == 1 && (c.body == evb || c.body.Dominates(evb)) {
						out = append(out, c.s)
					}
				}
			}
		}
	}
	return out
}

// AddWaits adds what the function waited for before an event to the
// waits of the event's accesses: those on its own goroutine, and those
// of goroutines the event starts, which start after the wait.
func AddWaits(ev *effect.Event, sigs []effect.Signal) {
	if len(sigs) == 0 {
		return
	}
	for i := range ev.Accesses {
		ev.Accesses[i].Waits = append(slices.Clip(ev.Accesses[i].Waits), sigs...)
	}
	for i := range ev.Invokes {
		ev.Invokes[i].Waits = append(slices.Clip(ev.Invokes[i].Waits), sigs...)
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
func ReleasesOf(st *Func) []chanRelease {
	var out []chanRelease
	count := make(map[string]int)
	for _, b := range st.Fn.Blocks {
		for i, instr := range b.Instrs {
			if _, deferred := instr.(*ssa.Defer); deferred {
				continue
			}
			if s, ok := signalOf(st.Res, instr); ok && s.Kind == effect.SigChan {
				count[s.Key()]++
				out = append(out, chanRelease{key: s.Key(), block: b.Index, index: i})
			}
		}
	}
	return slices.DeleteFunc(out, func(r chanRelease) bool { return count[r.key] != 1 })
}

// Gated reports whether x, made by a goroutine after it received from a
// channel, is ordered after y, made by the spawner before it signals
// that channel: every path from x's event to the signal runs y, and y
// can't run again after the signal.
func Gated(ord *cfg.Order, xev *effect.Event, x *effect.Access, yev *effect.Event, y *effect.Access, rels []chanRelease) bool {
	if y.Async || yev.Deferred {
		return false
	}
	for _, w := range x.Waits {
		k := w.Key()
		for _, r := range rels {
			if r.key != k {
				continue
			}
			rev := &effect.Event{Point: cfg.Point{Block: r.block, Index: r.index}}
			if mustPass(ord, xev, rev, Join{Block: yev.Block, Index: yev.Index}) && !ord.After(rev, yev) {
				return true
			}
		}
	}
	return false
}

// WaitedFor reports whether y's goroutine waited, before y, for what x's
// goroutine signals as its last act: y then runs after x's goroutine is
// done (a reconnect goroutine that waits for the old reader and writer
// before writing).
func WaitedFor(x, y *effect.Access) bool {
	for _, d := range x.Done {
		k := d.Key()
		for _, w := range y.Waits {
			if w.Key() == k {
				return true
			}
		}
	}
	return false
}

// Causal joins. A receive from a channel the function made, whose only
// senders are goroutines the function starts after it waited for x's
// goroutine, also comes after x's goroutine: the reader chain whose
// successor reports its failure on another channel,
//
//	go c.nextMessage()            // x: signals c.incoming last
//	for { select {
//	case r := <-c.incoming: go c.readFrame(r) // sends c.readError on failure
//	case err := <-c.readError: c.reconnect()   // y: after x is over
//	} }
//
// The function's view of the senders is its calls' summaries (sends);
// a channel it did not make may have senders it can't see.

// ChanFacts are what one function knows of the channels it receives
// from: which it made, and which of its events (calls) send on them.
type ChanFacts struct {
	made    map[string]bool
	senders map[string][]sender
	self    map[string]bool // the function sends on it itself
}

// A sender is a call that may send on a channel; last: the callee's
// send is its last act (at most once per call, see exit.go).
type sender struct {
	ev   *effect.Event
	last bool
}

// ChannelFacts collects the chanFacts of st.fn.
func ChannelFacts(st *Func) *ChanFacts {
	cf := &ChanFacts{made: make(map[string]bool), senders: make(map[string][]sender), self: make(map[string]bool)}
	for _, b := range st.Fn.Blocks {
		for i, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.MakeChan:
				for _, p := range st.Res.Resolve(instr) {
					cf.made[effect.Signal{Kind: effect.SigChan, Path: p}.Key()] = true
				}
			case *ssa.Store:
				if _, ok := instr.Val.(*ssa.MakeChan); !ok {
					continue
				}
				for _, p := range st.Res.AddrLocation(instr.Addr) {
					cf.made[effect.Signal{Kind: effect.SigChan, Path: p}.Key()] = true
				}
			}
			if s, ok := signalOf(st.Res, instr); ok && s.Kind == effect.SigChan {
				cf.self[s.Key()] = true
				continue
			}
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			callee, bindings := st.Callees.Callee(call.Common())
			if callee == nil {
				continue
			}
			_, deferred := instr.(*ssa.Defer)
			ev := &effect.Event{Point: cfg.Point{Instr: call, Block: b.Index, Index: i, Deferred: deferred}}
			sum := st.Callees.Summarize(callee)
			last := make(map[string]bool)
			for _, s := range effect.SubstSignals(sum.Signals, st.Res, call.Common().Args, bindings) {
				last[s.Key()] = true
			}
			for _, q := range sum.Sends {
				for _, p := range paths.Subst(q, st.Res, call.Common().Args, bindings) {
					k := effect.Signal{Kind: effect.SigChan, Path: p}.Key()
					cf.senders[k] = append(cf.senders[k], sender{ev, last[k]})
				}
			}
		}
	}
	return cf
}

// SendsOf returns the channels st.fn, its callees and the goroutines it
// starts may send on or close, in its callers' terms.
func SendsOf(st *Func) []paths.Path {
	var out []paths.Path
	seen := make(map[string]bool)
	add := func(p paths.Path) {
		if p.Root.Kind != paths.RootLocal && !seen[p.Key] {
			seen[p.Key] = true
			out = append(out, p)
		}
	}
	for _, b := range st.Fn.Blocks {
		for _, instr := range b.Instrs {
			if s, ok := signalOf(st.Res, instr); ok && s.Kind == effect.SigChan {
				add(s.Path)
				continue
			}
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			callee, bindings := st.Callees.Callee(call.Common())
			if callee == nil {
				continue
			}
			for _, q := range st.Callees.Summarize(callee).Sends {
				for _, p := range paths.Subst(q, st.Res, call.Common().Args, bindings) {
					add(p)
				}
			}
		}
	}
	return out
}

// CausallyJoined reports whether y comes after x's goroutine through a
// channel the function made: every path from x's event to y's passes a
// receive from it, and each of its senders is an event that, after x's
// event, runs only once x's goroutine was waited for. A sender that can
// also run before x's event counts when its send is its last act and a
// receive from the channel separates it from x's event on every path:
// that receive took its one signal (a reader chain restarted after a
// failure, in the loop that received the failure).
func CausallyJoined(ord *cfg.Order, cf *ChanFacts, xev *effect.Event, x *effect.Access, yev *effect.Event, joins []Join) bool {
	if len(x.Done) == 0 || cf == nil {
		return false
	}
	for _, j := range joins {
		if !cf.made[j.Key] || cf.self[j.Key] || len(cf.senders[j.Key]) == 0 || !mustPass(ord, xev, yev, j) {
			continue
		}
		ok := true
		for _, s := range cf.senders[j.Key] {
			if s.ev.Block == xev.Block && s.ev.Index == xev.Index || !Joined(ord, xev, x, s.ev, joins) {
				ok = false
				break
			}
			if ord.After(s.ev, xev) && !(s.last && passesJoin(ord, s.ev, xev, joins, j.Key)) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// passesJoin reports whether every path from x to y runs a join of key.
func passesJoin(ord *cfg.Order, x, y *effect.Event, joins []Join, key string) bool {
	for _, j := range joins {
		if j.Key == key && mustPass(ord, x, y, j) {
			return true
		}
	}
	return false
}

// Joined reports whether x's goroutine is waited for on every path from
// x's event to y's.
func Joined(ord *cfg.Order, xev *effect.Event, x *effect.Access, yev *effect.Event, joins []Join) bool {
	for _, s := range x.Done {
		k := s.Key()
		for _, j := range joins {
			if j.Key == k && mustPass(ord, xev, yev, j) {
				return true
			}
		}
	}
	return false
}
