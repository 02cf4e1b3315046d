package fixes

import (
	"sync"

	"github.com/gorilla/websocket"
)

type sharedConn struct {
	mu   sync.RWMutex
	conn *websocket.Conn
}

// send takes the read lock, which does not exclude another sender: the
// fix takes it exclusively.
func (s *sharedConn) send(msg []byte) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to s.conn: WriteMessage may overlap itself, reached from rlock.go:23 and rlock.go:24`
}

func (s *sharedConn) fanIn(msg []byte) {
	go s.send(msg)
	s.send(msg)
}
