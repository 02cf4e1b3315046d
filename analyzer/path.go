package analyzer

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// A path names a storage location (a connection or a lock) in terms a
// function can share with its callers: the function's parameters, its
// closure's free variables, package-level variables, or values created in
// the function itself ("locals"), followed by field and element
// selections. Loads are transparent: a pointer and the variable holding it
// name the same connection, which is what "the same conn" means to gorilla.
//
// Two accesses touch the same connection when their paths are equal in
// the function that sees both. Paths rooted at a function's locals are
// dropped when a summary is lifted into a caller: each activation creates
// its own, so they can't be shared with anything the caller sees.
type path struct {
	root  root
	elems []elem
	key   string // canonical form, used for equality and maps
	// group is key with every element selection written "[]": paths
	// that may denote the same location share a group; match decides.
	group string
}

type rootKind uint8

const (
	rootParam rootKind = iota
	rootFreeVar
	rootGlobal
	rootLocal
	// rootObject (openworld.go): an object of the struct type named by
	// global, the one every entry point is called on.
	rootObject
	// rootResult (results.go): result index of the function, as the
	// object a goroutine it left running uses.
	rootResult
	// rootMember (membership.go): an element of a container field whose
	// elements may sit in several containers, named by global (owner
	// type and field); only pairing compares such paths.
	rootMember
)

type root struct {
	kind   rootKind
	index  int       // parameter, free variable or result index
	global string    // rootGlobal: package path and name
	local  ssa.Value // rootLocal: the value that creates the location
	name   string    // for messages
	// source: name is the variable the source gives the value (not
	// an SSA register's), so messages may use it.
	source bool
	// own (rootGlobal): the variable as holding this activation's own
	// value (live = c): like an own field (ownElem), another
	// activation's own value there is another object.
	own bool
}

type elemKind uint8

const (
	elemField elemKind = iota
	elemIndex
	// elemWidened stands for any further selections (mode widened).
	elemWidened
)

// An elem is one selection after the root: a struct field, or an element
// of a map, slice, array or channel. An element is identified by the path
// of its key or index (or a constant), so conns[i] and conns[j] are only
// the same connection when i and j are. Two other modes name elements
// without a key: see elemMode.
type elem struct {
	kind  elemKind
	mode  elemMode
	name  string // field name, or rendered index
	index *path  // elemIndex, byKey: the key's path, nil for a constant
	def   ssa.Instruction
	// owner is the struct type declaring a field (elemField): a path
	// that selects the same field of the same type twice runs through
	// a recursive data structure (n.next.next) and is widened.
	owner string
	// embedded: the field is an embedded one (elemField).
	embedded bool
	// link is the field's type when it is an interface (elemField):
	// a path that selects two fields of one interface type runs
	// through a chain of values that each wrap another (a net.Conn
	// over a net.Conn), and is widened.
	link string
	// ranged: the key comes from walking the container (a range
	// loop), so over the loop the selection reaches every element,
	// including those stored by others (ownElem).
	ranged bool
}

// elemMode says how an element selection names its element.
type elemMode uint8

const (
	// byKey: the element with this key (or constant index).
	byKey elemMode = iota
	// anyElem: some element, not nameable here: one a callee reached
	// by ranging over the container or by a key of its own. It may be
	// any element, so it may be the same as any other.
	anyElem
	// ownElem: the element this function's own value was stored as
	// (h.clients[conn] = true; conns = append(conns, conn)). Two such
	// elements are two different values, but a range over the
	// container reaches each of them.
	ownElem
	// recvElem: the element of a channel this function received. Two
	// receives get two values, so two such elements are different
	// values; but the value a sender put there (ownElem) may be the one
	// received, and so may any element.
	recvElem
	// widened: the selections from here on are not followed (k-limiting,
	// see with): the path names some location below its prefix. Two
	// widened paths may or may not be one location, so a widened conn
	// matches nothing (silence) and a widened mutex excludes only a
	// mutex named by the same widened path (silence again).
	widened
)

// maxPathLen bounds the selections of a path (its key's included); a
// path that would grow past it is widened.
const maxPathLen = 6

