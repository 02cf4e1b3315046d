// Package multifile races one connection across three files: the
// order of its findings and the partner each names must not depend on
// the order in which the files were parsed.
package multifile

import "github.com/gorilla/websocket"

// Serve starts the pingers of b.go and c.go and writes events itself.
func Serve(conn *websocket.Conn, events <-chan []byte) {
	go pingB(conn)
	go pingC(conn)
	for ev := range events {
		conn.WriteMessage(websocket.TextMessage, ev)
	}
}
