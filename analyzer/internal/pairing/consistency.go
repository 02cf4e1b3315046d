package pairing

import (
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/summarize"
	"golang.org/x/tools/go/ssa"
)

// Inconsistent locking (RacerD's rule for classes that use locks). When
// some code of the package writes a connection held in a field of one of
// the package's struct types while holding a mutex, its author expects
// that connection to be written from several goroutines: the mutex says
// so. A write to the same field of the same type that does not hold that
// mutex then races with the guarded ones, whichever functions make them
// and whoever calls those:
//
//	func (p *Player) WriteJSON(v any) error { p.mu.Lock(); defer p.mu.Unlock(); return p.ws.WriteJSON(v) }
//	...
//	player.ws.WriteJSON(ready) // in a handler: not under p.mu
//
// The field is named at the level of types (Player.ws, whichever player),
// and so are the mutexes (Player.mu, Hub.mu). A write to an object the
// function made and has not yet stored where others can reach it (a
// constructor's greeting) is not shared yet and is left out; so are
// conns reached through an interface value whose type is not certain.

// A typedAccess is an access to a field of one of the package's struct
// types, with its locks, named at the level of types.
type typedAccess struct {
	a     effect.Access
	field paths.Path  // rootObject path of the conn
	locks lockset.Set // locks held, rootObject paths
	fn    *ssa.Function
}

// RecordTyped records the accesses of st.fn's events that can take part
// in the rule. Only functions that run on their own are recorded: entry
// points, goroutine bodies, and functions the package does not call
// (handlers, callbacks). A helper the package calls is seen in its
// callers' accesses, with the locks they hold around the call.
func (e *pairer) RecordTyped(st *summarize.FuncState, ord *cfg.Order, events []*effect.Event) {
	if !isEntry(st.Fn) && calledInPlace(e.CallSites()[st.Fn]) {
		return
	}
	for _, ev := range events {
		for _, a := range ev.Accesses {
			if a.Side != contract.Write || len(a.Conds) > 0 || a.Unproven || !a.Site.IsValid() {
				continue
			}
			field, ok := e.typeLevel(a.Conn)
			if !ok || !e.shared(st, ord, ev, a) {
				continue
			}
			// Locks named at the level of types, or globals (the same
			// everywhere). An access holding a lock that is neither
			// can't be compared: which mutex it is depends on the call.
			var locks lockset.Set
			comparable := true
			for _, l := range a.Locks {
				if q, ok := e.typeLevel(l.Path); ok {
					locks = locks.Add(lockset.Lock{Path: q, Excl: l.Excl})
				} else if l.Path.Root.Kind == paths.RootGlobal {
					locks = locks.Add(l)
				} else {
					comparable = false
				}
			}
			if !comparable {
				continue
			}
			e.typed = append(e.typed, typedAccess{a: a, field: field, locks: locks, fn: st.Fn})
		}
	}
}

// RecordFieldWrites records which fields of the package's struct types
// fn's own goroutine writes, directly or through the functions it calls
// in place, whatever object they belong to.
func (e *pairer) RecordFieldWrites(fn *ssa.Function, events []*effect.Event) {
	for _, ev := range events {
		for _, a := range ev.Accesses {
			if a.Side != contract.Write || a.Async {
				continue
			}
			if q, ok := e.typeLevel(a.Conn); ok {
				if e.fieldWrites[fn] == nil {
					e.fieldWrites[fn] = make(map[string]bool)
				}
				e.fieldWrites[fn][q.Key] = true
			}
		}
	}
}

// calledInPlace reports whether one of sites calls its function on the
// caller's goroutine (not a go statement).
func calledInPlace(sites []ssa.CallInstruction) bool {
	for _, c := range sites {
		if _, ok := c.(*ssa.Go); !ok {
			return true
		}
	}
	return false
}

