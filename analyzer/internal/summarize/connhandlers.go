package summarize

import (
	"go/token"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Handlers belong to the conn. A handler installed where no read of the
// same conn follows in the installing function (handlers.go) still runs
// at every later read of that conn, wherever the read is:
//
//	func NewClient(conn *websocket.Conn) *Client {
//		c := &Client{conn: conn}
//		conn.SetPingHandler(c.onPing) // onPing writes c.conn
//		return c
//	}
//	func (c *Client) Start() { go c.read(); go c.write() }
//
// The conn has a home: the struct field it is kept in (Client.conn).
// A handler installed on a conn whose home the package can see (the
// install reads the conn from the field, stores it there, or returns it
// to callers that store it there) is kept per home, with its accesses
// named from the struct that holds the conn. Each read of a conn loaded
// from that field, in any function of the package, runs the handler:
// its accesses join the read's, on the reader's goroutine and under the
// reader's locks, on the reader's struct. What the handler does to
// values it cannot name from the struct (another object's conn, a
// local's mutex) is left out: the handler is not attached with half its
// locks.

// A homeHandler is a handler installed on the conn kept in a field:
// its accesses, with paths rooted at holderRoot, the struct holding the
// conn.
type homeHandler struct {
	install token.Pos
	accs    []effect.Access
}

// maxHomeHandlers bounds the handlers kept for one field: each read of
// the field runs them all. Past it, later installs are left out (and
// the budget says so).
const maxHomeHandlers = 16

// holderRoot stands for the struct holding a conn in a homeHandler's
// paths.
var holderRoot = paths.Root{Kind: paths.RootParam, Index: 0, Name: "holder"}

// A connHome is a field a conn is kept in, seen from the installing
// function: the field, and the holder's path there (nil when the
// holder is the installer's caller's).
type connHome struct {
	field  paths.Elem
	holder *paths.Path
}

// homeHandlers returns the handlers installed on conns kept in fields,
// by field (paths.Elem Owner.Name), computed once for the package.
func (e *Engine) homeHandlers() map[string][]homeHandler {
	if e.handlersByHome != nil {
		return e.handlersByHome
	}
	e.handlersByHome = make(map[string][]homeHandler)
	e.installs = make(map[*ssa.Function][]effect.Install)
	states := make(map[*ssa.Function]*FuncState)
	stateOf := func(fn *ssa.Function) *FuncState {
		st := states[fn]
		if st == nil {
			st = e.newFuncState(fn)
			states[fn] = st
		}
		return st
	}
	// place files what a handler does, renamed from the struct holding
	// the conn, under each home the conn has.
	place := func(in *ssa.Function, pos token.Pos, accs []effect.Access, installed []paths.Path, homes []connHome) {
		for _, h := range homes {
			if rel := relativeAccesses(accs, installed, h); len(rel) > 0 {
				k := h.field.Owner + "." + h.field.Name
				if len(e.handlersByHome[k]) >= maxHomeHandlers {
					e.Budget.Exceeded(in, "handlers of one field", len(e.handlersByHome[k])+1)
					continue
				}
				debuglog.Debugf("handler installed at %v runs at reads of %s: %d accesses", e.Pass.Fset.Position(pos), k, len(rel))
				e.handlersByHome[k] = append(e.handlersByHome[k], homeHandler{install: pos, accs: rel})
			}
		}
	}
	self := []paths.Path{paths.NewPath(holderRoot, nil)}
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				op, isOp := e.contract.Op(call.Common())
				if callee, _ := e.Callee(call.Common()); !isOp && callee != nil && callee.Blocks == nil {
					// A helper of another package that installs a
					// handler on the conn it is given or returns.
					for _, in := range e.ImportedSummary(callee).Installs {
						if v := installedValue(call, in); v != nil {
							st := stateOf(fn)
							place(fn, call.Pos(), in.Accs, self, e.connHomes(st, v, st.Res.Resolve(v)))
						}
					}
					continue
				}
				if !isOp || op.Handler == nil {
					continue
				}
				hfn, hb := ssaview.FuncValue(op.Handler)
				if hfn == nil {
					continue
				}
				st := stateOf(fn)
				installed := st.Res.Resolve(op.Conn)
				accs := e.lift(st, call.Common().Pos(), hfn, nil, hb, nil, token.NoPos)
				place(fn, call.Common().Pos(), accs, installed, e.connHomes(st, op.Conn, installed))
				// On a conn the caller gives or gets back: the
				// caller's homes, and the callers' of other
				// packages, hold it.
				selfAccs := relativeAccesses(accs, installed, connHome{})
				if len(selfAccs) == 0 {
					continue
				}
				for i := range fn.Params {
					if slices.ContainsFunc(installed, func(p paths.Path) bool {
						return len(p.Elems) == 0 && p.Root.Kind == paths.RootParam && p.Root.Index == i
					}) {
						e.installs[fn] = append(e.installs[fn], effect.Install{Param: i, Accs: selfAccs})
						for _, site := range e.CallSites()[fn] {
							if args := site.Common().Args; i < len(args) && site.Parent() != nil {
								cst := stateOf(site.Parent())
								place(fn, call.Common().Pos(), selfAccs, self, e.connHomes(cst, args[i], cst.Res.Resolve(args[i])))
							}
						}
					}
				}
				for _, i := range returnedAt(fn, sameValue(op.Conn)) {
					e.installs[fn] = append(e.installs[fn], effect.Install{Param: i, Result: true, Accs: selfAccs})
				}
			}
		}
	}
	return e.handlersByHome
}

