package fixes

import "github.com/gorilla/websocket"

// pingNoTimeImport's file does not import time: the fix adds it.
func pingNoTimeImport(conn *websocket.Conn, updates <-chan []byte) {
	go conn.WriteMessage(websocket.PingMessage, []byte("keepalive")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at notime.go:9`
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at notime.go:7`
	}
}
