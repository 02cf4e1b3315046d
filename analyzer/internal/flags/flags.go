// Package flags follows the boolean fields code tests to choose what it
// does: a client's ready flag, set when its setup succeeded, that
// decides whether a connect method runs the setup again (and starts its
// goroutines) or not.
//
//	func (c *Client) Connect() error {
//		if !c.ready {
//			return c.setup() // dials, starts a reader, may fail after
//		}
//		...
//	}
//
// A caller that knows the flag (it set it, or a call it made sets it
// when it returns a nil error, or every caller of the unexported
// function it is in knows it) knows which way such a branch goes, in the
// function and in what it calls: the summary engine then uses the
// summary of the callee with that branch decided.
//
// For one function under an entry context (what is known of its
// parameters' and package variables' flags on entry) the analysis is a
// forward must-analysis over the function's blocks. A fact is a field
// (a boolean field of a named struct) of an object: a parameter, a
// package variable, or a value of the function. It is set by a store of
// a constant, by a branch on the field, by the ensures of a callee (the
// flags every return leaves, or every return of a nil error leaves), and
// dropped by any other store of the field, by a callee that may store it
// (through any object: objects are not told apart), by a store of the
// package variable that holds the object, and by a call the analysis
// cannot see into on the objects it is given. A package variable that
// holds a value of another type has, vacuously, every flag of a type it
// is not. Branches whose condition the facts decide are decided: the
// blocks of the other side do not run. A field a goroutine of the
// package may store is a signal between goroutines: no branch on it is
// decided. An object in a link field of one of the package's types (a
// pointer to a type with a tested flag, or an interface such a type
// implements: a.client) is an object of its own, two links deep at
// most, until the link is stored.
//
// It takes SSA and, through Env, the callees of a call and what other
// packages' functions do (their Facts); it gives a Result per function
// and context, and Facts for export. It uses ssaview only.
package flags

import (
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// A Fact is a boolean field's value on an object a function can name:
// a parameter (Param >= 0) or a package variable of the function's
// package (Global).
type Fact struct {
	Param  int
	Global string
	Field  string // "pkgpath.Type.name"
	Value  bool
}

func (f Fact) slot() string {
	if f.Param >= 0 {
		return "p" + strconv.Itoa(f.Param) + "." + f.Field
	}
	return "g:" + f.Global + "." + f.Field
}

// Ctx is what is known on entry to a function, sorted by slot.
type Ctx []Fact

// Key identifies a context.
func (c Ctx) Key() string {
	var b strings.Builder
	for _, f := range c {
		b.WriteString(f.slot())
		if f.Value {
			b.WriteString("=t;")
		} else {
			b.WriteString("=f;")
		}
	}
	return b.String()
}

func sortCtx(c Ctx) Ctx {
	slices.SortFunc(c, func(a, b Fact) int { return strings.Compare(a.slot(), b.slot()) })
	return c
}

// Info is what a function does to flags under one context.
type Info struct {
	// Tests are the flags on entry that decide a branch of the function
	// or of its callees (Value unset).
	Tests []Fact
	// Stores are the fields the function or its callees may store, and
	// the package variables ("g:" name).
	Stores []string
	// Ensures hold on every return; OnNil on every return of a nil
	// error as the last result.
	Ensures, OnNil []Fact
}

// Env is what the analysis asks of the summary engine.
type Env interface {
	// Callees returns the functions a call may reach; none when it
	// cannot tell.
	Callees(fn *ssa.Function, call *ssa.CallCommon) []*ssa.Function
	// Imported returns what a function of another package does under
	// ctx (restricted to its Tests), from its facts.
	Imported(fn *ssa.Function, ctx Ctx) Info
}

// Analysis holds the results of one package.
type Analysis struct {
	env   Env
	funcs []*ssa.Function
	memo  map[memoKey]*Result
	busy  map[memoKey]bool
	// entry caches the precondition of each function.
	entry    map[*ssa.Function]Ctx
	entering map[*ssa.Function]bool
	calls    map[*ssa.Function][]site // static call sites, for entry
	taken    map[*ssa.Function]bool   // used other than as a static callee
	// takenObj are the methods used through a wrapper (a method value
	// or expression), invoked the names of the methods called through
	// an interface: their callers are not all static calls.
	takenObj map[types.Object]bool
	invoked  map[string]bool
	// tested: the package has a branch on a field, or calls a function
	// of another package that tests one; without either, no context
	// ever decides anything.
	tested bool
	pkg    *ssa.Package
	// relevant are the fields some context or fact may name: those
	// tested here, and those imported facts name. Only they are
	// exported in Stores.
	relevant map[string]bool
	// reach memoizes reachStores.
	reach map[*ssa.Function][]string
	// sentinels are the package's sentinel errors (sentinel).
	sentinels map[*ssa.Global]bool
	// imports: the package calls functions of others whose facts say
	// something of flags; its own then may too (Export).
	imports bool
	// mayTest are the functions that test a flag, or call one that
	// does; touches, those that store a field a fact may name or a
	// package variable that may hold an object, or call one that does.
	// Only they are analysed.
	mayTest, touches map[*ssa.Function]bool
	// volatile are the fields goroutines of the package store.
	volatile map[string]bool
	// links are the fields of the package's types that may hold an
	// object with a flag a test or fact names (findLinks).
	links   map[string]bool
	callees map[*ssa.CallCommon][]*ssa.Function
}

type site struct {
	caller *ssa.Function
	call   *ssa.CallCommon
}

// New returns the analysis of a package's functions.
func New(env Env, funcs []*ssa.Function) *Analysis {
	a := &Analysis{env: env, funcs: funcs, memo: make(map[memoKey]*Result), busy: make(map[memoKey]bool), callees: make(map[*ssa.CallCommon][]*ssa.Function), entry: make(map[*ssa.Function]Ctx), entering: make(map[*ssa.Function]bool), relevant: make(map[string]bool)}
	// One scan: the fields the package tests; calls of another
	// package's functions that say what they do to flags (tests on what
	// this package gives them, or stores and ensures its own functions
	// pass on to their callers); which of the package's functions test
	// a flag or store one a fact may name, themselves or through what
	// they call (mark); and what its go statements start (volatile).
	callers := make(map[*ssa.Function][]*ssa.Function)
	var testers, storers []*ssa.Function
	fieldStores := make(map[*ssa.Function][]string)
	var started []*ssa.Function
	for _, fn := range funcs {
		if a.pkg == nil && fn.Pkg != nil {
			a.pkg = fn.Pkg
		}
		tests, stores := false, false
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.If:
					if t, ok := condField(instr.Cond); ok {
						a.tested, tests = true, true
						a.relevant[t.field] = true
					}
				case *ssa.Store:
					switch _, name, kind := storeTarget(instr.Addr); kind {
					case flagField, linkField:
						fieldStores[fn] = append(fieldStores[fn], name)
					case global:
						if refType(instr.Addr.Type().(*types.Pointer).Elem()) {
							stores = true
						}
					}
				case ssa.CallInstruction:
					cs := a.calleesOf(fn, instr.Common())
					if _, ok := instr.(*ssa.Go); ok {
						started = append(started, cs...)
					}
					for _, c := range cs {
						if c.Blocks != nil {
							callers[c] = append(callers[c], fn)
							continue
						}
						info := a.imported(c, nil)
						if len(info.Tests) > 0 {
							a.tested, tests = true, true
						}
						if len(info.Stores)+len(info.Ensures)+len(info.OnNil) > 0 {
							a.imports, stores = true, true
						}
					}
				}
			}
		}
		// A closure's caller is the function that made it, for this.
		if p := fn.Parent(); p != nil {
			callers[fn] = append(callers[fn], p)
		}
		if tests {
			testers = append(testers, fn)
		}
		if stores {
			storers = append(storers, fn)
		}
	}
	// The fields facts may name are all known now, and so are the
	// links to objects that have them.
	a.links = a.findLinks()
	for fn, fs := range fieldStores {
		if slices.ContainsFunc(fs, func(f string) bool { return a.relevant[f] || a.links[f] }) {
			storers = append(storers, fn)
		}
	}
	// A field a goroutine of the package may store is a signal between
	// goroutines, not a flag one goroutine can know.
	a.volatile = make(map[string]bool)
	for _, c := range started {
		for _, f := range a.storesOf(c) {
			a.volatile[f] = true
		}
	}
	// No path through a link a goroutine may replace.
	for l := range a.links {
		if a.volatile[l] {
			delete(a.links, l)
		}
	}
	a.mayTest = mark(testers, callers)
	a.touches = mark(storers, callers)
	return a
}

