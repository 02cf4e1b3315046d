package report

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// A finding is the best explanation found so far for one offending call
// site: the other access it can overlap and the goroutine that makes the
// overlap possible.
type finding struct {
	a, other   effect.Access
	aVia, bVia token.Pos // the calls, in the function that saw both, that lead to a and other
	goPos      token.Pos
	loop       bool // other is a's own copy in a later iteration
	many       bool // other is a's own copy in a concurrent handler call
	// concurrent: other is a's own copy on another goroutine the
	// event's callee runs a callback on (callback.concurrent).
	concurrent bool
	// guard, field: the pair was found by the lock-consistency rule
	// (consistency.go): field is written holding guard at one side, and
	// without it at the other (a, when lacks).
	guard string
	field paths.Path
	lacks bool
	// leftBy and meanwhile: the pair was found between the goroutine
	// entry point leftBy leaves running and entry point meanwhile
	// (openworld.go).
	leftBy, meanwhile string
	// shared: the two sides are one goroutine, left running once per
	// call on each of two objects, whose conn is an element of this
	// container field (membership.go).
	shared string
	// task, when set, is the task key of the side whose goroutine
	// goPos starts: goPos is the send of a task for a worker goroutine
	// (pools.go), or the call that hands a function to a package's
	// loop (effect.RunnerTask), not a go statement.
	task string
	// iface: the pair is two methods (leftBy, meanwhile) of recvType,
	// which implements iface, whose methods may be called from several
	// goroutines at once (netconn.go).
	iface, recvType string
	// dispatched: a side is a function stored in this container field,
	// started on a goroutine per event at goPos (listeners.go).
	dispatched string
	// handed: a side is an exported method (handedMethod) of an object
	// handed to user code by the call of handedBy at handedAt.
	handedMethod, handedBy string
	handedAt               token.Pos
}

// Reporter collects one finding per call site and emits diagnostics in
// position order, so output is the same from run to run.
type Reporter struct {
	pass     *analysis.Pass
	contract *contract.Contract
	related  bool // attach RelatedInformation (-related)
	Explain  bool // record and show call chains (-explain)
	findings map[token.Pos]*finding
	calls    map[token.Pos]*ast.CallExpr // by Lparen
	sends    map[token.Pos]token.Pos     // send statements' starts, by arrow
	assigns  map[token.Pos][]string      // by the Lparen of the call assigned
}

func NewReporter(pass *analysis.Pass, c *contract.Contract, related, explain bool) *Reporter {
	return &Reporter{pass: pass, contract: c, related: related, Explain: explain, findings: make(map[token.Pos]*finding)}
}

// Race records that x (performed by a goroutine started at or through
// event xev) can overlap y.
func (r *Reporter) Race(xev *effect.Event, x effect.Access, yev *effect.Event, y effect.Access) {
	r.add(x, y, xev, yev)
	r.add(y, x, yev, xev)
}

func (r *Reporter) add(a, b effect.Access, aev, bev *effect.Event) {
	if !a.Site.IsValid() {
		return
	}
	goPos, task := b.GoPos, taskOf(b)
	if !goPos.IsValid() {
		goPos, task = a.GoPos, taskOf(a)
	}
	// A goroutine started by a call (time.AfterFunc, wg.Go, a handler
	// registration) is named by where the call starts, not its paren.
	goPos = r.callStart(goPos)
	aVia, bVia := viaOf(a, aev), viaOf(b, bev)
	if aVia == bVia {
		// Reached through the same call inside: the calls of the
		// function that saw both tell them apart.
		aVia, bVia = aev.Instr.Pos(), bev.Instr.Pos()
	}
	f := &finding{a: a, other: b, aVia: aVia, bVia: bVia, goPos: goPos, loop: aev == bev && aev.Mult != effect.Concurrently, many: aev == bev && aev.Mult == effect.Concurrently, task: task}
	f.concurrent = aev == bev && aev.Mult == effect.Once && a.Concurrent && b.Concurrent
	for i, h := range []effect.Access{a, b} {
		if m, by, ok := strings.Cut(h.Handed, "|"); ok {
			// The goroutine named is the other side's, if it has one.
			other := []effect.Access{b, a}[i]
			f.handedMethod, f.handedBy, f.handedAt = m, by, h.GoPos
			f.goPos = token.NoPos
			if other.Async {
				f.goPos = r.callStart(other.GoPos)
			}
			break
		}
	}
	if old, ok := r.findings[a.Site]; ok && !f.better(old, r.pass.Fset) {
		return
	}
	r.findings[a.Site] = f
}

