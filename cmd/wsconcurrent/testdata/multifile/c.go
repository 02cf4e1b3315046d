package multifile

import (
	"time"

	"github.com/gorilla/websocket"
)

func pingC(conn *websocket.Conn) {
	for range time.Tick(time.Second) {
		conn.WriteMessage(websocket.PingMessage, []byte("c"))
	}
}