// findLinks returns the pointer and interface fields of the package's
// struct types whose objects may have a relevant flag: a pointer to a
// type with one, or an interface such a type implements.
func (a *Analysis) findLinks() map[string]bool {
	links := make(map[string]bool)
	if len(a.relevant) == 0 || a.pkg == nil {
		return links
	}
	// The types with relevant flags, by name; their types are looked
	// up in the package and its imports when an interface asks.
	owners := make(map[string]bool)
	for f := range a.relevant {
		if i := strings.LastIndexByte(f, '.'); i > 0 {
			owners[f[:i]] = true
		}
	}
	var ownerTypes []*types.Named
	resolved := false
	implemented := func(iface *types.Interface) bool {
		if iface.NumMethods() == 0 {
			return false
		}
		if !resolved {
			resolved = true
			pkgs := map[string]*types.Package{a.pkg.Pkg.Path(): a.pkg.Pkg}
			for _, p := range a.pkg.Pkg.Imports() {
				pkgs[p.Path()] = p
			}
			for o := range owners {
				i := strings.LastIndexByte(o, '.')
				if p := pkgs[o[:i]]; p != nil {
					if tn, ok := p.Scope().Lookup(o[i+1:]).(*types.TypeName); ok {
						if n, ok := tn.Type().(*types.Named); ok {
							ownerTypes = append(ownerTypes, n)
						}
					}
				}
			}
		}
		for _, n := range ownerTypes {
			if types.Implements(n, iface) || types.Implements(types.NewPointer(n), iface) {
				return true
			}
		}
		return false
	}
	scope := a.pkg.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok {
			continue
		}
		st, ok := named.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			f := st.Field(i)
			switch u := f.Type().Underlying().(type) {
			case *types.Interface:
				if !implemented(u) {
					continue
				}
			case *types.Pointer:
				n := ssaview.NamedOf(u.Elem())
				if n == nil || n.Obj().Pkg() == nil {
					continue
				}
				if !owners[typeName(n)] {
					continue
				}
			default:
				continue
			}
			links[typeName(named)+"."+f.Name()] = true
		}
	}
	return links
}

// mark returns the functions from and their callers, transitively.
func mark(from []*ssa.Function, callers map[*ssa.Function][]*ssa.Function) map[*ssa.Function]bool {
	out := make(map[*ssa.Function]bool)
	for len(from) > 0 {
		fn := from[len(from)-1]
		from = from[:len(from)-1]
		if out[fn] {
			continue
		}
		out[fn] = true
		from = append(from, callers[fn]...)
	}
	return out
}

// refType reports whether values of t can hold an object with flags: a
// pointer or an interface.
func refType(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface:
		return true
	}
	return false
}

// calleesOf is Env.Callees, once per call.
func (a *Analysis) calleesOf(fn *ssa.Function, common *ssa.CallCommon) []*ssa.Function {
	if !common.IsInvoke() {
		return a.env.Callees(fn, common) // cheap
	}
	cs, ok := a.callees[common]
	if !ok {
		cs = a.env.Callees(fn, common)
		a.callees[common] = cs
	}
	return cs
}

// imported is Env.Imported, noting the fields its facts name.
func (a *Analysis) imported(fn *ssa.Function, ctx Ctx) Info {
	info := a.env.Imported(fn, ctx)
	for _, fs := range [][]Fact{info.Tests, info.Ensures, info.OnNil} {
		for _, f := range fs {
			a.relevant[f.Field] = true
		}
	}
	for _, f := range info.Stores {
		a.relevant[f] = true
	}
	return info
}

// Result is the analysis of one function under one context.
type Result struct {
	Info
	// feeds: a callee tests a flag (of what the function has); deep:
	// what the function knows decides a branch of a callee.
	feeds, deep bool
	decided     map[*ssa.If]int
	at          map[*ssa.CallCommon]*state
}

// Decide returns the successor a branch takes, when the facts decide it.
func (r *Result) Decide(br *ssa.If) (int, bool) {
	if r == nil {
		return 0, false
	}
	i, ok := r.decided[br]
	return i, ok
}

// Decides reports whether the context decides any branch.
func (r *Result) Decides() bool { return r != nil && len(r.decided) > 0 }

// DecidesDeep reports whether the context decides a branch of the
// function or of a function it calls.
func (r *Result) DecidesDeep() bool { return r != nil && (len(r.decided) > 0 || r.deep) }

// CalleeCtx returns what is known, at call, of the flags callee tests,
// in callee's terms (args are the callee's parameters' values).
func (a *Analysis) CalleeCtx(r *Result, call *ssa.CallCommon, callee *ssa.Function, args []ssa.Value) Ctx {
	if r == nil || !a.tested {
		return nil
	}
	s := r.at[call]
	if s == nil {
		return nil
	}
	return a.calleeCtx(s, callee, args)
}

func (a *Analysis) calleeCtx(s *state, callee *ssa.Function, args []ssa.Value) Ctx {
	tests := a.testsOf(callee)
	var ctx Ctx
	for _, t := range tests {
		var k key
		if t.Param >= 0 {
			if t.Param >= len(args) {
				continue
			}
			k = key{s.root(args[t.Param]), t.Field}
		} else {
			g := a.global(t.Global)
			if g == nil {
				continue
			}
			k = key{s.load(g), t.Field}
		}
		if v, ok := s.facts[k]; ok {
			t.Value = v
			ctx = append(ctx, t)
		}
	}
	return sortCtx(ctx)
}

