package pairing

import (
	"go/token"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Listeners. A client keeps the functions it is told to call in a
// container field (p.listeners[key] = f, through an addListener the
// package calls with closures), and a goroutine of its own starts each
// of them on a goroutine per event: for _, l := range p.listeners { go
// l(msg) }. Whatever a stored function does then runs on goroutines that
// overlap each other (two events, two listeners) and the client's entry
// points on the same object. The functions are known only where the
// package stores them: each is a closure some function of the package
// made, whose captured values (the client it was made for) name its
// conn in the maker's terms, and so, in the open-world frame, as the
// same object's conn the entry points reach.

// A listener is a function value stored in a container field, with the
// function that made it.
type listener struct {
	fn       *ssa.Function
	bindings []ssa.Value // the closure's, if it is one
	maker    *ssa.Function
	stored   token.Pos // where it is stored (or passed to the storing function)
}

// Listeners pairs what the functions stored in a container field do,
// on the goroutines a dispatch loop starts for them, with each other and
// with the entry points' accesses to the same object's conn.
func (e *pairer) Listeners() {
	dispatched := e.dispatchSites()
	if len(dispatched) == 0 {
		return
	}
	sites := make(map[string]token.Pos, len(dispatched))
	for k, d := range dispatched {
		sites[k] = d.goPos
	}
	stored := e.storedListeners(sites)
	fields := make([]string, 0, len(stored))
	for f := range stored {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		e.pairListeners(f, dispatched[f], stored[f])
	}
}

// A dispatch is the go statement that starts the functions of a
// container field, and the arguments it passes that are the object
// holding the container (go h(b, msg), with b the dispatching method's
// receiver): a listener that gets its holder as an argument instead of
// capturing it.
type dispatch struct {
	goPos      token.Pos
	holderArgs []int
}

// dispatchSites returns, by container field, the go statements that
// start a function value taken from an element of the field.
func (e *pairer) dispatchSites() map[string]dispatch {
	out := make(map[string]dispatch)
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				g, ok := instr.(*ssa.Go)
				if !ok || g.Call.IsInvoke() {
					continue
				}
				if f, _ := ssaview.FuncValue(g.Call.Value); f != nil {
					continue
				}
				if k, ok := containerField(ssaview.Unconverted(g.Call.Value, true)); ok {
					if _, seen := out[k]; !seen {
						d := dispatch{goPos: g.Pos()}
						for i, a := range g.Call.Args {
							if fn.Signature.Recv() != nil && len(fn.Params) > 0 && a == fn.Params[0] {
								d.holderArgs = append(d.holderArgs, i)
							}
						}
						out[k] = d
					}
				}
			}
		}
	}
	return out
}

// containerField names the field (Type.field) whose container v is an
// element of: the value of a range over it, a lookup, or an index.
func containerField(v ssa.Value) (string, bool) {
	var x ssa.Value
	switch v := v.(type) {
	case *ssa.Extract:
		switch t := v.Tuple.(type) {
		case *ssa.Next:
			if r, ok := t.Iter.(*ssa.Range); ok && v.Index == 2 {
				x = r.X
			}
		case *ssa.Lookup:
			if v.Index == 0 {
				x = t.X
			}
		}
	case *ssa.Lookup:
		x = v.X
	case *ssa.UnOp:
		if ia, ok := v.X.(*ssa.IndexAddr); ok && v.Op == token.MUL {
			x = ia.X
		}
	}
	return loadedField(x)
}

// loadedField names the field x is loaded from.
func loadedField(x ssa.Value) (string, bool) {
	load, ok := x.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return "", false
	}
	return storedField(load.X)
}

// storedField names the field addr is the address of.
func storedField(addr ssa.Value) (string, bool) {
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return "", false
	}
	return paths.FieldKey(fa), true
}

// appended returns the values v, a call of append, adds to its slice.
func appended(v ssa.Value) []ssa.Value {
	call, ok := v.(*ssa.Call)
	if !ok || len(call.Call.Args) != 2 {
		return nil
	}
	if b, ok := call.Call.Value.(*ssa.Builtin); !ok || b.Name() != "append" {
		return nil
	}
	sl, ok := call.Call.Args[1].(*ssa.Slice)
	if !ok {
		return nil
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok || arr.Referrers() == nil {
		return nil
	}
	var out []ssa.Value
	for _, r := range *arr.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok || ia.Referrers() == nil {
			continue
		}
		for _, w := range *ia.Referrers() {
			if st, ok := w.(*ssa.Store); ok && st.Addr == ia {
				out = append(out, st.Val)
			}
		}
	}
	return out
}

