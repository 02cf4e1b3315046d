package facts

import (
	"fmt"
	"go/token"
	"maps"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/analysis"
)

// SummaryFact carries a function's summary to the packages that call it,
// so that a call in package B to helper.Send(conn, v) in package A, made
// from two goroutines in B, is reported at the call sites in B. Facts are
// exported only for functions whose summary is not empty, and hold only
// what callers can translate: paths from parameters and globals.
//
// Positions don't cross packages: an imported access is reported at the
// call in the importing package that leads to it.
type SummaryFact struct {
	Accesses []factAccess
	Acquires []factLock
	Releases []FactPath
	Signals  []factSignal
	Returns  [][]FactPath
	// Fields of a struct the function builds and returns.
	ReturnFields []factReturnField
	// Typed values stored where callers can see them (dyntypes.go).
	TypeStores []factTypeStore
	// SpawnsOnSuccess: every goroutine the function starts is started
	// on a path that returns a nil error (success.go), so a caller's
	// retry after a failure is not concurrent with them.
	SpawnsOnSuccess bool
	// Callbacks are the calls of the function values and interface
	// methods it was given (callback.go): a package that defines an
	// interface and runs it on its goroutines, implemented elsewhere.
	Callbacks []factCallback
	// Transport: the package that exported it reaches no conn; it was
	// analysed for its callbacks (inverted.go).
	Transport bool
	// Publishes are the names the function gives its parameters' values
	// and its results (alias.go): a registry's Add(conn), a Bind that
	// stores its argument in the receiver.
	Publishes []factPublication
	// Fresh says, per result, whether it is an object the function made
	// (a constructor's).
	Fresh []bool
	// Installs are the handlers the function installs on a conn its
	// caller gives it or gets back (a dial helper's pong handler).
	Installs []factInstall
	// ReturnElems are, per result, the container whose elements the map
	// or slice it returns copies (a snapshot getter).
	ReturnElems [][]FactPath
	// ResultMethods are the summaries of the methods of unexported types
	// a result holds, which export data does not carry.
	ResultMethods []factResultMethod
	// FuncFields are what the function values in the fields of the
	// structs it returns do when called (a codec's encode and decode).
	FuncFields []factFuncField
	// Variants are the summaries under what a caller knows of the
	// flags the function tests, by context key (package flags).
	Variants []factVariant
}

type factVariant struct {
	Key     string
	Summary *SummaryFact
}

type factFuncField struct {
	Result   int
	Field    string
	Param    int
	Accesses []factAccess
}

type factResultMethod struct {
	Result  int
	Type    string
	Name    string
	Summary *SummaryFact
}

type factInstall struct {
	Param    int
	Result   bool
	Accesses []factAccess
}

type factPublication struct {
	Param  int
	Result bool
	P      FactPath
}

// LeadsToConn reports whether the fact says anything about a conn or a
// lock, so that a package naming its function may hold a conn (the
// gate): not a transport's, and not one that only lists callbacks. Those
// would admit every importer of a package that runs a func value on a
// goroutine, and theirs in turn.
func (f *SummaryFact) LeadsToConn() bool {
	return !f.Transport && (len(f.Accesses) > 0 || len(f.Acquires) > 0 || len(f.Releases) > 0 || len(f.Signals) > 0 || anyPaths(f.Returns) || len(f.ReturnFields) > 0 || len(f.TypeStores) > 0)
}

// factCallback is a callback on a parameter or on a field of one.
type factCallback struct {
	Index      int
	Field      *FactPath
	Method     string
	Locks      []factLock
	Async      bool
	Repeats    bool
	Concurrent bool
	Done       []factSignal
	Args       []int
}

type factTypeStore struct {
	// P is the location, or, when Result >= 0, the selections in the
	// object returned as that result.
	Result int
	P      FactPath
	Elems  []factElem
	Types  []string
}

type factCond struct {
	Recv  []FactPath
	Types []string
}

type factReturnField struct {
	Result int
	Field  string
	P      FactPath
}

func (*SummaryFact) AFact() {}