// InstallsOf returns the handlers fn installs on a conn its callers
// give it or get back, for its fact.
func (e *Engine) InstallsOf(fn *ssa.Function) []effect.Install {
	e.homeHandlers()
	return e.installs[fn]
}

// installedValue returns the value at call that in installs on: the
// argument, or the result.
func installedValue(call ssa.CallInstruction, in effect.Install) ssa.Value {
	if in.Result {
		if r := resultValues(call); in.Param < len(r) {
			return r[in.Param]
		}
		return nil
	}
	if args := call.Common().Args; in.Param < len(args) {
		return args[in.Param]
	}
	return nil
}

// connHomes returns the fields the conn v, installed on by st.fn, is
// kept in: the field it was loaded from, the fields st.fn stores it in,
// and, when st.fn returns it, the fields its callers store the result
// in (a dial helper).
func (e *Engine) connHomes(st *FuncState, v ssa.Value, installed []paths.Path) []connHome {
	var out []connHome
	for _, p := range installed {
		if n := len(p.Elems); n > 0 && p.Elems[n-1].Kind == paths.ElemField {
			h := paths.NewPath(p.Root, p.Elems[:n-1])
			out = append(out, connHome{field: p.Elems[n-1], holder: &h})
		}
	}
	names := sameValue(v)
	for _, fa := range storedInFields(names) {
		var holder *paths.Path
		if hs := st.Res.Resolve(fa.X); len(hs) == 1 {
			holder = &hs[0]
		}
		out = append(out, connHome{field: paths.FieldElem(fa.X.Type(), fa.Field, paths.ByKey), holder: holder})
	}
	for _, i := range returnedAt(st.Fn, names) {
		for _, call := range e.CallSites()[st.Fn] {
			if r := resultValues(call); i < len(r) && r[i] != nil {
				for _, fa := range storedInFields(sameValue(r[i])) {
					out = append(out, connHome{field: paths.FieldElem(fa.X.Type(), fa.Field, paths.ByKey)})
				}
			}
		}
	}
	return out
}

// sameValue returns v with the other names its function gives the same
// value: a variable a closure captures (conn, _, err := dial(); ...
// conn.SetPongHandler(func(...) { conn... })) is a cell stored once,
// and each use loads it.
func sameValue(v ssa.Value) []ssa.Value {
	out := []ssa.Value{v}
	cell, ok := v.(*ssa.Alloc)
	if load, isLoad := v.(*ssa.UnOp); isLoad && load.Op == token.MUL {
		cell, ok = load.X.(*ssa.Alloc)
	}
	if !ok {
		for _, ref := range *v.Referrers() {
			// v stored once into a cell: the cell's loads.
			if s, isStore := ref.(*ssa.Store); isStore && s.Val == v {
				if a, isCell := s.Addr.(*ssa.Alloc); isCell && ssaview.StoredOnce(a) == v {
					cell = a
				}
			}
		}
		if cell == nil {
			return out
		}
	}
	if stored := ssaview.StoredOnce(cell); stored != nil {
		out = append(out, stored)
	} else {
		return out
	}
	for _, ref := range *cell.Referrers() {
		if load, isLoad := ref.(*ssa.UnOp); isLoad && load.Op == token.MUL && load != v {
			out = append(out, load)
		}
	}
	return out
}