// started names what goPos is: a go statement's goroutine, a task sent
// to worker goroutines, or a function handed to a package's loop.
func (f *finding) started() string {
	if loop, ok := strings.CutPrefix(f.task, effect.RunnerTask); ok {
		return "run later by " + loop + ", handed over"
	}
	if f.task != "" {
		return "task for a worker goroutine sent"
	}
	return "goroutine started"
}

// taskOf is the task key a finding names for an access's goroutine: ""
// for a go statement's or a worker's own.
func taskOf(a effect.Access) string {
	if a.Worker {
		return ""
	}
	return a.Task
}

// OpenRace records that x, made by a goroutine that entry point xfn
// leaves running, can overlap y, made by entry point yfn.
func (r *Reporter) OpenRace(x effect.Access, xfn *ssa.Function, y effect.Access, yfn *ssa.Function, shared string) {
	for _, side := range []struct{ a, b effect.Access }{{x, y}, {y, x}} {
		a, b := side.a, side.b
		if !a.Site.IsValid() {
			continue
		}
		// An entry point's own access has no call leading to it:
		// the site is where it is reached.
		aVia, bVia := cmp.Or(a.Via, a.Site), cmp.Or(b.Via, b.Site)
		f := &finding{a: a, other: b, aVia: aVia, bVia: bVia, goPos: r.callStart(x.GoPos), leftBy: xfn.Name(), meanwhile: yfn.Name(), task: taskOf(x), shared: shared}
		if old, ok := r.findings[a.Site]; ok && !f.better(old, r.pass.Fset) {
			continue
		}
		r.findings[a.Site] = f
	}
}

// DispatchRace records that x, made by a function stored in the
// container field and started on a goroutine of its own at goPos for
// each event, can overlap y (another such access, or an entry point's).
func (r *Reporter) DispatchRace(x, y effect.Access, goPos token.Pos, field string) {
	for _, side := range []struct{ a, b effect.Access }{{x, y}, {y, x}} {
		a, b := side.a, side.b
		if !a.Site.IsValid() {
			continue
		}
		aVia, bVia := cmp.Or(a.Via, a.Site), cmp.Or(b.Via, b.Site)
		f := &finding{a: a, other: b, aVia: aVia, bVia: bVia, goPos: goPos, dispatched: field}
		if old, ok := r.findings[a.Site]; ok && !f.better(old, r.pass.Fset) {
			continue
		}
		r.findings[a.Site] = f
	}
}

// MethodsRace records that x, made by method xfn, can overlap y, made
// by method yfn of the same type: the type implements iface, whose
// methods may be called from several goroutines at once (net.Conn).
func (r *Reporter) MethodsRace(x effect.Access, xfn *ssa.Function, y effect.Access, yfn *ssa.Function, iface string) {
	for _, side := range []struct {
		a, b     effect.Access
		afn, bfn *ssa.Function
	}{{x, y, xfn, yfn}, {y, x, yfn, xfn}} {
		a, b := side.a, side.b
		if !a.Site.IsValid() {
			continue
		}
		aVia, bVia := cmp.Or(a.Via, a.Site), cmp.Or(b.Via, b.Site)
		f := &finding{a: a, other: b, aVia: aVia, bVia: bVia, leftBy: side.afn.Name(), meanwhile: side.bfn.Name(), iface: iface, recvType: recvName(side.afn)}
		if old, ok := r.findings[a.Site]; ok && !f.better(old, r.pass.Fset) {
			continue
		}
		r.findings[a.Site] = f
	}
}