// global finds the package variable a Fact names.
func (a *Analysis) global(name string) *ssa.Global {
	if a.pkg == nil {
		return nil
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 && name[:i] == a.pkg.Pkg.Path() {
		g, _ := a.pkg.Members[name[i+1:]].(*ssa.Global)
		return g
	}
	return nil
}

func (a *Analysis) testsOf(fn *ssa.Function) []Fact {
	if fn.Blocks == nil {
		return a.imported(fn, nil).Tests
	}
	if !a.tested || !a.mayTest[fn] {
		return nil
	}
	if r := a.Analyze(fn, nil); r != nil {
		return r.Tests
	}
	return nil // recursion
}

// Entry returns what every caller of fn knows on calling it: fn is
// unexported, and all its uses are static calls of the package's
// functions.
func (a *Analysis) Entry(fn *ssa.Function) Ctx {
	if !a.tested || !a.mayTest[fn] || fn.Parent() != nil || fn.Object() == nil || fn.Object().Exported() {
		return nil // a closure, or callable from elsewhere
	}
	if c, ok := a.entry[fn]; ok {
		return c
	}
	if a.entering[fn] {
		return nil
	}
	if len(a.testsOf(fn)) == 0 {
		a.entry[fn] = nil // nothing known on entry would decide anything
		return nil
	}
	a.indexCalls()
	sites := a.calls[fn]
	method := fn.Signature.Recv() != nil
	if len(sites) == 0 || a.taken[fn] || a.takenObj[fn.Object()] || method && a.invoked[fn.Name()] {
		a.entry[fn] = nil
		return nil
	}
	a.entering[fn] = true
	var states []*state
	var ks []map[string]Fact
	for _, site := range sites {
		var st *state
		if r := a.Analyze(site.caller, a.Entry(site.caller)); r != nil {
			st = r.at[site.call]
		}
		states = append(states, st)
		ks = append(ks, known(st, site.call.Args))
	}
	ctx := Ctx(factList(a.meetKnown(states, ks)))
	delete(a.entering, fn)
	a.entry[fn] = ctx
	return ctx
}

// indexCalls finds every function's static call sites and the
// functions used otherwise (as values).
func (a *Analysis) indexCalls() {
	if a.calls != nil {
		return
	}
	a.calls = make(map[*ssa.Function][]site)
	a.taken = make(map[*ssa.Function]bool)
	a.takenObj = make(map[types.Object]bool)
	a.invoked = make(map[string]bool)
	for _, fn := range a.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var ops [8]*ssa.Value
				for i, op := range instr.Operands(ops[:0]) {
					g, ok := (*op).(*ssa.Function)
					if !ok {
						continue
					}
					// A static call (not go or defer: the callee runs
					// later, when the caller's flags may have changed).
					if c, ok := instr.(*ssa.Call); ok && i == 0 && !c.Call.IsInvoke() && c.Call.Value == g {
						a.calls[g] = append(a.calls[g], site{fn, c.Common()})
						continue
					}
					a.taken[g] = true
					if g.Synthetic != "" && g.Object() != nil {
						a.takenObj[g.Object()] = true
					}
				}
				if c, ok := instr.(ssa.CallInstruction); ok && c.Common().IsInvoke() {
					a.invoked[c.Common().Method.Name()] = true
				}
			}
		}
	}
}

// Analyze returns the analysis of fn under ctx.
func (a *Analysis) Analyze(fn *ssa.Function, ctx Ctx) *Result {
	k := memoKey{fn, ctx.Key()}
	if r, ok := a.memo[k]; ok {
		return r
	}
	if a.busy[k] {
		return nil // recursion: the caller assumes the worst
	}
	a.busy[k] = true
	r := a.run(fn, ctx)
	delete(a.busy, k)
	a.memo[k] = r
	return r
}

type memoKey struct {
	fn  *ssa.Function
	ctx string
}

// key is a field of an object: root is a parameter, a package variable
// or a value of the function.
type key struct {
	root  obj
	field string
}

// An obj is an object facts are about: an ssa.Value (a parameter, a
// package variable, a value of the function), or a path: what a link
// field of another object holds (a.client).
type obj = any

// A path is the object in a link field of base: a field of one of the
// package's types that holds an object whose flags some test or fact
// names (a *Client, or an interface).
type path struct {
	base obj
	link string
}

// basedOn reports whether r is on, or a path from it.
func basedOn(r, on obj) bool {
	for {
		if r == on {
			return true
		}
		p, ok := r.(path)
		if !ok {
			return false
		}
		r = p.base
	}
}

// through reports whether r is a path through link.
func through(r obj, link func(string) bool) bool {
	for {
		p, ok := r.(path)
		if !ok {
			return false
		}
		if link(p.link) {
			return true
		}
		r = p.base
	}
}

func pathDepth(r obj) int {
	n := 0
	for {
		p, ok := r.(path)
		if !ok {
			return n
		}
		n++
		r = p.base
	}
}

// state is what is known at a point.
type state struct {
	facts map[key]bool
	// holds: the package variable holds that object.
	holds map[*ssa.Global]obj
	// types: the concrete type of what the package variable holds.
	types map[*ssa.Global]string
	// onNil: facts that hold if the (error) value is nil.
	onNil map[ssa.Value]map[key]bool
	// nonNil: values known not nil here.
	nonNil map[ssa.Value]bool
	// links are the Analysis's link fields (shared, read only).
	links map[string]bool
}

// newState returns an empty state; its maps are made when first
// written (ensure): most states know nothing.
func newState() *state { return &state{} }

// maxPath bounds paths: a.b.client at most.
const maxPath = 2

// linkOf names the field fa addresses, when it can hold an object: a
// pointer or an interface.
func linkOf(fa *ssa.FieldAddr) (string, bool) {
	name, f, ok := structField(fa.X.Type(), fa.Field)
	return name, ok && refType(f.Type())
}

// structField returns field i of the named struct ptr points to, and
// its name ("pkgpath.Type.name").
func structField(ptr types.Type, i int) (string, *types.Var, bool) {
	p, ok := ptr.Underlying().(*types.Pointer)
	if !ok {
		return "", nil, false
	}
	named := ssaview.NamedOf(p.Elem())
	st, ok := p.Elem().Underlying().(*types.Struct)
	if named == nil || !ok || named.Obj().Pkg() == nil || i >= st.NumFields() {
		return "", nil, false
	}
	f := st.Field(i)
	return typeName(named) + "." + f.Name(), f, true
}

// A targetKind is what a store stores into (storeTarget).
type targetKind int

