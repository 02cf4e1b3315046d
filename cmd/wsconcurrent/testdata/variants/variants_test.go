package variants

import (
	"testing"

	"github.com/gorilla/websocket"
)

func hello(conn *websocket.Conn) {
	go conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	serve(conn, nil)
}

func TestNothing(t *testing.T) {}
