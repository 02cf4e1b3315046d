package analyzer

import (
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// The lockset dataflow: which locks are held before each call of a
// function, from its own Lock/Unlock calls, the lock helpers it calls
// (their summaries' acquires and releases), TryLock branches and
// deferred unlocks.

// heldAt is the lockset under which an event's own-goroutine accesses
// run. A deferred call runs at exit, under the locks still held then,
// minus those whose deferred Unlock was registered after it (defers run
// last-in, first-out).
func (e *engine) heldAt(st *funcState, ord *order, ev *event) lockset {
	call, ok := ev.instr.(ssa.CallInstruction)
	if !ok {
		return nil // a send to a worker (pools.go): its own goroutine
	}
	held := st.held[call]
	if !ev.deferred {
		return held
	}
	held = held.meet(st.exitHeld)
	for _, u := range st.deferredUnlocks {
		if u == ev.instr {
			continue
		}
		ub := u.Block().Index
		if (ub == ev.block && ssaview.IndexOf(u) > ev.index) || ord.reachable(ev.block, -1)[ub] {
			_, recv := lockOp(u.Common())
			for _, p := range st.res.Resolve(recv) {
				held = held.remove(p.Key)
			}
		}
	}
	return held
}

// locksets computes the lockset before each call instruction of st.fn by
// forward dataflow: Lock adds, Unlock removes, joins intersect. A
// deferred Unlock keeps the lock until the function returns.
func (e *engine) locksets(st *funcState) {
	fn := st.fn
	if len(fn.Blocks) == 0 {
		return
	}
	in := make([]lockset, len(fn.Blocks))
	visited := make([]bool, len(fn.Blocks))
	visited[0] = true
	work := []int{0}
	queued := make([]bool, len(fn.Blocks))
	queued[0] = true
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		queued[b] = false
		out := e.transfer(st, fn.Blocks[b], in[b], false)
		tryTo, tryAct, tryRecv, try := tryLockEdge(fn.Blocks[b])
		for _, s := range fn.Blocks[b].Succs {
			out := out
			if try && s == tryTo {
				for _, q := range st.res.Resolve(tryRecv) {
					out = out.add(lock{p: q, excl: tryAct == acquireExcl})
				}
			}
			var next lockset
			if visited[s.Index] {
				next = in[s.Index].meet(out)
				if next.equal(in[s.Index]) {
					continue
				}
			} else {
				next = out
				visited[s.Index] = true
			}
			in[s.Index] = next
			if !queued[s.Index] {
				queued[s.Index] = true
				work = append(work, s.Index)
			}
		}
	}
	// A final pass records the state at each instruction. Blocks that
	// are not reached from the entry (the recover block) start empty.
	for _, b := range fn.Blocks {
		e.transfer(st, b, in[b.Index], true)
	}
}

// transfer applies one block's lock operations to the lockset in.
func (e *engine) transfer(st *funcState, b *ssa.BasicBlock, in lockset, record bool) lockset {
	held := in
	for _, instr := range b.Instrs {
		switch instr := instr.(type) {
		case *ssa.Return:
			// Deferred calls run here (after RunDefers, which
			// changes nothing: deferred Unlocks are accounted for
			// separately).
			if record {
				if st.exitSeen {
					st.exitHeld = st.exitHeld.meet(held)
				} else {
					st.exitHeld, st.exitSeen = held, true
				}
			}
		case *ssa.Defer:
			if record {
				st.held[instr] = held
				if act, _ := lockOp(instr.Common()); act == release {
					st.deferredUnlocks = append(st.deferredUnlocks, instr)
				}
			}
		case *ssa.Go:
			if record {
				st.held[instr] = held
			}
		case *ssa.Call:
			if record {
				st.held[instr] = held
			}
			held = e.applyCall(st, instr.Common(), held, record)
		}
	}
	return held
}

// applyCall applies the lock effect of one synchronous call.
func (e *engine) applyCall(st *funcState, common *ssa.CallCommon, held lockset, record bool) lockset {
	if act, recv := lockOp(common); act != noLockAction {
		ps := st.res.Resolve(recv)
		switch act {
		case acquireExcl, acquireShared:
			// A mutex operand that may be one of several mutexes
			// (v := m[id]; if v == nil { v = &T{} }; v.mu.Lock())
			// holds whichever it is: each conn path the same operand
			// leads to pairs with its own mutex path.
			for _, p := range ps {
				held = held.add(lock{p: p, excl: act == acquireExcl})
			}
		case release:
			for _, p := range ps {
				if record && !held.has(p.Key) && p.Root.Kind != paths.RootLocal {
					st.releases = append(st.releases, p)
				}
				held = held.remove(p.Key)
			}
		}
		return held
	}
	callee, bindings := e.callee(common)
	if callee == nil {
		return held
	}
	sum := e.summarize(callee)
	for _, p := range sum.releases {
		for _, q := range paths.Subst(p, st.res, common.Args, bindings) {
			held = held.remove(q.Key)
		}
	}
	for _, l := range sum.acquires {
		for _, q := range paths.Subst(l.p, st.res, common.Args, bindings) {
			held = held.add(lock{p: q, excl: l.excl})
		}
	}
	return held
}
