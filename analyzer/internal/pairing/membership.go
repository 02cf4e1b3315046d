package pairing

import (
	"go/token"
	"go/types"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/summarize"
	"golang.org/x/tools/go/ssa"
)

// Membership: one value in several containers. A path names a registry's
// element by the container that holds it (t.subs[*].conn), so two
// containers (two topics, each its own goroutine's) hold two different
// elements, and elements of two topics filed by two activations are
// different values (ownElem). That is right for a client that joins one
// room, and wrong for a subscriber that joins every topic it names: the
// same conn is then an element of each topic, written by each topic's
// goroutine under each topic's own mutex.
//
// sharedContainers finds the container fields whose elements the package
// files in several containers: the same value filed, in one function, in
// the field of a container that changes between two iterations of a
// loop (for each name, b.topic(name).join(s)) or in two different
// containers, one after the other (t1.join(s); t2.join(s)). Filing is a
// map update, an append or an element store on the field, directly or
// through a helper that files its parameter in its receiver's field.
// For those fields alone, an element's identity is its own: pairing
// compares paths from the element on (memberView), so the container
// before it no longer tells two elements apart. Each container's own
// mutex (t.mu) is still its own: two activations' own containers hold
// two mutexes (sameMutex), and so do two iterations' (excludedBy). In the
// open world, the goroutines two calls of one entry point leave running
// (two topics' publishers) are paired through such a container only
// (acrossObjects).

// maxComparedContainers bounds the containers of one field a value's
// later filings are compared with (each on a branch of its own, a
// switch filing one conn in thousands of registries would otherwise be
// quadratic). Past it, a filing is still compared with the first ones.
const maxComparedContainers = 32

// A filing is a value filed as an element of the container field of a
// struct value.
type filing struct {
	field     string    // owner type and field name (memberKey)
	container ssa.Value // the struct (or pointer to it) holding the field
	value     ssa.Value
	at        ssa.Instruction
}

// memberKey names a container field: its owner type, then its name.
func memberKey(owner, field string) string { return owner + "." + field }

// sharedContainers returns the container fields whose elements funcs
// file in more than one container.
func (e *pairer) sharedContainers(funcs []*ssa.Function) map[string]bool {
	direct := make([][]filing, len(funcs))
	calls := make([][]ssa.CallInstruction, len(funcs))
	// helpers: a function's parameter filed in another parameter's
	// field (t.join(s) filing s in t.subs), by parameter index.
	type helper struct {
		container, value int
		field            string
	}
	helpers := make(map[*ssa.Function][]helper)
	for i, fn := range funcs {
		direct[i], calls[i] = e.directFilings(fn)
		for _, f := range direct[i] {
			c, cok := f.container.(*ssa.Parameter)
			v, vok := f.value.(*ssa.Parameter)
			if cok && vok {
				helpers[fn] = append(helpers[fn], helper{slices.Index(fn.Params, c), slices.Index(fn.Params, v), f.field})
			}
		}
	}
	shared := make(map[string]bool)
	for i, fn := range funcs {
		fs := direct[i]
		for _, call := range calls[i] {
			common := call.Common()
			callee := common.StaticCallee()
			if _, ok := helpers[callee]; !ok && callee.Blocks == nil {
				// A function of another package: what its fact says
				// it files (pubsub's t.Subscribe(s) filing s in t.subs).
				for _, pub := range e.ImportedSummary(callee).Publishes {
					q := pub.Path
					if pub.Result || q.Root.Kind != paths.RootParam || len(q.Elems) != 2 || q.Elems[0].Kind != paths.ElemField || q.Elems[1].Kind != paths.ElemIndex || q.Elems[1].Mode != paths.OwnElem {
						continue
					}
					helpers[callee] = append(helpers[callee], helper{q.Root.Index, pub.Param, memberKey(q.Elems[0].Owner, q.Elems[0].Name)})
				}
				if _, ok := helpers[callee]; !ok {
					helpers[callee] = nil
				}
			}
			for _, h := range helpers[callee] {
				if h.container < len(common.Args) && h.value < len(common.Args) {
					fs = append(fs, filing{field: h.field, container: common.Args[h.container], value: common.Args[h.value], at: call})
				}
			}
		}
		if len(fs) == 0 {
			continue
		}
		ord := cfg.NewOrder(fn)
		// The filings so far of each value in each field, one per
		// container: a generated table filing one value many times in
		// one container is compared once.
		type fieldValue struct {
			field string
			value ssa.Value
		}
		seen := make(map[fieldValue]map[ssa.Value]filing)
		for _, f := range fs {
			if shared[f.field] {
				continue
			}
			if refiled(ord, f.container, f.value, f.at) {
				debuglog.Debugf("%s: %s holds %s in several containers (filed in a loop at %v)", fn, f.field, f.value.Name(), fn.Prog.Fset.Position(f.at.Pos()))
				shared[f.field] = true
				continue
			}
			k, c := fieldValue{f.field, underlyingValue(f.value)}, underlyingValue(f.container)
			if seen[k] == nil {
				seen[k] = make(map[ssa.Value]filing)
			}
			if _, dup := seen[k][c]; dup {
				continue
			}
			for _, g := range seen[k] {
				if follows(ord, g.at, f.at) || follows(ord, f.at, g.at) {
					debuglog.Debugf("%s: %s holds %s in two containers", fn, f.field, f.value.Name())
					shared[f.field] = true
					break
				}
			}
			if len(seen[k]) < maxComparedContainers {
				seen[k][c] = f
			}
		}
	}
	return shared
}

