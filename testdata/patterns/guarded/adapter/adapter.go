// Package adapter implements transport.Socket with a gorilla conn. Its
// writes lock a mutex, so its author expects them from several
// goroutines (transport runs two per connection); the write deadline is
// set before the lock is taken.
package adapter

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/guarded/adapter/transport"
)

type Socket struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func New(conn *websocket.Conn) transport.Socket { return &Socket{conn: conn} }

func (s *Socket) WriteText(body []byte, timeout time.Duration) error {
	return s.write(websocket.TextMessage, body, timeout)
}

func (s *Socket) WriteBinary(body []byte, timeout time.Duration) error {
	return s.write(websocket.BinaryMessage, body, timeout)
}

func (s *Socket) write(kind int, body []byte, timeout time.Duration) error {
	if timeout > 0 {
		s.conn.SetWriteDeadline(time.Now().Add(timeout)) // want `concurrent write to s.conn: SetWriteDeadline may overlap WriteMessage at adapter.go:\d+ \(adapter.Socket.conn is written holding adapter.Socket.mu there, not here\)`
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(kind, body) // want `concurrent write to s.conn: WriteMessage may overlap SetWriteDeadline at adapter.go:\d+ \(adapter.Socket.conn is written there without adapter.Socket.mu, which this holds\)`
}

// Guarded sets the deadline under the lock: the fix.
type Guarded struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func NewGuarded(conn *websocket.Conn) transport.Socket { return &Guarded{conn: conn} }

func (g *Guarded) WriteText(body []byte, timeout time.Duration) error {
	return g.write(websocket.TextMessage, body, timeout)
}

func (g *Guarded) WriteBinary(body []byte, timeout time.Duration) error {
	return g.write(websocket.BinaryMessage, body, timeout)
}

func (g *Guarded) write(kind int, body []byte, timeout time.Duration) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if timeout > 0 {
		g.conn.SetWriteDeadline(time.Now().Add(timeout))
	}
	return g.conn.WriteMessage(kind, body)
}
