// Package fixes: suggested fixes for control frames sent with
// WriteMessage from a racing goroutine.
package fixes

import (
	"time"

	"github.com/gorilla/websocket"
)

func ping(conn *websocket.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:18`
		}
	}()
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:14`
	}
}

func closeFrame(conn *websocket.Conn, updates <-chan []byte) {
	go func() {
		time.Sleep(time.Minute)
		conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:28`
	}()
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:25`
	}
}

// pongPayload is not fixed: the payload may be longer than a control
// frame allows.
func pongPayload(conn *websocket.Conn, payload []byte, updates <-chan []byte) {
	go conn.WriteMessage(websocket.PongMessage, payload) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:37`
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:35`
	}
}

const hello = "hello"

// payloads that are certainly short enough are all fixed.
func payloads(conn *websocket.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, []byte{})         // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:55`
			conn.WriteMessage(websocket.PingMessage, []byte("ping"))   // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:55`
			conn.WriteMessage(websocket.PingMessage, []byte(hello))    // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:55`
			conn.WriteMessage(websocket.PongMessage, []byte{'o', 'k'}) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:55`
			conn.WriteMessage(websocket.CloseMessage, []byte{200: 0})  // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:55`
		}
	}()
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fixes.go:47`
	}
}
