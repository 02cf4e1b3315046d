// Package transportws implements transport.Socket with a gorilla conn.
package transportws

import (
	"sync"

	"github.com/gorilla/websocket"

	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/transport"
)

type socket struct {
	conn *websocket.Conn
}

// Wrap adapts c, unguarded.
func Wrap(c *websocket.Conn) transport.Socket { return &socket{conn: c} } // want Wrap:`summary\(stores result#0∈\*github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/transportws.socket; returns#0.conn p0; result#0∈`

func (s *socket) Send(msg []byte) error { // want Send:`summary\(write WriteMessage\(p0.conn\)\)`
	return s.conn.WriteMessage(websocket.TextMessage, msg)
}

type lockedSocket struct { // want lockedSocket:`guards\(o:github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/transportws.lockedSocket.conn under o:github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/transportws.lockedSocket.mu\)`
	mu   sync.Mutex
	conn *websocket.Conn
}

// WrapLocked adapts c, one Send at a time.
func WrapLocked(c *websocket.Conn) transport.Socket { return &lockedSocket{conn: c} } // want WrapLocked:`summary\(stores result#0∈\*github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/transportws.lockedSocket; returns#0.conn p0; result#0∈`

func (s *lockedSocket) Send(msg []byte) error { // want Send:`summary\(write WriteMessage\(p0.conn\) under p0.mu\)`
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(websocket.TextMessage, msg)
}