// recvName names fn's receiver type, without its package.
func recvName(fn *ssa.Function) string {
	if n := ssaview.NamedOf(fn.Signature.Recv().Type()); n != nil {
		return n.Obj().Name()
	}
	return ""
}

// viaOf is the call that leads to a: the call of the helper that
// performs it, or the event's own call.
func viaOf(a effect.Access, ev *effect.Event) token.Pos {
	if a.Via.IsValid() {
		return a.Via
	}
	return ev.Instr.Pos()
}

// better prefers the strongest evidence (two goroutines the package
// starts; then a goroutine an entry point leaves running; then a mutex
// held elsewhere), then goroutines started fewer calls down, then a
// partner at another site over the site itself,
// then the earliest partner and goroutine: the choice must not depend on
// the order in which functions were analysed.
func (f *finding) better(g *finding, fset *token.FileSet) bool {
	if f.evidence() != g.evidence() {
		return f.evidence() < g.evidence()
	}
	// Then the simplest explanation: goroutines started fewest calls
	// down.
	if fd, gd := f.a.GoDepth+f.other.GoDepth, g.a.GoDepth+g.other.GoDepth; fd != gd {
		return fd < gd
	}
	self := func(x *finding) int {
		if x.other.Site == x.a.Site {
			return 1
		}
		return 0
	}
	pos := func(a, b token.Pos) int { return ssaview.ComparePosition(fset, a, b) }
	return cmp.Or(
		cmp.Compare(self(f), self(g)),
		pos(f.other.Site, g.other.Site),
		pos(f.goPos, g.goPos),
		pos(f.bVia, g.bVia),
		pos(f.aVia, g.aVia),
	) < 0
}

// evidence ranks how a finding was found (lower is stronger).
func (f *finding) evidence() int {
	switch {
	case f.guard != "":
		return 2
	case f.leftBy != "", f.dispatched != "":
		return 1
	}
	return 0
}

// callExpr returns the call expression whose Lparen is at pos.
func (r *Reporter) callExpr(pos token.Pos) *ast.CallExpr {
	r.indexCalls()
	return r.calls[pos]
}

// indexCalls records, once, the calls by their Lparen and the send
// statements by their arrow (the positions SSA gives them).
func (r *Reporter) indexCalls() {
	if r.calls != nil {
		return
	}
	r.calls = make(map[token.Pos]*ast.CallExpr)
	r.sends = make(map[token.Pos]token.Pos)
	for _, f := range r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				r.calls[n.Lparen] = n
			case *ast.SendStmt:
				r.sends[n.Arrow] = n.Pos()
			}
			return true
		})
	}
}

// SendStart returns where the send statement whose arrow is at pos
// starts (pos itself if there is none).
func (r *Reporter) SendStart(pos token.Pos) token.Pos {
	r.indexCalls()
	if start, ok := r.sends[pos]; ok {
		return start
	}
	return pos
}

// AssignedName returns the variable the source assigns v to, when v is
// (a result of) a call on the right of := or = (c := New(); c, err :=
// Dial()).
func (r *Reporter) AssignedName(v ssa.Value) string {
	call, i := paths.CallResult(v)
	if call == nil {
		return ""
	}
	if r.assigns == nil {
		r.assigns = make(map[token.Pos][]string)
		for _, f := range r.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
					if c, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr); ok {
						var names []string
						for _, l := range as.Lhs {
							id, _ := l.(*ast.Ident)
							if id == nil || id.Name == "_" {
								names = append(names, "")
							} else {
								names = append(names, id.Name)
							}
						}
						r.assigns[c.Lparen] = names
					}
				}
				return true
			})
		}
	}
	if names := r.assigns[call.Pos()]; i < len(names) {
		return names[i]
	}
	return ""
}

