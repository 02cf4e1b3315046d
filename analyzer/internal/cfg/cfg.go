// Package cfg answers "can this run after that?" over one function's
// control-flow graph: which blocks can run (not after a call that never
// returns, not on a constant branch, not on a read message being a
// control message, which gorilla never returns), which are in a loop,
// whether one Point can run after another (After), on the paths where a
// call returned a nil error (AfterOnSuccess), and whether the values that
// pick an instance of a location can still be the same between two
// points (SameInstances: a conn accepted in each iteration is another
// conn in the next).
//
// A Point is where an event is: its instruction, block and index, and
// whether it is deferred; anything at a Point is a Place.
//
// It takes SSA and gives answers; of the other stages it uses only
// contract and ssaview.
package cfg

import (
	"go/constant"
	"go/token"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Order answers "can this run after that?" questions over one function's
// control-flow graph. The answers decide which accesses a goroutine can
// overlap: only those its spawner (or a later goroutine) performs after
// the go statement, and, in a loop, those of the next iterations.
type Order struct {
	Fn    *ssa.Function
	reach map[[2]int][]bool // (from block, avoided block) -> reachable blocks
	// exit[b] is the index of the first call in block b that never
	// returns (os.Exit, log.Fatal), or -1.
	exit []int
	// live[b]: block b can run (from the entry, or as the recover block).
	live []bool
	// contract, when set, decides branches on a read message's type
	// (controlTypeTest).
	contract *contract.Contract
	// neverSent, when set, says no value is ever sent on a channel:
	// a receive from it never reports ok.
	neverSent func(ch ssa.Value) bool
	// decide, when set, decides branches from what is known on entry
	// (a flag the caller set: package flags).
	decide func(*ssa.If) (int, bool)
}

// NewOrder returns the Order of fn's control-flow graph.
func NewOrder(fn *ssa.Function) *Order { return NewContractOrder(fn, nil, nil) }

// NewContractOrder is newOrder knowing the connection contract: a
// branch on whether a message ReadMessage or NextReader returned is a
// control message is decided, as the contract does (it never is). With
// neverSent, a branch on whether a receive from a channel no one sends
// on got a value is decided too: it did not (the body of a range over a
// channel that is only ever closed never runs).
func NewContractOrder(fn *ssa.Function, c *contract.Contract, neverSent func(ch ssa.Value) bool) *Order {
	return NewDecidedOrder(fn, c, neverSent, nil)
}

// NewDecidedOrder is NewContractOrder with the branches decide decides
// (the index of the successor taken) decided.
func NewDecidedOrder(fn *ssa.Function, c *contract.Contract, neverSent func(ch ssa.Value) bool, decide func(*ssa.If) (int, bool)) *Order {
	o := &Order{Fn: fn, reach: make(map[[2]int][]bool), exit: make([]int, len(fn.Blocks)), live: make([]bool, len(fn.Blocks)), contract: c, neverSent: neverSent, decide: decide}
	for _, b := range fn.Blocks {
		o.exit[b.Index] = -1
		for i, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok && noReturn(call.Common()) {
				o.exit[b.Index] = i
				break
			}
		}
	}
	if len(fn.Blocks) > 0 {
		o.live[0] = true
		for i, r := range o.Reachable(0, -1) {
			o.live[i] = o.live[i] || r
		}
	}
	if fn.Recover != nil {
		o.live[fn.Recover.Index] = true
		for i, r := range o.Reachable(fn.Recover.Index, -1) {
			o.live[i] = o.live[i] || r
		}
	}
	return o
}

// Runs reports whether the instruction at index i of block b can run:
// its block is live and no earlier call in the block never returns.
func (o *Order) Runs(b, i int) bool {
	return o.live[b] && (o.exit[b] < 0 || i <= o.exit[b])
}

// Succs returns the successors control can actually take from blk: none
// after a call that never returns, one at a branch on a constant
// (if debug { ... } with const debug = false).
func (o *Order) Succs(blk *ssa.BasicBlock) []*ssa.BasicBlock {
	if o.exit[blk.Index] >= 0 {
		return nil
	}
	if len(blk.Instrs) > 0 && len(blk.Succs) == 2 {
		if br, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.If); ok {
			if c, ok := br.Cond.(*ssa.Const); ok && c.Value != nil {
				if constant.BoolVal(c.Value) {
					return blk.Succs[:1]
				}
				return blk.Succs[1:]
			}
			if o.received(br.Cond) {
				return blk.Succs[1:]
			}
			if o.decide != nil {
				if i, ok := o.decide(br); ok {
					return blk.Succs[i : i+1]
				}
			}
			if holds, ok := o.controlTypeTest(br.Cond); ok {
				if holds {
					return blk.Succs[:1]
				}
				return blk.Succs[1:]
			}
		}
	}
	return blk.Succs
}

// received reports whether cond is the ok of a receive from a channel
// no value is ever sent on: always false.
func (o *Order) received(cond ssa.Value) bool {
	ext, ok := cond.(*ssa.Extract)
	if !ok || ext.Index != 1 || o.neverSent == nil {
		return false
	}
	recv, ok := ext.Tuple.(*ssa.UnOp)
	return ok && recv.Op == token.ARROW && recv.CommaOk && o.neverSent(recv.X)
}

