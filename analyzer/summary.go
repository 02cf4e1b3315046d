package analyzer

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// An access is one operation on a connection, as seen from some function:
// which side of the contract, which connection, under which locks, and on
// which goroutine.
type access struct {
	side   contract.Side
	method string
	conn   paths.Path
	locks  lockset.Set
	// site is the call that performs the operation; when the operation
	// happens in another package, the call in this package that leads
	// to it.
	site     token.Pos
	connText string // how the site names the connection, e.g. "c.conn"
	// siteCall names the function called at site when the operation
	// happens inside it, in another package ("Send"); remote is where,
	// "file.go:line" in that package.
	siteCall string
	remote   string
	// async accesses are made by a goroutine the function starts
	// (directly or through its callees), which may still be running
	// when the function returns; the others are over by then.
	async bool
	// goPos is the go statement that starts that goroutine, or, when it
	// is started in another package, the call in this package that
	// leads to it.
	goPos token.Pos
	// goDepth is how many calls below the function the goroutine is
	// started (0: by the function itself).
	goDepth int
	// onSuccess: the goroutine exists only if the call that leads to it
	// returned a nil error (set for the calling function only).
	onSuccess bool
	// via is the call of the function that contains site: when one
	// helper's write is reached from two goroutines, the calls tell
	// them apart.
	via token.Pos
	// done are the signals the goroutine of an async access performs
	// when it exits (see join.go).
	done []signal
	// waits are what the access's goroutine waited for on every path
	// before it (channel receives, wg.Wait): a spawner that closes the
	// channel after its own write, or a goroutine whose last act is
	// the signal waited for, is ordered before the access (join.go).
	waits []signal
	// conds make the access conditional on the dynamic type of an
	// interface value it was reached through (dyntypes.go): all must
	// hold. unproven: in the function at hand, no evidence says they
	// do, so the access takes part in no pair here.
	conds    []dispatchCond
	unproven bool
	// chain is, with -explain, the calls that lead from the function at
	// hand to the access (outermost first).
	chain []hop
	// snap: the goroutine of an async access was handed the conn when
	// it started (go loop(s.conn)): it keeps that conn, whatever is
	// stored in the location later (renewal.go).
	snap bool
	// task: the access is made by a task sent on this channel for a
	// worker goroutine to run (pools.go), or, when worker is set, by
	// that worker itself; serial: the channel has one worker, which
	// runs its tasks one at a time.
	task   string
	serial bool
	worker bool
	// concurrent: made by a callback that the callee of the access's
	// event runs on goroutines that overlap each other
	// (callback.concurrent): within that event, such accesses overlap.
	concurrent bool
	// once is the sync.Once whose Do started the access's goroutine:
	// however often that Do is called, the goroutine is started once.
	once *paths.Path
}

// A summary is what a function does to connections and locks, in terms
// its callers can translate (parameters, free variables, globals).
type summary struct {
	accesses []access
	// acquires are the locks held on return that were not held on
	// entry (a lock() helper); releases are locks released that were
	// held on entry (an unlock() helper).
	acquires lockset.Set
	releases []paths.Path
	// signals are what the function does as its last act to say it is
	// done (wg.Done(), close(ch)), for a spawner that waits for it.
	signals []signal
	// returns are, per result, the paths every return statement
	// agrees the result denotes (a getter returning s.conn).
	returns [][]paths.Path
	// returnFields describe structs the function builds and returns.
	returnFields []returnField
	// callbacks are the calls of function values the function was
	// given (see callback.go).
	callbacks []callback
	// spawnsOnSuccess: every goroutine the function starts is started
	// on a path that returns a nil error (see success.go).
	spawnsOnSuccess bool
	// fresh says, per result, whether the function returns an object
	// it allocated (a constructor), on every path.
	fresh []bool
	// renews are the locations the function stores a value of its own
	// making into (a reconnect storing the conn it just dialled).
	renews []paths.Path
	// publishes are the names the function gives its parameters'
	// values by storing them where others can reach them (a helper
	// that registers the conn it is given: hub.add(conn)).
	publishes []publication
	// sends are the channels the function, its callees and the
	// goroutines it starts may send on or close (join.go).
	sends []paths.Path
	// typeStores are the typed values the function stores where its
	// callers can see them (dyntypes.go); set for imported summaries
	// and for export.
	typeStores []typeStore
	// returnElems are, per result, the container whose elements the
	// map or slice it returns copies (a snapshot getter; copies.go).
	returnElems [][]paths.Path
	// funcResults are, per result, what the function value it returns
	// does when called (a handler factory returning a closure), in this
	// function's terms (funcresults.go).
	funcResults [][]access
	// funcFields are what the function values in the fields of the
	// structs it returns do when called (funcresults.go).
	funcFields []funcField
}

