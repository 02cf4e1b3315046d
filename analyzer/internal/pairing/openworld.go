package pairing

import (
	"go/types"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/order"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// The open world. A package's exported functions and methods are entry
// points: code in other packages calls them, from goroutines this
// package never sees. A goroutine an entry point leaves running (a
// pinger, a writer pump, a heartbeat started by Start or Connect and not
// waited for before it returns) runs while the package's users go on
// calling the other entry points on the same object. So the accesses of
// such a goroutine overlap the accesses of every other entry point that
// reaches the same connection through the same object (the receiver of
// the package's own struct types) or the same package-level variable, unless a mutex both hold excludes them or the
// other entry point waits for the goroutine to finish first.
//
// Only that evidence makes a type concurrent: two calls of one exported
// method from two client goroutines are not assumed to overlap (gorilla's
// own Conn would be flagged), nor are two goroutines the same entry
// point starts in two calls (started once, by design, in most code),
// unless they are two objects' goroutines that reach an element of a
// container the package files one value in several of
// (acrossObjects). Nor is an entry point the package itself runs as a
// goroutine (Start's go s.Run(), with Run exported) called beside that
// goroutine: it is the goroutine (goroutineBodies).
//
// Entry points are compared in a frame of their own: a path rooted at
// the receiver is rooted at "an object of that type" (rootObject), the
// same object for every method, since a user calls them on one object.

// OpenWorld pairs the goroutines the entry points leave running with the
// other entry points' accesses, and reports the races.
func (e *pairer) OpenWorld() {
	type ref struct {
		fn *ssa.Function
		a  effect.Access
		// own: the conn is reached through the object fn makes and
		// returns (a constructor's), which each call makes anew.
		own bool
	}
	groups := make(map[string][]ref)
	var keys []string
	for _, fn := range e.Funcs {
		initializer := fn.Synthetic == "package initializer"
		if !isEntry(fn) && !initializer {
			continue
		}
		s := e.Summaries[fn]
		if s == nil {
			continue
		}
		for _, a := range s.Accesses {
			if initializer && !a.Async {
				// The package's initialisation is over before any
				// entry point runs; the goroutines it starts (a hub
				// NewHub starts for a package-level variable) run
				// beside all of them.
				continue
			}
			if a.Handed != "" {
				// User code's calls of the object's methods: the
				// open world has them as entry points already.
				continue
			}
			for _, b := range e.rerootAll(fn, s, a) {
				k := b.Side.String() + "|" + b.Conn.Group
				if _, seen := groups[k]; !seen {
					keys = append(keys, k)
				}
				groups[k] = append(groups[k], ref{fn, b, ownResult(fn, s, a)})
			}
		}
	}
	slices.Sort(keys)
	var bodies map[*ssa.Function]bool
	for _, k := range keys {
		g := groups[k]
		for _, x := range g {
			if !x.a.Async {
				continue
			}
			for _, y := range g {
				if bodies == nil {
					bodies = e.goroutineBodies()
				}
				if y.fn != x.fn && bodies[y.fn] {
					// The package runs y.fn on a goroutine of its own
					// (Start's go s.Run()): it is that goroutine, not
					// an entry point users call beside it.
					continue
				}
				if y.a.Async && x.a.GoPos == y.a.GoPos && e.calls(x.fn, y.fn) {
					// x.fn starts its goroutine by calling y.fn
					// (Restart calling Start): y.fn called beside it
					// is y.fn called twice.
					continue
				}
				xa, ya, shared := x.a, y.a, ""
				if (y.fn == x.fn || x.own && y.own) && !effect.SamePool(&x.a, &y.a) {
					// Two objects (two topics a user creates, or
					// what two constructors each make around the conn
					// their caller passes), each with the goroutine
					// its entry point left running, reach one conn
					// only through a container whose elements sit in
					// several (membership.go).
					var ok bool
					if xa, ya, ok = e.acrossObjects(x.a, y.a); !ok {
						continue
					}
					shared = xa.Conn.Root.Global
				}
				if !paths.Match(xa.Conn, ya.Conn) || xa.Locks.Excludes(ya.Locks) || order.WaitedFor(&xa, &ya) || effect.SameWorker(&xa, &ya) || effect.CondsExclude(xa.Conds, ya.Conds) {
					continue
				}
				if x.a.Snap && !y.a.Async && ownsValue(y.a.Conn) {
					// The goroutine was handed its conn when it started;
					// the other entry point writes a conn it made and
					// published itself, while it runs: either it
					// published after the goroutine started, and the
					// goroutine has another conn, or before, and its
					// write was over by then.
					continue
				}
				if debuglog.Debugging {
					debuglog.Debugf("open world: race %v (%s, %s) with %v (%s, %s)", e.Pass.Fset.Position(x.a.Site), x.fn, x.a.Conn.Key, e.Pass.Fset.Position(y.a.Site), y.fn, y.a.Conn.Key)
				}
				e.Report.OpenRace(x.a, x.fn, y.a, y.fn, shared)
			}
		}
	}
}

// goroutineBodies returns the functions the package runs as goroutines
// of its own: the function a go statement or a spawner starts, and, when
// that is a function literal or a bound method value that only wraps one
// function of the package, that function (go func() { for { c.Run() }
// }() and go run, with run := c.Run, run Run). A literal that calls
// several (a greeting with Send, then the read loop) runs none of them as
// its own. The package's users start such a goroutine through the entry
// point that starts it; they do not call its body again beside it, as
// they do not call one entry point from two goroutines.
func (e *pairer) goroutineBodies() map[*ssa.Function]bool {
	bodies := make(map[*ssa.Function]bool)
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				body := e.StartedBody(instr)
				if body == nil {
					continue
				}
				bodies[body] = true
				if body.Parent() == nil && body.Synthetic == "" {
					continue
				}
				if f := wrapped(body); f != nil {
					bodies[f] = true
				}
			}
		}
	}
	return bodies
}

