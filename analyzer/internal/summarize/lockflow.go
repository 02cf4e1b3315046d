package summarize

import (
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
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
func (e *Engine) heldAt(st *FuncState, ord *cfg.Order, ev *effect.Event) lockset.Set {
	call, ok := ev.Instr.(ssa.CallInstruction)
	if !ok {
		return nil // a send to a worker (pools.go): its own goroutine
	}
	held := st.held[call]
	if !ev.Deferred {
		return held
	}
	held = held.Meet(st.exitHeld)
	for _, u := range st.deferredUnlocks {
		if u == ev.Instr {
			continue
		}
		ub := u.Block().Index
		if (ub == ev.Block && ssaview.IndexOf(u) > ev.Index) || ord.Reachable(ev.Block, -1)[ub] {
			_, recv := lockset.LockOp(u.Common())
			for _, p := range st.Res.Resolve(recv) {
				held = held.Remove(p.Key)
			}
		}
	}
	return held
}

// locksets computes the lockset before each call instruction of st.fn by
// forward dataflow: Lock adds, Unlock removes, joins intersect. A
// deferred Unlock keeps the lock until the function returns.
func (e *Engine) locksets(st *FuncState) {
	fn := st.Fn
	if len(fn.Blocks) == 0 {
		return
	}
	in := make([]lockset.Set, len(fn.Blocks))
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
		tryTo, tryAct, tryRecv, try := lockset.TryLockEdge(fn.Blocks[b])
		for _, s := range fn.Blocks[b].Succs {
			out := out
			if try && s == tryTo {
				for _, q := range st.Res.Resolve(tryRecv) {
					out = out.Add(lockset.Lock{Path: q, Excl: tryAct == lockset.AcquireExcl})
				}
			}
			var next lockset.Set
			if visited[s.Index] {
				next = in[s.Index].Meet(out)
				if next.Equal(in[s.Index]) {
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
func (e *Engine) transfer(st *FuncState, b *ssa.BasicBlock, in lockset.Set, record bool) lockset.Set {
	held := in
	for _, instr := range b.Instrs {
		switch instr := instr.(type) {
		case *ssa.Return:
			// Deferred calls run here (after RunDefers, which
			// changes nothing: deferred Unlocks are accounted for
			// separately).
			if record {
				if st.exitSeen {
					st.exitHeld = st.exitHeld.Meet(held)
				} else {
					st.exitHeld, st.exitSeen = held, true
				}
			}
		case *ssa.Defer:
			if record {
				st.held[instr] = held
				if act, _ := lockset.LockOp(instr.Common()); act == lockset.Release {
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
func (e *Engine) applyCall(st *FuncState, common *ssa.CallCommon, held lockset.Set, record bool) lockset.Set {
	if act, recv := lockset.LockOp(common); act != lockset.NoLockAction {
		ps := st.Res.Resolve(recv)
		switch act {
		case lockset.AcquireExcl, lockset.AcquireShared:
			// A mutex operand that may be one of several mutexes
			// (v := m[id]; if v == nil { v = &T{} }; v.mu.Lock())
			// holds whichever it is: each conn path the same operand
			// leads to pairs with its own mutex path.
			for _, p := range ps {
				held = held.Add(lockset.Lock{Path: p, Excl: act == lockset.AcquireExcl})
			}
		case lockset.Release:
			for _, p := range ps {
				if record && !held.Has(p.Key) && p.Root.Kind != paths.RootLocal {
					st.releases = append(st.releases, p)
				}
				held = held.Remove(p.Key)
			}
		}
		return held
	}
	callee, bindings := e.Callee(common)
	if callee == nil {
		return held
	}
	sum := e.Summarize(callee)
	for _, p := range sum.Releases {
		for _, q := range paths.Subst(p, st.Res, common.Args, bindings) {
			held = held.Remove(q.Key)
		}
	}
	for _, l := range sum.Acquires {
		for _, q := range paths.Subst(l.Path, st.Res, common.Args, bindings) {
			held = held.Add(lockset.Lock{Path: q, Excl: l.Excl})
		}
	}
	return held
}