var emptySummary = &summary{}

// multiplicity is how many times an event's goroutines can be started
// by one execution of the event.
type multiplicity uint8

const (
	once multiplicity = iota
	// concurrently: the event registers a function that runs on any
	// number of goroutines at once (an HTTP handler).
	concurrently
	// repeatedly: the callee runs the function it is given in a loop
	// (a range-over-func iterator calling the loop body).
	repeatedly
)

// An event is a call instruction of the function under analysis together
// with the accesses it performs, directly or through its callee, or a
// send of a task to a worker goroutine (pools.go) with the task's.
type event struct {
	cfg.Point
	// mult says whether the goroutines the event starts can have
	// copies that overlap each other without a loop around the event.
	mult     multiplicity
	accesses []access
	// invokes are the calls of callbacks the event makes (side
	// invoke), invokeOf the index of each one's callback in
	// funcState.callbacks.
	invokes  []access
	invokeOf []int
}

// funcState is the per-function work of the engine.
type funcState struct {
	e   *engine
	fn  *ssa.Function
	res *paths.Resolver
	// held is the lockset before each call instruction.
	held map[ssa.CallInstruction]lockset.Set
	// exitHeld is the lockset when deferred calls run.
	exitHeld lockset.Set
	exitSeen bool
	// deferredUnlocks are defer statements that release a lock.
	deferredUnlocks []*ssa.Defer
	releases        []paths.Path
	aliasMemo       map[ssa.Value][]alias
	ord             *cfg.Order
	callbacks       []callback
	// stores are the typed stores the function makes (dyntypes.go),
	// computed when a condition needs them.
	stores []typeStore
	// installs are the ping, pong and close handlers the function
	// installs (handlers.go).
	installs []install
	// collected counts the accesses of the function's events so far,
	// which lifting checks against limits.funcAccesses (budget.go).
	collected int
}

// full reports whether the accesses of the event being computed, n so
// far, would take the function past its access budget: lifting stops
// there (analyze records the cut).
func (st *funcState) full(n int) bool {
	return st.collected+n > limits.funcAccesses
}

// canonical renders a summary for comparison.
func (s *summary) canonical() string {
	var b strings.Builder
	keys := make([]string, 0, len(s.accesses))
	for _, a := range s.accesses {
		keys = append(keys, a.dedupKey())
	}
	slices.Sort(keys)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(';')
	}
	fmt.Fprintf(&b, "|%s|%d|%d|%d|%d", s.acquires, len(s.releases), len(s.signals), len(s.returns), len(s.sends))
	for _, cb := range s.callbacks {
		fmt.Fprintf(&b, "|%s|%v", cb.key(), cb.concurrent)
	}
	return b.String()
}

// callee returns the function a call runs, with the closure bindings,
// when the package can see its body.
func (e *engine) callee(common *ssa.CallCommon) (*ssa.Function, []ssa.Value) {
	if common.IsInvoke() {
		return nil, nil
	}
	return ssaview.FuncValue(common.Value)
}

