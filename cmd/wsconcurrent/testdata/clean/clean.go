// Package clean uses a websocket connection correctly: one goroutine owns
// every data write, pings go through WriteControl (safe from any
// goroutine), and only the handler reads. wsconcurrent must stay silent.
package clean

import (
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{}

// Serve echoes every message back through a single writer goroutine.
func Serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	out := make(chan []byte)
	defer close(out)
	go func() {
		for msg := range out {
			if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				return
			}
		}
	}()

	go func() {
		for range time.Tick(30 * time.Second) {
			deadline := time.Now().Add(10 * time.Second)
			if err := conn.WriteControl(websocket.PingMessage, nil, deadline); err != nil {
				return
			}
		}
	}()

	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		out <- msg
	}
}
