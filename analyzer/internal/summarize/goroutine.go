package summarize

import (
	"go/types"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/runners"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Goroutines are started by go statements and by library functions that
// run a function argument on a goroutine of their own. The latter are
// data, one line per function (contract.Spawners), or facts of the
// packages that file a function for a loop of theirs (runners).

// SpawnerOf is contract.SpawnerOf, and, for a function that hands its
// function argument to a loop of its package (runners.Fact), a pool
// spawner whose tasks are that loop's: serial unless the loop runs them
// at once, and overlapping themselves only when the loop starts each run
// with go.
func (e *Engine) SpawnerOf(common *ssa.CallCommon) (contract.Spawner, ssa.Value, ssa.Value, bool) {
	if sp, fn, recv, ok := contract.SpawnerOf(common); ok {
		return sp, fn, recv, ok
	}
	obj, _ := ssaview.CalledFunc(common)
	if obj == nil {
		return contract.Spawner{}, nil, nil, false
	}
	runs, ok := e.runsMemo[obj]
	if !ok {
		runs = e.Runs.Of(e.Pass, obj)
		if e.runsMemo == nil {
			e.runsMemo = make(map[*types.Func][]runners.Run)
		}
		e.runsMemo[obj] = runs
	}
	if len(runs) == 0 {
		return contract.Spawner{}, nil, nil, false
	}
	r := runs[0]
	i := r.Param
	if obj.Signature().Recv() != nil {
		i++
	}
	if i >= len(common.Args) {
		return contract.Spawner{}, nil, nil, false
	}
	sp := contract.Spawner{Pkg: obj.Pkg().Path(), Name: obj.Name(), Fn: r.Param, Many: r.Overlaps, Pool: true, Loop: r.Loop, Serial: !r.Concurrent}
	return sp, common.Args[i], nil, true
}

// spawnedFunc resolves the function value a spawner runs: a function, a
// closure, a conversion such as http.HandlerFunc(f), or a value whose
// ServeHTTP method is the handler. It returns the function and the
// values bound to its free variables or, for a method, its receiver.
func (e *Engine) spawnedFunc(v ssa.Value) (fn *ssa.Function, args, bindings []ssa.Value) {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			if f, b := ssaview.FuncValue(x.X); f != nil {
				return f, nil, b // a closure keeps its bindings
			}
			if x.X.Type() == nil {
				return nil, nil, nil
			}
			if m := e.lookupMethod(x.X.Type(), "ServeHTTP"); m != nil {
				return m, []ssa.Value{x.X}, nil
			}
			v = x.X
			continue
		}
		break
	}
	f, b := ssaview.FuncValue(v)
	return f, nil, b
}

// StartedBody returns the function instr runs on a new goroutine: a go
// statement's, or a spawner's function argument. nil for any other
// instruction, or a function not in sight.
func (e *Engine) StartedBody(instr ssa.Instruction) *ssa.Function {
	switch instr := instr.(type) {
	case *ssa.Go:
		body, _ := ssaview.FuncValue(instr.Call.Value)
		return body
	case *ssa.Call:
		if _, fv, _, ok := e.SpawnerOf(instr.Common()); ok {
			body, _, _ := e.spawnedFunc(fv)
			return body
		}
	}
	return nil
}

// lookupMethod returns the method name of type t, if the program has it.
func (e *Engine) lookupMethod(t types.Type, name string) *ssa.Function {
	prog := e.prog
	if prog == nil {
		return nil
	}
	sel := prog.MethodSets.MethodSet(t)
	for i := 0; i < sel.Len(); i++ {
		if s := sel.At(i); s.Obj().Name() == name {
			return prog.MethodValue(s)
		}
	}
	return nil
}