func (e *engine) analyze(fn *ssa.Function) *summary {
	e.budget.analyses++
	st := &funcState{e: e, fn: fn, res: e.newResolver(fn), held: make(map[ssa.CallInstruction]lockset.Set), aliasMemo: make(map[ssa.Value][]alias)}
	e.locksets(st)

	ord := cfg.NewContractOrder(fn, e.contract)
	st.ord = ord
	var events []*event
	cut := false
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			if cut {
				break
			}
			switch instr.(type) {
			case ssa.CallInstruction, *ssa.Send:
			default:
				continue // no event: only calls and sends have effects
			}
			if !ord.Runs(b.Index, i) {
				continue // dead code: never executed
			}
			ev := &event{Point: cfg.Point{Instr: instr, Block: b.Index, Index: i}}
			switch instr := instr.(type) {
			case ssa.CallInstruction:
				_, ev.Deferred = instr.(*ssa.Defer)
				n := len(st.callbacks)
				ev.accesses, ev.mult = e.effect(st, instr, e.heldAt(st, ord, ev))
				invokesOf(st, ev, n)
				if g, ok := instr.(*ssa.Go); ok {
					// A task worker's own accesses (pools.go).
					body, _ := ssaview.FuncValue(g.Call.Value)
					e.ownSerial(body, ev.accesses)
				}
			case *ssa.Send:
				// A task for a worker goroutine (pools.go).
				ev.accesses = e.taskEffect(st, instr)
			}
			ev.accesses = st.withAliases(ord, ev, ev.accesses)
			if !ev.Deferred {
				addWaits(ev, receivesBefore(st, ev))
			}
			switch {
			case st.full(len(ev.accesses)):
				e.budget.exceeded(fn, "accesses", st.collected+len(ev.accesses))
				ev.accesses = ev.accesses[:max(0, limits.funcAccesses-st.collected)]
				cut = true
			case e.budget.exhausted():
				e.budget.exceeded(fn, "package work", e.budget.work)
				cut = true
			}
			st.collected += len(ev.accesses)
			if len(ev.accesses) > 0 || len(ev.invokes) > 0 {
				events = append(events, ev)
			}
		}
	}
	events = e.attachHandlers(st, ord, events)
	e.decideConds(st, events)
	e.recordTyped(st, ord, events)
	e.recordFieldWrites(fn, events)
	if debuglog.Debugging {
		for _, ev := range events {
			for _, a := range ev.accesses {
				debuglog.Debugf("%s: event %v: %s %s %s locks=%s go=%v done=%v waits=%v site=%v conds=%s unproven=%v", fn, e.pass.Fset.Position(ev.Instr.Pos()), a.side, a.method, a.conn.Key, a.locks, a.async, signalKeys(a.done), signalKeys(a.waits), e.pass.Fset.Position(a.site), condKeys(a.conds), a.unproven)
			}
		}
	}
	js := joins(st)
	if debuglog.Debugging {
		for _, j := range js {
			debuglog.Debugf("%s: join %s at block %d:%d", fn, j.key, j.block, j.index)
		}
	}
	e.pair(st, ord, events, js)

	s := &summary{releases: st.releases, signals: e.exitSignals(st, ord, events), returns: returnedPaths(st), returnFields: returnedFields(st), callbacks: dedupCallbacks(e.pass.Fset, st.callbacks), spawnsOnSuccess: spawnsOnSuccess(st, ord, events), sends: e.sendsOf(st), renews: e.renewsOf(st), fresh: freshResults(st), publishes: publicationsOf(st), funcResults: e.funcResultsOf(st), funcFields: e.funcFieldsOf(st), returnElems: returnedCopies(st)}
	if st.exitSeen {
		acq := st.exitHeld
		for _, d := range st.deferredUnlocks {
			_, recv := lockset.LockOp(d.Common())
			for _, p := range st.res.Resolve(recv) {
				acq = acq.Remove(p.Key)
			}
		}
		s.acquires = exported(acq)
	}
	seen := make(map[string]bool)
	rets := returnEvents(fn)
	var names map[string]paths.Path
	named := false
	for _, ev := range events {
		for _, a := range ev.accesses {
			if a.async && joinedBeforeReturn(ord, ev, &a, js, rets) {
				continue // the goroutine is over when the function returns
			}
			if a.async {
				// A goroutine left running may use an object the
				// function returns: its conn, mutex, channels.
				if !named {
					names, named = resultNames(st), true
				}
				a = leftOnResult(a, names)
			}
			if a.conn.Root.Kind == paths.RootLocal {
				continue // this activation's own connection
			}
			if a.conn.Widened() {
				// Some location below a prefix: it matches nothing
				// (path.go), here or in any caller, so callers need
				// not carry it.
				continue
			}
			a.locks = exported(a.locks)
			// The overlap was this function's to find (pair).
			a.concurrent = false
			k := a.dedupKey()
			if seen[k] {
				continue
			}
			seen[k] = true
			s.accesses = append(s.accesses, a)
		}
	}
	s.accesses = e.limitVariants(fn, mergeConds(s.accesses))
	if len(s.accesses) == 0 && len(s.acquires) == 0 && len(s.releases) == 0 && len(s.signals) == 0 && len(s.returns) == 0 && len(s.returnFields) == 0 && len(s.callbacks) == 0 && len(s.sends) == 0 && len(s.renews) == 0 && !slices.Contains(s.fresh, true) && len(s.publishes) == 0 && s.funcResults == nil && s.funcFields == nil && s.returnElems == nil {
		return emptySummary
	}
	return e.limitSummary(fn, s)
}

