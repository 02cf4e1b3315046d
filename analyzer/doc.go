// Package analyzer implements wsconcurrent, a go/analysis pass that finds
// call sites that can write to the same gorilla/websocket connection from
// two goroutines at once: the bug behind gorilla's runtime panic
// "concurrent write to websocket connection". The read side (one
// concurrent reader) is checked the same way.
//
// The pass works on SSA it builds itself, only for packages that name
// something leading to a connection (a declaration of a websocket
// package, a variable of a conn type, an object with a fact: the gate in
// analyzer.go), and flows one way:
//
//   - wsapi.go is gorilla's contract as data: which methods write, which
//     read, which are safe from any goroutine, which install handlers;
//     forks.go recognises a renamed fork by its API. goroutine.go lists
//     the library functions that start goroutines (errgroup,
//     WaitGroup.Go, time.AfterFunc, net/http and router handlers) and
//     those that run a function argument in place (sync.Once.Do).
//   - path.go names connections and mutexes as access paths (parameter,
//     free variable, global or local root, then fields and elements), so
//     that the same connection reached through a closure, a struct field,
//     a map or an argument is recognised as one; paths are k-limited
//     (widened past six selections, at a repeated field, or at a second
//     field of one interface type: a wrapper chain). alias.go adds
//     the names a conn the function created gets when it is stored in
//     shared memory; returns.go sees through getters and constructors;
//     results.go names what a goroutine the function leaves running uses
//     through an object it returns (result i, then fields), so that a
//     constructor's pinger is seen on the value its callers got back;
//     writer.go names the writer NextWriter returns as a write to its
//     conn until it is closed; copies.go names the elements of a
//     registry's copy (a snapshot taken under the lock) as the
//     registry's; funcresults.go keeps what a function value a function
//     returns does (a handler factory's closure); channels.go names a
//     value sent on a channel as the element its receivers get, and as an
//     element of the registry a receiver files it in; membership.go
//     finds the container fields whose elements the package files in
//     several containers (a subscriber joining every topic it names), and
//     pairing then names their elements by the element, not by the
//     container; the function's own objects (allocated, or new from a
//     constructor) hold what it stores in their fields, itself or
//     through a callee (c.attach(conn)), and the value goes by the
//     object's names (ownFieldValue, holderOf); pools.go runs a
//     function sent on a channel that workers call as a task started at
//     the send (a pool's tasks overlap, one worker's run in turn).
//   - lockset.go and lockflow.go hold the locks held at each call, from a
//     forward dataflow over each function (sync.Mutex, sync.RWMutex,
//     sync.Locker, TryLock branches; deferred unlocks run at exit).
//   - summary.go summarises each function bottom-up: the accesses it and
//     its callees make, on its own goroutine or on goroutines it starts,
//     with their locksets, plus the locks it leaves acquired or released,
//     what it returns, the callbacks it runs (callback.go), the signals
//     that end its paths (exit.go), the channels it sends on, the fields
//     it renews (renewal.go) and the typed values it stores where callers
//     can see them (dyntypes.go). recursion.go walks the call graph
//     depth-first and iterates each strongly connected component to a
//     fixed point from its head; budget.go bounds the work (accesses
//     per operation, per summary and per function, pairs, the package's
//     work) and says when a function was analysed in part (Stats.Cut). facts.go carries summaries of
//     exported functions to other packages; dispatch.go lists the
//     implementations an interface call may reach, and dyntypes.go makes
//     their accesses conditional on the value's dynamic type, decided
//     where the evidence is (the object was made here, a call site passes
//     one, the package stores one in that field).
//   - callback.go: the calls of the callbacks a function was given (a
//     parameter's function value or interface method) pair as accesses
//     do; two that overlap make the callback concurrent, and what it
//     does overlaps itself in the caller that knows it. inverted.go
//     admits transports, packages that run an exported interface they
//     declare on their goroutines without reaching a conn, so that
//     their callbacks reach, as facts, the package that passes them an
//     adapter writing a conn.
//   - handlers.go moves a ping, pong or close handler's accesses from
//     where it is installed to each later read of its conn, on the
//     reading goroutine.
//   - cfg.go, race.go, join.go, renewal.go and success.go answer the
//     concurrency question in the function that sees both sides: an access
//     by a goroutine started at one call overlaps the accesses that can
//     run after that call, and, in a loop, its own later copies, unless
//     the connection is a different one (each iteration's own, or renewed
//     after the goroutine was handed the old one), a common mutex is held
//     exclusively (the same instance: a mutex made in a loop is another
//     mutex next iteration), the goroutine was waited for (a receive, a
//     select case, wg.Wait, or a receive whose only senders start after
//     such a wait), or it was only started on a path that ends the loop.
//     cfg.go
//     knows the branches that never run: after a call that never
//     returns, on a constant, and on a read message being a control
//     message, which ReadMessage and NextReader never return.
//   - openworld.go answers it for the package's users, whose code is not
//     in sight. The frame: exported functions and methods are entry
//     points, called from goroutines of their own; objects are named by
//     type (rootObject: the receiver, or the object a constructor
//     returns); a goroutine an entry point leaves running overlaps every
//     other entry point that reaches the same object's conn, unless a
//     common mutex or a wait for that goroutine orders them. Only that
//     evidence (the package runs the object from a goroutine it left
//     running) makes a type concurrent; two calls of one entry point
//     leave two objects' goroutines, paired only through a container
//     whose elements sit in several (membership.go). consistency.go
//     adds the other evidence: a conn field written under a mutex
//     somewhere is shared, and an unguarded write to it races, unless a
//     goroutine the package starts takes that mutex for something else
//     (then the mutex is explained by it); guards.go carries that
//     discipline to the packages that import the type.
//   - report.go emits one diagnostic per offending call site, naming the
//     other access and the goroutine (and, with -explain, the call chain
//     of each side), in position order.
//
// Set WSCONCURRENT_DEBUG=1 to print each function's events, joins, races
// and budget cuts.
package analyzer
