// Package keepalive installs ping and pong handlers on conns for its
// callers, who keep the conns and read them on goroutines of their own.
package keepalive

import (
	"time"

	"github.com/gorilla/websocket"
)

// Dial connects and installs a pong handler that moves the write
// deadline: a write, on whichever goroutine reads.
func Dial(url string) (*websocket.Conn, error) { // want Dial:`handler on result#0: write SetWriteDeadline`
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	conn.SetPongHandler(func(string) error {
		return conn.SetWriteDeadline(time.Now().Add(time.Minute))
	})
	return conn, nil
}

// Answer installs a ping handler that answers with WriteMessage.
func Answer(conn *websocket.Conn) { // want Answer:`handler on p0: write WriteMessage`
	conn.SetPingHandler(func(data string) error {
		return conn.WriteMessage(websocket.PongMessage, []byte(data))
	})
}

// AnswerControl answers with WriteControl, which is safe beside any
// writer: no handler fact.
func AnswerControl(conn *websocket.Conn) { // want AnswerControl:`read SetPingHandler\(p0\)`
	conn.SetPingHandler(func(data string) error {
		return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
}
