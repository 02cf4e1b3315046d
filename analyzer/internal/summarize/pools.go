package summarize

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Task channels: a function value sent on a channel that a worker
// goroutine receives from and calls (for f := range s.jobs { f() }) runs
// on that worker, not on the sender. The send is where the task starts:
// its accesses are those of a goroutine started there, resolved in the
// sender's terms (the closure's bindings are the sender's values).
//
// Tasks of one worker run one after the other: two of them never
// overlap, though each overlaps whatever runs beside the worker. Tasks
// of a pool (the worker started in a loop, or by several go statements)
// overlap each other too.
//
// A channel is known by the field or package variable that holds it, as
// the package's other evidence by location is (dyntypes.go), or by the
// make that created it when the workers are closures that capture it or
// functions it is passed to (go drain(jobs)).

// taskPool is what the package does with the tasks sent on one channel.
type taskPool struct {
	// key names the tasks' runner on their accesses: the channel, or,
	// for a channel whose one worker function also serves other
	// channels, that worker (its tasks from all of them run in turn).
	key string
	// many: more than one worker may call its tasks at once.
	many bool
}

// taskPools finds, once per package, the channels whose received values
// are called, and how many workers call them.
func (e *Engine) taskPools() map[string]*taskPool {
	if e.pools != nil {
		return e.pools
	}
	e.pools = make(map[string]*taskPool)
	workers := make(map[*ssa.Function][]*taskPool)
	e.workers = workers
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok || call.Common().IsInvoke() {
					continue
				}
				ch, _ := paths.ReceivedFrom(ssaview.Unconverted(call.Common().Value, false))
				k := chanKey(ch)
				if prm, ok := ch.(*ssa.Parameter); ok {
					k = e.argumentKey(prm)
				}
				if k == "" {
					continue
				}
				p := e.pools[k]
				if p == nil {
					p = &taskPool{key: k}
					e.pools[k] = p
				}
				if !slices.Contains(workers[fn], p) {
					workers[fn] = append(workers[fn], p)
				}
			}
		}
	}
	if len(workers) == 0 {
		return e.pools
	}
	// Count the goroutines that run each worker: a go statement (or a
	// spawner) whose function is the worker or calls it directly.
	starts := make(map[*taskPool]int)
	for _, fn := range e.Funcs {
		var ord *cfg.Order
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				body := e.StartedBody(instr)
				if body == nil {
					continue
				}
				for _, w := range workerIn(body, workers) {
					if ord == nil {
						ord = cfg.NewOrder(fn)
					}
					starts[w]++
					if ord.InLoop(b.Index) {
						w.many = true
					}
				}
			}
		}
	}
	for p, n := range starts {
		if n > 1 {
			p.many = true
		}
	}
	// One worker function serving several channels, started once, runs
	// the tasks of all of them in turn; a worker that is a loop of the
	// package's (runners) runs them in turn with the functions filed
	// for it.
	for fn, ps := range workers {
		loop, isLoop := e.Runs.SerialLoop(fn.Pos())
		if len(ps) < 2 && !isLoop {
			continue
		}
		for _, p := range ps {
			if !p.many && workedOnlyBy(p, fn, workers) {
				p.key = "worker:" + fn.String()
				if isLoop {
					p.key = effect.RunnerTask + loop
				}
			}
		}
	}
	return e.pools
}

// workedOnlyBy reports whether fn is the only worker function of p.
func workedOnlyBy(p *taskPool, fn *ssa.Function, workers map[*ssa.Function][]*taskPool) bool {
	for other, ps := range workers {
		if other != fn && slices.Contains(ps, p) {
			return false
		}
	}
	return true
}

// workerIn returns the pools whose worker body is, or calls directly.
func workerIn(body *ssa.Function, workers map[*ssa.Function][]*taskPool) []*taskPool {
	if ps, ok := workers[body]; ok {
		return ps
	}
	var out []*taskPool
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if callee := call.Common().StaticCallee(); callee != nil {
				for _, p := range workers[callee] {
					if !slices.Contains(out, p) {
						out = append(out, p)
					}
				}
			}
		}
	}
	return out
}

