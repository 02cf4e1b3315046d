// Package analyzer implements wsconcurrent, a go/analysis pass that finds
// call sites that can write to the same gorilla/websocket connection from
// two goroutines at once: the bug behind gorilla's runtime panic
// "concurrent write to websocket connection". The read side (one
// concurrent reader) is checked the same way.
//
// The pass works on SSA it builds itself, only for packages that can
// reach a websocket package, and flows one way:
//
//   - wsapi.go is gorilla's contract as data: which methods write, which
//     read, which are safe from any goroutine, which install handlers.
//     goroutine.go lists the library functions that start goroutines
//     (errgroup, WaitGroup.Go, time.AfterFunc, net/http handlers).
//   - path.go names connections and mutexes as access paths (parameter,
//     free variable, global or local root, then fields and elements), so
//     that the same connection reached through a closure, a struct field,
//     a map or an argument is recognised as one; alias.go adds the names
//     a conn the function created gets when it is stored in shared memory;
//     returns.go sees through getters and constructors.
//   - lockset.go and lockflow.go hold the locks held at each call, from a
//     forward dataflow over each function (sync.Mutex, sync.RWMutex,
//     sync.Locker, TryLock branches; deferred unlocks run at exit).
//   - summary.go summarises each function bottom-up: the accesses it and
//     its callees make, on its own goroutine or on goroutines it starts,
//     with their locksets, plus the locks it leaves acquired or released,
//     what it returns, the callbacks it runs (callback.go) and the signal
//     it ends with. Recursive functions are iterated to a fixed point.
//     facts.go carries summaries of exported functions to other packages;
//     dispatch.go resolves interface calls to the implementations in sight.
//   - cfg.go, race.go, join.go and success.go answer the concurrency
//     question in the function that sees both sides: an access by a
//     goroutine started at one call overlaps the accesses that can run
//     after that call, and, in a loop, its own later copies, unless the
//     connection is a different one in each iteration, a common mutex is
//     held exclusively, the goroutine was waited for, or it was only
//     started on a path that ends the loop.
//   - report.go emits one diagnostic per offending call site, naming the
//     other access and the goroutine, in position order.
//
// Set WSCONCURRENT_DEBUG=1 to print each function's events and races.
package analyzer