// storedInFields returns the fields the values vs are stored in by
// their function.
func storedInFields(vs []ssa.Value) []*ssa.FieldAddr {
	var out []*ssa.FieldAddr
	for _, v := range vs {
		for _, ref := range *v.Referrers() {
			if s, ok := ref.(*ssa.Store); ok && s.Val == v {
				if fa, ok := s.Addr.(*ssa.FieldAddr); ok {
					out = append(out, fa)
				}
			}
		}
	}
	return out
}

// returnedAt returns the results fn returns one of vs as.
func returnedAt(fn *ssa.Function, vs []ssa.Value) []int {
	var out []int
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			for i, r := range ret.Results {
				if slices.Contains(vs, r) && !slices.Contains(out, i) {
					out = append(out, i)
				}
			}
		}
	}
	return out
}

// relativeAccesses renames accs, a handler's in its installer's terms,
// from the struct that holds the conn (home h): the conn itself
// (installed) is the holder's field, paths under the holder are under
// holderRoot, globals stay. An access with a conn or a lock it cannot
// rename is dropped.
func relativeAccesses(accs []effect.Access, installed []paths.Path, h connHome) []effect.Access {
	self := paths.NewPath(holderRoot, nil)
	if h.field.Name != "" {
		self = self.With(h.field)
	}
	rename := func(p paths.Path) (paths.Path, bool) {
		for _, q := range installed {
			if p.Key == q.Key {
				return self, true
			}
		}
		if h.holder != nil && p.Root == h.holder.Root && len(p.Elems) >= len(h.holder.Elems) && paths.NewPath(p.Root, p.Elems[:len(h.holder.Elems)]).Key == h.holder.Key {
			return rebase(p.Elems[len(h.holder.Elems):], paths.NewPath(holderRoot, nil)), true
		}
		return p, p.Root.Kind == paths.RootGlobal
	}
	var out []effect.Access
next:
	for _, a := range accs {
		c, ok := rename(a.Conn)
		if !ok {
			continue
		}
		var locks lockset.Set
		for _, l := range a.Locks {
			q, ok := rename(l.Path)
			if !ok {
				continue next
			}
			locks = locks.Add(lockset.Lock{Path: q, Excl: l.Excl})
		}
		a.Conn, a.Locks, a.ConnText = c, locks, ""
		out = append(out, a)
	}
	return out
}

// rebase returns base with elems selected after it.
func rebase(elems []paths.Elem, base paths.Path) paths.Path {
	for _, el := range elems {
		base = base.With(el)
	}
	return base
}

// attachHomeHandlers adds to each read st.fn makes itself, of a conn
// loaded from a field that has handlers, what those handlers do: on the
// reader's struct, goroutine and locks.
func (e *Engine) attachHomeHandlers(st *FuncState, events []*effect.Event) {
	for _, ev := range events {
		call, ok := ev.Instr.(ssa.CallInstruction)
		if !ok {
			continue
		}
		n := len(ev.Accesses)
		for i := 0; i < n; i++ {
			r := ev.Accesses[i]
			if r.Side != contract.Read || !runsHandlers[r.Method] || r.Site != call.Common().Pos() || r.GoDepth > 0 {
				continue
			}
			m := len(r.Conn.Elems)
			if m == 0 || r.Conn.Elems[m-1].Kind != paths.ElemField {
				continue
			}
			last := r.Conn.Elems[m-1]
			holder := paths.NewPath(r.Conn.Root, r.Conn.Elems[:m-1])
			for _, h := range e.homeHandlers()[last.Owner+"."+last.Name] {
				if st.full(len(ev.Accesses)) {
					return // analyze's budget: the handlers' accesses count
				}
				for _, a := range h.accs {
					a.Conn = onHolder(a.Conn, holder)
					var locks lockset.Set
					for _, l := range a.Locks {
						locks = locks.Add(lockset.Lock{Path: onHolder(l.Path, holder), Excl: l.Excl})
					}
					a.Locks = locks.Union(r.Locks)
					if !a.Site.IsValid() {
						// A handler another package installed: the
						// read that runs it stands for its accesses.
						a.Site, a.ConnText = r.Site, r.ConnText
					}
					a.Async, a.GoPos, a.Done, a.Waits, a.OnSuccess = r.Async, r.GoPos, r.Done, r.Waits, r.OnSuccess
					ev.Accesses = append(ev.Accesses, a)
				}
			}
		}
	}
}

// onHolder renames p, rooted at holderRoot, onto holder.
func onHolder(p, holder paths.Path) paths.Path {
	if p.Root != holderRoot {
		return p
	}
	return rebase(p.Elems, holder)
}
