// Package pairing answers the concurrency question: which accesses to
// one connection, on one side of the contract, can run at the same time.
//
// In each function, as its summary is computed, Pair compares the
// accesses of the goroutines the function starts with those that can run
// after the start (race.go), and drops a pair when a mutex excludes it
// (the same instance, held exclusively by one side), the goroutine was
// waited for, joined or gated, each iteration had its own conn, the conn
// was renewed after the goroutine took the old one, or one worker runs
// both. A container whose elements the package files in several
// containers (membership.go) is compared by element. For the package's
// users, whose code is not in sight, the open world (openworld.go) pairs
// the goroutines an exported function leaves running with the package's
// other entry points on the same object, the methods of a type that
// implements net.Conn with each other (netconn.go), and the functions
// stored in a container field and started per event with the entry
// points (listeners.go). Lock consistency
// (consistency.go, guards.go) adds the other evidence: a conn field
// written under a mutex somewhere is shared, and a write to it without
// that mutex races, unless the methods making the two writes are called
// only by other packages, under one mutex of theirs (callers.go, from
// callerlocks facts).
//
// It takes the engine's summaries and events (package summarize), asks
// ordering and lock questions of the lower stages, and gives races to
// package report. It is the top stage below the analysis pass.
package pairing
