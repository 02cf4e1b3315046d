package pairing

import (
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/order"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/summarize"
)

// Pair asks the concurrency question for one function: which of the
// accesses its events perform can run at the same time as another access
// to the same connection, on the same side of the contract, without a
// lock that excludes both.
//
// An access made by a goroutine that event x starts (an async access)
// overlaps every access of an event that can run after x: the rest of the
// spawning goroutine's work and the goroutines started later. When x sits
// in a loop it also overlaps the accesses of its own later iterations,
// including the copies of its goroutine. Accesses are grouped per
// connection and side first, so the work is quadratic only in the number
// of accesses to one connection.
//
// Pairs that appear inside a callee (two goroutines the callee starts)
// were found when the callee was analysed, in its own terms.
//
// Then the reasons two such accesses do not race are checked: a mutex
// both hold (one of them exclusively), a different conn per iteration, a
// join, a gated start, a wait in the other goroutine, a spawn that only
// happens on the path that leaves the loop.
func (e *pairer) Pair(st *summarize.FuncState, ord *cfg.Order, events []*effect.Event, joins []order.Join) {
	rels := order.ReleasesOf(&st.Func)
	var cf *order.ChanFacts // computed when a pair needs it
	type ref struct {
		ev *effect.Event
		a  *effect.Access
	}
	groups := make(map[string][]ref)
	async := make(map[string]bool)
	for _, ev := range events {
		for i := range ev.Invokes {
			a := &ev.Invokes[i]
			k := a.Side.String() + "|" + a.Conn.Group
			groups[k] = append(groups[k], ref{ev, a})
			if a.Async {
				async[k] = true
			}
		}
		for i := range ev.Accesses {
			a := e.memberViews(&ev.Accesses[i])
			if a.Unproven {
				continue // may not be a conn at all (dyntypes.go)
			}
			k := a.Side.String() + "|" + a.Conn.Group
			groups[k] = append(groups[k], ref{ev, a})
			if a.Async {
				async[k] = true
			}
		}
	}
	keys := make([]string, 0, len(async))
	for k := range async {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	compared := 0
	for _, k := range keys {
		g := groups[k]
		for _, x := range g {
			if !x.a.Async {
				continue
			}
			// The budget: the pairs compared so far stand (each is
			// one the full comparison finds too); the rest are not
			// compared.
			compared += len(g)
			if compared > summarize.Limits.FuncPairs {
				e.Budget.Exceeded(st.Fn, "pairs", compared)
				return
			}
			if !e.Budget.Spend(len(g)) {
				e.Budget.Exceeded(st.Fn, "package work", e.Budget.Work)
				return
			}
			insts := x.a.Conn.Instances(nil)
			for _, y := range g {
				if x.ev.Deferred && (y.ev != x.ev || !ord.InLoop(x.ev.Block)) {
					// A deferred call's goroutines start at return; only
					// a defer registered in a loop starts several.
					continue
				}
				if x.ev == y.ev {
					if !ord.InLoop(x.ev.Block) && x.ev.Mult == effect.Once && !(x.a.Concurrent && y.a.Concurrent) {
						continue
					}
					if x.a.OnSuccess && !ord.AfterOnSuccess(x.ev, y.ev) {
						continue
					}
				} else if !ord.After(x.ev, y.ev) {
					continue
				} else if x.a.OnSuccess && !ord.AfterOnSuccess(x.ev, y.ev) {
					continue
				} else if x.a.JoinedOnSuccess && !ord.AfterOnFailure(x.ev, y.ev) {
					// y runs only once x's call succeeded, and by
					// then the goroutine is over.
					continue
				}
				if !paths.Match(x.a.Conn, y.a.Conn) || excludedBy(ord, x.ev, x.a, y.ev, y.a) || effect.SameWorker(x.a, y.a) || effect.SameOnce(x.a, y.a) {
					continue
				}
				if x.a.Handed != "" && y.a.Handed != "" {
					continue // user code's calls, among themselves (handed.go)
				}
				if !ord.SameInstances(x.ev, y.ev, insts) {
					continue
				}
				if x.a.Snap && order.RenewedBetween(&st.Func, ord, x.ev, y.ev, x.a.Conn) {
					continue // x's goroutine keeps the conn it was given
				}
				if order.Joined(ord, x.ev, x.a, y.ev, joins) || order.Gated(ord, x.ev, x.a, y.ev, y.a, rels) || order.WaitedFor(x.a, y.a) {
					continue
				}
				if cf == nil {
					cf = order.ChannelFacts(&st.Func)
				}
				if order.CausallyJoined(ord, cf, x.ev, x.a, y.ev, joins) {
					continue
				}
				if debuglog.Debugging {
					debuglog.Debugf("%s: race %v (%s d%d ev%v) with %v (%s d%d async=%v ev%v)", st.Fn, e.Pass.Fset.Position(x.a.Site), x.a.Conn.Key, x.a.GoDepth, e.Pass.Fset.Position(x.ev.Instr.Pos()), e.Pass.Fset.Position(y.a.Site), y.a.Conn.Key, y.a.GoDepth, y.a.Async, e.Pass.Fset.Position(y.ev.Instr.Pos()))
				}
				if x.a.Side == contract.Invoke {
					// Not a race: the callback runs on goroutines
					// that overlap; what it does is the caller's.
					// Two methods of one interface value on two
					// goroutines (a transport's Read loop beside its
					// Write loop) do not make either overlap itself,
					// which is all a concurrent callback can say.
					if x.a.Method == y.a.Method {
						summarize.MarkConcurrent(st, x.ev, x.a)
						summarize.MarkConcurrent(st, y.ev, y.a)
					}
					continue
				}
				e.Report.Race(x.ev, *x.a, y.ev, *y.a)
			}
		}
	}
}

// excludedBy reports whether x and y hold one mutex, one of them
// exclusively (lockset.excludes), and it is the same instance for both:
// a mutex made in a loop (each channel's ch.mu, allocated per iteration)
// is another mutex in the next iteration, as a conn is (sameInstances).
func excludedBy(ord *cfg.Order, xev *effect.Event, x *effect.Access, yev *effect.Event, y *effect.Access) bool {
	return x.Locks.ExcludesWhere(y.Locks, func(l lockset.Lock) bool { return ord.SameInstances(xev, yev, l.Path.Instances(nil)) })
}
