package summarize

import (
	"cmp"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Callbacks. A function that calls a function value it was given runs
// whatever the caller passes: under its own lock (a Guarded[T].Do(f)
// that locks around f) or on a goroutine of its own (go cb(msg),
// errgroup's Go(cb)). Such a function's summary records the call as a
// callback on its parameter; the caller, which knows the function value,
// runs the value's summary there.

// callbackOf returns the callback a call of function value v is, when v
// is a parameter or free variable of fn, or a field of one.
func callbackOf(res *paths.Resolver, v ssa.Value) (effect.Callback, bool) {
	fn := res.Fn
	for {
		ct, ok := v.(*ssa.ChangeType)
		if !ok {
			break
		}
		v = ct.X
	}
	if f, ok := v.(*ssa.Field); ok {
		// A field of a struct passed by value (a value receiver's
		// s.fn).
		if ps := res.Resolve(f); len(ps) == 1 && ps[0].Root.Kind != paths.RootLocal {
			return effect.Callback{Field: &ps[0]}, true
		}
		return effect.Callback{}, false
	}
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		if _, isField := load.X.(*ssa.FieldAddr); isField {
			if ps := res.Resolve(load.X); len(ps) == 1 && ps[0].Root.Kind != paths.RootLocal {
				return effect.Callback{Field: &ps[0]}, true
			}
			return effect.Callback{}, false
		}
		v = load.X // a captured variable holding the function
		if a, ok := v.(*ssa.Alloc); ok {
			// A parameter a closure captures lives in a variable
			// (guard(f) whose deferred recover restarts go guard(f)):
			// the variable holds the parameter.
			if st := ssaview.StoredOnce(a); st != nil {
				v = st
			}
		}
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range fn.Params {
			if p == v {
				return effect.Callback{Index: i}, true
			}
		}
	case *ssa.FreeVar:
		for i, fv := range fn.FreeVars {
			if fv == v {
				return effect.Callback{FreeVar: true, Index: i}, true
			}
		}
	}
	return effect.Callback{}, false
}

