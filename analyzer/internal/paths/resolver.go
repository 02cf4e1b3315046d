package paths

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Resolver resolves SSA values of one function to paths.
type Resolver struct {
	Fn    *ssa.Function
	memo  map[ssa.Value][]Path
	stack map[ssa.Value]bool
	// through are the (call, selection) pairs extend is looking
	// through a callee's summary for: a value that flows back into
	// its own call (s = step(s), step returning &state{conn: s.conn})
	// would otherwise look through the same call forever.
	through map[throughKey]bool
	// returns gives the paths result i of a call returns, in the
	// caller's terms (a getter returning s.conn), or nil.
	Returns func(r *Resolver, call *ssa.Call, i int) []Path
	// returnedField gives the paths stored in field name of the
	// struct result i of a call returns (a constructor's
	// &Client{conn: conn}), in the caller's terms, or nil.
	ReturnedField func(r *Resolver, call *ssa.Call, i int, name string) []Path
	// assigned names a call's result by the variable the source
	// assigns it to (c := New()), or "".
	Assigned func(v ssa.Value) string
	// writer gives the writer paths of a NextWriter call's result
	// (writer.go), or nil.
	Writer func(r *Resolver, call *ssa.Call) []Path
	// returnedElems gives the container whose elements the map or
	// slice result i of a call copies (copies.go), or nil.
	ReturnedElems func(r *Resolver, call *ssa.Call, i int) []Path
	// bound gives the arguments of a call that its callee stores in
	// field name of argument i (p.attach(ws) doing p.ws = ws), or nil.
	Bound func(call ssa.CallInstruction, i int, name string) []ssa.Value
	// fresh reports whether result i of a call is an object the callee
	// made for it (a constructor's), or nil.
	Fresh func(call *ssa.Call, i int) bool
}

type throughKey struct {
	v    ssa.Value
	elem string
}

func NewResolver(fn *ssa.Function) *Resolver {
	return &Resolver{Fn: fn, memo: make(map[ssa.Value][]Path), stack: make(map[ssa.Value]bool), through: make(map[throughKey]bool)}
}

// Resolve returns the paths v may denote (at most maxPaths), or nil when
// v denotes nothing trackable (nil, a constant).
func (r *Resolver) Resolve(v ssa.Value) []Path {
	if ps, ok := r.memo[v]; ok {
		return ps
	}
	if r.stack[v] {
		return nil // a phi cycle; the other edges say what it is
	}
	r.stack[v] = true
	ps := r.compute(v)
	delete(r.stack, v)
	r.memo[v] = ps
	return ps
}

func (r *Resolver) compute(v ssa.Value) []Path {
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range r.Fn.Params {
			if p == v {
				return []Path{NewPath(Root{Kind: RootParam, Index: i, Name: v.Name()}, nil)}
			}
		}
	case *ssa.FreeVar:
		for i, fv := range r.Fn.FreeVars {
			if fv == v {
				return []Path{NewPath(Root{Kind: RootFreeVar, Index: i, Name: v.Name()}, nil)}
			}
		}
	case *ssa.Global:
		return []Path{NewPath(Root{Kind: RootGlobal, Global: v.RelString(nil), Name: v.Name()}, nil)}
	case *ssa.Const:
		return nil
	case *ssa.UnOp:
		if v.Op == token.MUL { // load: transparent
			if ps := r.forwarded(v); ps != nil {
				return ps
			}
			return r.Resolve(v.X)
		}
	case *ssa.Alloc:
		// A variable assigned once is its value: the closure that
		// captures conn and the code that loads it see one conn.
		if ps := r.StoredValue(v, ""); ps != nil {
			return ps
		}
	case *ssa.MakeInterface:
		return r.Resolve(v.X)
	case *ssa.ChangeType:
		return r.Resolve(v.X)
	case *ssa.ChangeInterface:
		return r.Resolve(v.X)
	case *ssa.TypeAssert:
		if !v.CommaOk {
			return r.Resolve(v.X)
		}
	case *ssa.Call:
		if r.Returns != nil {
			if ps := r.Returns(r, v, 0); len(ps) > 0 {
				return ps
			}
		}
		if ps := r.WrapsWriter(v); len(ps) > 0 {
			return ps
		}
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok && v.Index == 0 && r.Writer != nil {
			if ps := r.Writer(r, call); len(ps) > 0 {
				return ps
			}
		}
		if ta, ok := v.Tuple.(*ssa.TypeAssert); ok && v.Index == 0 {
			return r.Resolve(ta.X)
		}
		if lk, ok := v.Tuple.(*ssa.Lookup); ok && v.Index == 0 {
			// c, ok := conns[id]: the element, as without ok.
			return r.selectElem(lk.X, r.indexElem(lk.Index, lk))
		}
		if call, ok := v.Tuple.(*ssa.Call); ok && r.Returns != nil {
			if ps := r.Returns(r, call, v.Index); len(ps) > 0 {
				return ps
			}
		}
		if next, ok := v.Tuple.(*ssa.Next); ok && v.Index >= 1 && !next.IsString {
			// The key or value of a map range: the element this
			// iteration reaches. (A map keyed by conns or clients
			// holds them as keys: map[*Client]bool.)
			if rng, ok := next.Iter.(*ssa.Range); ok {
				key := NewPath(Root{Kind: RootLocal, Local: next, Name: "k"}, nil)
				return r.selectElem(rng.X, Elem{Kind: ElemIndex, Name: "k", Index: &key, def: next, ranged: true})
			}
		}
	case *ssa.FieldAddr:
		return r.selectElem(v.X, FieldElem(v.X.Type(), v.Field, ByKey))
	case *ssa.Field:
		return r.selectElem(v.X, FieldElem(v.X.Type(), v.Field, ByKey))
	case *ssa.IndexAddr:
		return r.selectElem(v.X, r.indexElem(v.Index, v))
	case *ssa.Index:
		return r.selectElem(v.X, r.indexElem(v.Index, v))
	case *ssa.Lookup:
		if !v.CommaOk {
			return r.selectElem(v.X, r.indexElem(v.Index, v))
		}
	case *ssa.Phi:
		var out []Path
		seen := make(map[string]bool)
		for _, e := range v.Edges {
			for _, p := range r.Resolve(e) {
				if !seen[p.Key] {
					seen[p.Key] = true
					out = append(out, p)
				}
			}
		}
		if len(out) > maxPaths {
			out = out[:maxPaths]
		}
		if len(out) > 0 {
			return out
		}
	}
	return []Path{r.Local(v)}
}

