package summarize

import (
	"cmp"
	"go/token"
	"go/types"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/flags"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/order"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/report"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// FuncState is the per-function work of the engine.
type FuncState struct {
	e *Engine
	order.Func
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
	callbacks       []effect.Callback
	// stores are the typed stores the function makes (dyntypes.go),
	// computed when a condition needs them.
	stores []effect.TypeStore
	// installs are the ping, pong and close handlers the function
	// installs (handlers.go).
	installs []install
	// flags is what the function knows of boolean fields at each call,
	// under its entry context (package flags); nil when nothing is.
	flags *flags.Result
	// collected counts the accesses of the function's events so far,
	// which lifting checks against limits.funcAccesses (budget.go).
	collected int
}

// full reports whether the accesses of the event being computed, n so
// far, would take the function past its access budget: lifting stops
// there (analyze records the cut).
func (st *FuncState) full(n int) bool {
	return st.collected+n > Limits.FuncAccesses
}

// Callee returns the function a call runs, with the closure bindings,
// when the package can see its body.
func (e *Engine) Callee(common *ssa.CallCommon) (*ssa.Function, []ssa.Value) {
	if common.IsInvoke() {
		return nil, nil
	}
	return ssaview.FuncValue(common.Value)
}

// newFuncState returns the per-function state for analysing fn, or for
// resolving its values outside the analysis (connhandlers.go).
func (e *Engine) newFuncState(fn *ssa.Function) *FuncState {
	return &FuncState{e: e, Func: order.Func{Fn: fn, Res: e.NewResolver(fn), Callees: e}, held: make(map[ssa.CallInstruction]lockset.Set), aliasMemo: make(map[ssa.Value][]alias)}
}

func (e *Engine) analyze(fn *ssa.Function) *effect.Summary {
	return e.analyzeIn(fn, e.entryFlags(fn), false)
}

// analyzeIn analyses fn under a flags context; a variant's analysis
// only summarises (its races are the plain analysis's to find).
func (e *Engine) analyzeIn(fn *ssa.Function, ctx flags.Ctx, variant bool) *effect.Summary {
	e.Budget.analyses++
	st := e.newFuncState(fn)
	var decide func(*ssa.If) (int, bool)
	if fl := e.flagsOf(fn, ctx); fl != nil {
		st.flags = fl
		decide = fl.Decide
		if debuglog.Debugging && len(ctx) > 0 {
			debuglog.Debugf("%s: analysed under %s (variant %v)", fn, ctx.Key(), variant)
		}
	}
	e.locksets(st)

	ord := cfg.NewDecidedOrder(fn, e.contract, e.NeverSent, decide)
	st.ord = ord
	var events []*effect.Event
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
			ev := &effect.Event{Point: cfg.Point{Instr: instr, Block: b.Index, Index: i}}
			switch instr := instr.(type) {
			case ssa.CallInstruction:
				_, ev.Deferred = instr.(*ssa.Defer)
				n := len(st.callbacks)
				ev.Accesses, ev.Mult = e.effect(st, instr, e.heldAt(st, ord, ev))
				invokesOf(st, ev, n)
				if g, ok := instr.(*ssa.Go); ok {
					// A task worker's own accesses (pools.go).
					body, _ := ssaview.FuncValue(g.Call.Value)
					e.ownSerial(body, ev.Accesses)
				}
			case *ssa.Send:
				// A task for a worker goroutine (pools.go).
				ev.Accesses = e.taskEffect(st, instr)
			}
			keyLocks(ev.Accesses)
			ev.Accesses = st.withAliases(ord, ev, ev.Accesses)
			if !ev.Deferred {
				order.AddWaits(ev, order.ReceivesBefore(&st.Func, ev))
			}
			switch {
			case st.full(len(ev.Accesses)):
				e.Budget.Exceeded(fn, "accesses", st.collected+len(ev.Accesses))
				ev.Accesses = ev.Accesses[:max(0, Limits.FuncAccesses-st.collected)]
				cut = true
			case e.Budget.exhausted():
				e.Budget.Exceeded(fn, "package work", e.Budget.Work)
				cut = true
			}
			st.collected += len(ev.Accesses)
			if len(ev.Accesses) > 0 || len(ev.Invokes) > 0 {
				events = append(events, ev)
			}
		}
	}
	events = e.attachHandlers(st, ord, events)
	e.attachHomeHandlers(st, events)
	e.decideConds(st, events)
	if !variant {
		e.Hooks.RecordTyped(st, ord, events)
		e.Hooks.RecordFieldWrites(fn, events)
	}
	if debuglog.Debugging {
		for _, ev := range events {
			for _, a := range ev.Accesses {
				debuglog.Debugf("%s: event %v: %s %s %s locks=%s go=%v done=%v waits=%v site=%v conds=%s unproven=%v", fn, e.Pass.Fset.Position(ev.Instr.Pos()), a.Side, a.Method, a.Conn.Key, a.Locks, a.Async, effect.SignalKeys(a.Done), effect.SignalKeys(a.Waits), e.Pass.Fset.Position(a.Site), effect.CondKeys(a.Conds), a.Unproven)
			}
		}
	}
	js := order.Joins(&st.Func)
	if debuglog.Debugging {
		for _, j := range js {
			debuglog.Debugf("%s: join %s at block %d:%d", fn, j.Key, j.Block, j.Index)
		}
	}
	if !variant {
		e.Hooks.Pair(st, ord, events, js)
	}

	s := &effect.Summary{Releases: st.releases, Signals: order.ExitSignals(&st.Func, ord, events), Returns: returnedPaths(st), ReturnFields: returnedFields(st), Callbacks: effect.DedupCallbacks(e.Pass.Fset, st.callbacks), SpawnsOnSuccess: order.SpawnsOnSuccess(&st.Func, ord, events), Sends: order.SendsOf(&st.Func), Renews: order.RenewsOf(&st.Func), Fresh: freshResults(st), Publishes: publicationsOf(st), FuncResults: e.funcResultsOf(st), FuncFields: e.funcFieldsOf(st), ReturnElems: returnedCopies(st)}
	if st.exitSeen {
		acq := st.exitHeld
		for _, d := range st.deferredUnlocks {
			_, recv := lockset.LockOp(d.Common())
			for _, p := range st.Res.Resolve(recv) {
				acq = acq.Remove(p.Key)
			}
		}
		s.Acquires = effect.Exported(acq)
	}
	seen := make(map[string]bool)
	rets := order.ReturnEvents(fn)
	var names map[string]paths.Path
	named := false
	var okRets []*effect.Event // the returns of a nil error, when needed
	okRetsSeen := false
	for _, ev := range events {
		for _, a := range ev.Accesses {
			if a.Async && order.JoinedBeforeReturn(ord, ev, &a, js, rets) {
				continue // the goroutine is over when the function returns
			}
			// What a callee joined on its success counts only when
			// this function returns a nil error only after the callee
			// did (if err := c.probe(); err != nil { return err };
			// return nil); otherwise only its own joins count.
			calleeJoined := a.JoinedOnSuccess
			a.JoinedOnSuccess = false
			if a.Async {
				if !okRetsSeen {
					okRets, okRetsSeen = order.SuccessReturns(fn, rets), true
				}
				// The goroutine is over on every return of a nil
				// error (the error paths leave it running): the
				// caller's code that runs only after success is after
				// it.
				a.JoinedOnSuccess = len(okRets) > 0 && (order.JoinedBeforeReturn(ord, ev, &a, js, okRets) || calleeJoined && successOnlyAfter(ord, ev, okRets))
			}
			if a.Async {
				// A goroutine left running may use an object the
				// function returns: its conn, mutex, channels.
				if !named {
					names, named = resultNames(st), true
				}
				a = leftOnResult(a, names)
			}
			if a.Conn.Root.Kind == paths.RootLocal {
				continue // this activation's own connection
			}
			if a.Conn.Widened() {
				// Some location below a prefix: it matches nothing
				// (path.go), here or in any caller, so callers need
				// not carry it.
				continue
			}
			a.Locks = effect.Exported(a.Locks)
			// The overlap was this function's to find (pair).
			a.Concurrent = false
			k := a.DedupKey()
			if seen[k] {
				continue
			}
			seen[k] = true
			s.Accesses = append(s.Accesses, a)
		}
	}
	s.Accesses = e.limitVariants(fn, effect.MergeConds(s.Accesses))
	if len(s.Accesses) == 0 && len(s.Acquires) == 0 && len(s.Releases) == 0 && len(s.Signals) == 0 && len(s.Returns) == 0 && len(s.ReturnFields) == 0 && len(s.Callbacks) == 0 && len(s.Sends) == 0 && len(s.Renews) == 0 && !slices.Contains(s.Fresh, true) && len(s.Publishes) == 0 && s.FuncResults == nil && s.FuncFields == nil && s.ReturnElems == nil {
		return effect.EmptySummary
	}
	return e.limitSummary(fn, s)
}

