package order

import (
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"golang.org/x/tools/go/ssa"
)

// Renewal. A connection's lifecycle is often a loop that dials a new
// conn, stores it in a field, and starts goroutines bound to it:
//
//	for {
//		w.connect()      // w.conn = a conn it just dialled
//		w.run()          // conn := w.conn; go w.writeLoop(conn, done); ...
//	}
//
// A goroutine handed the conn when it starts (a parameter of the
// function the go statement runs: the snapshot, access.snap) keeps that
// conn. When every path from its start to another access runs a call
// that stores a new value of its own making into the same location, the
// other access reaches a different conn: the old writer keeps writing
// the old conn, and does not race with the new one. A goroutine that
// reads the field again as it goes (w.conn.WriteMessage in the loop)
// gets the new conn, and does race.

// RenewsOf returns the non-local locations st.fn stores a value it made
// into (a conn it dialled, a struct it allocated), directly or through
// its callees.
func RenewsOf(st *Func) []paths.Path {
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
			switch instr := instr.(type) {
			case *ssa.Store:
				if !madeBy(st, instr.Val) {
					continue
				}
				for _, p := range st.Res.AddrLocation(instr.Addr) {
					add(p)
				}
			case ssa.CallInstruction:
				if _, isGo := instr.(*ssa.Go); isGo {
					continue // a renewal on another goroutine is not ordered
				}
				for _, p := range calleeRenews(st, instr) {
					add(p)
				}
			}
		}
	}
	return out
}

// calleeRenews returns the renewals of the function a call runs, in the
// caller's terms.
func calleeRenews(st *Func, call ssa.CallInstruction) []paths.Path {
	callee, bindings := st.Callees.Callee(call.Common())
	if callee == nil {
		return nil
	}
	var out []paths.Path
	for _, q := range st.Callees.Summarize(callee).Renews {
		out = append(out, paths.SubstLocation(q, st.Res, call.Common().Args, bindings)...)
	}
	return out
}

// madeBy reports whether v is a value st.fn made: every path it may
// denote is rooted at a value created in the function (a call's result,
// an allocation).
func madeBy(st *Func, v ssa.Value) bool {
	ps := st.Res.Resolve(v)
	if len(ps) == 0 {
		return false
	}
	for _, p := range ps {
		if p.Root.Kind != paths.RootLocal || len(p.Elems) > 0 {
			return false
		}
		switch p.Root.Local.(type) {
		case *ssa.Call, *ssa.Extract, *ssa.Alloc, *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeClosure:
		default:
			return false
		}
	}
	return true
}

// RenewedBetween reports whether every path from x to y runs a call
// that renews the location p.
func RenewedBetween(st *Func, ord *cfg.Order, x, y *effect.Event, p paths.Path) bool {
	for _, b := range st.Fn.Blocks {
		for i, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			for _, q := range calleeRenews(st, call) {
				if q.Key == p.Key || paths.Match(q, p) {
					if mustPass(ord, x, y, Join{Block: b.Index, Index: i}) {
						return true
					}
				}
			}
		}
	}
	return false
}

// ReturnEvents returns a position at each return of fn.
func ReturnEvents(fn *ssa.Function) []*effect.Event {
	var out []*effect.Event
	for _, b := range fn.Blocks {
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			out = append(out, &effect.Event{Point: cfg.Point{Block: b.Index, Index: len(b.Instrs) - 1}})
		}
	}
	return out
}

// JoinedBeforeReturn reports whether the goroutine of async access a,
// started at ev, is waited for on every path from ev to a return: it is
// not left running, and callers can't overlap it.
func JoinedBeforeReturn(ord *cfg.Order, ev *effect.Event, a *effect.Access, joins []Join, rets []*effect.Event) bool {
	if len(a.Done) == 0 || len(rets) == 0 || ev.Deferred {
		return false
	}
	for _, r := range rets {
		if !Joined(ord, ev, a, r, joins) {
			return false
		}
	}
	return true
}