func (f *SummaryFact) String() string {
	var parts []string
	for _, a := range f.Accesses {
		s := fmt.Sprintf("%s %s(%s)", contract.Side(a.Side), a.Method, a.Conn.ToPath().Key)
		if a.Async {
			s = "go " + s
		}
		for _, l := range a.Locks {
			s += " under " + l.P.ToPath().Key
			if !l.Excl {
				s += "(r)"
			}
		}
		for _, c := range fromFactConds(a.Conds) {
			s += " if " + c.Key()
		}
		parts = append(parts, s)
	}
	for _, ts := range f.TypeStores {
		where := ts.P.ToPath().Key
		if ts.Result >= 0 {
			where = paths.NewPath(paths.Root{Kind: paths.RootParam, Index: -1}, fromFactElems(ts.Elems)).Key
			where = fmt.Sprintf("result#%d%s", ts.Result, strings.TrimPrefix(where, "p-1"))
		}
		parts = append(parts, fmt.Sprintf("stores %s∈%s", where, strings.Join(ts.Types, ",")))
	}
	for _, l := range f.Acquires {
		parts = append(parts, "acquires "+l.P.ToPath().Key)
	}
	if f.SpawnsOnSuccess {
		parts = append(parts, "spawns on success")
	}
	for _, cb := range f.Callbacks {
		s := fmt.Sprintf("calls p%d", cb.Index)
		if cb.Field != nil {
			s = "calls " + cb.Field.ToPath().Key
		}
		if cb.Method != "" {
			s += "." + cb.Method
		}
		if cb.Async {
			s = "go " + s
		}
		if cb.Concurrent {
			s += " concurrently"
		}
		parts = append(parts, s)
	}
	for _, p := range f.Releases {
		parts = append(parts, "releases "+p.ToPath().Key)
	}
	for _, s := range f.Signals {
		parts = append(parts, "signals "+effect.Signal{Kind: effect.SignalKind(s.Kind), Path: s.P.ToPath()}.Key())
	}
	for _, rf := range f.ReturnFields {
		parts = append(parts, fmt.Sprintf("returns#%d.%s %s", rf.Result, rf.Field, rf.P.ToPath().Key))
	}
	for i, fps := range f.ReturnElems {
		for _, fp := range fps {
			parts = append(parts, fmt.Sprintf("returns#%d[*] %s", i, fp.ToPath().Key))
		}
	}
	for _, ff := range f.FuncFields {
		what := fmt.Sprintf("p%d", ff.Param-1)
		if ff.Param == 0 {
			var does []string
			for _, a := range ff.Accesses {
				does = append(does, fmt.Sprintf("%s %s(%s)", contract.Side(a.Side), a.Method, a.Conn.ToPath().Key))
			}
			what = strings.Join(does, ", ")
		}
		parts = append(parts, fmt.Sprintf("returns#%d.%s() %s", ff.Result, ff.Field, what))
	}
	for _, rm := range f.ResultMethods {
		parts = append(parts, fmt.Sprintf("result#%d∈%s.%s: %s", rm.Result, rm.Type, rm.Name, strings.TrimSuffix(strings.TrimPrefix(rm.Summary.String(), "summary("), ")")))
	}
	for _, in := range f.Installs {
		what := fmt.Sprintf("p%d", in.Param)
		if in.Result {
			what = fmt.Sprintf("result#%d", in.Param)
		}
		var does []string
		for _, a := range in.Accesses {
			does = append(does, fmt.Sprintf("%s %s", contract.Side(a.Side), a.Method))
		}
		parts = append(parts, fmt.Sprintf("handler on %s: %s", what, strings.Join(does, ", ")))
	}
	for _, pub := range f.Publishes {
		what := fmt.Sprintf("p%d", pub.Param)
		if pub.Result {
			what = fmt.Sprintf("result#%d", pub.Param)
		}
		parts = append(parts, fmt.Sprintf("files %s as %s", what, pub.P.ToPath().Key))
	}
	for i, fresh := range f.Fresh {
		if fresh {
			parts = append(parts, fmt.Sprintf("new result#%d", i))
		}
	}
	for i, ps := range f.Returns {
		for _, p := range ps {
			parts = append(parts, fmt.Sprintf("returns#%d %s", i, p.ToPath().Key))
		}
	}
	return "summary(" + strings.Join(parts, "; ") + ")"
}

