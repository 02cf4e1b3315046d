// Package analyzer implements wsconcurrent, a go/analysis pass that finds
// call sites that can write to the same gorilla/websocket connection from
// two goroutines at once: the bug behind gorilla's runtime panic
// "concurrent write to websocket connection".
//
// The pass works on SSA and flows one way:
//
//   - wsapi.go is gorilla's contract as data: which methods write, which
//     read, which are safe from any goroutine.
//   - path.go names connections and mutexes as access paths (parameter,
//     free variable, global or local root, then fields and elements), so
//     that the same connection reached through a closure, a struct field
//     or an argument is recognised as one.
//   - lockset.go holds the locks held at each call, from a forward
//     dataflow over each function (sync.Mutex, sync.RWMutex,
//     sync.Locker; deferred unlocks run at exit).
//   - summary.go summarises each function bottom-up: the accesses it and
//     its callees make, on its own goroutine or on goroutines it starts,
//     with their locksets, plus the locks it leaves acquired or released.
//   - cfg.go and race.go answer the concurrency question in the function
//     that sees both sides: an access by a goroutine started at one call
//     overlaps the accesses that can run after that call, and, in a
//     loop, its own later copies, unless the connection is a different
//     one in each iteration or a common mutex is held exclusively.
//   - report.go emits one diagnostic per offending call site, naming the
//     other access and the goroutine, in position order.
package analyzer
