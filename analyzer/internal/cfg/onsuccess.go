package cfg

import (
	"go/token"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// ReachableOnSuccess returns the blocks reachable from x's block when
// only the paths on which x's call returned a nil error are followed.
func (o *Order) ReachableOnSuccess(xp Place) []bool { return o.reachableOnErr(xp, true) }

// ReachableOnFailure returns the blocks reachable from x's block when
// only the paths on which x's call returned a non-nil error are
// followed.
func (o *Order) ReachableOnFailure(xp Place) []bool { return o.reachableOnErr(xp, false) }

// AfterOnFailure reports whether y can run after x when only the paths
// on which x's call returned a non-nil error are followed.
func (o *Order) AfterOnFailure(xp, yp Place) bool { return o.afterOnErr(xp, yp, false) }

// reachableOnErr returns the blocks reachable from x's block following,
// at a branch on x's error result against nil, only the side where it
// is nil (success) or not.
func (o *Order) reachableOnErr(xp Place, success bool) []bool {
	x := xp.Where()
	errv := errResult(x.Instr)
	if errv == nil {
		return o.Reachable(x.Block, -1)
	}
	seen := make([]bool, len(o.Fn.Blocks))
	var stack []int
	push := func(b *ssa.BasicBlock) {
		succs := o.Succs(b)
		if s := nilErrSucc(b, errv); s != nil && len(succs) == 2 {
			if !success {
				if s == succs[0] {
					s = succs[1]
				} else {
					s = succs[0]
				}
			}
			succs = []*ssa.BasicBlock{s}
		}
		for _, s := range succs {
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, s.Index)
			}
		}
	}
	push(o.Fn.Blocks[x.Block])
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		push(o.Fn.Blocks[n])
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

// AfterOnSuccess reports whether y can run after x when only the paths on
// which x's call returned a nil error are followed: at a branch on
// err != nil (or err == nil), only the nil side is taken.
func (o *Order) AfterOnSuccess(xp, yp Place) bool { return o.afterOnErr(xp, yp, true) }

// afterOnErr reports whether y can run after x following, at a branch on
// x's error result against nil, only the nil side (success) or the
// other.
func (o *Order) afterOnErr(xp, yp Place, success bool) bool {
	x, y := xp.Where(), yp.Where()
	errv := errResult(x.Instr)
	if errv == nil || y.Deferred || x.Deferred {
		return o.After(x, y)
	}
	if x.Block == y.Block && x.Index < y.Index {
		return true
	}
	return o.reachableOnErr(x, success)[y.Block]
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