const (
	otherTarget targetKind = iota
	flagField              // a boolean field of a named struct
	linkField              // a pointer or interface field (linkOf)
	global                 // a package variable
)

// storeTarget says what addr is: a flag of x, a link field, a package
// variable, or something else; and its name.
func storeTarget(addr ssa.Value) (x ssa.Value, name string, kind targetKind) {
	switch addr := addr.(type) {
	case *ssa.FieldAddr:
		if x, name, ok := fieldOf(addr); ok {
			return x, name, flagField
		}
		if name, ok := linkOf(addr); ok {
			return addr.X, name, linkField
		}
	case *ssa.Global:
		return nil, "g:" + globalName(addr), global
	}
	return nil, "", otherTarget
}

// ensure makes the maps of a state about to be written.
func (s *state) ensure() {
	if s.facts == nil {
		s.facts = map[key]bool{}
		s.holds = map[*ssa.Global]obj{}
		s.types = map[*ssa.Global]string{}
		s.onNil = map[ssa.Value]map[key]bool{}
		s.nonNil = map[ssa.Value]bool{}
	}
}

func (s *state) clone() *state {
	c := newState()
	c.links = s.links
	if len(s.facts)+len(s.holds)+len(s.types)+len(s.onNil)+len(s.nonNil) == 0 {
		return c
	}
	c.facts = maps.Clone(s.facts)
	c.holds = maps.Clone(s.holds)
	c.types = maps.Clone(s.types)
	c.onNil = maps.Clone(s.onNil) // the inner maps are copied on write
	c.nonNil = maps.Clone(s.nonNil)
	c.ensure()
	return c
}

// load stands for a load of g.
func (s *state) load(g *ssa.Global) obj {
	if h, ok := s.holds[g]; ok {
		return h
	}
	return g
}

func (s *state) globals() map[*ssa.Global]bool {
	out := make(map[*ssa.Global]bool)
	for g := range s.holds {
		out[g] = true
	}
	for k := range s.facts {
		if g, ok := k.root.(*ssa.Global); ok {
			out[g] = true
		}
	}
	return out
}

// root returns the object v stands for.
func (s *state) root(v ssa.Value) obj {
	for {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.TypeAssert:
			if x.CommaOk {
				return x
			}
			v = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return x
			}
			if g, ok := x.X.(*ssa.Global); ok {
				return s.load(g)
			}
			if fa, ok := x.X.(*ssa.FieldAddr); ok && s.links != nil {
				if l, ok := linkOf(fa); ok && s.links[l] {
					if base := s.root(fa.X); pathDepth(base) < maxPath {
						return path{base, l}
					}
				}
			}
			return x
		default:
			return v
		}
	}
}

// vacuous reports whether the field cannot belong to what g holds.
func (s *state) vacuous(k key) bool {
	if s == nil {
		return false
	}
	g, ok := k.root.(*ssa.Global)
	if !ok {
		return false
	}
	t, ok := s.types[g]
	return ok && !strings.HasPrefix(k.field, t+".")
}

// export calls f for each fact on root.
func (s *state) export(root obj, f func(field string, v bool)) {
	for k, v := range s.facts {
		if k.root == root {
			f(k.field, v)
		}
	}
}

func (s *state) killField(field string) { s.killWhere(func(k key) bool { return k.field == field }) }

// killRoot forgets the facts on root and on the objects its links hold.
func (s *state) killRoot(root obj) { s.killWhere(func(k key) bool { return basedOn(k.root, root) }) }

// killLink forgets the facts on what link fields hold.
func (s *state) killLink(link func(string) bool) {
	s.killWhere(func(k key) bool { return through(k.root, link) })
}

// killWhere forgets the facts drop says, also those that would hold if
// an error were nil.
func (s *state) killWhere(drop func(key) bool) {
	for k := range s.facts {
		if drop(k) {
			delete(s.facts, k)
		}
	}
	for v, m := range s.onNil {
		for k := range m {
			if drop(k) {
				s.onNil[v] = without(m, drop)
				break
			}
		}
	}
}

// killGlobal forgets what g holds; the facts on the object stay its own.
func (s *state) killGlobal(g *ssa.Global) {
	s.killRoot(g)
	delete(s.holds, g)
	delete(s.types, g)
}

func without(m map[key]bool, drop func(key) bool) map[key]bool {
	out := make(map[key]bool, len(m))
	for k, v := range m {
		if !drop(k) {
			out[k] = v
		}
	}
	return out
}

// materialize turns what g holds into facts on g itself.
func (s *state) materialize(g *ssa.Global) {
	h, ok := s.holds[g]
	if !ok {
		return
	}
	s.ensure()
	for k, v := range s.facts {
		if k.root == h {
			s.facts[key{g, k.field}] = v
		}
	}
	for e, m := range s.onNil {
		var add map[key]bool
		for k, v := range m {
			if k.root == h {
				if add == nil {
					add = make(map[key]bool)
				}
				add[key{g, k.field}] = v
			}
		}
		if add != nil {
			n := maps.Clone(m)
			maps.Copy(n, add)
			s.onNil[e] = n
		}
	}
	delete(s.holds, g)
}

// meet returns what both states know.
func meet(x, y *state) *state {
	if x == nil {
		return y.clone()
	}
	if y == nil {
		return x.clone()
	}
	x, y = x.clone(), y.clone()
	gs := x.globals()
	maps.Copy(gs, y.globals())
	for g := range gs {
		if x.holds[g] != y.holds[g] {
			x.materialize(g)
			y.materialize(g)
		}
	}
	out := newState()
	out.links = x.links
	for g, h := range x.holds {
		if y.holds[g] == h {
			out.ensure()
			out.holds[g] = h
		}
	}
	for g, t := range x.types {
		if y.types[g] == t {
			out.ensure()
			out.types[g] = t
		}
	}
	if f := meetFacts(x, x.facts, y, y.facts); len(f) > 0 {
		out.ensure()
		out.facts = f
	}
	for v, m := range x.onNil {
		if n, ok := y.onNil[v]; ok {
			out.ensure()
			out.onNil[v] = meetFacts(x, union(x.facts, m), y, union(y.facts, n))
		}
	}
	for v := range x.nonNil {
		if y.nonNil[v] {
			out.ensure()
			out.nonNil[v] = true
		}
	}
	return out
}

func union(a, b map[key]bool) map[key]bool {
	out := make(map[key]bool, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// meetFacts keeps the facts both sides agree on, and those one side
// has that are vacuous on the other.
func meetFacts(x *state, xf map[key]bool, y *state, yf map[key]bool) map[key]bool {
	out := make(map[key]bool)
	for k, v := range xf {
		if w, ok := yf[k]; ok && w == v || !ok && y.vacuous(k) {
			out[k] = v
		}
	}
	for k, v := range yf {
		if _, ok := xf[k]; !ok && x.vacuous(k) {
			out[k] = v
		}
	}
	return out
}

// fieldOf returns the name of the boolean field addr addresses, and the
// value whose field it is.
func fieldOf(addr ssa.Value) (ssa.Value, string, bool) {
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return nil, "", false
	}
	name, f, ok := structField(fa.X.Type(), fa.Field)
	if !ok {
		return nil, "", false
	}
	if b, ok := f.Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return nil, "", false
	}
	return fa.X, name, true
}

