// Package goindefer: goroutines started from deferred calls.
package goindefer

import (
	"sync"

	"github.com/gorilla/websocket"
)

// deferredGo: the deferred goroutine starts after the function's own
// writes, but the pinger started first may still be writing.
func deferredGo(conn *websocket.Conn) {
	go conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at goindefer.go:15 \(goroutine started at goindefer.go:15\)`
	defer func() {
		go conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at goindefer.go:13 \(goroutine started at goindefer.go:13\)`
	}()
}

// deferredGoOnly: nothing runs after the deferred goroutine starts.
func deferredGoOnly(conn *websocket.Conn) {
	defer func() {
		go conn.WriteMessage(websocket.CloseMessage, nil)
	}()
	conn.WriteMessage(websocket.TextMessage, []byte("bye"))
}

// deferredGoLocked: both goroutines take the same mutex.
func deferredGoLocked(conn *websocket.Conn, mu *sync.Mutex) {
	go func() {
		mu.Lock()
		defer mu.Unlock()
		conn.WriteMessage(websocket.PingMessage, nil)
	}()
	defer func() {
		go func() {
			mu.Lock()
			defer mu.Unlock()
			conn.WriteMessage(websocket.CloseMessage, nil)
		}()
	}()
}

// deferGoDirect: defer of a function that itself starts a goroutine.
func startPinger(conn *websocket.Conn) {
	go conn.WriteMessage(websocket.PingMessage, nil)
}

func deferGoDirect(conn *websocket.Conn) {
	defer startPinger(conn)
	conn.WriteMessage(websocket.TextMessage, nil)
}