// callStart returns the start of the call whose Lparen is at pos.
func (r *Reporter) callStart(pos token.Pos) token.Pos {
	if call := r.callExpr(pos); call != nil {
		return call.Pos()
	}
	return pos
}

// ConnText returns how the call at pos names its connection operand.
func (r *Reporter) ConnText(pos token.Pos, op contract.ConnOp) string {
	call := r.callExpr(pos)
	if call == nil {
		return ""
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			if _, isPkg := r.pass.TypesInfo.Uses[id].(*types.PkgName); isPkg {
				if len(call.Args) > 0 {
					return types.ExprString(call.Args[0]) // websocket.WriteJSON(c, v)
				}
				return "" // hub.New(): the package is no operand
			}
		}
		if tv, ok := r.pass.TypesInfo.Types[sel.X]; ok && tv.IsType() && len(call.Args) > 0 {
			return types.ExprString(call.Args[0]) // (*websocket.Conn).WriteMessage(c, ...)
		}
		return types.ExprString(sel.X)
	}
	return ""
}

func (r *Reporter) Flush() {
	sites := make([]token.Pos, 0, len(r.findings))
	for pos := range r.findings {
		sites = append(sites, pos)
	}
	ssaview.SortByPosition(r.pass.Fset, sites, func(p token.Pos) token.Pos { return p })
	sup := collectSuppressions(r.pass)
	for _, pos := range sites {
		f := r.findings[pos]
		d := analysis.Diagnostic{
			Pos:      pos,
			Category: category(f.a.Side),
			Message:  r.message(f),
		}
		if call := r.callExpr(pos); call != nil {
			d.Pos, d.End = call.Pos(), call.End()
			if fix := r.controlFrameFix(call); fix != nil {
				d.SuggestedFixes = append(d.SuggestedFixes, *fix)
			}
			if fix := r.sharedLockFix(f, call); fix != nil {
				d.SuggestedFixes = append(d.SuggestedFixes, *fix)
			}
		}
		if sup.suppressed(r.pass.Fset, d.Pos) {
			continue
		}
		if f.other.Site != f.a.Site && f.other.Site.IsValid() && r.related {
			d.Related = append(d.Related, analysis.RelatedInformation{
				Pos:     r.callStart(f.other.Site),
				Message: fmt.Sprintf("the other %s (%s)", f.a.Side, f.other.Method),
			})
		}
		if f.goPos.IsValid() && r.related {
			d.Related = append(d.Related, analysis.RelatedInformation{
				Pos:     f.goPos,
				Message: f.started() + " here",
			})
		}
		if r.Explain && r.related {
			d.Related = append(d.Related, r.chain("this", f.a)...)
			if f.other.Site != f.a.Site || !slices.Equal(f.other.Chain, f.a.Chain) {
				d.Related = append(d.Related, r.chain("the other", f.other)...)
			}
		}
		r.pass.Report(d)
	}
}

// Categories of findings. They are stable: configuration, suppressions
// and CI filters refer to them.
const (
	// CategoryWrite: two write methods on one conn can run at once.
	CategoryWrite = "concurrent-write"
	// CategoryRead: two read methods on one conn can run at once.
	CategoryRead = "concurrent-read"
	// CategoryDirective: a //wsconcurrent:ignore without a reason.
	CategoryDirective = "invalid-directive"
)

func category(s contract.Side) string {
	if s == contract.Read {
		return CategoryRead
	}
	return CategoryWrite
}