// exported drops locks that callers can't name.
func exported(ls lockset.Set) lockset.Set {
	var out lockset.Set
	for _, l := range ls {
		if l.Path.Root.Kind != paths.RootLocal {
			out = append(out, l)
		}
	}
	return out
}

func (a access) dedupKey() string {
	once := ""
	if a.once != nil {
		once = a.once.Key
	}
	return fmt.Sprintf("%s|%s|%s|%d|%v|%d|%d|%v|%v|%v|%s|%v|%v|%s|%v|%s", a.side, a.conn.Key, a.locks, a.site, a.async, a.goPos, a.goDepth, a.onSuccess, signalKeys(a.done), signalKeys(a.waits), condKeys(a.conds), a.unproven, a.snap, a.task, a.worker, once)
}

// effect returns the accesses a call instruction performs, in the
// calling function's terms. held is the caller's lockset at the call;
// it guards the callee's own-goroutine accesses, not those of goroutines
// the call starts.
func (e *engine) effect(st *funcState, call ssa.CallInstruction, held lockset.Set) ([]access, multiplicity) {
	common := call.Common()
	_, isGo := call.(*ssa.Go)
	goPos := token.NoPos
	if isGo {
		goPos = call.Pos()
		held = nil
	}
	wrote := e.writerUses(st, call, held, goPos)
	if op, ok := e.contract.Op(common); ok {
		out := wrote
		if op.Side == contract.Write || (op.Side == contract.Read && e.reads) {
			site, text := e.site(common, op)
			for _, p := range st.res.Resolve(op.Conn) {
				out = append(out, access{side: op.Side, method: op.Method, conn: p, locks: held, site: site, connText: text, async: isGo, goPos: goPos, snap: isGo && len(p.Elems) > 0})
			}
		}
		if op.Handler != nil {
			// The handler runs later, at the reads of this conn
			// (handlers.go).
			if fn, bindings := ssaview.FuncValue(op.Handler); fn != nil {
				b := call.Block()
				st.installs = append(st.installs, install{
					conns: st.res.Resolve(op.Conn), fn: fn, bindings: bindings, pos: common.Pos(), goPos: goPos,
					at: &event{Point: cfg.Point{Instr: call, Block: b.Index, Index: ssaview.IndexOf(call)}},
				})
			}
		}
		return out, once
	}
	if common.IsInvoke() {
		return append(wrote, e.invokeEffect(st, common, held, goPos)...), once
	}
	if sp, fnv, recv, ok := contract.SpawnerOf(common); ok && !isGo {
		// A handler a factory returned (mux.Handle("/ws",
		// s.wsHandler())), or a function value in sight.
		out, made := e.madeFuncEffect(st, fnv, common.Pos(), nil, call.Pos())
		if !made {
			fn, args, bindings := e.spawnedFunc(fnv)
			if fn == nil {
				if cb, ok := callbackOf(st.res, fnv); ok {
					cb.async, cb.goPos = true, call.Pos()
					st.callbacks = append(st.callbacks, cb)
				}
				return nil, once
			}
			out = e.lift(st, common.Pos(), fn, args, bindings, nil, call.Pos())
		}
		if sp.Join != "" && recv != nil {
			// The spawner's Wait waits for this goroutine.
			if ps := st.res.Resolve(recv); len(ps) == 1 {
				sig := signal{kind: sigWaitGroup, p: ps[0]}
				for i := range out {
					out[i].done = append(out[i].done, sig)
				}
			}
		}
		if sp.Pool {
			for i := range out {
				out[i].task = "spawner:" + sp.Pkg + "." + sp.Recv + "." + sp.Name
			}
		}
		if sp.Many {
			return out, concurrently
		}
		return out, once
	}
	callee, bindings := e.callee(common)
	if callee == nil {
		if out, ok := e.madeFuncEffect(st, common.Value, common.Pos(), held, goPos); ok {
			return append(wrote, out...), once
		}
		if cb, ok := callbackOf(st.res, common.Value); ok {
			cb.locks, cb.async, cb.goPos, cb.site = exported(held), isGo, goPos, common.Pos()
			cb.repeats = st.ord.InLoop(call.Block().Index)
			st.callbacks = append(st.callbacks, cb)
		}
		return nil, once
	}
	out := append(wrote, e.lift(st, common.Pos(), callee, common.Args, bindings, held, goPos, resultValues(call)...)...)
	if fv, ok := contract.SyncCallee(common); ok {
		// A library function that calls its argument before it
		// returns (once.Do(f)): f runs here, under the caller's locks.
		if fn, fb := ssaview.FuncValue(fv); fn != nil {
			accs := e.lift(st, common.Pos(), fn, nil, fb, held, goPos)
			if once := onceOf(st, common); once != nil {
				for i := range accs {
					if accs[i].async && accs[i].goPos != goPos {
						accs[i].once = once
					}
				}
			}
			out = append(out, accs...)
		}
	}
	cbs, repeats := e.liftCallbacks(st, common.Pos(), e.summarize(callee), common.Args, bindings, held, goPos)
	if repeats {
		return append(out, cbs...), repeatedly
	}
	return append(out, cbs...), once
}

