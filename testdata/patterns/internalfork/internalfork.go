// Package internalfork uses the internal fork in ./ws; with
// -conntypes=github.com/wsconcurrent/wsconcurrent/testdata/patterns/internalfork/ws.Conn
// its writes are checked like gorilla's.
package internalfork

import (
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/internalfork/ws"
)

func pump(conn *ws.Conn, updates <-chan []byte) {
	go conn.WriteMessage(ws.TextMessage, []byte("hello")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at internalfork.go:13`
	for u := range updates {
		conn.WriteMessage(ws.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at internalfork.go:11`
	}
}