// wrapped returns the one function of its package that a function
// literal or wrapper calls statically, or nil when it calls none or
// several.
func wrapped(body *ssa.Function) *ssa.Function {
	var only *ssa.Function
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok || call.Common().IsInvoke() {
				continue
			}
			f, _ := ssaview.FuncValue(call.Common().Value)
			if f == nil || f.Pkg == nil || f.Pkg != body.Pkg && body.Synthetic == "" {
				continue
			}
			if only != nil && only != f {
				return nil
			}
			only = f
		}
	}
	return only
}

// calls reports whether fn calls callee directly (CallSites).
func (e *pairer) calls(fn, callee *ssa.Function) bool {
	return slices.ContainsFunc(e.CallSites()[callee], func(c ssa.CallInstruction) bool { return c.Parent() == fn })
}

// ownResult reports whether a reaches its conn through an object the
// function makes and returns (a result it allocated on every path, or
// the field of one it stored a parameter in): the object each call
// makes anew.
func ownResult(fn *ssa.Function, s *effect.Summary, a effect.Access) bool {
	fresh := func(i int) bool { return i < len(s.Fresh) && s.Fresh[i] }
	switch a.Conn.Root.Kind {
	case paths.RootResult:
		return fresh(a.Conn.Root.Index)
	case paths.RootParam:
		if a.Conn.Root.Index == 0 && fn.Signature.Recv() != nil {
			return false // the receiver's: one object for every call
		}
		for _, rf := range s.ReturnFields {
			if _, ok := below(a.Conn, rf.Path); ok {
				return fresh(rf.Result)
			}
		}
	}
	return false
}

// isEntry reports whether other packages can call fn: an exported
// function, or an exported method (of any type: an unexported type's
// methods are called through the interfaces it satisfies).
func isEntry(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	return ok && obj.Exported() && fn.Parent() == nil && fn.Synthetic == ""
}

// reroot rewrites an entry point's access into the open-world frame. It
// reports false when the access can't be compared with other entry
// points': its conn, or one of its locks, is rooted at a parameter that
// is not the receiver, or its conn is reached through an interface value
// whose type evidence is not decided.
func (e *pairer) reroot(fn *ssa.Function, s *effect.Summary, a effect.Access) (effect.Access, bool) {
	conns := e.rerootPaths(fn, s, a.Conn, a.Async)
	if len(conns) == 0 {
		return effect.Access{}, false
	}
	return e.rerootOn(fn, s, a, conns[0])
}

// rerootAll is reroot for every name the object gives a's conn: a
// goroutine a constructor leaves running on the conn it was given
// reaches every field of the result the constructor stored it in
// (a.conn and a.svc.conn).
func (e *pairer) rerootAll(fn *ssa.Function, s *effect.Summary, a effect.Access) []effect.Access {
	var out []effect.Access
	for _, conn := range e.rerootPaths(fn, s, a.Conn, a.Async) {
		if b, ok := e.rerootOn(fn, s, a, conn); ok {
			out = append(out, b)
		}
	}
	return out
}

