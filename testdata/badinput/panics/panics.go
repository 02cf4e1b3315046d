// Package panics: writes on panic and recover paths.
package panics

import (
	"errors"
	"time"

	"github.com/gorilla/websocket"
)

// recoverWrites: the deferred handler writes a close frame with
// WriteMessage while the pinger may still be running.
func recoverWrites(conn *websocket.Conn, work func()) {
	go conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at panics.go:17 \(goroutine started at panics.go:14\)`
	defer func() {
		if r := recover(); r != nil {
			conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at panics.go:14 \(goroutine started at panics.go:14\)`
		}
	}()
	work()
}

// recoverControl: WriteControl is safe from any goroutine.
func recoverControl(conn *websocket.Conn, work func()) {
	go conn.WriteMessage(websocket.PingMessage, nil)
	defer func() {
		if recover() != nil {
			conn.WriteControl(websocket.CloseMessage, nil, deadline())
		}
	}()
	work()
}

// goroutineRecovers: the goroutine recovers its own panic and writes; the
// spawner writes too.
func goroutineRecovers(conn *websocket.Conn) {
	go func() {
		defer func() {
			if recover() != nil {
				conn.WriteMessage(websocket.TextMessage, []byte("recovered")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at panics.go:45 \(goroutine started at panics.go:37\)`
			}
		}()
		panic(errors.New("boom"))
	}()
	conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at panics.go:40 \(goroutine started at panics.go:37\)`
}

// rePanic: a handler that re-panics after writing.
func rePanic(conn *websocket.Conn) {
	defer func() {
		if r := recover(); r != nil {
			conn.WriteMessage(websocket.CloseMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at panics.go:56 \(goroutine started at panics.go:56\)`
			panic(r)
		}
	}()
	go conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at panics.go:52 \(goroutine started at panics.go:56\)`
	panic("boom")
}

// panicBeforeGo: the panic happens before any goroutine starts; the
// deferred write runs alone.
func panicBeforeGo(conn *websocket.Conn, bad bool) {
	defer func() {
		if recover() != nil {
			conn.WriteMessage(websocket.CloseMessage, nil)
		}
	}()
	if bad {
		panic("bad")
	}
	conn.WriteMessage(websocket.TextMessage, nil)
}

func deadline() time.Time { return time.Now().Add(time.Second) }
