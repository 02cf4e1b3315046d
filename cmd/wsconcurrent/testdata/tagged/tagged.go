//go:build pinger

// Package tagged has its race only when built with -tags pinger.
package tagged

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
