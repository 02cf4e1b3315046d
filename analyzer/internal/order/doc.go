// Package order says what happens before what, beyond the control flow
// of one function (package cfg): the synchronisation that orders a
// goroutine before its spawner's later work.
//
// A goroutine's last act can be a signal (wg.Done, close(ch), ch <- v:
// exitSignals in exit.go), and a function's instructions can wait for one
// (wg.Wait, a receive, a select case: Joins in join.go). A goroutine
// whose last act is receiving from a rendezvous channel (unbuffered,
// received by one function: Callees.Rendezvous) is waited for by a send on
// it, which completes only then: a stop handshake. A Join on every
// path between a goroutine's start and a later access orders them
// (Joined); so do a receive whose only senders start after such a wait
// (Gated, CausallyJoined) and a goroutine that waited for what the other
// side sends (WaitedFor). A conn renewed between a goroutine's start and
// a later access is another conn for that goroutine (renewal.go), and a
// goroutine started only on the paths where a call returned a nil error
// exists only then (success.go).
//
// It takes a Func (a function, the resolver of its values, and what its
// callees do, through the Callees interface the engine of summaries
// implements) and gives signals, joins and answers. Of the other stages
// it uses cfg, effect, paths, contract and ssaview.
package order