// maxPaths bounds how many paths one value may resolve to (through phis).
const maxPaths = 4

func newPath(r root, elems []elem) path {
	p := path{root: r, elems: elems}
	var b, g strings.Builder
	switch r.kind {
	case rootParam:
		fmt.Fprintf(&b, "p%d", r.index)
	case rootFreeVar:
		fmt.Fprintf(&b, "f%d", r.index)
	case rootGlobal:
		b.WriteString("g:")
		b.WriteString(r.global)
	case rootLocal:
		b.WriteString("l:")
		b.WriteString(r.local.Name())
	case rootObject:
		b.WriteString("o:")
		b.WriteString(r.global)
	case rootResult:
		fmt.Fprintf(&b, "r%d", r.index)
	case rootMember:
		b.WriteString("m:")
		b.WriteString(r.global)
	}
	g.WriteString(b.String())
	if r.own {
		b.WriteString("!own")
	}
	for _, e := range elems {
		switch e.kind {
		case elemField:
			b.WriteByte('.')
			b.WriteString(e.name)
			if e.mode == ownElem {
				b.WriteString("!own")
			}
			g.WriteByte('.')
			g.WriteString(e.name)
		case elemWidened:
			b.WriteString(".…")
			g.WriteString(".…")
		case elemIndex:
			b.WriteByte('[')
			switch {
			case e.mode == anyElem:
				b.WriteString("*")
			case e.mode == ownElem:
				b.WriteString("own")
			case e.mode == recvElem:
				b.WriteString("recv")
			case e.index != nil:
				b.WriteString(e.index.key)
			default:
				b.WriteString("=" + e.name)
			}
			b.WriteByte(']')
			g.WriteString("[]")
		}
	}
	p.key = b.String()
	p.group = g.String()
	return p
}

// match reports whether two paths of the same group may denote the same
// location. Elements by key match when their keys are equal; an element
// reached by walking the container (a range loop, or a callee's) matches
// any element; an element stored by one activation matches no other
// element it can't be compared with.
func match(a, b path) bool {
	if a.group != b.group || a.widened() || b.widened() {
		return false
	}
	if a.root.own && b.root.own && len(a.elems) == 0 {
		return false // two activations' own values
	}
	for i := range a.elems {
		if a.elems[i].mode == recvElem && b.elems[i].mode == recvElem {
			// Two receives: two values. The same activation's
			// accesses also carry the value's local path.
			return false
		}
		if a.elems[i].mode == ownElem && b.elems[i].mode == ownElem {
			// Each side stored its own value there (a reconnect
			// stores a new conn, each handler registers its own
			// client): two different values. The same activation's
			// accesses also carry the value's local path, which
			// matches.
			return false
		}
	}
	if a.key == b.key {
		return true
	}
	for i := range a.elems {
		x, y := a.elems[i], b.elems[i]
		if x.kind != elemIndex {
			continue
		}
		switch {
		case x.mode == anyElem || y.mode == anyElem || x.ranged || y.ranged:
			// Walking the container reaches every element.
		case x.mode == recvElem && y.mode == ownElem || x.mode == ownElem && y.mode == recvElem:
			// What a sender put in a channel is what a receiver
			// gets out of it.
		case x.mode == ownElem || y.mode == ownElem:
			return false
		case x.index != nil && y.index != nil:
			if x.index.key != y.index.key {
				return false
			}
		case x.index == nil && y.index == nil:
			if x.name != y.name {
				return false
			}
		default:
			return false
		}
	}
	return true
}

var (
	anyElemSel  = elem{kind: elemIndex, mode: anyElem, name: "*"}
	ownElemSel  = elem{kind: elemIndex, mode: ownElem, name: "own"}
	recvElemSel = elem{kind: elemIndex, mode: recvElem, name: "recv"}
	widenedSel  = elem{kind: elemWidened, mode: widened, name: "…"}
)