// successOnlyAfter reports whether no return of a nil error can follow
// a failure of ev's call. (One that cannot follow the call at all is
// on a path where it did not start the goroutine.)
func successOnlyAfter(ord *cfg.Order, ev *effect.Event, okRets []*effect.Event) bool {
	if ev.Deferred {
		return false
	}
	fail := ord.ReachableOnFailure(ev)
	for _, r := range okRets {
		if fail[r.Block] || r.Block == ev.Block {
			return false
		}
	}
	return true
}

// effect returns the accesses a call instruction performs, in the
// calling function's terms. held is the caller's lockset at the call;
// it guards the callee's own-goroutine accesses, not those of goroutines
// the call starts.
func (e *Engine) effect(st *FuncState, call ssa.CallInstruction, held lockset.Set) ([]effect.Access, effect.Multiplicity) {
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
			for _, p := range st.Res.Resolve(op.Conn) {
				out = append(out, effect.Access{Side: op.Side, Method: op.Method, Conn: p, Locks: held, Site: site, ConnText: text, Async: isGo, GoPos: goPos, Snap: isGo && len(p.Elems) > 0})
			}
		}
		if op.Handler != nil {
			// The handler runs later, at the reads of this conn
			// (handlers.go).
			if fn, bindings := ssaview.FuncValue(op.Handler); fn != nil {
				b := call.Block()
				st.installs = append(st.installs, install{
					conns: st.Res.Resolve(op.Conn), fn: fn, bindings: bindings, pos: common.Pos(), goPos: goPos,
					at: &effect.Event{Point: cfg.Point{Instr: call, Block: b.Index, Index: ssaview.IndexOf(call)}},
				})
			}
		}
		return out, effect.Once
	}
	if common.IsInvoke() {
		return append(wrote, e.invokeEffect(st, common, held, goPos)...), effect.Once
	}
	if sp, fnv, recv, ok := e.SpawnerOf(common); ok && !isGo {
		out, mult := e.spawnerEffect(st, sp, fnv, recv, common, call)
		if sp.Loop == "" {
			return out, mult
		}
		// A function handed to a loop of the callee's package
		// (runners): what the callee does itself holds too.
		rest, mult := e.calleeEffect(st, call, held, goPos, wrote)
		return append(rest, out...), mult
	}
	return e.calleeEffect(st, call, held, goPos, wrote)
}

