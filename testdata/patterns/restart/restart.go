// Package restart: a panic-restart wrapper runs its function on the
// goroutine it is started on and, when the function panics, starts
// itself again from its deferred recover. The restarted instance begins
// after the old one ended, so a pinger under the wrapper does not
// overlap itself; it does overlap a write made beside it.
package restart

import (
	"time"

	"github.com/gorilla/websocket"
)

func guard(name string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			go guard(name, f)
		}
	}()
	f()
}

func pinger(conn *websocket.Conn) func() {
	return func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at restart.go:\d+ \(goroutine started at restart.go:\d+\)`
		}
	}
}

// Guarded starts one pinger under the wrapper: silent.
func Guarded(conn *websocket.Conn) {
	go guard("pinger", pinger(conn))
}

// GuardedAndWrite writes beside the pinger: racy.
func GuardedAndWrite(conn *websocket.Conn) {
	go guard("pinger", pinger(conn))
	conn.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at restart.go:26 \(goroutine started at restart.go:\d+\)`
}

// Closure is the same with the pinger written in place: silent.
func Closure(conn *websocket.Conn) {
	go guard("pinger", func() {
		for range time.Tick(time.Second) {
			conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	})
	conn.WriteMessage(websocket.TextMessage, []byte("hello"))
}

// ClosureAndWrite pings with WriteMessage beside the write: racy.
func ClosureAndWrite(conn *websocket.Conn) {
	go guard("pinger", func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at restart.go:\d+ \(goroutine started at restart.go:\d+\)`
		}
	})
	conn.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at restart.go:\d+ \(goroutine started at restart.go:\d+\)`
}
