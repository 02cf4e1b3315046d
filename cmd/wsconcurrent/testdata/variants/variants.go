// Package variants has a race in its own files; its test file adds a
// third writer, so the test variant (variants [variants.test]) finds
// the same sites with another partner. Each site is printed once.
package variants

import (
	"time"

	"github.com/gorilla/websocket"
)

func serve(conn *websocket.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil)
		}
	}()
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u)
	}
}