func typeName(n *types.Named) string { return n.Obj().Pkg().Path() + "." + n.Obj().Name() }

// concrete returns the named type of what v is before it became an
// interface, when it is a pointer to a named struct or a named struct.
func concrete(v ssa.Value) (string, bool) {
	v = ssaview.Unconverted(v, true)
	if types.IsInterface(v.Type()) {
		return "", false
	}
	t := v.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if n := ssaview.NamedOf(t); n != nil && n.Obj().Pkg() != nil {
		return typeName(n), true
	}
	return "", false
}

// A test is what a branch condition tests: the boolean field loaded
// (load, of x), and the value of the field on the true edge.
type test struct {
	load   *ssa.UnOp
	x      ssa.Value
	field  string
	onTrue bool
}

// condField returns what a branch condition tests, when it is a flag:
// the field (!x.f, x.f == false, ...).
func condField(cond ssa.Value) (test, bool) { return tested(cond, true) }

func tested(cond ssa.Value, want bool) (test, bool) {
	switch c := cond.(type) {
	case *ssa.UnOp:
		switch c.Op {
		case token.NOT:
			return tested(c.X, !want)
		case token.MUL:
			x, f, ok := fieldOf(c.X)
			return test{load: c, x: x, field: f, onTrue: want}, ok
		}
	case *ssa.BinOp:
		if c.Op != token.EQL && c.Op != token.NEQ {
			return test{}, false
		}
		x, k := c.X, c.Y
		if _, ok := x.(*ssa.Const); ok {
			x, k = k, x
		}
		kc, ok := k.(*ssa.Const)
		if !ok || kc.Value == nil || kc.Value.Kind() != constant.Bool {
			return test{}, false
		}
		w := constant.BoolVal(kc.Value) == (c.Op == token.EQL)
		return tested(x, w == want)
	}
	return test{}, false
}

// loadedAt reports whether the field is loaded in the branch's block
// with nothing after the load that could store it (a store or a call):
// the facts at the branch are the facts at the load.
func (t test) loadedAt(br *ssa.If) bool {
	b := br.Block()
	if t.load.Block() != b {
		return false
	}
	after := false
	for _, instr := range b.Instrs {
		if instr == t.load {
			after = true
			continue
		}
		if !after {
			continue
		}
		switch instr.(type) {
		case *ssa.Store, ssa.CallInstruction:
			return false
		}
	}
	return true
}

func globalName(g *ssa.Global) string { return g.Pkg.Pkg.Path() + "." + g.Name() }

// isNilConst reports whether v is the constant nil.
func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// run is the analysis of fn under ctx.
func (a *Analysis) run(fn *ssa.Function, ctx Ctx) *Result {
	r := &Result{decided: make(map[*ssa.If]int), at: make(map[*ssa.CallCommon]*state)}
	if len(fn.Blocks) == 0 {
		return r
	}
	entry := newState()
	entry.links = a.links
	entry.ensure()
	for _, f := range ctx {
		if f.Param >= 0 {
			if f.Param < len(fn.Params) {
				entry.facts[key{fn.Params[f.Param], f.Field}] = f.Value
			}
		} else if g := a.global(f.Global); g != nil {
			entry.facts[key{g, f.Field}] = f.Value
		}
	}
	in := make([]*state, len(fn.Blocks))
	in[0] = entry
	// What deferred calls store changes the flags at every return.
	var deferred []string
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok {
				for _, c := range a.calleesOf(fn, d.Common()) {
					deferred = append(deferred, a.storesOf(c)...)
				}
			}
		}
	}
	stores := make(map[string]bool)
	for _, f := range deferred {
		stores[f] = true
	}
	tests := make(map[string]Fact)
	var rets []*state // the state at each return, and its error's onNil
	var retsNil []*state
	work := []int{0}
	queued := make([]bool, len(fn.Blocks))
	queued[0] = true
	// Blocks are revisited until nothing changes; a state only loses
	// facts, so this ends. Returns and decisions are taken from the
	// last visit.
	visits := 0
	retAt := make(map[int]*state)
	edges := make(map[[2]int]*state) // (pred, succ) -> state on that edge
	retNilAt := make(map[int]*state)
	for len(work) > 0 {
		visits++
		if visits > 50*len(fn.Blocks)+100 {
			// Give up: nothing known anywhere.
			return &Result{Info: Info{Stores: []string{"*"}}}
		}
		b := fn.Blocks[work[0]]
		work = work[1:]
		queued[b.Index] = false
		s := in[b.Index].clone()
		a.phis(b, edges, s)
		var outs []*state
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Store:
				a.store(s, instr, stores)
			case *ssa.Call:
				if len(s.facts) > 0 || len(s.holds) > 0 {
					// What a callee may be told; nothing, mostly.
					r.at[instr.Common()] = s.clone()
				}
				a.call(r, s, fn, instr, stores, tests)
			case *ssa.Go:
				// Runs later, when the flags may have changed: no
				// context; and from then on, what it stores may
				// change at any time.
				for _, c := range a.calleesOf(fn, instr.Common()) {
					for _, f := range a.storesOf(c) {
						stores[f] = true
						s.kill(a, f)
					}
				}
			case *ssa.Defer:
				// Runs at the return: see deferred.
			case *ssa.Extract:
				if m, ok := s.onNil[instr.Tuple]; ok && instr.Index == instr.Tuple.Type().(*types.Tuple).Len()-1 {
					s.ensure()
					s.onNil[instr] = m
				}
			case *ssa.Return:
				rs := s.clone()
				for _, f := range deferred {
					rs.kill(a, f)
				}
				retAt[b.Index] = rs
				delete(retNilAt, b.Index)
				if n := len(instr.Results); n > 0 && ssaview.IsErrorType(instr.Results[n-1].Type()) {
					e := instr.Results[n-1]
					switch {
					case isNilConst(e):
						retNilAt[b.Index] = rs
					case s.nonNil[e] || a.madeError(e):
					default:
						c := rs.clone()
						c.ensure()
						for k, v := range s.onNil[e] {
							c.facts[k] = v
						}
						retNilAt[b.Index] = c
					}
				} else {
					retNilAt[b.Index] = rs
				}
			case *ssa.If:
				outs = a.branch(r, s, b, instr, fn, tests)
			}
		}
		if outs == nil {
			for range b.Succs {
				outs = append(outs, s)
			}
		}
		for i, succ := range b.Succs {
			o := outs[i]
			if o == nil {
				delete(edges, [2]int{b.Index, succ.Index})
				continue // the branch is decided the other way
			}
			edges[[2]int{b.Index, succ.Index}] = o
			m := meet(in[succ.Index], o)
			if in[succ.Index] != nil && sameState(m, in[succ.Index]) {
				continue
			}
			in[succ.Index] = m
			if !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ.Index)
			}
		}
	}
	for _, st := range retAt {
		rets = append(rets, st)
	}
	for _, st := range retNilAt {
		retsNil = append(retsNil, st)
	}
	r.Ensures = a.ensures(fn, rets)
	if res := fn.Signature.Results(); res.Len() > 0 && ssaview.IsErrorType(res.At(res.Len()-1).Type()) {
		r.OnNil = a.ensures(fn, retsNil)
	}
	for s := range stores {
		r.Stores = append(r.Stores, s)
	}
	slices.Sort(r.Stores)
	for _, t := range tests {
		r.Tests = append(r.Tests, t)
	}
	r.Tests = sortCtx(r.Tests)
	return r
}

