package effect

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
)

// A hop is one call on the way to an access (-explain).
type Hop struct {
	Pos    token.Pos
	Callee string
}

// MaxChain bounds the calls -explain records per access.
const MaxChain = 8

// An access is one operation on a connection, as seen from some function:
// which side of the contract, which connection, under which locks, and on
// which goroutine.
type Access struct {
	Side   contract.Side
	Method string
	Conn   paths.Path
	Locks  lockset.Set
	// site is the call that performs the operation; when the operation
	// happens in another package, the call in this package that leads
	// to it.
	Site     token.Pos
	ConnText string // how the site names the connection, e.g. "c.conn"
	// siteCall names the function called at site when the operation
	// happens inside it, in another package ("Send"); remote is where,
	// "file.go:line" in that package.
	SiteCall string
	Remote   string
	// async accesses are made by a goroutine the function starts
	// (directly or through its callees), which may still be running
	// when the function returns; the others are over by then.
	Async bool
	// goPos is the go statement that starts that goroutine, or, when it
	// is started in another package, the call in this package that
	// leads to it.
	GoPos token.Pos
	// goDepth is how many calls below the function the goroutine is
	// started (0: by the function itself).
	GoDepth int
	// onSuccess: the goroutine exists only if the call that leads to it
	// returned a nil error (set for the calling function only).
	OnSuccess bool
	// JoinedOnSuccess: the function that starts the goroutine waits for
	// it before every return of a nil error (set for the calling
	// function only): when the call succeeds, the goroutine is over.
	JoinedOnSuccess bool
	// via is the call of the function that contains site: when one
	// helper's write is reached from two goroutines, the calls tell
	// them apart.
	Via token.Pos
	// done are the signals the goroutine of an async access performs
	// when it exits (see join.go).
	Done []Signal
	// waits are what the access's goroutine waited for on every path
	// before it (channel receives, wg.Wait): a spawner that closes the
	// channel after its own write, or a goroutine whose last act is
	// the signal waited for, is ordered before the access (join.go).
	Waits []Signal
	// conds make the access conditional on the dynamic type of an
	// interface value it was reached through (dyntypes.go): all must
	// hold. unproven: in the function at hand, no evidence says they
	// do, so the access takes part in no pair here.
	Conds    []DispatchCond
	Unproven bool
	// chain is, with -explain, the calls that lead from the function at
	// hand to the access (outermost first).
	Chain []Hop
	// snap: the goroutine of an async access was handed the conn when
	// it started (go loop(s.conn)): it keeps that conn, whatever is
	// stored in the location later (renewal.go).
	Snap bool
	// task: the access is made by a task sent on this channel for a
	// worker goroutine to run (pools.go), or, when worker is set, by
	// that worker itself; serial: the channel has one worker, which
	// runs its tasks one at a time.
	// A task handed to a package's loop (runners) is keyed RunnerTask
	// and the loop's name.
	Task   string
	Serial bool
	Worker bool
	// concurrent: made by a callback that the callee of the access's
	// event runs on goroutines that overlap each other
	// (callback.concurrent): within that event, such accesses overlap.
	Concurrent bool
	// once is the sync.Once whose Do started the access's goroutine:
	// however often that Do is called, the goroutine is started once.
	Once *paths.Path
	// Handed: the access is made by an exported method of an object
	// the function hands to user code (a callback users set, called
	// with the object), which may call it at any time from then on:
	// "Method|callback". GoPos is the call of the callback.
	Handed string
}

// RunnerTask prefixes the task key of a function handed to a loop of a
// package's (runners), which runs it later on a goroutine of its own.
const RunnerTask = "runner:"

// Multiplicity is how many times an event's goroutines can be started
// by one execution of the event.
type Multiplicity uint8

const (
	Once Multiplicity = iota
	// concurrently: the event registers a function that runs on any
	// number of goroutines at once (an HTTP handler).
	Concurrently
	// repeatedly: the callee runs the function it is given in a loop
	// (a range-over-func iterator calling the loop body).
	Repeatedly
)

// An event is a call instruction of the function under analysis together
// with the accesses it performs, directly or through its callee, or a
// send of a task to a worker goroutine (pools.go) with the task's.
type Event struct {
	cfg.Point
	// mult says whether the goroutines the event starts can have
	// copies that overlap each other without a loop around the event.
	Mult     Multiplicity
	Accesses []Access
	// invokes are the calls of callbacks the event makes (side
	// invoke), invokeOf the index of each one's callback in
	// funcState.callbacks.
	Invokes  []Access
	InvokeOf []int
}

// Exported drops locks that callers can't name.
func Exported(ls lockset.Set) lockset.Set {
	var out lockset.Set
	for _, l := range ls {
		if l.Path.Root.Kind != paths.RootLocal {
			out = append(out, l)
		}
	}
	return out
}

func (a Access) DedupKey() string {
	once := ""
	if a.Once != nil {
		once = a.Once.Key
	}
	return fmt.Sprintf("%s|%s|%s|%d|%v|%d|%d|%v|%v|%v|%v|%s|%v|%v|%s|%v|%s|%s", a.Side, a.Conn.Key, a.Locks, a.Site, a.Async, a.GoPos, a.GoDepth, a.OnSuccess, a.JoinedOnSuccess, SignalKeys(a.Done), SignalKeys(a.Waits), CondKeys(a.Conds), a.Unproven, a.Snap, a.Task, a.Worker, once, a.Handed)
}

// SameOnce reports whether x and y are made by one goroutine that a
// sync.Once started: the same go statement, under the same Once.
func SameOnce(x, y *Access) bool {
	return x.Once != nil && y.Once != nil && x.Once.Key == y.Once.Key && x.GoPos == y.GoPos
}

// SameWorker reports whether two accesses are made by tasks of one
// worker, which runs them one at a time, or by the worker and a task.
// Two accesses of a runner loop itself are judged as any goroutine's:
// the loop may be started more than once (per object, per Start).
func SameWorker(x, y *Access) bool {
	if x.Task == "" || x.Task != y.Task || !x.Serial || !y.Serial {
		return false
	}
	return !x.Worker || !y.Worker || !strings.HasPrefix(x.Task, RunnerTask)
}

// SamePool reports whether two accesses are made by tasks of one pool
// of workers: tasks an entry point sends on one call overlap those it
// sends on the next, as the workers run them.
func SamePool(x, y *Access) bool {
	return x.Task != "" && x.Task == y.Task && !x.Serial && !y.Serial
}
