// Package oracle ties wsconcurrent's findings to runtime truth. Its files
// are behind the build tag oracle, so that go test ./... stays fast:
//
//	go test -race -tags oracle ./oracle
//
// twins.go holds, for each racy shape the analyzer reports (the README's
// example, the ping, business, safeconn, writerqueue, gostmt, spawners
// and callbacks patterns), a function with that shape and a safe twin.
// The tests check that the analyzer reports the racy twins and not the
// safe ones, then drive each twin with a real gorilla/websocket server
// and client on 127.0.0.1 (httptest), bounded in messages and time: under
// the race detector, each racy twin makes the race detector (or
// gorilla's "concurrent write to websocket connection" panic) fire in a
// subprocess, and each safe twin runs clean.
package oracle