// liftCallbacks runs, at a call of callee, the function values the call
// passes for callee's callbacks, and re-exports the callbacks the caller
// only passes through (its own parameters).
//
// repeats reports whether a callback that starts goroutines is called in
// a loop: its goroutines then overlap each other.
func (e *Engine) liftCallbacks(st *FuncState, pos token.Pos, sum *effect.Summary, args, bindings []ssa.Value, held lockset.Set, goPos token.Pos) (out []effect.Access, repeats bool) {
	// The accesses of a concurrent callback overlap each other: spans
	// says where each callback's accesses start in out.
	type span struct {
		start      int
		concurrent bool
	}
	var spans []span
	defer func() {
		for i, s := range spans {
			if !s.concurrent {
				continue
			}
			end := len(out)
			if i+1 < len(spans) {
				end = spans[i+1].start
			}
			for j := s.start; j < end; j++ {
				out[j].Concurrent = true
			}
		}
	}()
	for _, cb := range sum.Callbacks {
		if !cb.Site.IsValid() {
			// A callback of another package's function: positions
			// don't cross packages, so the call here that leads to
			// it is where it is called.
			cb.Site = pos
		}
		var v ssa.Value
		var fields []paths.Path
		switch {
		case cb.Field != nil:
			// The function stored in the field, when the caller
			// filled the struct in; otherwise the field in the
			// caller's terms.
			for _, q := range paths.Subst(*cb.Field, st.Res, args, bindings) {
				if q.Root.Kind == paths.RootLocal && len(q.Elems) == 0 && cb.Method != "" {
					v = q.Root.Local // the interface value the caller stored there
				} else if f, _ := ssaview.FuncValue(q.Root.Local); q.Root.Kind == paths.RootLocal && len(q.Elems) == 0 && f != nil {
					v = q.Root.Local // resolved through the store already
				} else if f := storedFunc(q); f != nil {
					v = f
				} else if accs, ok := e.factoryField(st, pos, q, cb, args, bindings, held, goPos); ok {
					out = append(out, accs...)
				} else if q.Root.Kind != paths.RootLocal {
					fields = append(fields, q)
				}
			}
		case cb.FreeVar && cb.Index < len(bindings):
			v = bindings[cb.Index]
			if a, ok := v.(*ssa.Alloc); ok {
				// A function variable the closure captured (decode
				// := conn.ReadJSON; go func() { decode(&v) }()):
				// the function assigned to it once.
				if st := ssaview.StoredOnce(a); st != nil {
					v = st
				}
			}
		case !cb.FreeVar && cb.Index < len(args):
			v = args[cb.Index]
		}
		locks := substLocks(cb.Locks, st, args, bindings)
		cbArgs, cbParams := callbackArgs(cb, st.Fn, args)
		async, gp := cb.Async, cb.GoPos
		var done []effect.Signal
		if async {
			done = effect.SubstSignals(cb.Done, st.Res, args, bindings)
		}
		if async && !gp.IsValid() {
			gp = pos
		}
		if !async && goPos.IsValid() {
			// The callee is the body of a goroutine: it is over
			// once it sends its last signal.
			done = effect.SubstSignals(sum.Signals, st.Res, args, bindings)
			async, gp = true, goPos
		}
		if !async {
			locks = locks.Union(held)
		}
		for _, q := range fields {
			own := effect.Callback{Field: &q, Method: cb.Method, Site: cb.Site, Async: async, GoPos: gp, Locks: effect.Exported(locks), Repeats: cb.Repeats, Concurrent: cb.Concurrent, Done: done, Args: cbParams}
			st.callbacks = append(st.callbacks, own)
		}
		if v == nil {
			continue
		}
		spans = append(spans, span{len(out), cb.Concurrent})
		if cb.Method != "" {
			// A method called on the value: the implementations
			// of the types the caller can see it made.
			ts := concreteTypes(st.Fn, v, 0)
			if ts == nil && !types.IsInterface(v.Type()) {
				// The value itself, resolved through the store of
				// the interface (&wsWrapper{conn} stored in a field).
				ts = []types.Type{v.Type()}
			}
			if ts == nil {
				// A constructor's result: its summary says what.
				ts = e.returnedTypes(v, 0)
			}
			if ts != nil {
				for _, t := range ts {
					m := e.lookupMethod(t, cb.Method)
					if m == nil || m.Blocks == nil && m.Object() == nil {
						continue
					}
					// A method whose callbacks lead back to the same
					// method on the same value (a node whose field
					// holds itself, a wrapper around its own kind)
					// is lifted once on the way.
					k := liftKey{m, v}
					if e.lifting[k] {
						continue
					}
					if e.lifting == nil {
						e.lifting = make(map[liftKey]bool)
					}
					e.lifting[k] = true
					recv := []ssa.Value{v}
					var accs []effect.Access
					if async {
						accs = goroutineDone(e.lift(st, pos, m, recv, nil, nil, gp), gp, done)
					} else {
						accs = e.lift(st, pos, m, recv, nil, locks, token.NoPos)
					}
					mcbs, _ := e.liftCallbacks(st, pos, e.Summarize(m), recv, nil, locks, gpIf(async, gp))
					delete(e.lifting, k)
					out = append(append(out, accs...), mcbs...)
				}
				continue
			}
			// A type export data does not carry (another package's
			// unexported adapter): the method's summary its
			// constructor's fact carries.
			if sums := e.foreignMethods(v, cb.Method); sums != nil {
				recv := []ssa.Value{v}
				for _, sum := range sums {
					if async {
						out = append(out, goroutineDone(e.liftSummary(st, pos, nil, sum, recv, nil, nil, gp), gp, done)...)
					} else {
						out = append(out, e.liftSummary(st, pos, nil, sum, recv, nil, locks, token.NoPos)...)
					}
				}
				continue
			}
		}
		if cb.Method == "" {
			// A function value a factory of the package returned
			// (go guard(name, pinger(conn))).
			var made []effect.Access
			var ok bool
			if async {
				made, ok = e.madeFuncEffect(st, v, pos, nil, gp)
			} else {
				made, ok = e.madeFuncEffect(st, v, pos, locks, token.NoPos)
			}
			if ok {
				out = append(out, made...)
				continue
			}
		}
		if fn, fb := ssaview.FuncValue(v); fn != nil && cb.Method == "" {
			var accs []effect.Access
			if async {
				accs = goroutineDone(e.lift(st, pos, fn, cbArgs, fb, nil, gp), gp, done)
				// The goroutine holds the callback's locks around
				// its call of the function value (s.mu.Lock();
				// s.send(msg) on a ticker goroutine): they guard what
				// the function does on that goroutine, not what
				// goroutines it starts.
				for i := range accs {
					if accs[i].GoPos == gp && accs[i].GoDepth == 0 {
						accs[i].Locks = accs[i].Locks.Union(locks)
					}
				}
			} else {
				accs = e.lift(st, pos, fn, cbArgs, fb, locks, token.NoPos)
			}
			for i, a := range accs {
				// Goroutines the callback starts (or, for an async
				// callback, the callback's own), called in a loop.
				// Not those of the goroutine the caller starts: they
				// are its own accesses, made one after the other.
				repeats = repeats || (cb.Repeats && a.Async && (cb.Async || a.GoDepth > 0))
				if a.Site == pos && a.Via == pos && cb.Site.IsValid() && ssaview.IsWrapper(fn) {
					// A method value called as decode(&v): the call
					// is the site, and the conn is named by its path.
					accs[i].Site, accs[i].ConnText = cb.Site, ""
					if a.Conn.Root.Kind != paths.RootLocal || a.Conn.Root.Source {
						accs[i].ConnText = a.Conn.String()
					}
				}
			}
			out = append(out, accs...)
			continue
		}
		if own, ok := callbackOf(st.Res, v); ok {
			own.Locks, own.Async, own.GoPos, own.Repeats, own.Args = locks, async, gp, cb.Repeats, cbParams
			own.Site, own.Method, own.Concurrent, own.Done = cb.Site, cb.Method, cb.Concurrent, done
			if !async {
				// The caller's own callers add their locks.
				own.Locks = effect.Exported(locks)
			}
			st.callbacks = append(st.callbacks, own)
		}
	}
	return out, repeats
}