func sameState(x, y *state) bool {
	if !maps.Equal(x.facts, y.facts) || len(x.onNil) != len(y.onNil) || !maps.Equal(x.holds, y.holds) || !maps.Equal(x.types, y.types) || !maps.Equal(x.nonNil, y.nonNil) {
		return false
	}
	for v, m := range x.onNil {
		if n, ok := y.onNil[v]; !ok || !maps.Equal(m, n) {
			return false
		}
	}
	return true
}

// madeError reports whether an error value is certainly not nil: made
// by errors.New or fmt.Errorf, or a sentinel of the package (a variable
// only its initialisation sets, to such an error: var ErrClosed =
// errors.New(...)).
func (a *Analysis) madeError(v ssa.Value) bool {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		g, ok := load.X.(*ssa.Global)
		return ok && a.sentinel(g)
	}
	return newError(v)
}

// newError reports whether v is the result of errors.New or
// fmt.Errorf.
func newError(v ssa.Value) bool {
	c, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	obj, recv := ssaview.CalledFunc(c.Common())
	if obj == nil || obj.Pkg() == nil || recv != "" {
		return false
	}
	p, n := obj.Pkg().Path(), obj.Name()
	return p == "errors" && n == "New" || p == "fmt" && n == "Errorf"
}

// sentinel reports whether g is set only by the package's
// initialisation, to a new error.
func (a *Analysis) sentinel(g *ssa.Global) bool {
	if a.sentinels == nil {
		a.sentinels = make(map[*ssa.Global]bool)
		if a.pkg == nil {
			return false
		}
		init := a.pkg.Func("init")
		bad := make(map[*ssa.Global]bool)
		for _, fn := range append([]*ssa.Function{init}, a.funcs...) {
			if fn == nil {
				continue
			}
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					st, ok := instr.(*ssa.Store)
					if !ok {
						continue
					}
					if sg, ok := st.Addr.(*ssa.Global); ok {
						if fn == init && newError(st.Val) {
							a.sentinels[sg] = true
						} else {
							bad[sg] = true
						}
					}
				}
			}
		}
		for sg := range bad {
			delete(a.sentinels, sg)
		}
	}
	return a.sentinels[g]
}

// phis gives each error phi the facts that hold when it is nil: over
// the edges, all the predecessor's facts on an edge of a nil constant,
// and those and the value's onNil on others. Edges not yet taken count
// for nothing yet.
func (a *Analysis) phis(b *ssa.BasicBlock, edges map[[2]int]*state, s *state) {
	for _, instr := range b.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		if !ssaview.IsErrorType(phi.Type()) {
			continue
		}
		var acc map[key]bool
		var accSt *state
		for i, e := range phi.Edges {
			pst := edges[[2]int{b.Preds[i].Index, b.Index}]
			if pst == nil {
				continue
			}
			m := pst.facts
			if !isNilConst(e) {
				m = union(pst.facts, pst.onNil[e])
			}
			if accSt == nil {
				acc, accSt = m, pst
				continue
			}
			acc = meetFacts(accSt, acc, pst, m)
		}
		if len(acc) > 0 {
			s.ensure()
			s.onNil[phi] = acc
		}
	}
}

// store applies a store.
func (a *Analysis) store(s *state, st *ssa.Store, stores map[string]bool) {
	s.ensure()
	x, name, kind := storeTarget(st.Addr)
	switch {
	case kind == flagField:
		stores[name] = true
		s.killField(name)
		if c, ok := st.Val.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Bool {
			s.facts[key{s.root(x), name}] = constant.BoolVal(c.Value)
		}
		return
	case kind == linkField && a.links[name]:
		stores[name] = true
		s.kill(a, name)
		return
	case kind == global:
		g := st.Addr.(*ssa.Global)
		stores[name] = true
		s.killGlobal(g)
		if isNilConst(st.Val) {
			return
		}
		if r := s.root(st.Val); r != obj(g) {
			s.holds[g] = r
		}
		if t, ok := concrete(st.Val); ok {
			s.types[g] = t
		}
		return
	}
	// A store through another pointer: a whole struct, or a bool
	// through a pointer to it.
	p, ok := st.Addr.Type().Underlying().(*types.Pointer)
	if !ok {
		return
	}
	switch t := p.Elem().Underlying().(type) {
	case *types.Struct:
		if n := ssaview.NamedOf(p.Elem()); n != nil && n.Obj().Pkg() != nil {
			f := typeName(n) + ".*"
			s.kill(a, f)
			stores[f] = true
		}
	case *types.Basic:
		if t.Kind() == types.Bool {
			s.kill(a, "*")
			stores["*"] = true
		}
	}
}

// call applies a call's effects: what its callees store, and what they
// ensure.
func (a *Analysis) call(r *Result, s *state, fn *ssa.Function, instr *ssa.Call, stores map[string]bool, tests map[string]Fact) {
	s.ensure()
	common := instr.Common()
	callees := a.calleesOf(fn, common)
	args := common.Args
	if common.IsInvoke() {
		args = append([]ssa.Value{common.Value}, common.Args...)
	}
	if len(callees) == 0 {
		// Unseen code: what it is given may change.
		for _, v := range args {
			s.killRoot(s.root(v))
		}
		return
	}
	infos := make([]Info, 0, len(callees))
	for _, c := range callees {
		ctx := a.calleeCtx(s, c, args)
		var info Info
		switch {
		case c.Blocks == nil:
			info = a.imported(c, ctx)
			if len(ctx) > 0 {
				r.deep = true // its variant
			}
		case !a.mayTest[c] && !a.touches[c]:
			// Nothing it does can matter to a flag.
		default:
			if cr := a.Analyze(c, ctx); cr != nil {
				info = cr.Info
				if len(ctx) > 0 && cr.DecidesDeep() {
					r.deep = true
				}
			} else {
				// Recursion: whatever the functions it may reach store.
				info = Info{Stores: a.reachStores(c)}
			}
		}
		infos = append(infos, info)
		if len(ctx) > 0 || len(info.Tests) > 0 {
			r.feeds = true // (a known flag decided its test)
		}
		// The callee's tests on what this function was given are this
		// function's tests, unless known here.
		for _, t := range info.Tests {
			var root obj
			if t.Param >= 0 && t.Param < len(args) {
				root = s.root(args[t.Param])
			} else if t.Param < 0 {
				if g := a.global(t.Global); g != nil {
					root = s.load(g)
				}
			}
			a.addTest(fn, s, root, t.Field, tests)
		}
	}
	// Translate what the callees ensure before their stores are applied
	// (a callee may store the package variable an argument was loaded
	// from; its ensures are about the object).
	var ens, onNil []map[key]bool
	for _, info := range infos {
		ens = append(ens, a.translate(s, info.Ensures, args))
		onNil = append(onNil, a.translate(s, info.OnNil, args))
	}
	for _, info := range infos {
		for _, f := range info.Stores {
			stores[f] = true
			s.kill(a, f)
		}
	}
	for k, v := range intersect(ens) {
		s.facts[k] = v
	}
	if m := intersect(onNil); len(m) > 0 {
		s.onNil[instr] = m
	}
}