// typeLevel names the location p ends in by the last field of one of the
// package's struct types it selects: clients[id].conn is Client.conn. A
// struct embedded in another of the package's types is part of it: the
// feed of a lockedServer's embedded server is lockedServer.server.feed,
// not every server's feed.
func (e *pairer) typeLevel(p paths.Path) (paths.Path, bool) {
	if p.Widened() {
		return paths.Path{}, false
	}
	for i := len(p.Elems) - 1; i >= 0; i-- {
		el := p.Elems[i]
		if el.Kind != paths.ElemField || el.Owner == "" || !e.ownType(el.Owner) && !e.guardedType(el.Owner) {
			continue
		}
		for i > 0 && p.Elems[i-1].Kind == paths.ElemField && p.Elems[i-1].Embedded && e.ownType(p.Elems[i-1].Owner) {
			i--
			el = p.Elems[i]
		}
		rest := slices.Clone(p.Elems[i:])
		for j := range rest {
			if rest[j].Mode == paths.OwnElem && rest[j].Kind == paths.ElemField {
				rest[j].Mode = paths.ByKey
			}
			if rest[j].Kind == paths.ElemIndex {
				rest[j] = paths.AnyElemSel
			}
		}
		return paths.NewPath(paths.Root{Kind: paths.RootObject, Global: el.Owner, Name: el.Owner}, rest), true
	}
	return paths.Path{}, false
}

// ownType reports whether the type named t (types.TypeString) is declared
// in the package under analysis.
func (e *pairer) ownType(t string) bool {
	i := strings.LastIndex(t, ".")
	return i > 0 && t[:i] == e.Pass.Pkg.Path()
}

// shared reports whether the object a reaches its conn through can be
// reached by other goroutines when a happens: it came from outside the
// function, or the function already stored it where others can find it,
// or a goroutine the event starts makes the access.
func (e *pairer) shared(st *summarize.FuncState, ord *cfg.Order, ev *effect.Event, a effect.Access) bool {
	if a.Conn.Root.Kind != paths.RootLocal || a.Async {
		return true
	}
	v := a.Conn.Root.Local
	if !e.fresh(v) {
		return true // a lookup, a receive: someone else's object
	}
	for _, al := range st.Aliases(v, 0) {
		if summarize.PublishedBefore(ord, al.At, ev) {
			return true
		}
	}
	return false
}

// fresh reports whether v is an object its function made: an allocation,
// or the result of a constructor of the package that returns one.
func (e *pairer) fresh(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		return true
	case *ssa.Call, *ssa.Extract:
		call, i := paths.CallResult(v)
		if call == nil {
			return false
		}
		callee, _ := e.Callee(call.Common())
		if callee == nil || callee.Blocks == nil {
			return false
		}
		s := e.Summarize(callee)
		return i < len(s.Fresh) && s.Fresh[i]
	}
	return false
}

