// Package unreachable: writes in code that can never run must not be
// reported; the reachable ones still are.
package unreachable

import (
	"os"

	"github.com/gorilla/websocket"
)

func afterPanic(conn *websocket.Conn) {
	go conn.WriteMessage(websocket.PingMessage, nil)
	panic("unreachable below")
	conn.WriteMessage(websocket.TextMessage, nil)
}

func afterReturn(conn *websocket.Conn) {
	go conn.WriteMessage(websocket.PingMessage, nil)
	return
	conn.WriteMessage(websocket.TextMessage, nil)
}

func afterForever(conn *websocket.Conn) {
	go conn.WriteMessage(websocket.PingMessage, nil)
	for {
	}
	conn.WriteMessage(websocket.TextMessage, nil)
}

func afterSelect(conn *websocket.Conn) {
	go conn.WriteMessage(websocket.PingMessage, nil)
	select {}
	conn.WriteMessage(websocket.TextMessage, nil)
}

// afterExit: os.Exit does not return.
func afterExit(conn *websocket.Conn) {
	go conn.WriteMessage(websocket.PingMessage, nil)
	os.Exit(1)
	conn.WriteMessage(websocket.TextMessage, nil)
}

const debug = false

// constantFalse: the branch on a false constant never runs.
func constantFalse(conn *websocket.Conn) {
	go conn.WriteMessage(websocket.PingMessage, nil)
	if debug {
		conn.WriteMessage(websocket.TextMessage, nil)
	}
}

// reachable is the control: the same write that can run is reported.
func reachable(conn *websocket.Conn, fail bool) {
	go conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at unreachable\.go:59 \(goroutine started at unreachable\.go:55\)`
	if fail {
		panic("maybe")
	}
	conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at unreachable\.go:55 \(goroutine started at unreachable\.go:55\)`
}