func (r *Resolver) Local(v ssa.Value) Path {
	name, src := v.Name(), false
	if instr, ok := v.(ssa.Instruction); ok {
		if s := sourceName(instr); s != "" {
			name, src = s, true
		}
	}
	if !src && r.Assigned != nil {
		if s := r.Assigned(v); s != "" {
			name, src = s, true
		}
	}
	return NewPath(Root{Kind: RootLocal, Local: v, Name: name, Source: src}, nil)
}

func (r *Resolver) selectElem(x ssa.Value, e Elem) []Path {
	var out []Path
	for _, p := range r.Resolve(x) {
		out = append(out, r.extend(p, e)...)
	}
	return out
}

// extend selects e from p. A field of a struct this function allocated
// and initialised exactly once resolves to the value stored there.
func (r *Resolver) extend(p Path, e Elem) []Path {
	if p.Root.Kind == RootLocal && len(p.Elems) == 0 && (e.Kind == ElemField || e.Kind == ElemIndex) {
		k := throughKey{p.Root.Local, e.Name}
		if e.Kind == ElemIndex {
			k.elem = "[]"
		}
		if r.through[k] {
			return []Path{p.With(e)} // already looking through it
		}
		r.through[k] = true
		defer delete(r.through, k)
	}
	if p.Root.Kind == RootLocal && len(p.Elems) > 0 && len(p.Elems) < 3 && e.Kind == ElemField && r.ReturnedField != nil {
		// A field of a struct held in a field of what a call returned
		// (s := newSession(conn); s.out.conn): the callee's summary may
		// name it ("out.conn").
		if call, i := CallResult(p.Root.Local); call != nil {
			name := ""
			for _, pe := range p.Elems {
				if pe.Kind != ElemField {
					name = ""
					break
				}
				name += pe.Name + "."
			}
			if name != "" {
				if ps := r.ReturnedField(r, call, i, name+e.Name); ps != nil {
					return ps
				}
			}
		}
	}
	if p.Root.Kind == RootLocal && len(p.Elems) == 0 && e.Kind == ElemField {
		if a, ok := p.Root.Local.(*ssa.Alloc); ok {
			if ps := r.StoredValue(a, e.Name); ps != nil {
				return ps
			}
		}
		if call, i := CallResult(p.Root.Local); call != nil && r.ReturnedField != nil {
			if ps := r.ReturnedField(r, call, i, e.Name); ps != nil {
				return ps
			}
			if r.Fresh != nil && r.Fresh(call, i) {
				// A new object the callee left that field of empty
				// (c := newClient(); c.conn = conn): the stores are
				// this function's, as for its own allocation.
				if ps := r.ownFieldValue(p.Root.Local, e.Name); ps != nil {
					return ps
				}
			}
		}
	}
	if p.Root.Kind == RootLocal && len(p.Elems) == 0 && e.Kind == ElemIndex {
		// An element of a copy is an element of what was copied.
		if ps := r.CopiedFrom(p.Root.Local); ps != nil {
			return ps
		}
		if call, i := CallResult(p.Root.Local); call != nil && r.ReturnedElems != nil {
			if ps := r.ReturnedElems(r, call, i); ps != nil {
				return ps
			}
		}
	}
	return []Path{p.With(e)}
}

