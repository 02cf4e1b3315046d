// Package effect is the data model of what code does to connections: the
// vocabulary every later stage speaks.
//
// An Access is one operation on a connection (a write or a read, named by
// its path), with the locks held, the goroutine that makes it (started
// where, how deep), the signals that goroutine sends when it ends, what
// it waited for, and the dynamic types it assumes (DispatchCond). An
// Event is a call (or a send of a task) of the function under analysis,
// at a cfg.Point, with the accesses it makes. A Summary is what a
// function does, in terms its callers can translate: its accesses, the
// locks it leaves acquired or released, the signals that end it, what it
// returns, stores, publishes, sends on and renews, and the callbacks it
// runs (Callback). Signals, publications and type stores are the facts
// ordering, aliasing and dynamic types rest on.
//
// It holds data and the operations that only rearrange it (keys for
// deduplication, merging conditions, translating signals); computing
// summaries is the next stage's work (package summarize). Of the other
// stages it uses paths, lockset and cfg.
package effect
