package analyzer

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// A lock is a mutex held in some mode, named by the path of the mutex.
type lock struct {
	p paths.Path
	// excl is true for Lock, false for RLock: readers of an RWMutex do
	// not exclude each other, so two writes under RLock still race.
	excl bool
}

// A lockset is the set of locks held at a program point, sorted by key.
// Locksets are values: operations return new slices.
type lockset []lock

func (ls lockset) add(l lock) lockset {
	i, found := slices.BinarySearchFunc(ls, l.p.Key, func(x lock, k string) int { return strings.Compare(x.p.Key, k) })
	out := slices.Clone(ls)
	if found {
		out[i].excl = out[i].excl || l.excl
		return out
	}
	return slices.Insert(out, i, l)
}

func (ls lockset) remove(key string) lockset {
	i, found := slices.BinarySearchFunc(ls, key, func(x lock, k string) int { return strings.Compare(x.p.Key, k) })
	if !found {
		return ls
	}
	return slices.Delete(slices.Clone(ls), i, i+1)
}

func (ls lockset) has(key string) bool {
	_, found := slices.BinarySearchFunc(ls, key, func(x lock, k string) int { return strings.Compare(x.p.Key, k) })
	return found
}

// meet is the intersection: a lock is held after a join only if it is
// held on every incoming path. A lock held shared on one path and
// exclusively on another is held shared.
func (ls lockset) meet(o lockset) lockset {
	var out lockset
	i, j := 0, 0
	for i < len(ls) && j < len(o) {
		switch c := strings.Compare(ls[i].p.Key, o[j].p.Key); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			out = append(out, lock{p: ls[i].p, excl: ls[i].excl && o[j].excl})
			i++
			j++
		}
	}
	return out
}

func (ls lockset) union(o lockset) lockset {
	out := ls
	for _, l := range o {
		out = out.add(l)
	}
	return out
}

func (ls lockset) equal(o lockset) bool {
	return slices.EqualFunc(ls, o, func(a, b lock) bool { return a.p.Key == b.p.Key && a.excl == b.excl })
}

// excludes reports whether two accesses holding ls and o cannot run at
// the same time: they hold a common mutex and at least one of them holds
// it exclusively. Mutexes are compared like connections (match): when
// the two accesses reach their conn through elements of one container
// (one by ranging, one by key), they reach the conn's mutex the same way.
func (ls lockset) excludes(o lockset) bool { return ls.excludesWhere(o, nil) }

// excludesWhere is excludes counting only the common mutexes that same,
// when not nil, accepts (the same instance on both sides: excludedBy).
func (ls lockset) excludesWhere(o lockset, same func(lock) bool) bool {
	for _, l := range ls {
		for _, m := range o {
			if (l.excl || m.excl) && sameMutex(l.p, m.p) && (same == nil || same(l)) {
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

func (ls lockset) String() string {
	var parts []string
	for _, l := range ls {
		s := l.p.Key
		if !l.excl {
			s += "(r)"
		}
		parts = append(parts, s)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// lockAction is what a call does to a mutex.
type lockAction uint8

const (
	noLockAction lockAction = iota
	acquireExcl
	acquireShared
	release
)

// lockMethods is the lock API as data: package, type, method.
var lockMethods = map[[3]string]lockAction{
	{"sync", "Mutex", "Lock"}:     acquireExcl,
	{"sync", "Mutex", "Unlock"}:   release,
	{"sync", "RWMutex", "Lock"}:   acquireExcl,
	{"sync", "RWMutex", "Unlock"}: release,
	{"sync", "RWMutex", "RLock"}:  acquireShared,
	// RUnlock releases the shared hold; a lockset holds one mode per
	// mutex, so it removes the entry like Unlock does.
	{"sync", "RWMutex", "RUnlock"}: release,
	// Through the interface: the dynamic value is resolved like any
	// other operand.
	{"sync", "Locker", "Lock"}:   acquireExcl,
	{"sync", "Locker", "Unlock"}: release,
	// TryLock is in tryLockMethods: it holds the lock only on the
	// branch where it returned true.
}

// tryLockMethods acquire the lock when they return true.
var tryLockMethods = map[[3]string]lockAction{
	{"sync", "Mutex", "TryLock"}:    acquireExcl,
	{"sync", "RWMutex", "TryLock"}:  acquireExcl,
	{"sync", "RWMutex", "TryRLock"}: acquireShared,
}

// tryLockEdge reports whether block b ends by branching on the result of
// a TryLock, and returns the successor on which the lock is held and the
// mutex operand: if mu.TryLock() { ... } or if !mu.TryLock() { continue }.
func tryLockEdge(b *ssa.BasicBlock) (succ *ssa.BasicBlock, act lockAction, recv ssa.Value, ok bool) {
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

// lockOp classifies a call as a lock operation and returns the mutex
// operand.
func lockOp(common *ssa.CallCommon) (lockAction, ssa.Value) {
	var obj *types.Func
	var recv ssa.Value
	if common.IsInvoke() {
		obj, recv = common.Method, common.Value
	} else if fn, ok := common.Value.(*ssa.Function); ok && !ssaview.IsWrapper(fn) && len(common.Args) > 0 {
		obj, _ = fn.Object().(*types.Func)
		recv = common.Args[0]
	}
	if obj == nil || obj.Pkg() == nil {
		return noLockAction, nil
	}
	sig, _ := obj.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return noLockAction, nil
	}
	named := ssaview.NamedOf(sig.Recv().Type())
	if named == nil {
		return noLockAction, nil
	}
	act := lockMethods[[3]string{obj.Pkg().Path(), named.Obj().Name(), obj.Name()}]
	return act, recv
}
