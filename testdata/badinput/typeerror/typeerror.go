// Package typeerror does not type-check: the payload written inside the
// goroutine is undefined, and a write passes too few arguments. Drivers
// report the type errors and skip the analyzer.
package typeerror

import "github.com/gorilla/websocket"

func serve(conn *websocket.Conn) {
	go func() {
		conn.WriteMessage(websocket.TextMessage, undefinedPayload)
	}()
	conn.WriteMessage(websocket.TextMessage)
}
