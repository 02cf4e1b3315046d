package paths

import (
	"fmt"
	"go/types"
	"slices"
	"strings"

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
type Path struct {
	Root  Root
	Elems []Elem
	Key   string // canonical form, used for equality and maps
	// group is key with every element selection written "[]": paths
	// that may denote the same location share a group; match decides.
	Group string
}

type RootKind uint8

const (
	RootParam RootKind = iota
	RootFreeVar
	RootGlobal
	RootLocal
	// rootObject (openworld.go): an object of the struct type named by
	// global, the one every entry point is called on.
	RootObject
	// rootResult (results.go): result index of the function, as the
	// object a goroutine it left running uses.
	RootResult
	// rootMember (membership.go): an element of a container field whose
	// elements may sit in several containers, named by global (owner
	// type and field); only pairing compares such paths.
	RootMember
)

type Root struct {
	Kind   RootKind
	Index  int       // parameter, free variable or result index
	Global string    // rootGlobal: package path and name
	Local  ssa.Value // rootLocal: the value that creates the location
	Name   string    // for messages
	// source: name is the variable the source gives the value (not
	// an SSA register's), so messages may use it.
	Source bool
	// own (rootGlobal): the variable as holding this activation's own
	// value (live = c): like an own field (ownElem), another
	// activation's own value there is another object.
	Own bool
}

type ElemKind uint8

const (
	ElemField ElemKind = iota
	ElemIndex
	// elemWidened stands for any further selections (mode widened).
	elemWidened
)

// An elem is one selection after the root: a struct field, or an element
// of a map, slice, array or channel. An element is identified by the path
// of its key or index (or a constant), so conns[i] and conns[j] are only
// the same connection when i and j are. Two other modes name elements
// without a key: see elemMode.
type Elem struct {
	Kind  ElemKind
	Mode  ElemMode
	Name  string // field name, or rendered index
	Index *Path  // elemIndex, byKey: the key's path, nil for a constant
	def   ssa.Instruction
	// owner is the struct type declaring a field (elemField): a path
	// that selects the same field of the same type twice runs through
	// a recursive data structure (n.next.next) and is widened.
	Owner string
	// embedded: the field is an embedded one (elemField).
	Embedded bool
	// Filed: the element is this function's own value, filed under
	// its key (elemIndex byKey): named by the key like any lookup,
	// and, like an own element, the activation's own value.
	Filed bool
	// link is the field's type when it is an interface (elemField):
	// a path that selects two fields of one interface type runs
	// through a chain of values that each wrap another (a net.Conn
	// over a net.Conn), and is widened.
	Link string
	// ranged: the key comes from walking the container (a range
	// loop), so over the loop the selection reaches every element,
	// including those stored by others (ownElem).
	ranged bool
}

// ElemMode says how an element selection names its element.
type ElemMode uint8

const (
	// byKey: the element with this key (or constant index).
	ByKey ElemMode = iota
	// anyElem: some element, not nameable here: one a callee reached
	// by ranging over the container or by a key of its own. It may be
	// any element, so it may be the same as any other.
	anyElem
	// ownElem: the element this function's own value was stored as
	// (h.clients[conn] = true; conns = append(conns, conn)). Two such
	// elements are two different values, but a range over the
	// container reaches each of them.
	OwnElem
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

// MaxPathLen bounds the selections of a path (its key's included); a
// path that would grow past it is widened.
const MaxPathLen = 6

// maxPaths bounds how many paths one value may resolve to (through phis).
const maxPaths = 4

func NewPath(r Root, elems []Elem) Path {
	p := Path{Root: r, Elems: elems}
	var b, g strings.Builder
	switch r.Kind {
	case RootParam:
		fmt.Fprintf(&b, "p%d", r.Index)
	case RootFreeVar:
		fmt.Fprintf(&b, "f%d", r.Index)
	case RootGlobal:
		b.WriteString("g:")
		b.WriteString(r.Global)
	case RootLocal:
		b.WriteString("l:")
		b.WriteString(r.Local.Name())
	case RootObject:
		b.WriteString("o:")
		b.WriteString(r.Global)
	case RootResult:
		fmt.Fprintf(&b, "r%d", r.Index)
	case RootMember:
		b.WriteString("m:")
		b.WriteString(r.Global)
	}
	g.WriteString(b.String())
	if r.Own {
		b.WriteString("!own")
	}
	for _, e := range elems {
		switch e.Kind {
		case ElemField:
			b.WriteByte('.')
			b.WriteString(e.Name)
			if e.Mode == OwnElem {
				b.WriteString("!own")
			}
			g.WriteByte('.')
			g.WriteString(e.Name)
		case elemWidened:
			b.WriteString(".…")
			g.WriteString(".…")
		case ElemIndex:
			b.WriteByte('[')
			switch {
			case e.Mode == anyElem:
				b.WriteString("*")
			case e.Mode == OwnElem:
				b.WriteString("own")
			case e.Mode == recvElem:
				b.WriteString("recv")
			case e.Index != nil:
				b.WriteString(e.Index.Key)
			default:
				b.WriteString("=" + e.Name)
			}
			b.WriteByte(']')
			g.WriteString("[]")
		}
	}
	p.Key = b.String()
	p.Group = g.String()
	return p
}

// Match reports whether two paths of the same group may denote the same
// location. Elements by key match when their keys are equal; an element
// reached by walking the container (a range loop, or a callee's) matches
// any element; an element stored by one activation matches no other
// element it can't be compared with.
func Match(a, b Path) bool {
	if a.Group != b.Group || a.Widened() || b.Widened() {
		return false
	}
	if a.Root.Own && b.Root.Own && len(a.Elems) == 0 {
		return false // two activations' own values
	}
	for i := range a.Elems {
		if a.Elems[i].Mode == recvElem && b.Elems[i].Mode == recvElem {
			// Two receives: two values. The same activation's
			// accesses also carry the value's local path.
			return false
		}
		if a.Elems[i].Mode == OwnElem && b.Elems[i].Mode == OwnElem {
			// Each side stored its own value there (a reconnect
			// stores a new conn, each handler registers its own
			// client): two different values. The same activation's
			// accesses also carry the value's local path, which
			// matches.
			return false
		}
	}
	if a.Key == b.Key {
		return true
	}
	for i := range a.Elems {
		x, y := a.Elems[i], b.Elems[i]
		if x.Kind != ElemIndex {
			continue
		}
		switch {
		case x.Mode == anyElem || y.Mode == anyElem || x.ranged || y.ranged:
			// Walking the container reaches every element.
		case x.Mode == recvElem && y.Mode == OwnElem || x.Mode == OwnElem && y.Mode == recvElem:
			// What a sender put in a channel is what a receiver
			// gets out of it.
		case x.Mode == OwnElem || y.Mode == OwnElem:
			return false
		case x.Index != nil && y.Index != nil:
			if x.Index.Key != y.Index.Key {
				return false
			}
		case x.Index == nil && y.Index == nil:
			if x.Name != y.Name {
				return false
			}
		default:
			return false
		}
	}
	return true
}

var (
	AnyElemSel  = Elem{Kind: ElemIndex, Mode: anyElem, Name: "*"}
	OwnElemSel  = Elem{Kind: ElemIndex, Mode: OwnElem, Name: "own"}
	RecvElemSel = Elem{Kind: ElemIndex, Mode: recvElem, Name: "recv"}
	widenedSel  = Elem{Kind: elemWidened, Mode: widened, Name: "…"}
	// connKeySel is the element a map keeps for the conn an access
	// makes (KeyedBy): one key, whichever name the conn has.
	connKeySel = Elem{Kind: ElemIndex, Mode: ByKey, Name: "conn's"}
)

// KeyedBy reports whether lock names the entry of a map keyed by conn (a
// table of mutexes, one per conn: locks[conn].Lock(), or the value of
// `for c, mu := range locks` beside the key c), and returns it renamed
// as that map's entry for the conn the access makes, whatever the conn
// is called there. Two writes to one conn under their map's entries for
// that conn hold one mutex; on two conns they do not race anyway.
func KeyedBy(lock, conn Path) (Path, bool) {
	n := len(lock.Elems)
	if n == 0 || lock.Widened() || conn.Widened() {
		return Path{}, false
	}
	last := lock.Elems[n-1]
	if last.Kind != ElemIndex {
		return Path{}, false
	}
	// The key and the value of one entry are named alike (the range's
	// element), and only a map has a conn for a key and a mutex for
	// a value; or the key's own path is the conn's.
	if lock.Key != conn.Key && (last.Index == nil || last.Index.Key != conn.Key) {
		return Path{}, false
	}
	return NewPath(lock.Root, slices.Clone(lock.Elems[:n-1])).With(connKeySel), true
}

// FieldKey names the field fa selects as paths name it (FieldElem): the
// struct type that declares it, and the field (pkg.Client.send).
func FieldKey(fa *ssa.FieldAddr) string {
	el := FieldElem(fa.X.Type(), fa.Field, ByKey)
	return el.Owner + "." + el.Name
}

// FieldElem is the selection of field i of struct type t (or *t).
func FieldElem(t types.Type, i int, mode ElemMode) Elem {
	owner := t
	if p, ok := t.Underlying().(*types.Pointer); ok {
		owner = p.Elem()
	}
	e := Elem{Kind: ElemField, Mode: mode, Name: FieldName(t, i), Owner: types.TypeString(owner, nil)}
	if s, ok := owner.Underlying().(*types.Struct); ok && i < s.NumFields() {
		f := s.Field(i)
		e.Embedded = f.Embedded()
		if types.IsInterface(f.Type()) {
			e.Link = types.TypeString(f.Type(), nil)
		}
	}
	return e
}

// With returns p followed by the selection e. Paths are k-limited: a
// path that would grow past maxPathLen selections (its keys' counted),
// or select the same field of the same struct type a second time, or a
// second field of one interface type (a wrapper's inner net.Conn), is
// widened instead, and a widened path absorbs every further selection.
// The paths of one root are then finitely many, which is what bounds
// summaries, substitution and the fixed points over recursion.
func (p Path) With(e Elem) Path {
	if p.Widened() {
		return p
	}
	if p.Size()+e.size() > MaxPathLen || p.repeats(e) {
		e = widenedSel
	}
	elems := make([]Elem, len(p.Elems), len(p.Elems)+1)
	copy(elems, p.Elems)
	return NewPath(p.Root, append(elems, e))
}

// Widened reports whether p ends in a widened selection.
func (p Path) Widened() bool {
	n := len(p.Elems)
	return n > 0 && p.Elems[n-1].Kind == elemWidened
}

// Size counts p's selections, and those of the keys they use.
func (p Path) Size() int {
	n := 0
	for _, e := range p.Elems {
		n += e.size()
	}
	return n
}

func (e Elem) size() int {
	if e.Index != nil {
		return 1 + e.Index.Size()
	}
	return 1
}

// repeats reports whether p already selects field e of the same struct
// type, or a field of the same interface type as e.
func (p Path) repeats(e Elem) bool {
	if e.Kind != ElemField || e.Owner == "" && e.Link == "" {
		return false
	}
	for _, x := range p.Elems {
		if x.Kind != ElemField {
			continue
		}
		if e.Owner != "" && x.Owner == e.Owner && x.Name == e.Name || e.Link != "" && x.Link == e.Link {
			return true
		}
	}
	return false
}

// String renders the path for a message, e.g. "c.conn" or "clients[id]".
func (p Path) String() string {
	var b strings.Builder
	b.WriteString(p.Root.Name)
	for _, e := range p.Elems {
		switch e.Kind {
		case ElemField:
			b.WriteByte('.')
			b.WriteString(e.Name)
		case ElemIndex:
			b.WriteString("[" + e.Name + "]")
		case elemWidened:
			b.WriteString(".…")
		}
	}
	return b.String()
}

// Instances returns the instructions of the current function that pick
// which instance of the location the path denotes: the creation of a
// local root and the index of each element selection. A path re-evaluated
// after one of them runs again (in a loop) may denote another location.
func (p Path) Instances(out []ssa.Instruction) []ssa.Instruction {
	if p.Root.Kind == RootLocal {
		if instr, ok := p.Root.Local.(ssa.Instruction); ok {
			out = append(out, instr)
		}
	}
	for _, e := range p.Elems {
		if e.def != nil {
			out = append(out, e.def)
		}
		if e.Index != nil {
			out = e.Index.Instances(out)
		}
	}
	return out
}