// kill forgets what a store of f (a field, "g:" and a package
// variable, "T.*" every field of T, "*" anything) changes.
func (s *state) kill(a *Analysis, f string) {
	switch {
	case f == "*":
		s.facts = map[key]bool{}
		s.onNil = map[ssa.Value]map[key]bool{}
		s.holds = map[*ssa.Global]obj{}
		s.types = map[*ssa.Global]string{}
	case strings.HasPrefix(f, "g:"):
		if g := a.global(f[2:]); g != nil {
			s.killGlobal(g)
		}
	case strings.HasSuffix(f, ".*"):
		prefix := strings.TrimSuffix(f, "*")
		s.killWhere(func(k key) bool { return strings.HasPrefix(k.field, prefix) })
		s.killLink(func(l string) bool { return strings.HasPrefix(l, prefix) })
	case a.links[f]:
		s.killLink(func(l string) bool { return l == f })
	default:
		s.killField(f)
	}
}

// storesOf returns what a callee may store, under no context.
func (a *Analysis) storesOf(c *ssa.Function) []string {
	if c.Blocks == nil {
		return a.imported(c, nil).Stores
	}
	return a.reachStores(c)
}

// reachStores returns what fn and the functions it may reach store,
// whatever their flags: for a call that recurses.
func (a *Analysis) reachStores(fn *ssa.Function) []string {
	if a.reach == nil {
		a.reach = make(map[*ssa.Function][]string)
	}
	if st, ok := a.reach[fn]; ok {
		return st
	}
	seen := map[*ssa.Function]bool{fn: true}
	stack := []*ssa.Function{fn}
	out := make(map[string]bool)
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Store:
					if _, name, kind := storeTarget(instr.Addr); kind == flagField || kind == global || kind == linkField && a.links[name] {
						out[name] = true
					}
				case ssa.CallInstruction:
					// Calls, and what go and defer run.
					for _, c := range a.calleesOf(f, instr.Common()) {
						if c.Blocks == nil {
							for _, s := range a.imported(c, nil).Stores {
								out[s] = true
							}
						} else if !seen[c] {
							seen[c] = true
							stack = append(stack, c)
						}
					}
				}
			}
		}
		for _, anon := range f.AnonFuncs {
			if !seen[anon] {
				seen[anon] = true
				stack = append(stack, anon)
			}
		}
	}
	st := make([]string, 0, len(out))
	for s := range out {
		st = append(st, s)
	}
	slices.Sort(st)
	a.reach[fn] = st
	return st
}

// intersect keeps the facts every map has, with one value.
func intersect(ms []map[key]bool) map[key]bool {
	if len(ms) == 0 {
		return nil
	}
	out := ms[0]
	for _, m := range ms[1:] {
		out = meetFacts(nil, out, nil, m)
	}
	return out
}

// translate puts a callee's facts in the caller's terms.
func (a *Analysis) translate(s *state, fs []Fact, args []ssa.Value) map[key]bool {
	out := make(map[key]bool)
	for _, f := range fs {
		if f.Param >= 0 {
			if f.Param < len(args) {
				out[key{s.root(args[f.Param]), f.Field}] = f.Value
			}
			continue
		}
		if g := a.global(f.Global); g != nil {
			out[key{s.load(g), f.Field}] = f.Value
		}
	}
	return out
}

// addTest records a test of a flag the function's entry decides: one on
// a parameter or a package variable not known here (not set since
// entry: a set flag is known).
func (a *Analysis) addTest(fn *ssa.Function, s *state, root obj, field string, tests map[string]Fact) {
	if root == nil {
		return
	}
	if _, ok := s.facts[key{root, field}]; ok {
		return
	}
	var f Fact
	switch r := root.(type) {
	case *ssa.Parameter:
		i := slices.Index(fn.Params, r)
		if i < 0 {
			return
		}
		f = Fact{Param: i, Field: field}
	case *ssa.Global:
		f = Fact{Param: -1, Global: globalName(r), Field: field}
	default:
		return
	}
	tests[f.slot()] = f
}

// branch returns the states on the edges of a branch; nil for an edge
// that is not taken.
func (a *Analysis) branch(r *Result, s *state, b *ssa.BasicBlock, br *ssa.If, fn *ssa.Function, tests map[string]Fact) []*state {
	t, f := s.clone(), s.clone()
	t.ensure()
	f.ensure()
	if c, ok := condField(br.Cond); ok && !a.volatile[c.field] && c.loadedAt(br) {
		k := key{s.root(c.x), c.field}
		if v, known := s.facts[k]; known {
			if v == c.onTrue {
				r.decided[br] = 0
				return []*state{t, nil}
			}
			r.decided[br] = 1
			return []*state{nil, f}
		}
		delete(r.decided, br)
		a.addTest(fn, s, k.root, c.field, tests)
		t.facts[k] = c.onTrue
		f.facts[k] = !c.onTrue
		return []*state{t, f}
	}
	if cmp, ok := br.Cond.(*ssa.BinOp); ok && (cmp.Op == token.EQL || cmp.Op == token.NEQ) {
		v := cmp.X
		if isNilConst(v) {
			v = cmp.Y
		} else if !isNilConst(cmp.Y) {
			return []*state{t, f}
		}
		nilSide, other := t, f
		if cmp.Op == token.NEQ {
			nilSide, other = f, t
		}
		for k, w := range s.onNil[v] {
			nilSide.facts[k] = w
		}
		other.nonNil[v] = true
	}
	return []*state{t, f}
}

// ensures exports what holds at every state of rets, in fn's terms.
func (a *Analysis) ensures(fn *ssa.Function, rets []*state) []Fact {
	params := make([]ssa.Value, len(fn.Params))
	for i, p := range fn.Params {
		params[i] = p
	}
	var ks []map[string]Fact
	for _, s := range rets {
		ks = append(ks, known(s, params))
	}
	return factList(a.meetKnown(rets, ks))
}