// fieldElem is the selection of field i of struct type t (or *t).
func fieldElem(t types.Type, i int, mode elemMode) elem {
	owner := t
	if p, ok := t.Underlying().(*types.Pointer); ok {
		owner = p.Elem()
	}
	e := elem{kind: elemField, mode: mode, name: fieldName(t, i), owner: types.TypeString(owner, nil)}
	if s, ok := owner.Underlying().(*types.Struct); ok && i < s.NumFields() {
		f := s.Field(i)
		e.embedded = f.Embedded()
		if types.IsInterface(f.Type()) {
			e.link = types.TypeString(f.Type(), nil)
		}
	}
	return e
}

// with returns p followed by the selection e. Paths are k-limited: a
// path that would grow past maxPathLen selections (its keys' counted),
// or select the same field of the same struct type a second time, or a
// second field of one interface type (a wrapper's inner net.Conn), is
// widened instead, and a widened path absorbs every further selection.
// The paths of one root are then finitely many, which is what bounds
// summaries, substitution and the fixed points over recursion.
func (p path) with(e elem) path {
	if p.widened() {
		return p
	}
	if p.size()+e.size() > maxPathLen || p.repeats(e) {
		e = widenedSel
	}
	elems := make([]elem, len(p.elems), len(p.elems)+1)
	copy(elems, p.elems)
	return newPath(p.root, append(elems, e))
}

// widened reports whether p ends in a widened selection.
func (p path) widened() bool {
	n := len(p.elems)
	return n > 0 && p.elems[n-1].kind == elemWidened
}

// size counts p's selections, and those of the keys they use.
func (p path) size() int {
	n := 0
	for _, e := range p.elems {
		n += e.size()
	}
	return n
}

func (e elem) size() int {
	if e.index != nil {
		return 1 + e.index.size()
	}
	return 1
}

// repeats reports whether p already selects field e of the same struct
// type, or a field of the same interface type as e.
func (p path) repeats(e elem) bool {
	if e.kind != elemField || e.owner == "" && e.link == "" {
		return false
	}
	for _, x := range p.elems {
		if x.kind != elemField {
			continue
		}
		if e.owner != "" && x.owner == e.owner && x.name == e.name || e.link != "" && x.link == e.link {
			return true
		}
	}
	return false
}

// String renders the path for a message, e.g. "c.conn" or "clients[id]".
func (p path) String() string {
	var b strings.Builder
	b.WriteString(p.root.name)
	for _, e := range p.elems {
		switch e.kind {
		case elemField:
			b.WriteByte('.')
			b.WriteString(e.name)
		case elemIndex:
			b.WriteString("[" + e.name + "]")
		case elemWidened:
			b.WriteString(".…")
		}
	}
	return b.String()
}

// instances returns the instructions of the current function that pick
// which instance of the location the path denotes: the creation of a
// local root and the index of each element selection. A path re-evaluated
// after one of them runs again (in a loop) may denote another location.
func (p path) instances(out []ssa.Instruction) []ssa.Instruction {
	if p.root.kind == rootLocal {
		if instr, ok := p.root.local.(ssa.Instruction); ok {
			out = append(out, instr)
		}
	}
	for _, e := range p.elems {
		if e.def != nil {
			out = append(out, e.def)
		}
		if e.index != nil {
			out = e.index.instances(out)
		}
	}
	return out
}

// resolver resolves SSA values of one function to paths.
type resolver struct {
	fn    *ssa.Function
	memo  map[ssa.Value][]path
	stack map[ssa.Value]bool
	// through are the (call, selection) pairs extend is looking
	// through a callee's summary for: a value that flows back into
	// its own call (s = step(s), step returning &state{conn: s.conn})
	// would otherwise look through the same call forever.
	through map[throughKey]bool
	// returns gives the paths result i of a call returns, in the
	// caller's terms (a getter returning s.conn), or nil.
	returns func(r *resolver, call *ssa.Call, i int) []path
	// returnedField gives the paths stored in field name of the
	// struct result i of a call returns (a constructor's
	// &Client{conn: conn}), in the caller's terms, or nil.
	returnedField func(r *resolver, call *ssa.Call, i int, name string) []path
	// assigned names a call's result by the variable the source
	// assigns it to (c := New()), or "".
	assigned func(v ssa.Value) string
	// writer gives the writer paths of a NextWriter call's result
	// (writer.go), or nil.
	writer func(r *resolver, call *ssa.Call) []path
	// returnedElems gives the container whose elements the map or
	// slice result i of a call copies (copies.go), or nil.
	returnedElems func(r *resolver, call *ssa.Call, i int) []path
	// bound gives the arguments of a call that its callee stores in
	// field name of argument i (p.attach(ws) doing p.ws = ws), or nil.
	bound func(call ssa.CallInstruction, i int, name string) []ssa.Value
	// fresh reports whether result i of a call is an object the callee
	// made for it (a constructor's), or nil.
	fresh func(call *ssa.Call, i int) bool
}