// IndexElem builds the element selection for x[index] made at sel.
func (r *Resolver) IndexElem(index ssa.Value, sel ssa.Instruction) Elem {
	return r.indexElem(index, sel)
}

// indexElem builds the element selection for x[index].
func (r *Resolver) indexElem(index ssa.Value, sel ssa.Instruction) Elem {
	if c, ok := index.(*ssa.Const); ok {
		name := "?"
		if c.Value != nil {
			name = c.Value.ExactString()
			if c.Value.Kind() == constant.String {
				name = constant.StringVal(c.Value)
			}
		}
		return Elem{Kind: ElemIndex, Name: name}
	}
	ps := r.Resolve(index)
	if len(ps) != 1 {
		// Keys computed in this function are opaque: the element is
		// the one this evaluation selects.
		ip := r.Local(index)
		return Elem{Kind: ElemIndex, Name: ip.Root.Name, Index: &ip, def: sel}
	}
	ip := ps[0]
	// An index that is a loop counter (a phi in a loop header, or the
	// phi stepped by a constant, as a range over a slice compiles to)
	// walks the container like a range does.
	_, phi := index.(*ssa.Phi)
	if step, ok := index.(*ssa.BinOp); ok && step.Op == token.ADD {
		_, fromPhi := step.X.(*ssa.Phi)
		_, byConst := step.Y.(*ssa.Const)
		phi = fromPhi && byConst
	}
	return Elem{Kind: ElemIndex, Name: ip.String(), Index: &ip, ranged: phi}
}

// StoredValue resolves a load from a variable (field == "") or a field
// of a struct that this function allocated and stored to exactly once
// (c := &Client{conn: conn}; ... c.conn), so that the load and the value
// stored name the same connection.
func (r *Resolver) StoredValue(alloc *ssa.Alloc, field string) []Path {
	if alloc.Parent() != r.Fn {
		return nil
	}
	return r.ownFieldValue(alloc, field)
}

// ownFieldValue resolves a load from the variable obj (field == "") or
// a field of obj, an object this function made, when the function (or a
// callee it hands obj to) stores there exactly once.
func (r *Resolver) ownFieldValue(obj ssa.Value, field string) []Path {
	stored, n := fieldStores(obj, field)
	if field != "" && r.Bound != nil && n <= 1 {
		// A callee that stores its argument in the object's field
		// (p.attach(ws)) stores it here.
		for _, v := range r.boundTo(obj, field) {
			stored = v
			n++
		}
	}
	if n != 1 {
		return nil
	}
	if _, isConst := stored.(*ssa.Const); isConst {
		return nil
	}
	return r.Resolve(stored)
}

// boundTo returns the values that the callees of calls given obj store
// in its field (the back-reference p.attach(ws) leaves).
func (r *Resolver) boundTo(obj ssa.Value, field string) []ssa.Value {
	var out []ssa.Value
	for _, v := range sameObject(obj) {
		for _, ref := range *v.Referrers() {
			call, ok := ref.(ssa.CallInstruction)
			if !ok {
				continue
			}
			for i, arg := range call.Common().Args {
				if arg == v {
					out = append(out, r.Bound(call, i, field)...)
				}
			}
		}
	}
	return out
}

// UniqueStore returns the value stored to the variable alloc (field "")
// or to its field, when there is exactly one such store; else nil.
func UniqueStore(alloc *ssa.Alloc, field string) ssa.Value {
	if stored, n := fieldStores(alloc, field); n == 1 {
		return stored
	}
	return nil
}

// fieldStores returns how many stores the function of alloc (a variable,
// or an object it made) makes to the variable (field "") or to the
// object's field, and the value of the last.
func fieldStores(alloc ssa.Value, field string) (ssa.Value, int) {
	var stored ssa.Value
	stores := 0
	visit := func(at ssa.Value) {
		for _, ref := range *at.Referrers() {
			if st, ok := ref.(*ssa.Store); ok && st.Addr == at {
				stored = st.Val
				stores++
			}
		}
	}
	if field == "" {
		visit(alloc)
	} else {
		for _, v := range sameObject(alloc) {
			for _, ref := range *v.Referrers() {
				if fa, ok := ref.(*ssa.FieldAddr); ok && fa.X == v && FieldName(fa.X.Type(), fa.Field) == field {
					visit(fa)
				}
			}
		}
	}
	return stored, stores
}