func (r *Reporter) message(f *finding) string {
	what := "concurrent write to"
	if f.a.Side == contract.Read {
		what = "concurrent read from"
	}
	conn := f.a.ConnText
	if conn == "" {
		// The expression the site's call reaches the conn through:
		// its receiver, or its first argument, or what it calls.
		conn = r.ConnText(f.a.Site, contract.ConnOp{})
	}
	if conn == "" {
		if call := r.callExpr(f.a.Site); call != nil {
			if len(call.Args) > 0 {
				conn = types.ExprString(call.Args[0])
			} else {
				conn = types.ExprString(call.Fun) + "()"
			}
		}
	}
	if conn == "" {
		conn = "the conn"
	}
	head := fmt.Sprintf("%s %s: %s may overlap", what, conn, opName(f.a))
	goroutine := ""
	if f.goPos.IsValid() {
		goroutine = " (" + f.started() + " at " + r.where(f.goPos) + ")"
	}
	if f.guard != "" {
		field, guard := guardText(f.field, f.guard)
		switch {
		case f.other.Site == f.a.Site:
			// One write reached two ways: a wrapper called with the
			// mutex and without it.
			with, without := f.bVia, f.aVia
			if !f.lacks {
				with, without = without, with
			}
			goroutine = fmt.Sprintf(" (%s is written holding %s through the call at %s, not through the one at %s)", field, guard, r.where(with), r.where(without))
		case f.lacks:
			goroutine = fmt.Sprintf(" (%s is written holding %s there, not here)", field, guard)
		default:
			goroutine = fmt.Sprintf(" (%s is written there without %s, which this holds)", field, guard)
		}
	}
	if f.leftBy != "" && f.goPos.IsValid() {
		goroutine = fmt.Sprintf(" (%s at %s and left running by %s; %s may be called meanwhile)", f.started(), r.where(f.goPos), f.leftBy, f.meanwhile)
	}
	if f.handedMethod != "" {
		started := ""
		if f.goPos.IsValid() {
			started = f.started() + " at " + r.where(f.goPos) + "; "
		}
		goroutine = fmt.Sprintf(" (%s%s at %s hands the object to user code, which may call %s meanwhile)", started, f.handedBy, r.where(f.handedAt), f.handedMethod)
	}
	if f.dispatched != "" {
		field := f.dispatched
		if i := strings.LastIndex(field, "/"); i >= 0 {
			field = field[i+1:]
		}
		goroutine = fmt.Sprintf(" (a function stored in %s runs on the goroutine started at %s, one per event)", field, r.where(f.goPos))
	}
	if f.iface != "" {
		goroutine = fmt.Sprintf(" (%s implements %s, whose methods may be called from several goroutines at once: %s beside %s)", f.recvType, f.iface, f.leftBy, f.meanwhile)
	}
	switch {
	case !f.other.Site.IsValid() && f.other.Remote != "":
		// A write in another package (guards.go).
		return fmt.Sprintf("%s %s at %s%s", head, f.other.Method, f.other.Remote, goroutine)
	case f.shared != "" && f.other.Site == f.a.Site:
		field := f.shared
		if i := strings.LastIndex(field, "/"); i >= 0 {
			field = field[i+1:]
		}
		return fmt.Sprintf("%s itself: each call of %s leaves the goroutine started at %s running, and one value may be an element of several %s", head, f.leftBy, r.where(f.goPos), field)
	case f.other.Site != f.a.Site:
		return fmt.Sprintf("%s %s at %s%s", head, opName(f.other), r.where(f.other.Site), goroutine)
	case f.dispatched != "" && f.aVia == f.bVia:
		field := f.dispatched[strings.LastIndex(f.dispatched, "/")+1:]
		return fmt.Sprintf("%s itself: a function stored in %s runs on the goroutine started at %s, one per event", head, field, r.where(f.goPos))
	case effect.SamePool(&f.a, &f.other) && f.leftBy != "":
		return fmt.Sprintf("%s itself: the task sent at %s runs on a pool of workers, beside the tasks other calls of %s send", head, r.where(f.goPos), f.leftBy)
	case f.concurrent:
		callee := "the call"
		if call := r.callExpr(f.a.Via); call != nil {
			callee = types.ExprString(call.Fun)
		}
		return fmt.Sprintf("%s itself: %s, called at %s, runs it on goroutines that overlap each other", head, callee, r.where(f.a.Via))
	case f.many:
		return fmt.Sprintf("%s itself: the handler registered at %s serves requests concurrently", head, r.where(f.goPos))
	case f.loop && f.task != "":
		return fmt.Sprintf("%s itself: the task sent at %s, once per loop iteration, runs on a pool of workers", head, r.where(f.goPos))
	case f.loop:
		return fmt.Sprintf("%s itself: the goroutine started at %s runs once per loop iteration", head, r.where(f.goPos))
	default:
		x, y := f.aVia, f.bVia
		if y < x {
			x, y = y, x
		}
		wx, wy := r.where(x), r.where(y)
		if wx == wy {
			// Two calls on one line (a{news: newTopic(), sports:
			// newTopic()}): their columns tell them apart.
			px, py := r.pass.Fset.Position(x), r.pass.Fset.Position(y)
			wx, wy = fmt.Sprintf("%s:%d", wx, px.Column), fmt.Sprintf("%s:%d", wy, py.Column)
		}
		return fmt.Sprintf("%s itself, reached from %s and %s%s", head, wx, wy, goroutine)
	}
}