// factoryField returns what calling the function value in field q does,
// when q is a field of the struct a call of the package's returned with
// the field filled in (c := newClient(ws), then c.setLevel(3) on a
// goroutine of c's): the factory's FuncFields, lifted with the call's
// arguments, on the callback's goroutine or under the locks held
// around it.
func (e *Engine) factoryField(st *FuncState, pos token.Pos, q paths.Path, cb effect.Callback, args, bindings []ssa.Value, held lockset.Set, goPos token.Pos) ([]effect.Access, bool) {
	if cb.Method != "" || q.Root.Kind != paths.RootLocal || len(q.Elems) == 0 || len(q.Elems) > 3 {
		return nil, false
	}
	var names []string
	for _, el := range q.Elems {
		if el.Kind != paths.ElemField {
			return nil, false
		}
		names = append(names, el.Name)
	}
	gp := goPos
	if cb.Async {
		gp = cmp.Or(cb.GoPos, pos)
	}
	locks := substLocks(cb.Locks, st, args, bindings)
	if !gp.IsValid() {
		return e.liftFactoryField(st, pos, q.Root.Local, strings.Join(names, "."), locks.Union(held), gp, cb.Site)
	}
	accs, ok := e.liftFactoryField(st, pos, q.Root.Local, strings.Join(names, "."), nil, gp, cb.Site)
	// The goroutine holds the callback's locks around its call of the
	// field: they guard what the function does on that goroutine.
	for i := range accs {
		if accs[i].GoPos == gp && accs[i].GoDepth == 0 {
			accs[i].Locks = accs[i].Locks.Union(locks)
		}
	}
	return accs, ok
}

// substLocks returns locks, a callee's, in the caller's terms.
func substLocks(locks lockset.Set, st *FuncState, args, bindings []ssa.Value) lockset.Set {
	var out lockset.Set
	for _, l := range locks {
		for _, q := range paths.Subst(l.Path, st.Res, args, bindings) {
			out = out.Add(lockset.Lock{Path: q, Excl: l.Excl})
		}
	}
	return out
}

// A liftKey is a method lifted as a callback on a value.
type liftKey struct {
	m *ssa.Function
	v ssa.Value
}

