package analyzer

import (
	"go/token"

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

// spawnsOnSuccess reports whether every return reachable from an event
// that starts a goroutine returns a nil error as its last result.
func spawnsOnSuccess(st *funcState, ord *order, events []*event) bool {
	res := st.fn.Signature.Results()
	if res.Len() == 0 || !ssaview.IsErrorType(res.At(res.Len()-1).Type()) {
		return false
	}
	any := false
	for _, ev := range events {
		async, viaSuccess := false, true
		for _, a := range ev.accesses {
			if a.async {
				async = true
				// The callee starts it only when it returns a nil
				// error: only the nil branch after the call counts.
				viaSuccess = viaSuccess && a.onSuccess
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
		if !check(st.fn.Blocks[ev.block]) {
			return false
		}
		reach := ord.reachable(ev.block, -1)
		if viaSuccess {
			reach = ord.reachableOnSuccess(ev)
		}
		for i, r := range reach {
			if r && !check(st.fn.Blocks[i]) {
				return false
			}
		}
	}
	return any
}

// reachableOnSuccess returns the blocks reachable from x's block when
// only the paths on which x's call returned a nil error are followed.
func (o *order) reachableOnSuccess(x *event) []bool {
	errv := errResult(x.instr)
	if errv == nil {
		return o.reachable(x.block, -1)
	}
	seen := make([]bool, len(o.fn.Blocks))
	var stack []int
	push := func(b *ssa.BasicBlock) {
		succs := o.succs(b)
		if s := nilErrSucc(b, errv); s != nil && len(succs) == 2 {
			succs = []*ssa.BasicBlock{s}
		}
		for _, s := range succs {
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, s.Index)
			}
		}
	}
	push(o.fn.Blocks[x.block])
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		push(o.fn.Blocks[n])
	}
	return seen
}

// errResult returns the value holding a call's error result (its last).
func errResult(call ssa.Instruction) ssa.Value {
	c, ok := call.(*ssa.Call)
	if !ok {
		return nil
	}
	res := c.Call.Signature().Results()
	if res.Len() == 0 || !ssaview.IsErrorType(res.At(res.Len()-1).Type()) {
		return nil
	}
	if res.Len() == 1 {
		return c
	}
	for _, ref := range *c.Referrers() {
		if ex, ok := ref.(*ssa.Extract); ok && ex.Index == res.Len()-1 {
			return ex
		}
	}
	return nil
}

// afterOnSuccess reports whether y can run after x when only the paths on
// which x's call returned a nil error are followed: at a branch on
// err != nil (or err == nil), only the nil side is taken.
func (o *order) afterOnSuccess(x, y *event) bool {
	errv := errResult(x.instr)
	if errv == nil || y.deferred || x.deferred {
		return o.after(x, y)
	}
	if x.block == y.block && x.index < y.index {
		return true
	}
	return o.reachableOnSuccess(x)[y.block]
}

// nilErrSucc returns the successor of b taken when errv is nil, if b
// ends by branching on errv compared with nil.
func nilErrSucc(b *ssa.BasicBlock, errv ssa.Value) *ssa.BasicBlock {
	br, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok || len(b.Succs) != 2 {
		return nil
	}
	cmp, ok := br.Cond.(*ssa.BinOp)
	if !ok || (cmp.Op != token.NEQ && cmp.Op != token.EQL) {
		return nil
	}
	isNil := func(v ssa.Value) bool {
		c, ok := v.(*ssa.Const)
		return ok && c.IsNil()
	}
	if !(cmp.X == errv && isNil(cmp.Y)) && !(cmp.Y == errv && isNil(cmp.X)) {
		return nil
	}
	if cmp.Op == token.NEQ {
		return b.Succs[1]
	}
	return b.Succs[0]
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