// spawnerEffect returns the accesses of the function a spawner's call
// runs on a goroutine (contract.Spawners, or a package's loop: runners),
// in the calling function's terms.
func (e *Engine) spawnerEffect(st *FuncState, sp contract.Spawner, fnv, recv ssa.Value, common *ssa.CallCommon, call ssa.CallInstruction) ([]effect.Access, effect.Multiplicity) {
	// A handler a factory returned (mux.Handle("/ws",
	// s.wsHandler())), or a function value in sight.
	out, made := e.madeFuncEffect(st, fnv, common.Pos(), nil, call.Pos())
	if !made {
		fn, args, bindings := e.spawnedFunc(fnv)
		if fn == nil {
			if cb, ok := callbackOf(st.Res, fnv); ok {
				cb.Async, cb.GoPos = true, call.Pos()
				st.callbacks = append(st.callbacks, cb)
			}
			return nil, effect.Once
		}
		out = e.lift(st, common.Pos(), fn, args, bindings, nil, call.Pos())
	}
	if sp.Join != "" && recv != nil {
		// The spawner's Wait waits for this goroutine.
		if ps := st.Res.Resolve(recv); len(ps) == 1 {
			sig := effect.Signal{Kind: effect.SigWaitGroup, Path: ps[0]}
			for i := range out {
				out[i].Done = append(out[i].Done, sig)
			}
		}
	}
	if sp.Pool {
		task := "spawner:" + sp.Pkg + "." + sp.Recv + "." + sp.Name
		if sp.Loop != "" {
			task = effect.RunnerTask + sp.Loop
		}
		for i := range out {
			out[i].Task, out[i].Serial = task, sp.Serial
		}
	}
	if sp.Loop != "" {
		// Run beside itself by the loop (a goroutine per event), not
		// by the call: the call itself is made once.
		for i := range out {
			out[i].Concurrent = sp.Many
		}
		return out, effect.Once
	}
	if sp.Many {
		return out, effect.Concurrently
	}
	return out, effect.Once
}

