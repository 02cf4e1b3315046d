package order

import (
	"go/token"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Goroutines started on success only. Connect and reconnect code starts
// its reader, writer and pinger only when the connection is up, and
// reports that by returning a nil error:
//
//	for {
//		if err := s.open(); err == nil { // open starts the pumps
//			return
//		}
//		time.Sleep(backoff)
//	}
//
// The retry loop repeats only after a failure, when no goroutine was
// started, so the pumps of one attempt never overlap the next attempt.
// A function whose goroutines are all started on paths that return a nil
// error is summarised as spawning on success only; its caller then
// follows only the err == nil branch after the call when asking what
// can run after those goroutines start.

// SpawnsOnSuccess reports whether every return reachable from an event
// that starts a goroutine returns a nil error as its last result.
func SpawnsOnSuccess(st *Func, ord *cfg.Order, events []*effect.Event) bool {
	res := st.Fn.Signature.Results()
	if res.Len() == 0 || !ssaview.IsErrorType(res.At(res.Len()-1).Type()) {
		return false
	}
	any := false
	for _, ev := range events {
		async, viaSuccess := false, true
		for _, a := range ev.Accesses {
			if a.Async {
				async = true
				// The callee starts it only when it returns a nil
				// error: only the nil branch after the call counts.
				viaSuccess = viaSuccess && a.OnSuccess
			}
		}
		if !async {
			continue
		}
		any = true
		check := func(b *ssa.BasicBlock) bool {
			ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !ok {
				return true
			}
			return returnsNil(b, ret.Results[len(ret.Results)-1])
		}
		if !check(st.Fn.Blocks[ev.Block]) {
			return false
		}
		reach := ord.Reachable(ev.Block, -1)
		if viaSuccess {
			reach = ord.ReachableOnSuccess(ev)
		}
		for i, r := range reach {
			if r && !check(st.Fn.Blocks[i]) {
				return false
			}
		}
	}
	return any
}

// SuccessReturns returns, of rets (the function's returns), those that
// return a nil error as the last result, or nil when the function has
// no error result.
func SuccessReturns(fn *ssa.Function, rets []*effect.Event) []*effect.Event {
	res := fn.Signature.Results()
	if res.Len() == 0 || !ssaview.IsErrorType(res.At(res.Len()-1).Type()) {
		return nil
	}
	var out []*effect.Event
	for _, r := range rets {
		b := fn.Blocks[r.Block]
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && returnsNil(b, ret.Results[len(ret.Results)-1]) {
			out = append(out, r)
		}
	}
	return out
}

// returnsNil reports whether v, returned at the end of b, is a nil
// constant: directly, or a named result (a variable, when a deferred
// function can see it) last set to nil in b.
func returnsNil(b *ssa.BasicBlock, v ssa.Value) bool {
	if c, ok := v.(*ssa.Const); ok {
		return c.IsNil()
	}
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	var last ssa.Value
	for _, instr := range b.Instrs {
		if st, ok := instr.(*ssa.Store); ok && st.Addr == load.X {
			last = st.Val
		}
		if instr == load {
			break
		}
	}
	c, ok := last.(*ssa.Const)
	return ok && c.IsNil()
}