// CheckConsistency reports the writes to a field that lack a mutex
// other writes to that field hold. The unguarded write must be one that
// can run concurrently with others: the package starts goroutines (or
// registers handlers) somewhere, or the write is made by an entry point
// other packages may call from goroutines of their own.
func (e *pairer) CheckConsistency() {
	spawns := e.spawnsAnywhere()
	groups := make(map[string][]int)
	var keys []string
	typed := e.typed
	if e.typed != nil {
		// Other packages' guarded writes, to compare this package's
		// writes of their types' fields with (guards.go).
		typed = append(slices.Clip(e.typed), e.importedTyped()...)
	}
	for i, t := range typed {
		k := t.a.Side.String() + "|" + t.field.Key
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	slices.Sort(keys)
	for _, k := range keys {
		g := groups[k]
		for _, i := range g {
			x := typed[i]
			if x.fn == nil {
				continue // another package's write: reported there
			}
			foreign := !e.ownType(x.field.Root.Global)
			for _, j := range g {
				y := typed[j]
				if foreign && y.fn != nil {
					// Another package's type: its discipline is what
					// that package does (guards.go), not what two
					// writes here, maybe to two objects, differ in.
					continue
				}
				if x.a.Site == y.a.Site && x.a.Via == y.a.Via || x.locks.Excludes(y.locks) || !spawns && !isEntry(x.fn) {
					continue
				}
				if x.fn == y.fn && !x.a.Async && !y.a.Async {
					continue // one after the other, on one goroutine
				}
				if e.callerSerialised(x.fn, y.fn) {
					continue // other packages call both under one mutex
				}
				guard := missing(y.locks, x.locks)
				if guard == "" || e.explained(x.field, guard) {
					continue
				}
				if debuglog.Debugging {
					debuglog.Debugf("consistency: %v (%s) lacks %s held at %v", e.Pass.Fset.Position(x.a.Site), x.field.Key, guard, e.Pass.Fset.Position(y.a.Site))
				}
				e.Report.Inconsistent(x.a, y.a, x.field, guard)
			}
		}
	}
}

// explained reports whether a goroutine the package itself starts takes
// guard and never writes field. The mutex then says that the guarded
// writes run beside that goroutine, which does something else under it
// (clears the network conn's deadline, updates a counter): it is
// evidence of one goroutine beside the writers, which the pairing of
// that goroutine's own accesses judges, not of writers beside each
// other. A goroutine that writes the field, with the mutex or without,
// explains nothing: it is one of the writers the mutex is about.
func (e *pairer) explained(field paths.Path, guard string) bool {
	k := field.Key + "|" + guard
	if v, ok := e.explainedMemo[k]; ok {
		return v
	}
	v := e.explainedBy(field, guard)
	e.explainedMemo[k] = v
	return v
}

// explainedBy computes explained, once per field and mutex.
func (e *pairer) explainedBy(field paths.Path, guard string) bool {
	if e.guardTakers == nil {
		e.guardTakers = e.goroutineLocks()
	}
	for _, reach := range e.guardTakers[guard] {
		// Every source function has been summarised by now; a
		// synthetic wrapper in reach writes what the method it calls,
		// also in reach, writes.
		writes := false
		for f := range reach {
			if e.fieldWrites[f][field.Key] {
				writes = true
				break
			}
		}
		if !writes {
			if debuglog.Debugging {
				debuglog.Debugf("consistency: %s is explained by a goroutine the package starts (%d functions)", guard, len(reach))
			}
			return true
		}
	}
	return false
}

// goroutineLocks indexes the goroutines the package starts (go
// statements and spawners' function arguments), each as the functions it
// runs in place, by the mutexes, named at the level of types, that those
// functions lock exclusively.
func (e *pairer) goroutineLocks() map[string][]map[*ssa.Function]bool {
	out := make(map[string][]map[*ssa.Function]bool)
	seen := make(map[*ssa.Function]bool)
	locks := make(map[*ssa.Function][]string) // each function scanned once
	lockedBy := func(f *ssa.Function) []string {
		ls, ok := locks[f]
		if !ok {
			ls = e.exclusiveLocks(f)
			locks[f] = ls
		}
		return ls
	}
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				body := e.StartedBody(instr)
				if body == nil || body.Blocks == nil || seen[body] {
					continue
				}
				seen[body] = true
				reach := inPlaceReach(body)
				var taken []string
				for f := range reach {
					taken = append(taken, lockedBy(f)...)
				}
				slices.Sort(taken)
				for _, m := range slices.Compact(taken) {
					out[m] = append(out[m], reach)
				}
			}
		}
	}
	return out
}

// inPlaceReach returns fn and the functions with bodies it calls
// statically, transitively, on its own goroutine.
func inPlaceReach(fn *ssa.Function) map[*ssa.Function]bool {
	reach := map[*ssa.Function]bool{fn: true}
	work := []*ssa.Function{fn}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				if c, _ := ssaview.FuncValue(call.Call.Value); c != nil && c.Blocks != nil && !reach[c] {
					reach[c] = true
					work = append(work, c)
				}
			}
		}
	}
	return reach
}

// exclusiveLocks returns the type-level names of the mutexes fn locks
// exclusively itself.
func (e *pairer) exclusiveLocks(fn *ssa.Function) []string {
	var res *paths.Resolver
	var out []string
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			act, recv := lockset.LockOp(call.Common())
			if act != lockset.AcquireExcl {
				continue
			}
			if res == nil {
				res = e.NewResolver(fn)
			}
			for _, p := range res.Resolve(recv) {
				if q, ok := e.typeLevel(p); ok {
					out = append(out, q.Key)
				}
			}
		}
	}
	return out
}

// missing returns a mutex held holds exclusively and others does not
// hold at all, or "".
func missing(held, others lockset.Set) string {
	for _, l := range held {
		if l.Excl && !others.Has(l.Path.Key) {
			return l.Path.Key
		}
	}
	return ""
}

// spawnsAnywhere reports whether some function of the package starts a
// goroutine: a go statement, or a call of a spawner (goroutine.go).
func (e *pairer) spawnsAnywhere() bool {
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Go:
					return true
				case *ssa.Call:
					if _, _, _, ok := e.SpawnerOf(instr.Common()); ok {
						return true
					}
				}
			}
		}
	}
	return false
}