// rerootOn is reroot with a's conn rerooted as conn.
func (e *pairer) rerootOn(fn *ssa.Function, s *effect.Summary, a effect.Access, conn paths.Path) (effect.Access, bool) {
	if len(a.Conds) > 0 && a.Unproven {
		// Through an interface value no evidence says holds a conn.
		return effect.Access{}, false
	}
	reroot := func(p paths.Path) (paths.Path, bool) { return e.rerootPath(fn, s, p, a.Async) }
	b := a
	b.Conn = conn
	b.Conds = nil
	for _, c := range a.Conds {
		// Kept to tell apart accesses that need the same interface
		// value to hold different types (effect.CondsExclude).
		var recv []paths.Path
		for _, p := range c.Recv {
			if q, ok := reroot(p); ok {
				recv = append(recv, q)
			}
		}
		if len(recv) > 0 {
			b.Conds = append(b.Conds, effect.DispatchCond{Recv: recv, Types: c.Types})
		}
	}
	b.Locks = nil
	for _, l := range a.Locks {
		q, ok := reroot(l.Path)
		if !ok {
			return effect.Access{}, false
		}
		b.Locks = b.Locks.Add(lockset.Lock{Path: q, Excl: l.Excl})
	}
	b.Done, b.Waits = nil, nil
	for _, s := range a.Done {
		if q, ok := reroot(s.Path); ok {
			b.Done = append(b.Done, effect.Signal{Kind: s.Kind, Path: q})
		}
	}
	for _, s := range a.Waits {
		if q, ok := reroot(s.Path); ok {
			b.Waits = append(b.Waits, effect.Signal{Kind: s.Kind, Path: q})
		}
	}
	return b, true
}

// rerootPath roots p at the object the receiver denotes, or at the
// object a result returns, when it is one of the package's struct types;
// globals stay as they are. A goroutine left running (async) reaches the
// result through the values the function stored in its fields
// (newSession(conn) storing conn in the session it returns); before the
// function returns, nobody else can call the result's methods.
func (e *pairer) rerootPath(fn *ssa.Function, s *effect.Summary, p paths.Path, async bool) (paths.Path, bool) {
	if ps := e.rerootPaths(fn, s, p, async); len(ps) > 0 {
		return ps[0], true
	}
	return paths.Path{}, false
}

// rerootPaths is rerootPath with every field of a result p was stored
// in, in the order of the summary's ReturnFields.
func (e *pairer) rerootPaths(fn *ssa.Function, s *effect.Summary, p paths.Path, async bool) []paths.Path {
	one := func(q paths.Path, ok bool) []paths.Path {
		if !ok {
			return nil
		}
		return []paths.Path{q}
	}
	switch p.Root.Kind {
	case paths.RootGlobal:
		return []paths.Path{p}
	case paths.RootResult:
		return one(e.objectPath(fn.Signature.Results().At(p.Root.Index).Type(), p))
	case paths.RootParam:
		// The receiver: the object users call the methods on. (A
		// parameter of a package-level function may be any object.)
		if p.Root.Index == 0 && fn.Signature.Recv() != nil && len(fn.Params) > 0 {
			return one(e.objectPath(fn.Params[0].Type(), p))
		}
		if !async {
			return nil
		}
		var out []paths.Path
		for _, rf := range s.ReturnFields {
			if rest, ok := below(p, rf.Path); ok {
				r := paths.NewPath(paths.Root{Kind: paths.RootResult, Index: rf.Result, Name: p.Root.Name}, nil)
				// A field of a struct held in a field: "svc.conn".
				for _, name := range strings.Split(rf.Field, ".") {
					r = r.With(paths.Elem{Kind: paths.ElemField, Name: name})
				}
				for _, e := range rest {
					r = r.With(e)
				}
				if q, ok := e.objectPath(fn.Signature.Results().At(rf.Result).Type(), r); ok {
					out = append(out, q)
				}
			}
		}
		return out
	}
	return nil
}

// objectPath roots p's selections at "an object of type t", when t is
// one of the package's struct types.
func (e *pairer) objectPath(t types.Type, p paths.Path) (paths.Path, bool) {
	name := e.objectType(t)
	if name == "" {
		return paths.Path{}, false
	}
	return paths.NewPath(paths.Root{Kind: paths.RootObject, Global: name, Name: p.Root.Name}, p.Elems), true
}

// below reports whether p is prefix followed by more selections (or
// none), and returns those.
func below(p, prefix paths.Path) ([]paths.Elem, bool) {
	if paths.NewPath(p.Root, nil).Key != paths.NewPath(prefix.Root, nil).Key || len(p.Elems) < len(prefix.Elems) {
		return nil, false
	}
	if paths.NewPath(p.Root, p.Elems[:len(prefix.Elems)]).Key != prefix.Key {
		return nil, false
	}
	return p.Elems[len(prefix.Elems):], true
}

// objectType names the struct type declared in this package that t is
// (or points to), or "".
func (e *pairer) objectType(t types.Type) string {
	n := ssaview.NamedOf(t)
	if n == nil || n.Obj().Pkg() != e.Pass.Pkg {
		return ""
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return ""
	}
	return types.TypeString(n, nil)
}

// ownsValue reports whether p names a value the function stored there
// itself (an own element or field): one it made, published under that
// name.
func ownsValue(p paths.Path) bool {
	for _, e := range p.Elems {
		if e.Mode == paths.OwnElem || e.Filed {
			return true
		}
	}
	return false
}
