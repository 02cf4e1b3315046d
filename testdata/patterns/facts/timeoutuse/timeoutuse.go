// Package timeoutuse writes through timeoutconn from two goroutines.
package timeoutuse

import (
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/timeoutconn"
)

// locked is silent: every write holds the wrapper's mutex, taken inside
// the goroutine WriteMessage starts.
func locked(ws *websocket.Conn, updates <-chan []byte) {
	c := timeoutconn.New(ws)
	go func() {
		for range time.Tick(time.Second) {
			c.WriteMessage(websocket.PingMessage, nil)
		}
	}()
	for u := range updates {
		c.WriteMessage(websocket.TextMessage, u)
	}
}

// raw races: RawWrite's goroutine takes no lock.
func raw(ws *websocket.Conn, updates <-chan []byte) {
	c := timeoutconn.New(ws)
	go func() {
		for range time.Tick(time.Second) {
			c.RawWrite(websocket.PingMessage, nil) // want `concurrent write to c\.conn: RawWrite \(WriteMessage at timeoutconn\.go:47\) may overlap itself: the goroutine started at timeoutuse\.go:30 runs once per loop iteration`
		}
	}()
	for u := range updates {
		c.RawWrite(websocket.TextMessage, u) // want `concurrent write to ws: RawWrite \(WriteMessage at timeoutconn\.go:47\) may overlap itself: the goroutine started at timeoutuse\.go:34 runs once per loop iteration`
	}
}