type FactPath struct {
	Kind   uint8
	Index  int
	Global string
	Name   string
	Own    bool
	Elems  []factElem
}

type factElem struct {
	Kind  uint8
	Mode  uint8
	Name  string
	Owner string
	// Link is the field's interface type (path.go's elem.link).
	Link  string
	Embed bool
	Filed bool
	Index *FactPath
}

type factAccess struct {
	Side     uint8
	Method   string
	Conn     FactPath
	Locks    []factLock
	Async    bool
	Done     []factSignal
	ConnText string
	Conds    []factCond
	// Site is where the operation is, "file.go:line" in the package
	// that declares the function (or deeper): callers name it.
	Site string
	// Task, Serial and Worker: made by a task sent to a worker, or by
	// the worker itself (pools.go).
	Task   string
	Serial bool
	Worker bool
	// Once: the goroutine was started by this sync.Once's Do.
	Once *FactPath
	// Joined: the goroutine is over whenever the function returns a
	// nil error (it is left running only on failure).
	Joined bool
}

type factLock struct {
	P    FactPath
	Excl bool
}

type factSignal struct {
	Kind uint8
	P    FactPath
}

// exportable reports whether callers in other packages can name p.
func exportable(p paths.Path) bool {
	if p.Root.Kind == paths.RootLocal {
		return false
	}
	for _, e := range p.Elems {
		if e.Index != nil && !exportable(*e.Index) {
			return false
		}
	}
	return true
}

func ToFactPath(p paths.Path) FactPath {
	return FactPath{Kind: uint8(p.Root.Kind), Index: p.Root.Index, Global: p.Root.Global, Name: p.Root.Name, Own: p.Root.Own, Elems: toFactElems(p.Elems)}
}

func toFactElems(elems []paths.Elem) []factElem {
	var out []factElem
	for _, e := range elems {
		fe := factElem{Kind: uint8(e.Kind), Mode: uint8(e.Mode), Name: e.Name, Owner: e.Owner, Embed: e.Embedded, Link: e.Link, Filed: e.Filed}
		if e.Index != nil {
			ip := ToFactPath(*e.Index)
			fe.Index = &ip
		}
		out = append(out, fe)
	}
	return out
}

func (fp FactPath) ToPath() paths.Path {
	r := paths.Root{Kind: paths.RootKind(fp.Kind), Index: fp.Index, Global: fp.Global, Name: fp.Name, Own: fp.Own}
	return paths.NewPath(r, fromFactElems(fp.Elems))
}

func fromFactElems(fes []factElem) []paths.Elem {
	var elems []paths.Elem
	for _, fe := range fes {
		e := paths.Elem{Kind: paths.ElemKind(fe.Kind), Mode: paths.ElemMode(fe.Mode), Name: fe.Name, Owner: fe.Owner, Embedded: fe.Embed, Link: fe.Link, Filed: fe.Filed}
		if fe.Index != nil {
			ip := fe.Index.ToPath()
			e.Index = &ip
		}
		elems = append(elems, e)
	}
	return elems
}

// toFactConds keeps the paths of each condition callers can name; a
// condition left with none can't be decided by them (and fails there).
func toFactConds(cs []effect.DispatchCond) []factCond {
	var out []factCond
	for _, c := range cs {
		fc := factCond{Types: c.Types}
		for _, p := range c.Recv {
			if exportable(p) {
				fc.Recv = append(fc.Recv, ToFactPath(p))
			}
		}
		out = append(out, fc)
	}
	return out
}

func fromFactConds(fcs []factCond) []effect.DispatchCond {
	var out []effect.DispatchCond
	for _, fc := range fcs {
		c := effect.DispatchCond{Types: fc.Types}
		for _, fp := range fc.Recv {
			c.Recv = append(c.Recv, fp.ToPath())
		}
		out = append(out, c)
	}
	return out
}

