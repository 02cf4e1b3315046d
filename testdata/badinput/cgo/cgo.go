// Package cgo uses cgo and gorilla/websocket in the same file: the
// analyzer sees the cgo-processed file and still reports at the original
// positions.
package cgo

/*
static int answer(void) { return 42; }
*/
import "C"

import (
	"time"

	"github.com/gorilla/websocket"
)

// heartbeat races: the ticker goroutine and the loop both use WriteMessage.
func heartbeat(conn *websocket.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, []byte{byte(C.answer())}) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at cgo.go:26 \(goroutine started at cgo.go:19\)`
		}
	}()
	for u := range updates {
		_ = C.answer()
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at cgo.go:21 \(goroutine started at cgo.go:19\)`
	}
}

// heartbeatControl is the fix: WriteControl is safe from any goroutine.
func heartbeatControl(conn *websocket.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteControl(websocket.PingMessage, []byte{byte(C.answer())}, time.Now().Add(time.Second))
		}
	}()
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u)
	}
}
