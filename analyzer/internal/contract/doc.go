// Package contract is what the analysis knows of libraries, as data.
//
// It holds gorilla/websocket's concurrency contract (wsapi.go: which
// methods write, which read, which are safe from any goroutine, which
// install ping, pong and close handlers), the forks that keep it
// (forks.go: recognised by import path, by -conntypes, or by the shape of
// their API), and the library functions that start goroutines or run a
// function argument in place (libraries.go: errgroup, WaitGroup.Go,
// time.AfterFunc, net/http and the routers, worker pools and schedulers,
// sync.Once.Do).
//
// It takes types and SSA calls and gives operations (ConnOp), spawners
// (SpawnerOf) and the like. It depends on no other stage.
package contract