// chain renders the calls that lead to access a, from the function that
// saw both sides down to the access, as related information.
func (r *Reporter) chain(side string, a effect.Access) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for _, h := range a.Chain {
		if !h.Pos.IsValid() {
			continue // a call inside a synthetic wrapper
		}
		if call := r.callExpr(h.Pos); call != nil {
			if _, lit := ast.Unparen(call.Fun).(*ast.FuncLit); lit {
				continue // go func() { ... }(): the goroutine's start says it
			}
		}
		out = append(out, analysis.RelatedInformation{
			Pos:     r.callStart(h.Pos),
			Message: fmt.Sprintf("%s %s: through %s", side, a.Side, h.Callee),
		})
	}
	return out
}

// opName names the operation at an access's site: the method, or the
// function of another package that performs it.
func opName(a effect.Access) string {
	if a.SiteCall != "" {
		if a.Remote != "" {
			return a.SiteCall + " (" + a.Method + " at " + a.Remote + ")"
		}
		return a.SiteCall + " (" + a.Method + ")"
	}
	return a.Method
}

// where renders a position as file:line, short enough for an editor.
func (r *Reporter) where(pos token.Pos) string {
	return ssaview.Where(r.pass.Fset, pos)
}

// CalleeName names a function for a chain: its name, or where a
// function literal is.
func CalleeName(fn *ssa.Function) string {
	if fn.Parent() != nil && fn.Object() == nil {
		p := fn.Prog.Fset.Position(fn.Pos())
		return fmt.Sprintf("the function literal at %s:%d", filepath.Base(p.Filename), p.Line)
	}
	return fn.Name()
}

// Inconsistent records that x, which does not hold guard, can overlap y,
// which does. Both are reported, as for any race; the message says which
// side lacks the mutex.
func (r *Reporter) Inconsistent(x, y effect.Access, field paths.Path, guard string) {
	add := func(a, b effect.Access, lacks bool) {
		if !a.Site.IsValid() {
			return // a write in another package (guards.go)
		}
		aVia, bVia := a.Via, b.Via
		if !aVia.IsValid() {
			aVia = a.Site
		}
		if !bVia.IsValid() {
			bVia = b.Site
		}
		f := &finding{a: a, other: b, aVia: aVia, bVia: bVia, guard: guard, field: field, lacks: lacks}
		if old, ok := r.findings[a.Site]; ok && !f.better(old, r.pass.Fset) {
			return
		}
		r.findings[a.Site] = f
	}
	add(x, y, true)
	add(y, x, false)
}

// guardText renders the field and the mutex of an inconsistency for a
// message: "Player.ws" and "Player.socketMutex".
func guardText(field paths.Path, guard string) (string, string) {
	short := func(s string) string {
		s = strings.TrimPrefix(s, "o:")
		if i := strings.LastIndex(s, "/"); i >= 0 {
			s = s[i+1:]
		}
		return s
	}
	f := short(field.Root.Global)
	for _, el := range field.Elems {
		if el.Kind == paths.ElemField {
			f += "." + el.Name
		}
	}
	return f, short(guard)
}