// invokeEffect returns the accesses of a call through an interface: the
// union over the implementations the package can see.
//
// When the function can't see where the interface value was made, the
// accesses of each implementation are conditional on the value holding
// that implementation's type (dyntypes.go).
func (e *engine) invokeEffect(st *funcState, common *ssa.CallCommon, held lockset.Set, goPos token.Pos) []access {
	var out []access
	targets, exact := e.dispatch(st.fn, common)
	if !exact {
		// An interface the function was given: its caller may know
		// what it holds (a Replier made from conn.WriteJSON).
		if cb, ok := callbackOf(st.res, common.Value); ok && cb.field == nil {
			cb.method = common.Method.Name()
			cb.locks, cb.async, cb.goPos, cb.site = exported(held), goPos.IsValid(), goPos, common.Pos()
			st.callbacks = append(st.callbacks, cb)
		}
	}
	recv := st.res.Resolve(common.Value)
	loc := st.res.Location(common.Value)
	for _, t := range targets {
		if st.full(len(out)) {
			break // analyze records the cut
		}
		var accs []access
		if t.conn {
			side := contract.ConnMethods[common.Method.Name()]
			if side == contract.Write || (side == contract.Read && e.reads) {
				site, text := e.site(common, contract.ConnOp{})
				for _, p := range recv {
					accs = append(accs, access{side: side, method: common.Method.Name(), conn: p, locks: held, site: site, connText: text, async: goPos.IsValid(), goPos: goPos})
				}
			}
		} else {
			args := append([]ssa.Value{common.Value}, common.Args...)
			accs = e.lift(st, common.Pos(), t.fn, args, nil, held, goPos)
			// The implementation calls the function values it holds
			// (a method on a func type, an adapter struct's field):
			// those the caller can see run here.
			n := len(st.callbacks)
			cbs, _ := e.liftCallbacks(st, common.Pos(), e.summarize(t.fn), args, nil, held, goPos)
			accs = append(accs, cbs...)
			if !exact {
				// Passed-through callbacks of an implementation the
				// value may not be would lose that condition; the
				// method callback above stands for them.
				st.callbacks = st.callbacks[:n]
			}
		}
		if !exact && len(loc) > 0 {
			c := dispatchCond{recv: loc, types: []string{typeKey(t.typ)}}
			for i := range accs {
				accs[i].conds = append(slices.Clip(accs[i].conds), c)
			}
		}
		out = append(out, accs...)
	}
	return out
}

// lift translates callee's summary into the caller's terms for a call
// at pos with the given arguments and closure bindings. held is the
// caller's lockset at the call; goPos is the go statement when the call
// starts a goroutine (then held is nil).
//
// results are the caller's values of the call's results (see
// results.go): accesses of goroutines the callee left running on an
// object it returned are on them.
func (e *engine) lift(st *funcState, pos token.Pos, callee *ssa.Function, args, bindings []ssa.Value, held lockset.Set, goPos token.Pos, results ...ssa.Value) []access {
	return e.liftSummary(st, pos, callee, e.summarize(callee), args, bindings, held, goPos, results...)
}

