// Package summarize is the engine of function summaries: what each
// function of the package does to connections, computed bottom-up and on
// demand, in terms its callers can translate.
//
// Analysing a function (summary.go) turns each call into an event whose
// accesses are the callee's summary lifted into the caller's terms,
// under the caller's locks (lockflow.go), or on a new goroutine for a go
// statement or a library spawner; the function's own races are then
// handed to the pairing stage (the Pairing interface this package
// defines), and its summary is kept for its callers. Recursive functions
// are iterated per strongly connected component to a fixed point
// (recursion.go), and every growing structure has a budget (budget.go).
// Around that core: aliasing (alias.go, channels.go, results.go,
// returns.go, funcresults.go: the names a conn gets when it is stored,
// sent, returned or bound to an object), dynamic types (dispatch.go,
// dyntypes.go, decide.go: which implementations an interface call
// reaches, and on what condition), where code runs (callback.go,
// handlers.go, connhandlers.go, handed.go, pools.go, goroutine.go,
// writer.go: callbacks, ping and pong handlers at later reads of their
// conn wherever they were installed, objects handed to user code, tasks for worker goroutines, the writer
// NextWriter returns), what the package does with its channels
// (rendezvous.go: stop channels that meet a loop at its last act, and
// channels nobody sends on, whose receive loops never run), variants of
// a summary under what a caller knows of the flags the function tests
// (flagvariants.go, with package flags), and the facts it exports and
// imports (factio.go).
//
// It takes SSA functions and gives summaries (Engine.Summarize) and, to
// the pairing stage, each function's events. It implements order.Callees
// for the ordering stage below it, and flags.Env. Of the other stages it
// uses order, flags, facts, report, effect, cfg, lockset, paths,
// contract and ssaview.
package summarize
