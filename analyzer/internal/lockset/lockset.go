// Package lockset says which mutexes are held: a Set of Locks, each a
// mutex named by its path and held exclusively (Lock) or shared (RLock),
// and sync's API as data (LockOp: which calls acquire and release,
// TryLockEdge: the branch where TryLock succeeded). Two accesses exclude
// each other when one mutex is held by both and exclusively by one
// (Excludes); the same path must also be the same instance, which the
// caller decides (ExcludesWhere).
//
// It takes paths and SSA calls and gives sets; of the other stages it
// uses only paths and ssaview. The dataflow that computes the set held
// at each call lives with the function summaries (lockflow.go), which
// know what a callee leaves locked.
package lockset

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// A Lock is a mutex held in some mode, named by the path of the mutex.
type Lock struct {
	Path paths.Path
	// Excl is true for Lock, false for RLock: readers of an RWMutex do
	// not exclude each other, so two writes under RLock still race.
	Excl bool
}

// A lockset is the set of locks held at a program point, sorted by key.
// Locksets are values: operations return new slices.
type Set []Lock

func (ls Set) Add(l Lock) Set {
	i, found := slices.BinarySearchFunc(ls, l.Path.Key, func(x Lock, k string) int { return strings.Compare(x.Path.Key, k) })
	out := slices.Clone(ls)
	if found {
		out[i].Excl = out[i].Excl || l.Excl
		return out
	}
	return slices.Insert(out, i, l)
}

func (ls Set) Remove(key string) Set {
	i, found := slices.BinarySearchFunc(ls, key, func(x Lock, k string) int { return strings.Compare(x.Path.Key, k) })
	if !found {
		return ls
	}
	return slices.Delete(slices.Clone(ls), i, i+1)
}

func (ls Set) Has(key string) bool {
	_, found := slices.BinarySearchFunc(ls, key, func(x Lock, k string) int { return strings.Compare(x.Path.Key, k) })
	return found
}

// Meet is the intersection: a lock is held after a join only if it is
// held on every incoming path. A lock held shared on one path and
// exclusively on another is held shared.
func (ls Set) Meet(o Set) Set {
	var out Set
	i, j := 0, 0
	for i < len(ls) && j < len(o) {
		switch c := strings.Compare(ls[i].Path.Key, o[j].Path.Key); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			out = append(out, Lock{Path: ls[i].Path, Excl: ls[i].Excl && o[j].Excl})
			i++
			j++
		}
	}
	return out
}

func (ls Set) Union(o Set) Set {
	out := ls
	for _, l := range o {
		out = out.Add(l)
	}
	return out
}

func (ls Set) Equal(o Set) bool {
	return slices.EqualFunc(ls, o, func(a, b Lock) bool { return a.Path.Key == b.Path.Key && a.Excl == b.Excl })
}

// Excludes reports whether two accesses holding ls and o cannot run at
// the same time: they hold a common mutex and at least one of them holds
// it exclusively. Mutexes are compared like connections (match): when
// the two accesses reach their conn through elements of one container
// (one by ranging, one by key), they reach the conn's mutex the same way.
func (ls Set) Excludes(o Set) bool { return ls.ExcludesWhere(o, nil) }

// ExcludesWhere is excludes counting only the common mutexes that same,
// when not nil, accepts (the same instance on both sides: excludedBy).
func (ls Set) ExcludesWhere(o Set, same func(Lock) bool) bool {
	for _, l := range ls {
		for _, m := range o {
			if (l.Excl || m.Excl) && sameMutex(l.Path, m.Path) && (same == nil || same(l)) {
				return true
			}
		}
	}
	return false
}

// sameMutex reports whether two lock paths may name one mutex. A widened
// mutex is known only by its name; otherwise mutexes are compared like
// conns, so that two activations' own values (a topic each call
// creates and files in the registry, t.mu) hold two mutexes.
func sameMutex(a, b paths.Path) bool {
	if a.Group != b.Group {
		return false
	}
	if a.Widened() || b.Widened() {
		return a.Key == b.Key
	}
	return paths.Match(a, b)
}

