// Package sessionlib's sessions have a keepalive loop their owner runs
// and a Send for whoever has the session. Whether the two may overlap is
// the owner's business: another package runs the loop and hands the
// session to its users.
package sessionlib

import (
	"time"

	"github.com/gorilla/websocket"
)

// Session is a conn with a keepalive.
type Session struct {
	conn *websocket.Conn
}

// New wraps a conn.
func New(conn *websocket.Conn) *Session { // want New:`returns#0.conn p0`
	return &Session{conn: conn}
}

// Keepalive moves the write deadline forever.
func (s *Session) Keepalive() { // want Keepalive:`write SetWriteDeadline\(p0.conn\)`
	for range time.Tick(time.Second) {
		s.conn.SetWriteDeadline(time.Now().Add(time.Second))
	}
}

// Send writes a message.
func (s *Session) Send(b []byte) error { // want Send:`write WriteMessage\(p0.conn\)`
	return s.conn.WriteMessage(websocket.TextMessage, b)
}
