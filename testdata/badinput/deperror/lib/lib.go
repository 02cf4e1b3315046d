// Package lib does not type-check; app imports it.
package lib

import "github.com/gorilla/websocket"

// Send writes msg to conn.
func Send(conn *websocket.Conn, msg string) error {
	return conn.WriteMessage(websocket.TextMessage, msg)
}