func toFactLocks(ls lockset.Set) []factLock {
	var out []factLock
	for _, l := range ls {
		if exportable(l.Path) {
			out = append(out, factLock{P: ToFactPath(l.Path), Excl: l.Excl})
		}
	}
	return out
}

func toFactSignals(sigs []effect.Signal) []factSignal {
	var out []factSignal
	for _, s := range sigs {
		if exportable(s.Path) {
			out = append(out, factSignal{Kind: uint8(s.Kind), P: ToFactPath(s.Path)})
		}
	}
	return out
}

// ToFact converts a summary, or returns nil if nothing in it matters to
// another package.
func toFactAccess(fset *token.FileSet, a effect.Access) factAccess {
	fa := factAccess{
		Side:     uint8(a.Side),
		Method:   a.Method,
		Conn:     ToFactPath(a.Conn),
		Locks:    toFactLocks(a.Locks),
		Async:    a.Async,
		Done:     toFactSignals(a.Done),
		ConnText: a.ConnText,
		Conds:    toFactConds(a.Conds),
		Site:     a.Remote,
		Task:     a.Task,
		Serial:   a.Serial,
		Worker:   a.Worker,
		Joined:   a.JoinedOnSuccess,
	}
	if a.Site.IsValid() && a.Remote == "" {
		fa.Site = ssaview.Where(fset, a.Site)
	}
	if a.Once != nil && exportable(*a.Once) {
		fp := ToFactPath(*a.Once)
		fa.Once = &fp
	}
	return fa
}

// toFactAccesses converts accs for a fact (Installs, FuncFields).
func toFactAccesses(fset *token.FileSet, accs []effect.Access) []factAccess {
	var out []factAccess
	for _, a := range accs {
		out = append(out, toFactAccess(fset, a))
	}
	return out
}

// fromFactAccesses converts a fact's accesses back.
func fromFactAccesses(fas []factAccess) []effect.Access {
	var out []effect.Access
	for _, fa := range fas {
		out = append(out, fromFactAccess(fa))
	}
	return out
}