// known returns what s knows of the objects vals stand for (parameter i
// is vals[i]) and of the package variables, as Facts.
func known(s *state, vals []ssa.Value) map[string]Fact {
	out := make(map[string]Fact)
	if s == nil {
		return out
	}
	for j, v := range vals {
		s.export(s.root(v), func(field string, b bool) {
			f := Fact{Param: j, Field: field, Value: b}
			out[f.slot()] = f
		})
	}
	for g := range s.globals() {
		s.export(s.load(g), func(field string, b bool) {
			f := Fact{Param: -1, Global: globalName(g), Field: field, Value: b}
			out[f.slot()] = f
		})
	}
	return out
}

// meetKnown keeps the facts every state knows (ks[i] is what states[i]
// knows), or that cannot apply to what a package variable holds there.
func (a *Analysis) meetKnown(states []*state, ks []map[string]Fact) map[string]Fact {
	out := make(map[string]Fact)
	for i, k := range ks {
		for slot, f := range k {
			if _, done := out[slot]; done {
				continue
			}
			all := true
			for j, other := range ks {
				if j == i {
					continue
				}
				if g, ok := other[slot]; ok && g.Value == f.Value || !ok && a.vacuousIn(states[j], f) {
					continue
				}
				all = false
				break
			}
			if all {
				out[slot] = f
			}
		}
	}
	return out
}

// vacuousIn reports whether f names a field of a type the package
// variable it is about does not hold in s.
func (a *Analysis) vacuousIn(s *state, f Fact) bool {
	if s == nil || f.Param >= 0 {
		return false
	}
	g := a.global(f.Global)
	return g != nil && s.vacuous(key{g, f.Field})
}

func factList(m map[string]Fact) []Fact {
	var out []Fact
	for _, f := range m {
		out = append(out, f)
	}
	return sortCtx(out)
}

// FuncFact is exported on a function whose flags matter to its callers:
// what it tests, stores and ensures, plainly and under each assignment
// of the flags it tests on its parameters (at most maxTests of them).
type FuncFact struct {
	Plain    Info
	Variants []Variant
}

// A Variant is what the function does under one context.
type Variant struct {
	Ctx  Ctx
	Info Info
}

func (*FuncFact) AFact() {}

func (f *FuncFact) String() string {
	var b strings.Builder
	b.WriteString("flags(")
	b.WriteString(f.Plain.String())
	for _, v := range f.Variants {
		b.WriteString("; if ")
		b.WriteString(v.Ctx.Key())
		b.WriteString(" ")
		b.WriteString(v.Info.String())
	}
	b.WriteString(")")
	return b.String()
}

func (i Info) String() string {
	var parts []string
	for _, t := range i.Tests {
		parts = append(parts, "tests "+t.slot())
	}
	if len(i.Stores) > 0 {
		parts = append(parts, "stores "+strings.Join(i.Stores, ","))
	}
	for _, f := range i.Ensures {
		parts = append(parts, "ensures "+f.slot()+"="+strconv.FormatBool(f.Value))
	}
	for _, f := range i.OnNil {
		parts = append(parts, "on nil error "+f.slot()+"="+strconv.FormatBool(f.Value))
	}
	return strings.Join(parts, ", ")
}

// maxTests bounds the variants exported: 2^maxTests.
const maxTests = 2

// Export returns the fact for fn, nil when its callers need none.
func (a *Analysis) Export(fn *ssa.Function) *FuncFact {
	if !a.tested && !a.imports || !a.mayTest[fn] && !a.touches[fn] {
		return nil // it neither tests nor stores, nor calls what does
	}
	r := a.Analyze(fn, nil)
	if r == nil || len(a.relevant) == 0 {
		return nil // no fact can name what it does
	}
	plain := a.exportable(r.Info)
	var tests []Fact
	for _, t := range plain.Tests {
		if t.Param >= 0 {
			tests = append(tests, t)
		}
	}
	plain.Tests = tests
	if len(plain.Tests) == 0 && len(plain.Stores) == 0 && len(plain.Ensures) == 0 && len(plain.OnNil) == 0 {
		return nil
	}
	f := &FuncFact{Plain: plain}
	if len(tests) > 0 && len(tests) <= maxTests {
		for _, ctx := range Assignments(tests) {
			if v := a.Analyze(fn, ctx); v != nil {
				f.Variants = append(f.Variants, Variant{Ctx: ctx, Info: a.exportable(v.Info)})
			}
		}
	}
	return f
}

// Assignments returns every assignment of values to tests, as contexts.
func Assignments(tests []Fact) []Ctx {
	if len(tests) > maxTests {
		return nil
	}
	var out []Ctx
	for m := 0; m < 1<<len(tests); m++ {
		var c Ctx
		for i, t := range tests {
			t.Value = m&(1<<i) != 0
			c = append(c, t)
		}
		out = append(out, sortCtx(c))
	}
	return out
}

// exportable keeps what an importer can name: facts on parameters, and
// stores of the fields a fact may name.
func (a *Analysis) exportable(i Info) Info {
	out := Info{Tests: i.Tests}
	for _, s := range i.Stores {
		if s == "*" || a.relevant[s] || strings.HasSuffix(s, ".*") && a.relevantType(strings.TrimSuffix(s, "*")) {
			out.Stores = append(out.Stores, s)
		}
	}
	keep := func(fs []Fact) []Fact {
		var out []Fact
		for _, f := range fs {
			if f.Param >= 0 && a.relevant[f.Field] {
				out = append(out, f)
			}
		}
		return out
	}
	out.Ensures, out.OnNil = keep(i.Ensures), keep(i.OnNil)
	return out
}

func (a *Analysis) relevantType(prefix string) bool {
	for f := range a.relevant {
		if strings.HasPrefix(f, prefix) {
			return true
		}
	}
	return false
}

// Lookup returns what a fact says fn does under ctx: the variant of
// that context restricted to the tests, or the plain info.
func (f *FuncFact) Lookup(ctx Ctx) Info {
	if f == nil {
		return Info{}
	}
	if len(ctx) > 0 {
		k := ctx.Key()
		for _, v := range f.Variants {
			if v.Ctx.Key() == k {
				return v.Info
			}
		}
	}
	return f.Plain
}

// Active reports whether any context can decide anything in the package.
func (a *Analysis) Active() bool { return a.tested }

// Needed reports whether fn's analysis under a context can matter: it
// or a function it calls tests a flag, or what it knows itself decides
// a branch.
func (a *Analysis) Needed(fn *ssa.Function) bool {
	if !a.mayTest[fn] {
		return false
	}
	r := a.Analyze(fn, nil)
	return r != nil && (len(r.Tests) > 0 || r.feeds || r.Decides())
}