// sameObject returns the values of alloc's function that denote the
// object alloc makes (an allocation, or a constructor's result): alloc
// itself, and the loads of a variable that holds it (s := &T{} captured by a closure is a variable; s.f = v
// stores through a load of it).
func sameObject(alloc ssa.Value) []ssa.Value {
	out := []ssa.Value{alloc}
	for _, ref := range *alloc.Referrers() {
		st, ok := ref.(*ssa.Store)
		if !ok || st.Val != alloc {
			continue
		}
		v, ok := st.Addr.(*ssa.Alloc)
		if !ok || ssaview.StoredOnce(v) != alloc {
			continue
		}
		for _, r2 := range *v.Referrers() {
			if load, ok := r2.(*ssa.UnOp); ok && load.Op == token.MUL && load.X == v {
				out = append(out, load)
			}
		}
	}
	return out
}

// Subst rewrites a callee's path into the caller's terms, given the
// caller's resolver and the call's arguments and closure bindings.
// Callee locals are not visible to the caller: subst returns nil.
func Subst(p Path, caller *Resolver, args, bindings []ssa.Value) []Path {
	var bases []Path
	switch p.Root.Kind {
	case RootParam:
		if p.Root.Index >= len(args) {
			return nil
		}
		bases = caller.Resolve(args[p.Root.Index])
	case RootFreeVar:
		if p.Root.Index >= len(bindings) {
			return nil
		}
		bases = caller.Resolve(bindings[p.Root.Index])
	case RootGlobal:
		bases = []Path{NewPath(p.Root, nil)}
	default:
		return nil
	}
	var out []Path
	for _, b := range bases {
		q := b
		ok := true
		for _, e := range p.Elems {
			if e.Index != nil {
				// The key is itself a path of the callee. A range key
				// the caller can't name selects some element; any other
				// key the caller can't name selects an element nobody
				// else can name either: drop the path.
				if ks := Subst(*e.Index, caller, args, bindings); len(ks) > 0 {
					k := ks[0]
					e = Elem{Kind: ElemIndex, Name: k.String(), Index: &k, ranged: e.ranged}
				} else if e.ranged {
					e = AnyElemSel
				} else {
					ok = false
					break
				}
			}
			qs := caller.extend(q, e)
			if len(qs) == 0 {
				ok = false
				break
			}
			q = qs[0]
		}
		if ok {
			out = append(out, q)
		}
	}
	return out
}

func FieldName(t types.Type, i int) string {
	t = t.Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	if s, ok := t.(*types.Struct); ok && i < s.NumFields() {
		return s.Field(i).Name()
	}
	return fmt.Sprintf("field%d", i)
}

// sourceName returns the variable name the source gives a value, if SSA
// kept it (allocs of named variables do).
func sourceName(instr ssa.Instruction) string {
	if a, ok := instr.(*ssa.Alloc); ok && token.IsIdentifier(a.Comment) {
		switch a.Comment {
		case "complit", "slicelit", "new", "varargs":
		default:
			return a.Comment
		}
	}
	return ""
}

// forwarded resolves a load of a field (s.conn) to the value this
// function stored there, when its only store to that field dominates the
// load: after s.conn = conn, s.conn is conn, and a conn the function
// dialed and stored is still its own (alias.go names it by the field
// too).
func (r *Resolver) forwarded(load *ssa.UnOp) []Path {
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok || load.Block() == nil {
		return nil
	}
	if _, local := fa.X.(*ssa.Alloc); local {
		return nil // storedValue handles structs the function made
	}
	base := r.Resolve(fa.X)
	if len(base) != 1 {
		return nil
	}
	var store *ssa.Store
	n := 0
	for _, b := range r.Fn.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			sa, ok := st.Addr.(*ssa.FieldAddr)
			if !ok || sa.Field != fa.Field {
				continue
			}
			if sa.X != fa.X {
				if sb := r.Resolve(sa.X); len(sb) != 1 || sb[0].Key != base[0].Key {
					continue
				}
			}
			if c, ok := st.Val.(*ssa.Const); ok && c.IsNil() {
				continue // s.conn = nil stores no other conn
			}
			store = st
			n++
		}
	}
	if n != 1 || !Dominates(store, load) {
		return nil
	}
	// The value stored, and the field itself marked as holding this
	// activation's own value: a goroutine that reads the field may get
	// it, another activation's own value is another conn.
	out := slices.Clone(r.Resolve(store.Val))
	return append(out, base[0].With(FieldElem(fa.X.Type(), fa.Field, OwnElem)))
}

// Dominates reports whether instruction a runs before b on every path.
func Dominates(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == nil || bb == nil {
		return false
	}
	if ab != bb {
		return ab.Dominates(bb)
	}
	for _, instr := range ab.Instrs {
		if instr == a {
			return true
		}
		if instr == b {
			return false
		}
	}
	return false
}

// CallResult returns the call whose result i v is, if it is one.
func CallResult(v ssa.Value) (*ssa.Call, int) {
	switch v := v.(type) {
	case *ssa.Call:
		return v, 0
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok {
			return c, v.Index
		}
	}
	return nil, 0
}
