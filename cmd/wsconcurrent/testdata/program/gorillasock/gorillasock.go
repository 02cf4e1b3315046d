// Package gorillasock implements relay.Socket with a gorilla conn.
package gorillasock

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/cmd/wsconcurrent/testdata/program/relay"
)

type socket struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

// Wrap adapts c to relay.Socket.
func Wrap(c *websocket.Conn) relay.Socket { return &socket{conn: c} }

// Send sends a text message.
func (s *socket) Send(msg []byte) error { return s.write(websocket.TextMessage, msg) }

// SendBinary sends a binary message.
func (s *socket) SendBinary(msg []byte) error { return s.write(websocket.BinaryMessage, msg) }

// write sets the deadline before it takes the lock that guards the
// write: the lock says the socket has concurrent callers.
func (s *socket) write(typ int, msg []byte) error {
	s.conn.SetWriteDeadline(time.Now().Add(time.Second))
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(typ, msg)
}

// Echo answers every message while a goroutine pings: racy, but no
// program here calls it.
func Echo(c *websocket.Conn) {
	go func() {
		for range time.Tick(time.Second) {
			c.WriteMessage(websocket.PingMessage, nil)
		}
	}()
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		c.WriteMessage(websocket.TextMessage, msg)
	}
}