// directFilings returns the values fn files in container fields itself
// (x.f[k] = v: k and v, the objects among them; x.f = append(x.f, v...);
// x.f[i] = v; x.register <- v, which files v in the container fields of
// x the package's receivers of x.register file what they get in, or,
// when there are none, in x.register itself), and its
// static calls of functions of its package or of
// other packages (whose facts say what they file), which may file their
// arguments.
func (e *pairer) directFilings(fn *ssa.Function) (out []filing, calls []ssa.CallInstruction) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.Send:
				// Sent to a hub goroutine that files what it receives
				// in a container of the same object (h.register <- c,
				// then h.clients[c] = true).
				fa, _ := summarize.LoadedField(in.Chan)
				if fa == nil || !isObject(in.X.Type()) {
					continue
				}
				ch := paths.FieldElem(fa.X.Type(), fa.Field, paths.ByKey)
				tos := e.ForwardedFields(ch)
				if len(tos) == 0 {
					// Kept by the receiver where no field names it (a
					// per-topic loop's local members), or handled in
					// place: the channel is the container.
					tos = []paths.Elem{ch}
				}
				for _, to := range tos {
					out = append(out, filing{memberKey(to.Owner, to.Name), fa.X, in.X, in})
				}
			case ssa.CallInstruction:
				if callee := in.Common().StaticCallee(); callee != nil && (callee.Pkg == fn.Pkg && fn.Pkg != nil || callee.Blocks == nil) {
					calls = append(calls, in)
				}
			case *ssa.MapUpdate:
				fa, _ := summarize.LoadedField(in.Map)
				if fa == nil {
					continue
				}
				for _, v := range []ssa.Value{in.Key, in.Value} {
					if isObject(v.Type()) {
						out = append(out, filing{fieldKey(fa), fa.X, v, in})
					}
				}
			case *ssa.Store:
				if ia, ok := in.Addr.(*ssa.IndexAddr); ok {
					if fa, _ := summarize.LoadedField(ia.X); fa != nil && isObject(in.Val.Type()) {
						out = append(out, filing{fieldKey(fa), fa.X, in.Val, in})
					}
					continue
				}
				fa, ok := in.Addr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				for _, v := range appendedValues(in.Val) {
					if isObject(v.Type()) {
						out = append(out, filing{fieldKey(fa), fa.X, v, in})
					}
				}
			}
		}
	}
	return out, calls
}

func fieldKey(fa *ssa.FieldAddr) string {
	e := paths.FieldElem(fa.X.Type(), fa.Field, paths.ByKey)
	return memberKey(e.Owner, e.Name)
}

// appendedValues returns the values v = append(s, x...) adds, when v is
// such an append with its arguments written out.
func appendedValues(v ssa.Value) []ssa.Value {
	call, ok := v.(*ssa.Call)
	if !ok {
		return nil
	}
	if b, ok := call.Call.Value.(*ssa.Builtin); !ok || b.Name() != "append" || len(call.Call.Args) != 2 {
		return nil
	}
	vs, _ := paths.Varargs(call.Call.Args[1])
	return vs
}

// isObject reports whether values of type t have an identity a
// container can share: pointers and interfaces, not keys or flags.
func isObject(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface:
		return true
	}
	return false
}

// underlyingValue is v through the conversions that keep it: to a named
// type, into an interface, between interfaces.
func underlyingValue(v ssa.Value) ssa.Value {
	for {
		v = ssaview.Unconverted(v, true)
		ci, ok := v.(*ssa.ChangeInterface)
		if !ok {
			return v
		}
		v = ci.X
	}
}

// refiled reports whether at can run again with value unchanged and
// container changed: some cycle through at's block passes the block
// that computes the container and avoids the one that computes the value
// (for each name, b.topic(name).join(s), s made before the loop; also
// an inner loop over topics inside a loop over requests).
func refiled(o *cfg.Order, container, value ssa.Value, at ssa.Instruction) bool {
	cb, vb, ab := defBlock(o, container), defBlock(o, value), at.Block()
	if cb < 0 || ab == nil || ab.Parent() != o.Fn || cb == vb {
		return false
	}
	from := o.Reachable(ab.Index, vb)
	return from[cb] && o.Reachable(cb, vb)[ab.Index]
}