func (ls Set) String() string {
	var parts []string
	for _, l := range ls {
		s := l.Path.Key
		if !l.Excl {
			s += "(r)"
		}
		parts = append(parts, s)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// lockAction is what a call does to a mutex.
type lockAction uint8

const (
	NoLockAction lockAction = iota
	AcquireExcl
	AcquireShared
	Release
)

// lockMethods is the lock API as data: package, type, method.
var lockMethods = map[[3]string]lockAction{
	{"sync", "Mutex", "Lock"}:     AcquireExcl,
	{"sync", "Mutex", "Unlock"}:   Release,
	{"sync", "RWMutex", "Lock"}:   AcquireExcl,
	{"sync", "RWMutex", "Unlock"}: Release,
	{"sync", "RWMutex", "RLock"}:  AcquireShared,
	// RUnlock releases the shared hold; a lockset holds one mode per
	// mutex, so it removes the entry like Unlock does.
	{"sync", "RWMutex", "RUnlock"}: Release,
	// Through the interface: the dynamic value is resolved like any
	// other operand.
	{"sync", "Locker", "Lock"}:   AcquireExcl,
	{"sync", "Locker", "Unlock"}: Release,
	// TryLock is in tryLockMethods: it holds the lock only on the
	// branch where it returned true.
}

// tryLockMethods acquire the lock when they return true.
var tryLockMethods = map[[3]string]lockAction{
	{"sync", "Mutex", "TryLock"}:    AcquireExcl,
	{"sync", "RWMutex", "TryLock"}:  AcquireExcl,
	{"sync", "RWMutex", "TryRLock"}: AcquireShared,
}

// TryLockEdge reports whether block b ends by branching on the result of
// a TryLock, and returns the successor on which the lock is held and the
// mutex operand: if mu.TryLock() { ... } or if !mu.TryLock() { continue }.
func TryLockEdge(b *ssa.BasicBlock) (succ *ssa.BasicBlock, act lockAction, recv ssa.Value, ok bool) {
	if len(b.Instrs) == 0 {
		return nil, 0, nil, false
	}
	br, isIf := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !isIf || len(b.Succs) != 2 {
		return nil, 0, nil, false
	}
	cond, onTrue := br.Cond, 0
	if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
		cond, onTrue = not.X, 1
	}
	call, isCall := cond.(*ssa.Call)
	if !isCall {
		return nil, 0, nil, false
	}
	obj, recvName := ssaview.CalledFunc(call.Common())
	if obj == nil || len(call.Common().Args) == 0 {
		return nil, 0, nil, false
	}
	act, found := tryLockMethods[[3]string{obj.Pkg().Path(), recvName, obj.Name()}]
	if !found {
		return nil, 0, nil, false
	}
	return b.Succs[onTrue], act, call.Common().Args[0], true
}

// LockOp classifies a call as a lock operation and returns the mutex
// operand.
func LockOp(common *ssa.CallCommon) (lockAction, ssa.Value) {
	var obj *types.Func
	var recv ssa.Value
	if common.IsInvoke() {
		obj, recv = common.Method, common.Value
	} else if fn, ok := common.Value.(*ssa.Function); ok && !ssaview.IsWrapper(fn) && len(common.Args) > 0 {
		obj, _ = fn.Object().(*types.Func)
		recv = common.Args[0]
	}
	if obj == nil {
		return NoLockAction, nil
	}
	return MethodAction(obj), recv
}

// MethodAction returns what calling the method obj does to its mutex
// receiver: Lock acquires, Unlock releases, and other methods (and
// functions) do nothing.
func MethodAction(obj *types.Func) lockAction {
	if obj == nil || obj.Pkg() == nil {
		return NoLockAction
	}
	sig, _ := obj.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return NoLockAction
	}
	named := ssaview.NamedOf(sig.Recv().Type())
	if named == nil {
		return NoLockAction
	}
	return lockMethods[[3]string{obj.Pkg().Path(), named.Obj().Name(), obj.Name()}]
}