// chanKey names a channel: the location it is loaded from (a field of
// a struct type, a package variable), or the make that created it, seen
// directly or through the variable a closure captured. "" for any other
// channel.
func chanKey(ch ssa.Value) string {
	switch x := ch.(type) {
	case *ssa.MakeChan:
		// Named by its function and register: the key crosses
		// packages in facts, where positions don't.
		return fmt.Sprintf("make:%s.%s", x.Parent(), x.Name())
	case *ssa.FreeVar:
		return chanKey(boundTo(x))
	case *ssa.UnOp:
		if fa, _ := LoadedField(x); fa != nil {
			return "field:" + paths.FieldName(fa.X.Type(), fa.Field) + "@" + types.TypeString(fa.X.Type(), nil)
		}
		if x.Op != token.MUL {
			return ""
		}
		switch a := x.X.(type) {
		case *ssa.Global:
			return "global:" + a.Pkg.Pkg.Path() + "." + a.Name()
		case *ssa.Alloc:
			// A local variable (captured by a closure, so not
			// lifted): the channel stored in it.
			return chanKey(ssaview.StoredOnce(a))
		case *ssa.FreeVar:
			if box, ok := boundTo(a).(*ssa.Alloc); ok {
				return chanKey(ssaview.StoredOnce(box))
			}
		}
	}
	return ""
}

// argumentKey names the channel a worker receives as its parameter prm
// (go drain(jobs)): the channel every call of the worker in the package
// passes, when they all pass the same one.
func (e *Engine) argumentKey(prm *ssa.Parameter) string {
	fn := prm.Parent()
	index := slices.Index(fn.Params, prm)
	if index < 0 || fn.Signature.Recv() != nil {
		return "" // a method's receiver channel is a field
	}
	key := ""
	for _, caller := range e.Funcs {
		for _, b := range caller.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok || call.Common().StaticCallee() != fn || index >= len(call.Common().Args) {
					continue
				}
				k := chanKey(call.Common().Args[index])
				if k == "" || key != "" && k != key {
					return ""
				}
				key = k
			}
		}
	}
	return key
}

// boundTo returns the value the closures of fv's function bind fv to,
// when they all bind the same one; nil otherwise.
func boundTo(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	index := slices.Index(fn.FreeVars, fv)
	if fn.Parent() == nil || index < 0 {
		return nil
	}
	var v ssa.Value
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn || index >= len(mc.Bindings) {
				continue
			}
			if v != nil && v != mc.Bindings[index] {
				return nil
			}
			v = mc.Bindings[index]
		}
	}
	return v
}

// taskEffect returns the accesses of a task sent on a worker's channel:
// those of a goroutine started at the send. nil when send is no such
// send, or its value is not a function in sight.
func (e *Engine) taskEffect(st *FuncState, send *ssa.Send) []effect.Access {
	k := chanKey(send.Chan)
	if k == "" {
		return nil
	}
	p := e.taskPools()[k]
	if p == nil {
		return nil
	}
	fn, args, bindings := e.spawnedFunc(send.X)
	if fn == nil {
		return nil
	}
	pos := e.Report.SendStart(send.Pos())
	out := e.lift(st, pos, fn, args, bindings, nil, pos)
	for i := range out {
		out[i].Task, out[i].Serial = p.key, !p.many
	}
	return out
}

// ownSerial marks the accesses of a goroutine that runs fn: when fn is
// the one worker of a channel of tasks, or a loop that runs the
// functions filed for it in place, its own accesses and the tasks it
// runs are made one after the other.
func (e *Engine) ownSerial(fn *ssa.Function, accs []effect.Access) {
	if fn == nil {
		return
	}
	var ps []*taskPool
	if e.taskPools(); len(e.workers) > 0 {
		ps = workerIn(fn, e.workers)
	}
	if len(ps) == 0 {
		if loop, ok := e.Runs.SerialLoop(fn.Pos()); ok {
			// A loop of the package's that runs the functions filed
			// for it one at a time, between what it does itself
			// (runners).
			for i := range accs {
				if accs[i].Task == "" {
					accs[i].Task, accs[i].Serial, accs[i].Worker = effect.RunnerTask+loop, true, true
				}
			}
		}
		return
	}
	for _, p := range ps {
		if p.many || p.key != ps[0].key {
			return
		}
	}
	for i := range accs {
		if accs[i].Task == "" {
			accs[i].Task, accs[i].Serial, accs[i].Worker = ps[0].key, true, true
		}
	}
}