func ToFact(fset *token.FileSet, s *effect.Summary) *SummaryFact {
	f := &SummaryFact{Acquires: toFactLocks(s.Acquires), Signals: toFactSignals(s.Signals), SpawnsOnSuccess: s.SpawnsOnSuccess}
	seen := make(map[string]bool)
	for _, a := range s.Accesses {
		if !exportable(a.Conn) || a.Handed != "" {
			// A handed object's methods are the importer's to call.
			continue
		}
		fa := toFactAccess(fset, a)
		// Sites don't cross packages, so accesses that differ only
		// by site are one access to callers.
		k := fmt.Sprintf("%d|%s|%v|%v|%v|%s|%v", fa.Side, a.Conn.Key, a.Locks, fa.Async, fa.Done, effect.CondKeys(a.Conds), fa.Joined)
		if !seen[k] {
			seen[k] = true
			f.Accesses = append(f.Accesses, fa)
		}
	}
	for _, p := range s.Releases {
		if exportable(p) {
			f.Releases = append(f.Releases, ToFactPath(p))
		}
	}
	f.Returns = toFactResultPaths(s.Returns)
	for _, rf := range s.ReturnFields {
		if exportable(rf.Path) {
			f.ReturnFields = append(f.ReturnFields, factReturnField{Result: rf.Result, Field: rf.Field, P: ToFactPath(rf.Path)})
		}
	}
	for _, ts := range s.TypeStores {
		switch {
		case ts.Result >= 0:
			f.TypeStores = append(f.TypeStores, factTypeStore{Result: ts.Result, Elems: toFactElems(ts.Path.Elems), Types: ts.Types})
		case exportable(ts.Path):
			f.TypeStores = append(f.TypeStores, factTypeStore{Result: -1, P: ToFactPath(ts.Path), Types: ts.Types})
		}
	}
	for _, cb := range s.Callbacks {
		if cb.FreeVar || cb.Field != nil && cb.Field.Root.Kind != paths.RootParam {
			// Only the caller's arguments can be resolved there: a
			// function in a package variable is the callee's.
			continue
		}
		fc := factCallback{Index: cb.Index, Method: cb.Method, Locks: toFactLocks(cb.Locks), Async: cb.Async, Repeats: cb.Repeats, Concurrent: cb.Concurrent, Done: toFactSignals(cb.Done), Args: cb.Args}
		if cb.Field != nil {
			if !exportable(*cb.Field) {
				continue
			}
			fp := ToFactPath(*cb.Field)
			fc.Field = &fp
		}
		f.Callbacks = append(f.Callbacks, fc)
	}
	for _, pub := range s.Publishes {
		if !pub.FreeVar && exportable(pub.Path) {
			f.Publishes = append(f.Publishes, factPublication{Param: pub.Param, Result: pub.Result, P: ToFactPath(pub.Path)})
		}
	}
	if slices.Contains(s.Fresh, true) {
		f.Fresh = s.Fresh
	}
	for _, in := range s.Installs {
		f.Installs = append(f.Installs, factInstall{Param: in.Param, Result: in.Result, Accesses: toFactAccesses(fset, in.Accs)})
	}
	for _, ff := range s.FuncFields {
		fff := factFuncField{Result: ff.Result, Field: ff.Field, Param: ff.Param}
		fff.Accesses = toFactAccesses(fset, slices.DeleteFunc(slices.Clone(ff.Accs), func(a effect.Access) bool { return !exportable(a.Conn) }))
		if fff.Param > 0 || len(fff.Accesses) > 0 {
			f.FuncFields = append(f.FuncFields, fff)
		}
	}
	for _, rm := range s.ResultMethods {
		if sf := ToFact(fset, rm.Sum); sf != nil {
			f.ResultMethods = append(f.ResultMethods, factResultMethod{Result: rm.Result, Type: rm.Type, Name: rm.Name, Summary: sf})
		}
	}
	if f.ReturnElems = toFactResultPaths(s.ReturnElems); !anyPaths(f.ReturnElems) {
		f.ReturnElems = nil
	}
	for _, k := range slices.Sorted(maps.Keys(s.Variants)) {
		v := ToFact(fset, s.Variants[k])
		if v == nil {
			v = &SummaryFact{}
		}
		f.Variants = append(f.Variants, factVariant{Key: k, Summary: v})
	}
	if len(f.Variants) == 0 && f.ReturnElems == nil && len(f.FuncFields) == 0 && len(f.ResultMethods) == 0 && len(f.Installs) == 0 && len(f.Accesses) == 0 && len(f.Acquires) == 0 && len(f.Releases) == 0 && len(f.Signals) == 0 && !anyPaths(f.Returns) && len(f.ReturnFields) == 0 && len(f.TypeStores) == 0 && len(f.Callbacks) == 0 && len(f.Publishes) == 0 && f.Fresh == nil {
		return nil
	}
	if !anyPaths(f.Returns) {
		f.Returns = nil
	}
	return f
}