// goroutineDone adds to the accesses a callback makes on the goroutine
// at gp (not those of goroutines it starts) the signals that goroutine
// sends as its last act: the callback is called on it, and it is over
// once it sent them (done, the callback's).
func goroutineDone(accs []effect.Access, gp token.Pos, done []effect.Signal) []effect.Access {
	for i := range accs {
		if accs[i].GoPos == gp && accs[i].GoDepth == 0 {
			accs[i].Done = effect.AppendSignals(accs[i].Done, done)
		}
	}
	return accs
}

// paramArgs returns, for each of args (a call's in fn), the index of the
// parameter of fn it is, or -1; nil when none is one.
func paramArgs(fn *ssa.Function, args []ssa.Value) []int {
	var out []int
	any := false
	for _, a := range args {
		i := -1
		if p, ok := a.(*ssa.Parameter); ok {
			i = slices.Index(fn.Params, p)
		}
		any = any || i >= 0
		out = append(out, i)
	}
	if !any {
		return nil
	}
	return out
}

// callbackArgs maps a callback's Args (the callee's parameters) through
// the call that lifts it (args, the caller's values): the values it is
// run with, when every one is known, and the caller's parameters they
// are, for a callback the caller keeps.
func callbackArgs(cb effect.Callback, caller *ssa.Function, args []ssa.Value) (values []ssa.Value, params []int) {
	if len(cb.Args) == 0 {
		return nil, nil
	}
	values = make([]ssa.Value, len(cb.Args))
	params = make([]int, len(cb.Args))
	for i, j := range cb.Args {
		params[i] = -1
		if j < 0 || j >= len(args) {
			values = nil
			continue
		}
		if values != nil {
			values[i] = args[j]
		}
		if p, ok := args[j].(*ssa.Parameter); ok {
			params[i] = slices.Index(caller.Params, p)
		}
	}
	if !slices.ContainsFunc(params, func(i int) bool { return i >= 0 }) {
		params = nil
	}
	return values, params
}

// storedFunc returns the function value the caller stored in the field
// q of a struct it allocated (c := &Client{onMessage: f}).
func storedFunc(q paths.Path) ssa.Value {
	if q.Root.Kind != paths.RootLocal || len(q.Elems) != 1 || q.Elems[0].Kind != paths.ElemField {
		return nil
	}
	a, ok := q.Root.Local.(*ssa.Alloc)
	if !ok {
		return nil
	}
	return paths.UniqueStore(a, q.Elems[0].Name)
}

// gpIf returns gp when the call runs on a goroutine of its own.
func gpIf(async bool, gp token.Pos) token.Pos {
	if async {
		return gp
	}
	return token.NoPos
}

// invokesOf gives event ev, whose effect appended st.callbacks[n:], an
// invoke access for each of those calls of callbacks: the callback's
// target (parameter, free variable or field) as the conn, under the
// callback's locks, on its goroutine. pair compares them as accesses:
// two that overlap make their callbacks concurrent.
func invokesOf(st *FuncState, ev *effect.Event, n int) {
	for i := n; i < len(st.callbacks); i++ {
		cb := st.callbacks[i]
		var target paths.Path
		switch {
		case cb.Field != nil:
			target = *cb.Field
		case cb.FreeVar:
			target = paths.NewPath(paths.Root{Kind: paths.RootFreeVar, Index: cb.Index}, nil)
		default:
			target = paths.NewPath(paths.Root{Kind: paths.RootParam, Index: cb.Index}, nil)
		}
		ev.Invokes = append(ev.Invokes, effect.Access{Side: contract.Invoke, Method: cb.Method, Conn: target, Locks: cb.Locks, Site: cb.Site, Async: cb.Async, GoPos: cb.GoPos, Done: cb.Done})
		ev.InvokeOf = append(ev.InvokeOf, i)
	}
}

// MarkConcurrent makes the callback whose call is a (an invoke access
// of ev) concurrent: the call overlaps another.
func MarkConcurrent(st *FuncState, ev *effect.Event, a *effect.Access) {
	for i := range ev.Invokes {
		if &ev.Invokes[i] == a {
			st.callbacks[ev.InvokeOf[i]].Concurrent = true
		}
	}
}