// storedListeners returns, by container field among fields, the
// closures the package stores in its elements: directly, or through a
// parameter of the function that stores it, at that function's calls.
func (e *pairer) storedListeners(fields map[string]token.Pos) map[string][]listener {
	out := make(map[string][]listener)
	var add func(k string, v ssa.Value, at token.Pos, in *ssa.Function, depth int)
	add = func(k string, v ssa.Value, at token.Pos, in *ssa.Function, depth int) {
		switch v := ssaview.Unconverted(v, true).(type) {
		case *ssa.MakeClosure:
			fn, _ := ssaview.FuncValue(v)
			out[k] = append(out[k], listener{fn: fn, bindings: v.Bindings, maker: v.Parent(), stored: at})
		case *ssa.Function:
			// A function literal that captures nothing (it gets its
			// holder as an argument), or a declared function.
			out[k] = append(out[k], listener{fn: v, maker: in, stored: at})
		case *ssa.Parameter:
			fn := v.Parent()
			i := slices.Index(fn.Params, v)
			if i < 0 || depth > 2 {
				return
			}
			for _, c := range e.CallSites()[fn] {
				if args := c.Common().Args; i < len(args) {
					add(k, args[i], c.Pos(), c.Parent(), depth+1)
				}
			}
		}
	}
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.MapUpdate:
					if k, ok := loadedField(instr.Map); ok && fields[k].IsValid() {
						add(k, instr.Value, instr.Pos(), fn, 0)
					}
				case *ssa.Store:
					if ia, ok := instr.Addr.(*ssa.IndexAddr); ok {
						if k, ok := loadedField(ia.X); ok && fields[k].IsValid() {
							add(k, instr.Val, instr.Pos(), fn, 0)
						}
					}
					// p.handlers = append(p.handlers, h)
					if k, ok := storedField(instr.Addr); ok && fields[k].IsValid() {
						for _, v := range appended(instr.Val) {
							add(k, v, instr.Pos(), fn, 0)
						}
					}
				}
			}
		}
	}
	return out
}

// rerootLocks gives b the locks of a listener's access, in the
// open-world frame through the maker's terms; false when one of them
// can't be named there.
func (e *pairer) rerootLocks(b *effect.Access, locks lockset.Set, fn *ssa.Function, d dispatch, l listener, res *paths.Resolver, sm *effect.Summary) bool {
	for _, lk := range locks {
		qs := e.listenerPaths(lk.Path, fn, d, l, res, sm)
		if len(qs) != 1 {
			return false
		}
		b.Locks = b.Locks.Add(lockset.Lock{Path: qs[0], Excl: lk.Excl})
	}
	return true
}

// listenerPaths names p, a path of the listener fn, in the open-world
// frame: through the closure's bindings in its maker's terms, or, for a
// parameter the dispatch passes the holding object for, as that object.
func (e *pairer) listenerPaths(p paths.Path, fn *ssa.Function, d dispatch, l listener, res *paths.Resolver, sm *effect.Summary) []paths.Path {
	if p.Root.Kind == paths.RootParam && slices.Contains(d.holderArgs, p.Root.Index) && p.Root.Index < len(fn.Params) {
		if q, ok := e.objectPath(fn.Params[p.Root.Index].Type(), p); ok {
			return []paths.Path{q}
		}
		return nil
	}
	var out []paths.Path
	for _, q := range paths.Subst(p, res, nil, l.bindings) {
		if r, ok := e.rerootPath(l.maker, sm, q, false); ok {
			out = append(out, r)
		}
	}
	return out
}

// pairListeners pairs the accesses of the listeners stored in field,
// dispatched by d, with each other and with the entry points'.
func (e *pairer) pairListeners(field string, d dispatch, ls []listener) {
	goPos := d.goPos
	type ref struct {
		a  effect.Access
		fn *ssa.Function // the entry point, or nil for a listener
	}
	var refs []ref
	for _, l := range ls {
		fn := l.fn
		if fn == nil {
			continue
		}
		s := e.Summarize(fn)
		sm := e.Summaries[l.maker]
		if s == nil || sm == nil {
			continue
		}
		res := e.NewResolver(l.maker)
		for _, a := range s.Accesses {
			if len(a.Conds) > 0 || !a.Site.IsValid() {
				continue
			}
			for _, conn := range e.listenerPaths(a.Conn, fn, d, l, res, sm) {
				if conn.Root.Kind != paths.RootObject {
					continue
				}
				b := a
				b.Conn, b.Locks, b.Async, b.GoPos = conn, nil, true, goPos
				b.Done, b.Waits = nil, nil
				if !e.rerootLocks(&b, a.Locks, fn, d, l, res, sm) {
					continue // a lock that can't be compared
				}
				if b.Via == token.NoPos {
					b.Via = l.stored
				}
				refs = append(refs, ref{a: b})
			}
		}
	}
	if len(refs) == 0 {
		return
	}
	for _, fn := range e.Funcs {
		if !isEntry(fn) || e.Summaries[fn] == nil {
			continue
		}
		s := e.Summaries[fn]
		for _, a := range s.Accesses {
			if a.Async {
				continue
			}
			if b, ok := e.reroot(fn, s, a); ok && b.Conn.Root.Kind == paths.RootObject {
				refs = append(refs, ref{a: b, fn: fn})
			}
		}
	}
	for i, x := range refs {
		if x.fn != nil {
			continue
		}
		for _, y := range refs[i:] {
			if x.a.Side != y.a.Side || !paths.Match(x.a.Conn, y.a.Conn) || x.a.Locks.Excludes(y.a.Locks) {
				continue
			}
			if debuglog.Debugging {
				debuglog.Debugf("listeners: %s: %v with %v", field, e.Pass.Fset.Position(x.a.Site), e.Pass.Fset.Position(y.a.Site))
			}
			e.Report.DispatchRace(x.a, y.a, goPos, field)
		}
	}
}
