// Package unreachable: writes in code that can never run must not be
// reported; the reachable ones still are.
package unreachable

import "github.com/gorilla/websocket"

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

// reachable is the control: the same write that can run is reported.
func reachable(conn *websocket.Conn, fail bool) {
	go conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at unreachable.go:38 \(goroutine started at unreachable.go:34\)`
	if fail {
		panic("maybe")
	}
	conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at unreachable.go:34 \(goroutine started at unreachable.go:34\)`
}
