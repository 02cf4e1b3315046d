package analyzer

import (
	"fmt"
	"go/token"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
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

// A callback is a call of one of the function's parameters or free
// variables, or of a function stored in a field (c.onMessage(msg)).
type callback struct {
	freeVar bool // index is a free variable's, not a parameter's
	index   int
	field   *paths.Path // the field holding the function, when not a parameter
	locks   lockset.Set // held at the call, in the function's terms
	async   bool
	goPos   token.Pos
	// repeats: the function calls it in a loop (an iterator's yield).
	repeats bool
	// site is the call of the function value: where an operation the
	// value performs with no site of its own (a method value such as
	// conn.ReadJSON) is reported.
	site token.Pos
	// method, when set, says the callback is a call of that method on
	// the value (an interface the function was given: r.Reply(v)),
	// not a call of the value itself.
	method string
	// concurrent: the function calls it on goroutines that can overlap
	// each other (two goroutines it starts, or one beside its own
	// call), in its own terms: what the callback does overlaps itself.
	concurrent bool
	// done are the signals the goroutine of an async call sends when it
	// exits (as access.done).
	done []signal
}

// callbackOf returns the callback a call of function value v is, when v
// is a parameter or free variable of fn, or a field of one.
func callbackOf(res *paths.Resolver, v ssa.Value) (callback, bool) {
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
			return callback{field: &ps[0]}, true
		}
		return callback{}, false
	}
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		if _, isField := load.X.(*ssa.FieldAddr); isField {
			if ps := res.Resolve(load.X); len(ps) == 1 && ps[0].Root.Kind != paths.RootLocal {
				return callback{field: &ps[0]}, true
			}
			return callback{}, false
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
				return callback{index: i}, true
			}
		}
	case *ssa.FreeVar:
		for i, fv := range fn.FreeVars {
			if fv == v {
				return callback{freeVar: true, index: i}, true
			}
		}
	}
	return callback{}, false
}