// calleeEffect returns the accesses of a call of a function: its
// callee's summary lifted, what a function value it calls does, and
// the callbacks it runs. wrote are the call's own accesses to a writer
// (writer.go).
func (e *Engine) calleeEffect(st *FuncState, call ssa.CallInstruction, held lockset.Set, goPos token.Pos, wrote []effect.Access) ([]effect.Access, effect.Multiplicity) {
	common := call.Common()
	_, isGo := call.(*ssa.Go)
	callee, bindings := e.Callee(common)
	if callee == nil {
		if out, ok := e.madeFuncEffect(st, common.Value, common.Pos(), held, goPos); ok {
			return append(wrote, out...), effect.Once
		}
		if cb, ok := callbackOf(st.Res, common.Value); ok {
			cb.Locks, cb.Async, cb.GoPos, cb.Site = effect.Exported(held), isGo, goPos, common.Pos()
			cb.Repeats = st.ord.InLoop(call.Block().Index)
			cb.Args = paramArgs(st.Fn, common.Args)
			st.callbacks = append(st.callbacks, cb)
		}
		return e.handedToUser(st, common, cmp.Or(goPos, common.Pos())), effect.Once
	}
	sum := e.summaryAt(st, common, callee, common.Args)
	out := append(wrote, e.liftSummary(st, common.Pos(), callee, sum, common.Args, bindings, held, goPos, resultValues(call)...)...)
	if fv, ok := contract.SyncCallee(common); ok {
		// A library function that calls its argument before it
		// returns (once.Do(f)): f runs here, under the caller's locks.
		if fn, fb := ssaview.FuncValue(fv); fn != nil {
			accs := e.lift(st, common.Pos(), fn, nil, fb, held, goPos)
			if once := onceOf(st, common); once != nil {
				for i := range accs {
					if accs[i].Async && accs[i].GoPos != goPos {
						accs[i].Once = once
					}
				}
			}
			out = append(out, accs...)
		}
	}
	cbs, repeats := e.liftCallbacks(st, common.Pos(), sum, common.Args, bindings, held, goPos)
	if repeats {
		return append(out, cbs...), effect.Repeatedly
	}
	return append(out, cbs...), effect.Once
}

// keyLocks renames, in each access, a held mutex that is the entry a map
// keeps for the access's conn (paths.KeyedBy) as that map's entry for
// its conn, before the conn gets other names (withAliases): the same
// mutex, whichever name the conn or the key has on the other side.
func keyLocks(accs []effect.Access) {
	for i := range accs {
		a := &accs[i]
		var keyed lockset.Set
		changed := false
		for _, l := range a.Locks {
			if q, ok := paths.KeyedBy(l.Path, a.Conn); ok {
				l.Path, changed = q, true
			}
			keyed = keyed.Add(l)
		}
		if changed {
			a.Locks = keyed
		}
	}
}