// liftSummary is lift with the summary given: callee's, or the effect of
// a function value callee returned (funcresults.go).
func (e *engine) liftSummary(st *funcState, pos token.Pos, callee *ssa.Function, sum *summary, args, bindings []ssa.Value, held lockset.Set, goPos token.Pos, results ...ssa.Value) []access {
	var out []access
	substAll := func(p paths.Path) []paths.Path {
		if p.Root.Kind == paths.RootResult {
			return substResult(p, st.res, results)
		}
		return paths.Subst(p, st.res, args, bindings)
	}
	e.budget.work += len(sum.accesses)
	for _, a := range sum.accesses {
		if st.full(len(out)) || e.budget.exhausted() {
			break // analyze records the cut
		}
		conns := substAll(a.conn)
		if len(conns) == 0 {
			continue
		}
		var locks lockset.Set
		for _, l := range a.locks {
			for _, q := range substAll(l.Path) {
				locks = locks.Add(lockset.Lock{Path: q, Excl: l.Excl})
			}
		}
		b := a
		b.locks = locks
		b.conds, b.unproven = substConds(a.conds, st.res, args, bindings), false
		b.done = substSignalsBy(a.done, substAll)
		if a.once != nil {
			b.once = nil
			if qs := substAll(*a.once); len(qs) == 1 {
				b.once = &qs[0]
			}
		}
		b.waits = substSignalsBy(a.waits, substAll)
		b.onSuccess = a.async && sum.spawnsOnSuccess
		if !b.site.IsValid() {
			// The operation happened in a synthetic wrapper (a method
			// value such as f := conn.WriteMessage) or in another
			// package: the call that leads to it is the site.
			b.site = pos
			b.connText = ""
			if ssaview.IsWrapper(callee) {
				// A method value or promotion wrapper: the source
				// names the conn at the call.
				b.connText = e.report.connText(pos, contract.ConnOp{})
			} else {
				// A function of another package: name it, the
				// method is not at the site.
				b.siteCall = callee.Name()
			}
		}
		if !b.via.IsValid() {
			b.via = pos
		}
		if e.report.explain && len(a.chain) < maxChain {
			b.chain = append(append(make([]hop, 0, len(a.chain)+1), hop{pos, calleeName(callee)}), a.chain...)
		}
		switch {
		case b.async:
			// A goroutine the callee started: the caller's locks
			// don't reach it.
			if !b.goPos.IsValid() {
				b.goPos = pos // started in another package
			}
			b.goDepth++
		case goPos.IsValid():
			// The goroutine is over once it sent a signal that ends
			// every path after this access, or one that ends the
			// whole function.
			b.async, b.goPos, b.goDepth = true, goPos, 0
			b.done = appendSignals(b.done, substSignals(sum.signals, st.res, args, bindings))
			// The goroutine's own conn, when it is a parameter of the
			// function started, is the value at the go statement.
			b.snap = len(a.conn.Elems) == 0 && a.conn.Root.Kind != paths.RootGlobal
		default:
			// Signals the callee sends after the access are not the
			// caller's last acts: the caller's analysis sets its own.
			b.locks = b.locks.Union(held)
			b.done = nil
		}
		snap := b.snap
		for _, p := range conns {
			b.conn = p
			b.snap = snap && (len(p.Elems) > 0 || p.Root.Kind == paths.RootGlobal)
			if b.connText == "" && (p.Root.Kind != paths.RootLocal || p.Root.Source) {
				b.connText = p.String()
			}
			out = append(out, b)
		}
	}
	return out
}

// onceOf returns the sync.Once a call of its Do method is on, when the
// function can name it.
func onceOf(st *funcState, common *ssa.CallCommon) *paths.Path {
	obj, recv := ssaview.CalledFunc(common)
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync" || recv != "Once" || obj.Name() != "Do" || len(common.Args) == 0 {
		return nil
	}
	if ps := st.res.Resolve(common.Args[0]); len(ps) == 1 {
		return &ps[0]
	}
	return nil
}

// sameOnce reports whether x and y are made by one goroutine that a
// sync.Once started: the same go statement, under the same Once.
func sameOnce(x, y *access) bool {
	return x.once != nil && y.once != nil && x.once.Key == y.once.Key && x.goPos == y.goPos
}