// liftCallbacks runs, at a call of callee, the function values the call
// passes for callee's callbacks, and re-exports the callbacks the caller
// only passes through (its own parameters).
//
// repeats reports whether a callback that starts goroutines is called in
// a loop: its goroutines then overlap each other.
func (e *engine) liftCallbacks(st *funcState, pos token.Pos, sum *summary, args, bindings []ssa.Value, held lockset.Set, goPos token.Pos) (out []access, repeats bool) {
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
				out[j].concurrent = true
			}
		}
	}()
	for _, cb := range sum.callbacks {
		var v ssa.Value
		var fields []paths.Path
		switch {
		case cb.field != nil:
			// The function stored in the field, when the caller
			// filled the struct in; otherwise the field in the
			// caller's terms.
			for _, q := range paths.Subst(*cb.field, st.res, args, bindings) {
				if f, _ := ssaview.FuncValue(q.Root.Local); q.Root.Kind == paths.RootLocal && len(q.Elems) == 0 && f != nil {
					v = q.Root.Local // resolved through the store already
				} else if f := storedFunc(q); f != nil {
					v = f
				} else if q.Root.Kind != paths.RootLocal {
					fields = append(fields, q)
				}
			}
		case cb.freeVar && cb.index < len(bindings):
			v = bindings[cb.index]
			if a, ok := v.(*ssa.Alloc); ok {
				// A function variable the closure captured (decode
				// := conn.ReadJSON; go func() { decode(&v) }()):
				// the function assigned to it once.
				if st := ssaview.StoredOnce(a); st != nil {
					v = st
				}
			}
		case !cb.freeVar && cb.index < len(args):
			v = args[cb.index]
		}
		var locks lockset.Set
		for _, l := range cb.locks {
			for _, q := range paths.Subst(l.Path, st.res, args, bindings) {
				locks = locks.Add(lockset.Lock{Path: q, Excl: l.Excl})
			}
		}
		async, gp := cb.async, cb.goPos
		var done []signal
		if async {
			done = substSignals(cb.done, st.res, args, bindings)
		}
		if async && !gp.IsValid() {
			gp = pos
		}
		if !async && goPos.IsValid() {
			// The callee is the body of a goroutine: it is over
			// once it sends its last signal.
			done = substSignals(sum.signals, st.res, args, bindings)
			async, gp = true, goPos
		}
		if !async {
			locks = locks.Union(held)
		}
		for _, q := range fields {
			own := callback{field: &q, async: async, goPos: gp, locks: exported(locks), repeats: cb.repeats, concurrent: cb.concurrent, done: done}
			st.callbacks = append(st.callbacks, own)
		}
		if v == nil {
			continue
		}
		spans = append(spans, span{len(out), cb.concurrent})
		if cb.method != "" {
			// A method called on the value: the implementations
			// of the types the caller can see it made.
			ts := concreteTypes(st.fn, v, 0)
			if ts == nil {
				// A constructor's result: its summary says what.
				ts = e.returnedTypes(v, 0)
			}
			if ts != nil {
				for _, t := range ts {
					m := e.lookupMethod(t, cb.method)
					if m == nil || m.Blocks == nil && m.Object() == nil {
						continue
					}
					recv := []ssa.Value{v}
					var accs []access
					if async {
						accs = e.lift(st, pos, m, recv, nil, nil, gp)
					} else {
						accs = e.lift(st, pos, m, recv, nil, locks, token.NoPos)
					}
					mcbs, _ := e.liftCallbacks(st, pos, e.summarize(m), recv, nil, locks, gpIf(async, gp))
					out = append(append(out, accs...), mcbs...)
				}
				continue
			}
		}
		if cb.method == "" {
			// A function value a factory of the package returned
			// (go guard(name, pinger(conn))).
			var made []access
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
		if fn, fb := ssaview.FuncValue(v); fn != nil && cb.method == "" {
			var accs []access
			if async {
				accs = e.lift(st, pos, fn, nil, fb, nil, gp)
				// The goroutine holds the callback's locks around
				// its call of the function value (s.mu.Lock();
				// s.send(msg) on a ticker goroutine): they guard what
				// the function does on that goroutine, not what
				// goroutines it starts.
				for i := range accs {
					if accs[i].goPos == gp && accs[i].goDepth == 0 {
						accs[i].locks = accs[i].locks.Union(locks)
					}
				}
			} else {
				accs = e.lift(st, pos, fn, nil, fb, locks, token.NoPos)
			}
			for i, a := range accs {
				// Goroutines the callback starts (or, for an async
				// callback, the callback's own), called in a loop.
				// Not those of the goroutine the caller starts: they
				// are its own accesses, made one after the other.
				repeats = repeats || (cb.repeats && a.async && (cb.async || a.goDepth > 0))
				if a.site == pos && a.via == pos && cb.site.IsValid() && ssaview.IsWrapper(fn) {
					// A method value called as decode(&v): the call
					// is the site, and the conn is named by its path.
					accs[i].site, accs[i].connText = cb.site, ""
					if a.conn.Root.Kind != paths.RootLocal || a.conn.Root.Source {
						accs[i].connText = a.conn.String()
					}
				}
			}
			out = append(out, accs...)
			continue
		}
		if own, ok := callbackOf(st.res, v); ok {
			own.locks, own.async, own.goPos, own.repeats = locks, async, gp, cb.repeats
			own.site, own.method, own.concurrent, own.done = cb.site, cb.method, cb.concurrent, done
			if !async {
				// The caller's own callers add their locks.
				own.locks = exported(locks)
			}
			st.callbacks = append(st.callbacks, own)
		}
	}
	return out, repeats
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

// key identifies a callback up to the goroutine start it reports.
func (cb callback) key() string {
	field := ""
	if cb.field != nil {
		field = cb.field.Key
	}
	return fmt.Sprintf("%v|%d|%s|%s|%v|%v|%s", cb.freeVar, cb.index, field, cb.locks, cb.async, cb.repeats, cb.method)
}

// dedupCallbacks keeps one callback per key: a function that passes its
// callback down through many calls (or receives the same one back from
// many callees) runs it once per key, not once per path. Of the
// goroutine starts a key was reached through, the first in source order
// stands for them all.
func dedupCallbacks(fset *token.FileSet, cbs []callback) []callback {
	idx := make(map[string]int)
	var out []callback
	for _, cb := range cbs {
		k := cb.key()
		i, ok := idx[k]
		if !ok {
			idx[k] = len(out)
			out = append(out, cb)
			continue
		}
		if comparePosition(fset, cb.goPos, out[i].goPos) < 0 {
			out[i].goPos = cb.goPos
		}
		out[i].concurrent = out[i].concurrent || cb.concurrent
	}
	return out
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
func invokesOf(st *funcState, ev *event, n int) {
	for i := n; i < len(st.callbacks); i++ {
		cb := st.callbacks[i]
		var target paths.Path
		switch {
		case cb.field != nil:
			target = *cb.field
		case cb.freeVar:
			target = paths.NewPath(paths.Root{Kind: paths.RootFreeVar, Index: cb.index}, nil)
		default:
			target = paths.NewPath(paths.Root{Kind: paths.RootParam, Index: cb.index}, nil)
		}
		ev.invokes = append(ev.invokes, access{side: contract.Invoke, method: cb.method, conn: target, locks: cb.locks, site: cb.site, async: cb.async, goPos: cb.goPos, done: cb.done})
		ev.invokeOf = append(ev.invokeOf, i)
	}
}

// markConcurrent makes the callback whose call is a (an invoke access
// of ev) concurrent: the call overlaps another.
func markConcurrent(st *funcState, ev *event, a *access) {
	for i := range ev.invokes {
		if &ev.invokes[i] == a {
			st.callbacks[ev.invokeOf[i]].concurrent = true
		}
	}
}
