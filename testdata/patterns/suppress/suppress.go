// Package suppress: //wsconcurrent:ignore silences a finding on its line
// or every finding in a function; it needs a reason.
package suppress

import (
	"time"

	"github.com/gorilla/websocket"
)

func lineDirective(conn *websocket.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) //wsconcurrent:ignore the server ignores pings; tested under -race
		}
	}()
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at suppress.go:14`
	}
}

// functionDirective is silenced as a whole.
//
//wsconcurrent:ignore updates is closed before the ticker goroutine starts writing
func functionDirective(conn *websocket.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil)
		}
	}()
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u)
	}
}

func noReason(conn *websocket.Conn, updates <-chan []byte) {
	// A directive without a reason does not suppress, and is reported.
	go conn.WriteMessage(websocket.PingMessage, nil) /* want `concurrent write to conn: WriteMessage may overlap WriteMessage at suppress.go:40` `wsconcurrent:ignore directive needs a reason` */ //wsconcurrent:ignore
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at suppress.go:38`
	}
}