// FromFact converts an imported fact to a summary whose accesses have no
// site and no goroutine position: lift fills in the call that reaches
// them.
func FromFact(f *SummaryFact) *effect.Summary {
	s := &effect.Summary{SpawnsOnSuccess: f.SpawnsOnSuccess, Fresh: f.Fresh}
	for _, fp := range f.Publishes {
		s.Publishes = append(s.Publishes, effect.Publication{Param: fp.Param, Result: fp.Result, Path: fp.P.ToPath()})
	}
	for _, l := range f.Acquires {
		s.Acquires = s.Acquires.Add(lockset.Lock{Path: l.P.ToPath(), Excl: l.Excl})
	}
	for _, p := range f.Releases {
		s.Releases = append(s.Releases, p.ToPath())
	}
	s.Signals = fromFactSignals(f.Signals)
	for _, fc := range f.Callbacks {
		cb := effect.Callback{Index: fc.Index, Method: fc.Method, Async: fc.Async, Repeats: fc.Repeats, Concurrent: fc.Concurrent, Done: fromFactSignals(fc.Done), Args: fc.Args}
		if fc.Field != nil {
			p := fc.Field.ToPath()
			cb.Field = &p
		}
		for _, l := range fc.Locks {
			cb.Locks = cb.Locks.Add(lockset.Lock{Path: l.P.ToPath(), Excl: l.Excl})
		}
		s.Callbacks = append(s.Callbacks, cb)
	}
	for _, ft := range f.TypeStores {
		ts := effect.TypeStore{Result: ft.Result, Types: ft.Types}
		if ft.Result >= 0 {
			// Only the selections matter: they are rebased on the
			// caller's result value.
			ts.Path = paths.Path{Elems: fromFactElems(ft.Elems)}
		} else {
			ts.Path = ft.P.ToPath()
		}
		s.TypeStores = append(s.TypeStores, ts)
	}
	for _, rf := range f.ReturnFields {
		s.ReturnFields = append(s.ReturnFields, effect.ReturnField{Result: rf.Result, Field: rf.Field, Path: rf.P.ToPath()})
	}
	for _, fff := range f.FuncFields {
		s.FuncFields = append(s.FuncFields, effect.FuncField{Result: fff.Result, Field: fff.Field, Param: fff.Param, Accs: fromFactAccesses(fff.Accesses)})
	}
	for _, v := range f.Variants {
		if s.Variants == nil {
			s.Variants = make(map[string]*effect.Summary)
		}
		s.Variants[v.Key] = FromFact(v.Summary)
	}
	for _, rm := range f.ResultMethods {
		sum := FromFact(rm.Summary)
		sum.Name = rm.Name
		s.ResultMethods = append(s.ResultMethods, effect.ResultMethod{Result: rm.Result, Type: rm.Type, Name: rm.Name, Sum: sum})
	}
	s.Returns = fromFactResultPaths(f.Returns)
	s.ReturnElems = fromFactResultPaths(f.ReturnElems)
	s.Accesses = fromFactAccesses(f.Accesses)
	for _, fi := range f.Installs {
		s.Installs = append(s.Installs, effect.Install{Param: fi.Param, Result: fi.Result, Accs: fromFactAccesses(fi.Accesses)})
	}
	return s
}

func fromFactAccess(fa factAccess) effect.Access {
	a := effect.Access{
		Side:     contract.Side(fa.Side),
		Method:   fa.Method,
		Conn:     fa.Conn.ToPath(),
		Async:    fa.Async,
		Done:     fromFactSignals(fa.Done),
		ConnText: fa.ConnText,
		Conds:    fromFactConds(fa.Conds),
		Remote:   fa.Site,
		Task:     fa.Task,
		Serial:   fa.Serial,
		Worker:   fa.Worker,

		JoinedOnSuccess: fa.Joined,
	}
	for _, l := range fa.Locks {
		a.Locks = a.Locks.Add(lockset.Lock{Path: l.P.ToPath(), Excl: l.Excl})
	}
	if fa.Once != nil {
		p := fa.Once.ToPath()
		a.Once = &p
	}
	return a
}

// toFactResultPaths converts per-result paths, keeping the exportable
// ones.
func toFactResultPaths(pss [][]paths.Path) [][]FactPath {
	var out [][]FactPath
	for _, ps := range pss {
		var fps []FactPath
		for _, p := range ps {
			if exportable(p) {
				fps = append(fps, ToFactPath(p))
			}
		}
		out = append(out, fps)
	}
	return out
}

// fromFactResultPaths converts per-result fact paths back.
func fromFactResultPaths(fpss [][]FactPath) [][]paths.Path {
	var out [][]paths.Path
	for _, fps := range fpss {
		var ps []paths.Path
		for _, fp := range fps {
			ps = append(ps, fp.ToPath())
		}
		out = append(out, ps)
	}
	return out
}

func fromFactSignals(fs []factSignal) []effect.Signal {
	var out []effect.Signal
	for _, s := range fs {
		out = append(out, effect.Signal{Kind: effect.SignalKind(s.Kind), Path: s.P.ToPath()})
	}
	return out
}

var _ analysis.Fact = (*SummaryFact)(nil)

func anyPaths(pss [][]FactPath) bool {
	for _, ps := range pss {
		if len(ps) > 0 {
			return true
		}
	}
	return false
}