// ownInterface reports whether t is an interface type the package
// declares. A call of its method on an interface held in a field (a
// transport's wt.master.Write) is a callback its callers may resolve:
// they know what they stored there. Other packages' interfaces held in
// fields (io.Writer, context.Context) are everywhere and are not
// followed.
func (e *Engine) ownInterface(t types.Type) bool {
	named := ssaview.NamedOf(t)
	return named != nil && named.Obj().Pkg() == e.Pass.Pkg && types.IsInterface(named)
}

// invokeEffect returns the accesses of a call through an interface: the
// union over the implementations the package can see.
//
// When the function can't see where the interface value was made, the
// accesses of each implementation are conditional on the value holding
// that implementation's type (dyntypes.go).
func (e *Engine) invokeEffect(st *FuncState, common *ssa.CallCommon, held lockset.Set, goPos token.Pos) []effect.Access {
	var out []effect.Access
	targets, exact := e.dispatch(st.Fn, common)
	if !exact {
		// An interface the function was given: its caller may know
		// what it holds (a Replier made from conn.WriteJSON).
		if cb, ok := callbackOf(st.Res, common.Value); ok && (cb.Field == nil || e.ownInterface(common.Value.Type())) {
			cb.Method = common.Method.Name()
			cb.Locks, cb.Async, cb.GoPos, cb.Site = effect.Exported(held), goPos.IsValid(), goPos, common.Pos()
			st.callbacks = append(st.callbacks, cb)
		}
	}
	recv := st.Res.Resolve(common.Value)
	loc := st.Res.Location(common.Value)
	for _, t := range targets {
		if st.full(len(out)) {
			break // analyze records the cut
		}
		var accs []effect.Access
		if t.conn {
			side := contract.ConnMethods[common.Method.Name()]
			if side == contract.Write || (side == contract.Read && e.reads) {
				site, text := e.site(common, contract.ConnOp{})
				for _, p := range recv {
					accs = append(accs, effect.Access{Side: side, Method: common.Method.Name(), Conn: p, Locks: held, Site: site, ConnText: text, Async: goPos.IsValid(), GoPos: goPos})
				}
			}
		} else {
			args := append([]ssa.Value{common.Value}, common.Args...)
			sum := e.summaryAt(st, common, t.fn, args)
			accs = e.liftSummary(st, common.Pos(), t.fn, sum, args, nil, held, goPos)
			// The implementation calls the function values it holds
			// (a method on a func type, an adapter struct's field):
			// those the caller can see run here.
			n := len(st.callbacks)
			cbs, _ := e.liftCallbacks(st, common.Pos(), sum, args, nil, held, goPos)
			accs = append(accs, cbs...)
			if !exact {
				// Passed-through callbacks of an implementation the
				// value may not be would lose that condition; the
				// method callback above stands for them.
				st.callbacks = st.callbacks[:n]
			}
		}
		if !exact && len(loc) > 0 {
			c := effect.DispatchCond{Recv: loc, Types: []string{effect.TypeKey(t.typ)}}
			for i := range accs {
				accs[i].Conds = append(slices.Clip(accs[i].Conds), c)
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
func (e *Engine) lift(st *FuncState, pos token.Pos, callee *ssa.Function, args, bindings []ssa.Value, held lockset.Set, goPos token.Pos, results ...ssa.Value) []effect.Access {
	return e.liftSummary(st, pos, callee, e.Summarize(callee), args, bindings, held, goPos, results...)
}

// liftSummary is lift with the summary given: callee's, or the effect of
// a function value callee returned (funcresults.go).
func (e *Engine) liftSummary(st *FuncState, pos token.Pos, callee *ssa.Function, sum *effect.Summary, args, bindings []ssa.Value, held lockset.Set, goPos token.Pos, results ...ssa.Value) []effect.Access {
	var out []effect.Access
	substAll := func(p paths.Path) []paths.Path {
		if p.Root.Kind == paths.RootResult {
			return substResult(p, st.Res, results)
		}
		return paths.Subst(p, st.Res, args, bindings)
	}
	e.Budget.Work += len(sum.Accesses)
	for _, a := range sum.Accesses {
		if st.full(len(out)) || e.Budget.exhausted() {
			break // analyze records the cut
		}
		conns := substAll(a.Conn)
		if len(conns) == 0 {
			continue
		}
		var locks lockset.Set
		for _, l := range a.Locks {
			for _, q := range substAll(l.Path) {
				locks = locks.Add(lockset.Lock{Path: q, Excl: l.Excl})
			}
		}
		b := a
		b.Locks = locks
		b.Conds, b.Unproven = substConds(a.Conds, st.Res, args, bindings), false
		b.Done = effect.SubstSignalsBy(a.Done, substAll)
		if a.Once != nil {
			b.Once = nil
			if qs := substAll(*a.Once); len(qs) == 1 {
				b.Once = &qs[0]
			}
		}
		b.Waits = effect.SubstSignalsBy(a.Waits, substAll)
		b.OnSuccess = a.Async && sum.SpawnsOnSuccess
		if !b.Site.IsValid() {
			// The operation happened in a synthetic wrapper (a method
			// value such as f := conn.WriteMessage) or in another
			// package: the call that leads to it is the site.
			b.Site = pos
			b.ConnText = ""
			switch {
			case callee == nil:
				// A method another package's fact carries.
				b.SiteCall = sum.Name
			case ssaview.IsWrapper(callee):
				// A method value or promotion wrapper: the source
				// names the conn at the call.
				b.ConnText = e.Report.ConnText(pos, contract.ConnOp{})
			default:
				// A function of another package: name it, the
				// method is not at the site.
				b.SiteCall = callee.Name()
			}
		}
		if !b.Via.IsValid() {
			b.Via = pos
		}
		if e.Report.Explain && len(a.Chain) < effect.MaxChain {
			name := sum.Name
			if callee != nil {
				name = report.CalleeName(callee)
			}
			b.Chain = append(append(make([]effect.Hop, 0, len(a.Chain)+1), effect.Hop{Pos: pos, Callee: name}), a.Chain...)
		}
		switch {
		case b.Async:
			// A goroutine the callee started: the caller's locks
			// don't reach it.
			if !b.GoPos.IsValid() {
				b.GoPos = pos // started in another package
			}
			b.GoDepth++
		case goPos.IsValid():
			// The goroutine is over once it sent a signal that ends
			// every path after this access, or one that ends the
			// whole function.
			b.Async, b.GoPos, b.GoDepth = true, goPos, 0
			b.Done = effect.AppendSignals(b.Done, effect.SubstSignals(sum.Signals, st.Res, args, bindings))
			// The goroutine's own conn, when it is a parameter of the
			// function started, is the value at the go statement.
			b.Snap = len(a.Conn.Elems) == 0 && a.Conn.Root.Kind != paths.RootGlobal
		default:
			// Signals the callee sends after the access are not the
			// caller's last acts: the caller's analysis sets its own.
			b.Locks = b.Locks.Union(held)
			b.Done = nil
		}
		snap := b.Snap
		for _, p := range conns {
			b.Conn = p
			b.Snap = snap && (len(p.Elems) > 0 || p.Root.Kind == paths.RootGlobal)
			if b.ConnText == "" && (p.Root.Kind != paths.RootLocal || p.Root.Source) {
				b.ConnText = p.String()
			}
			out = append(out, b)
		}
	}
	return out
}

// onceOf returns the sync.Once a call of its Do method is on, when the
// function can name it.
func onceOf(st *FuncState, common *ssa.CallCommon) *paths.Path {
	obj, recv := ssaview.CalledFunc(common)
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync" || recv != "Once" || obj.Name() != "Do" || len(common.Args) == 0 {
		return nil
	}
	if ps := st.Res.Resolve(common.Args[0]); len(ps) == 1 {
		return &ps[0]
	}
	return nil
}