// noReturnFuncs never return to their caller.
var noReturnFuncs = map[[3]string]bool{
	{"os", "", "Exit"}:               true,
	{"log", "", "Fatal"}:             true,
	{"log", "", "Fatalf"}:            true,
	{"log", "", "Fatalln"}:           true,
	{"log", "", "Panic"}:             true,
	{"log", "", "Panicf"}:            true,
	{"log", "", "Panicln"}:           true,
	{"log", "Logger", "Fatal"}:       true,
	{"log", "Logger", "Fatalf"}:      true,
	{"log", "Logger", "Fatalln"}:     true,
	{"log", "Logger", "Panic"}:       true,
	{"log", "Logger", "Panicf"}:      true,
	{"log", "Logger", "Panicln"}:     true,
	{"runtime", "", "Goexit"}:        true,
	{"testing", "common", "FailNow"}: true,
	{"testing", "common", "Fatal"}:   true,
	{"testing", "common", "Fatalf"}:  true,
	{"testing", "common", "SkipNow"}: true,
	{"testing", "common", "Skip"}:    true,
	{"testing", "common", "Skipf"}:   true,
}

func noReturn(common *ssa.CallCommon) bool {
	obj, recv := ssaview.CalledFunc(common)
	return obj != nil && noReturnFuncs[[3]string{obj.Pkg().Path(), recv, obj.Name()}]
}

// Reachable returns the blocks reachable from b through at least one
// edge without entering block avoid (-1 to avoid none).
func (o *Order) Reachable(b, avoid int) []bool {
	k := [2]int{b, avoid}
	if r, ok := o.reach[k]; ok {
		return r
	}
	seen := make([]bool, len(o.Fn.Blocks))
	var stack []int
	push := func(blk *ssa.BasicBlock) {
		for _, s := range o.Succs(blk) {
			if s.Index != avoid && !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, s.Index)
			}
		}
	}
	push(o.Fn.Blocks[b])
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		push(o.Fn.Blocks[n])
	}
	o.reach[k] = seen
	return seen
}

// InLoop reports whether block b can run more than once per call.
func (o *Order) InLoop(b int) bool {
	return o.Reachable(b, -1)[b]
}

// After reports whether y can run after x in the same activation: later
// in the same block, or in a block reachable from x's (including x's own
// block again, around a loop).
func (o *Order) After(xp, yp Place) bool {
	x, y := xp.Where(), yp.Where()
	if y.Deferred {
		return !x.Deferred
	}
	if x.Deferred {
		return false
	}
	if x.Block == y.Block && x.Index < y.Index {
		return true
	}
	return o.Reachable(x.Block, -1)[y.Block]
}

// SameInstances reports whether the values created at insts (the
// instructions that pick which instance a path denotes) can still be the
// same when y runs after x: some path from x to y does not run any of
// them again. This is what keeps a conn accepted in each iteration of a
// loop, and handed to that iteration's goroutine, from being seen as
// shared by all the goroutines the loop starts.
func (o *Order) SameInstances(xp, yp Place, insts []ssa.Instruction) bool {
	x, y := xp.Where(), yp.Where()
	for _, d := range insts {
		db := d.Block()
		if db == nil || db.Parent() != o.Fn || !o.InLoop(db.Index) {
			continue
		}
		if x.Deferred || y.Deferred {
			return false
		}
		if x != y && x.Block == y.Block && x.Index < y.Index {
			continue
		}
		if !o.Reachable(x.Block, db.Index)[y.Block] && !o.restarts(x, y, d) {
			return false
		}
	}
	return true
}

// restarts reports whether, between x and y, the range loop whose next
// key d picks can start over: then it walks the same elements again, and
// the element d picks for y may be the one it picked for x (a goroutine
// per client, started again for each broadcast).
func (o *Order) restarts(xp, yp Place, d ssa.Instruction) bool {
	x, y := xp.Where(), yp.Where()
	next, ok := d.(*ssa.Next)
	if !ok {
		return false
	}
	rng, ok := next.Iter.(*ssa.Range)
	if !ok || rng.Block() == nil {
		return false
	}
	rb := rng.Block().Index
	return o.Reachable(x.Block, -1)[rb] && (rb == y.Block || o.Reachable(rb, -1)[y.Block])
}

// Message types gorilla's ReadMessage and NextReader never return: they
// handle control messages themselves (the handlers) and return only
// text and binary messages.
const (
	closeMessage = 8
	pingMessage  = 9
	pongMessage  = 10
)

// controlTypeTest decides cond when it compares the type of a message
// that ReadMessage or NextReader returned with a control message type
// (typ == websocket.PingMessage): never equal. ok is false for any
// other condition.
func (o *Order) controlTypeTest(cond ssa.Value) (holds, ok bool) {
	if o.contract == nil {
		return false, false
	}
	bin, ok := cond.(*ssa.BinOp)
	if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
		return false, false
	}
	x, y := bin.X, bin.Y
	if _, isConst := x.(*ssa.Const); isConst {
		x, y = y, x
	}
	k, isConst := y.(*ssa.Const)
	if !isConst || k.Value == nil || k.Value.Kind() != constant.Int {
		return false, false
	}
	if n, exact := constant.Int64Val(k.Value); !exact || n < closeMessage || n > pongMessage {
		return false, false
	}
	ext, isExt := x.(*ssa.Extract)
	if !isExt || ext.Index != 0 {
		return false, false
	}
	call, isCall := ext.Tuple.(*ssa.Call)
	if !isCall {
		return false, false
	}
	op, isOp := o.contract.Op(call.Common())
	if !isOp || (op.Method != "ReadMessage" && op.Method != "NextReader") {
		return false, false
	}
	return bin.Op == token.NEQ, true
}

// A Point is where an event is in its function: its instruction, the
// instruction's index in its block, and whether it is deferred (runs at
// return).
type Point struct {
	Instr        ssa.Instruction
	Block, Index int
	Deferred     bool
}

// Where returns p.
func (p *Point) Where() *Point { return p }

// A Place is anything at a Point: an event, or a Point itself.
type Place interface{ Where() *Point }