type throughKey struct {
	v    ssa.Value
	elem string
}

func newResolver(fn *ssa.Function) *resolver {
	return &resolver{fn: fn, memo: make(map[ssa.Value][]path), stack: make(map[ssa.Value]bool), through: make(map[throughKey]bool)}
}

// resolve returns the paths v may denote (at most maxPaths), or nil when
// v denotes nothing trackable (nil, a constant).
func (r *resolver) resolve(v ssa.Value) []path {
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

func (r *resolver) compute(v ssa.Value) []path {
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range r.fn.Params {
			if p == v {
				return []path{newPath(root{kind: rootParam, index: i, name: v.Name()}, nil)}
			}
		}
	case *ssa.FreeVar:
		for i, fv := range r.fn.FreeVars {
			if fv == v {
				return []path{newPath(root{kind: rootFreeVar, index: i, name: v.Name()}, nil)}
			}
		}
	case *ssa.Global:
		return []path{newPath(root{kind: rootGlobal, global: v.RelString(nil), name: v.Name()}, nil)}
	case *ssa.Const:
		return nil
	case *ssa.UnOp:
		if v.Op == token.MUL { // load: transparent
			if ps := r.forwarded(v); ps != nil {
				return ps
			}
			return r.resolve(v.X)
		}
	case *ssa.Alloc:
		// A variable assigned once is its value: the closure that
		// captures conn and the code that loads it see one conn.
		if ps := r.storedValue(v, ""); ps != nil {
			return ps
		}
	case *ssa.MakeInterface:
		return r.resolve(v.X)
	case *ssa.ChangeType:
		return r.resolve(v.X)
	case *ssa.ChangeInterface:
		return r.resolve(v.X)
	case *ssa.TypeAssert:
		if !v.CommaOk {
			return r.resolve(v.X)
		}
	case *ssa.Call:
		if r.returns != nil {
			if ps := r.returns(r, v, 0); len(ps) > 0 {
				return ps
			}
		}
		if ps := r.wrapsWriter(v); len(ps) > 0 {
			return ps
		}
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok && v.Index == 0 && r.writer != nil {
			if ps := r.writer(r, call); len(ps) > 0 {
				return ps
			}
		}
		if ta, ok := v.Tuple.(*ssa.TypeAssert); ok && v.Index == 0 {
			return r.resolve(ta.X)
		}
		if lk, ok := v.Tuple.(*ssa.Lookup); ok && v.Index == 0 {
			// c, ok := conns[id]: the element, as without ok.
			return r.selectElem(lk.X, r.indexElem(lk.Index, lk))
		}
		if call, ok := v.Tuple.(*ssa.Call); ok && r.returns != nil {
			if ps := r.returns(r, call, v.Index); len(ps) > 0 {
				return ps
			}
		}
		if next, ok := v.Tuple.(*ssa.Next); ok && v.Index >= 1 && !next.IsString {
			// The key or value of a map range: the element this
			// iteration reaches. (A map keyed by conns or clients
			// holds them as keys: map[*Client]bool.)
			if rng, ok := next.Iter.(*ssa.Range); ok {
				key := newPath(root{kind: rootLocal, local: next, name: "k"}, nil)
				return r.selectElem(rng.X, elem{kind: elemIndex, name: "k", index: &key, def: next, ranged: true})
			}
		}
	case *ssa.FieldAddr:
		return r.selectElem(v.X, fieldElem(v.X.Type(), v.Field, byKey))
	case *ssa.Field:
		return r.selectElem(v.X, fieldElem(v.X.Type(), v.Field, byKey))
	case *ssa.IndexAddr:
		return r.selectElem(v.X, r.indexElem(v.Index, v))
	case *ssa.Index:
		return r.selectElem(v.X, r.indexElem(v.Index, v))
	case *ssa.Lookup:
		if !v.CommaOk {
			return r.selectElem(v.X, r.indexElem(v.Index, v))
		}
	case *ssa.Phi:
		var out []path
		seen := make(map[string]bool)
		for _, e := range v.Edges {
			for _, p := range r.resolve(e) {
				if !seen[p.key] {
					seen[p.key] = true
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
	return []path{r.local(v)}
}

func (r *resolver) local(v ssa.Value) path {
	name, src := v.Name(), false
	if instr, ok := v.(ssa.Instruction); ok {
		if s := sourceName(instr); s != "" {
			name, src = s, true
		}
	}
	if !src && r.assigned != nil {
		if s := r.assigned(v); s != "" {
			name, src = s, true
		}
	}
	return newPath(root{kind: rootLocal, local: v, name: name, source: src}, nil)
}

func (r *resolver) selectElem(x ssa.Value, e elem) []path {
	var out []path
	for _, p := range r.resolve(x) {
		out = append(out, r.extend(p, e)...)
	}
	return out
}

// extend selects e from p. A field of a struct this function allocated
// and initialised exactly once resolves to the value stored there.
func (r *resolver) extend(p path, e elem) []path {
	if p.root.kind == rootLocal && len(p.elems) == 0 && (e.kind == elemField || e.kind == elemIndex) {
		k := throughKey{p.root.local, e.name}
		if e.kind == elemIndex {
			k.elem = "[]"
		}
		if r.through[k] {
			return []path{p.with(e)} // already looking through it
		}
		r.through[k] = true
		defer delete(r.through, k)
	}
	if p.root.kind == rootLocal && len(p.elems) == 0 && e.kind == elemField {
		if a, ok := p.root.local.(*ssa.Alloc); ok {
			if ps := r.storedValue(a, e.name); ps != nil {
				return ps
			}
		}
		if call, i := callResult(p.root.local); call != nil && r.returnedField != nil {
			if ps := r.returnedField(r, call, i, e.name); ps != nil {
				return ps
			}
			if r.fresh != nil && r.fresh(call, i) {
				// A new object the callee left that field of empty
				// (c := newClient(); c.conn = conn): the stores are
				// this function's, as for its own allocation.
				if ps := r.ownFieldValue(p.root.local, e.name); ps != nil {
					return ps
				}
			}
		}
	}
	if p.root.kind == rootLocal && len(p.elems) == 0 && e.kind == elemIndex {
		// An element of a copy is an element of what was copied.
		if ps := r.copiedFrom(p.root.local); ps != nil {
			return ps
		}
		if call, i := callResult(p.root.local); call != nil && r.returnedElems != nil {
			if ps := r.returnedElems(r, call, i); ps != nil {
				return ps
			}
		}
	}
	return []path{p.with(e)}
}

// indexElem builds the element selection for x[index].
func (r *resolver) indexElem(index ssa.Value, sel ssa.Instruction) elem {
	if c, ok := index.(*ssa.Const); ok {
		name := "?"
		if c.Value != nil {
			name = c.Value.ExactString()
			if c.Value.Kind() == constant.String {
				name = constant.StringVal(c.Value)
			}
		}
		return elem{kind: elemIndex, name: name}
	}
	ps := r.resolve(index)
	if len(ps) != 1 {
		// Keys computed in this function are opaque: the element is
		// the one this evaluation selects.
		ip := r.local(index)
		return elem{kind: elemIndex, name: ip.root.name, index: &ip, def: sel}
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
	return elem{kind: elemIndex, name: ip.String(), index: &ip, ranged: phi}
}

// storedValue resolves a load from a variable (field == "") or a field
// of a struct that this function allocated and stored to exactly once
// (c := &Client{conn: conn}; ... c.conn), so that the load and the value
// stored name the same connection.
func (r *resolver) storedValue(alloc *ssa.Alloc, field string) []path {
	if alloc.Parent() != r.fn {
		return nil
	}
	return r.ownFieldValue(alloc, field)
}

// ownFieldValue resolves a load from the variable obj (field == "") or
// a field of obj, an object this function made, when the function (or a
// callee it hands obj to) stores there exactly once.
func (r *resolver) ownFieldValue(obj ssa.Value, field string) []path {
	stored, n := fieldStores(obj, field)
	if field != "" && r.bound != nil && n <= 1 {
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
	return r.resolve(stored)
}

// boundTo returns the values that the callees of calls given obj store
// in its field (the back-reference p.attach(ws) leaves).
func (r *resolver) boundTo(obj ssa.Value, field string) []ssa.Value {
	var out []ssa.Value
	for _, v := range sameObject(obj) {
		for _, ref := range *v.Referrers() {
			call, ok := ref.(ssa.CallInstruction)
			if !ok {
				continue
			}
			for i, arg := range call.Common().Args {
				if arg == v {
					out = append(out, r.bound(call, i, field)...)
				}
			}
		}
	}
	return out
}

// uniqueStore returns the value stored to the variable alloc (field "")
// or to its field, when there is exactly one such store; else nil.
func uniqueStore(alloc *ssa.Alloc, field string) ssa.Value {
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
				if fa, ok := ref.(*ssa.FieldAddr); ok && fa.X == v && fieldName(fa.X.Type(), fa.Field) == field {
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

// subst rewrites a callee's path into the caller's terms, given the
// caller's resolver and the call's arguments and closure bindings.
// Callee locals are not visible to the caller: subst returns nil.
func subst(p path, caller *resolver, args, bindings []ssa.Value) []path {
	var bases []path
	switch p.root.kind {
	case rootParam:
		if p.root.index >= len(args) {
			return nil
		}
		bases = caller.resolve(args[p.root.index])
	case rootFreeVar:
		if p.root.index >= len(bindings) {
			return nil
		}
		bases = caller.resolve(bindings[p.root.index])
	case rootGlobal:
		bases = []path{newPath(p.root, nil)}
	default:
		return nil
	}
	var out []path
	for _, b := range bases {
		q := b
		ok := true
		for _, e := range p.elems {
			if e.index != nil {
				// The key is itself a path of the callee. A range key
				// the caller can't name selects some element; any other
				// key the caller can't name selects an element nobody
				// else can name either: drop the path.
				if ks := subst(*e.index, caller, args, bindings); len(ks) > 0 {
					k := ks[0]
					e = elem{kind: elemIndex, name: k.String(), index: &k, ranged: e.ranged}
				} else if e.ranged {
					e = anyElemSel
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

func fieldName(t types.Type, i int) string {
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
func (r *resolver) forwarded(load *ssa.UnOp) []path {
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok || load.Block() == nil {
		return nil
	}
	if _, local := fa.X.(*ssa.Alloc); local {
		return nil // storedValue handles structs the function made
	}
	base := r.resolve(fa.X)
	if len(base) != 1 {
		return nil
	}
	var store *ssa.Store
	n := 0
	for _, b := range r.fn.Blocks {
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
				if sb := r.resolve(sa.X); len(sb) != 1 || sb[0].key != base[0].key {
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
	if n != 1 || !dominates(store, load) {
		return nil
	}
	// The value stored, and the field itself marked as holding this
	// activation's own value: a goroutine that reads the field may get
	// it, another activation's own value is another conn.
	out := slices.Clone(r.resolve(store.Val))
	return append(out, base[0].with(fieldElem(fa.X.Type(), fa.Field, ownElem)))
}

// dominates reports whether instruction a runs before b on every path.
func dominates(a, b ssa.Instruction) bool {
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

// callResult returns the call whose result i v is, if it is one.
func callResult(v ssa.Value) (*ssa.Call, int) {
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