// defBlock returns the block whose run computes v, or -1 for a value
// that is one value throughout the function: parameters, free variables,
// globals, constants, and loads and fields of those (a field may be
// reassigned, but a registry's containers are not renamed that way).
func defBlock(o *cfg.Order, v ssa.Value) int {
	for {
		switch x := underlyingValue(v).(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return blockOf(o, x)
			}
			v = x.X
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.Field:
			v = x.X
		case ssa.Instruction:
			return blockOf(o, x)
		default:
			return -1
		}
	}
}

func blockOf(o *cfg.Order, instr ssa.Instruction) int {
	if b := instr.Block(); b != nil && b.Parent() == o.Fn {
		return b.Index
	}
	return -1
}

// follows reports whether y can run after x (on exclusive branches,
// neither can).
func follows(o *cfg.Order, x, y ssa.Instruction) bool {
	xb, yb := x.Block(), y.Block()
	if xb == nil || yb == nil || xb.Parent() != o.Fn || yb.Parent() != o.Fn {
		return false
	}
	return o.After(summarize.PointOf(x), summarize.PointOf(y))
}

// memberView returns p as pairing compares it: from the last element of
// a shared container on (rooted at the container field, rootMember), or
// p itself.
func (e *pairer) memberView(p paths.Path) paths.Path {
	if len(e.sharedFields) == 0 {
		return p
	}
	cut, field := -1, ""
	if len(p.Elems) > 0 && p.Elems[0].Kind == paths.ElemIndex && p.Root.Kind == paths.RootLocal {
		// A container the function made and put in the field
		// (&channel{members: make(map...)}): paths through the
		// field resolve to it.
		if k := e.sharedFieldOf(p.Root.Local); k != "" {
			cut, field = 0, k
		}
	}
	for i := 1; i < len(p.Elems); i++ {
		f, x := p.Elems[i-1], p.Elems[i]
		if k := memberKey(f.Owner, f.Name); f.Kind == paths.ElemField && x.Kind == paths.ElemIndex && e.sharedFields[k] {
			cut, field = i, k
		}
	}
	if cut < 0 {
		return p
	}
	return paths.NewPath(paths.Root{Kind: paths.RootMember, Global: field, Name: p.Root.Name, Source: p.Root.Source}, p.Elems[cut:])
}

// sharedFieldOf returns the shared container field v is stored in, or "".
func (e *pairer) sharedFieldOf(v ssa.Value) string {
	if v.Referrers() == nil {
		return ""
	}
	for _, ref := range *v.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Val == v {
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
				if k := fieldKey(fa); e.sharedFields[k] {
					return k
				}
			}
		}
	}
	return ""
}

// memberViews returns a's conn and locks as pairing compares them
// (memberView), in a copy when any of them changes.
func (e *pairer) memberViews(a *effect.Access) *effect.Access {
	if len(e.sharedFields) == 0 {
		return a
	}
	b, changed := e.memberAccess(*a)
	if !changed {
		return a
	}
	return &b
}

// memberAccess returns a with its conn and locks as pairing compares
// them, and whether any of them changed.
func (e *pairer) memberAccess(a effect.Access) (effect.Access, bool) {
	b := a
	b.Conn, b.Locks = e.memberView(a.Conn), nil
	changed := b.Conn.Key != a.Conn.Key
	for _, l := range a.Locks {
		m := e.memberView(l.Path)
		changed = changed || m.Key != l.Path.Key
		b.Locks = b.Locks.Add(lockset.Lock{Path: m, Excl: l.Excl})
	}
	return b, changed
}

// acrossObjects returns x and y, two accesses of goroutines one entry
// point leaves running, as made on two objects of the same type (two
// topics, each with its publisher): compared from the element of a
// shared container on, and holding only the locks that are the
// element's or global (each object's own mutex is another mutex). ok is
// false when x or y does not reach its conn through a shared container.
func (e *pairer) acrossObjects(x, y effect.Access) (effect.Access, effect.Access, bool) {
	if !x.Async || !y.Async {
		return x, y, false
	}
	view := func(a effect.Access) (effect.Access, bool) {
		b, _ := e.memberAccess(a)
		if b.Conn.Root.Kind != paths.RootMember {
			return a, false
		}
		b.Locks = slices.DeleteFunc(b.Locks, func(l lockset.Lock) bool {
			return l.Path.Root.Kind != paths.RootMember && l.Path.Root.Kind != paths.RootGlobal
		})
		return b, true
	}
	xv, ok := view(x)
	if !ok {
		return x, y, false
	}
	yv, ok := view(y)
	return xv, yv, ok
}
