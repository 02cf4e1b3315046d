package handlers

import (
	"sync"

	"github.com/gorilla/websocket"
)

// A ping handler installed as a method value runs at every later read,
// on the reading goroutine.

type echoSession struct {
	conn *websocket.Conn
	send chan []byte
}

// onPing answers with WriteMessage: it runs in run's read loop while
// writer writes.
func (s *echoSession) onPing(data string) error {
	return s.conn.WriteMessage(websocket.PongMessage, []byte(data)) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage`
}

func (s *echoSession) writer() {
	for m := range s.send {
		s.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage`
	}
}

func (s *echoSession) run() {
	s.conn.SetPingHandler(s.onPing)
	go s.writer()
	for {
		if _, _, err := s.conn.ReadMessage(); err != nil {
			return
		}
	}
}

// lockedSession's handler and writer take the same mutex: silent.
type lockedSession struct {
	mu   sync.Mutex
	conn *websocket.Conn
	send chan []byte
}

func (s *lockedSession) onPing(data string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(websocket.PongMessage, []byte(data))
}

func (s *lockedSession) writer() {
	for m := range s.send {
		s.mu.Lock()
		s.conn.WriteMessage(websocket.TextMessage, m)
		s.mu.Unlock()
	}
}

func (s *lockedSession) run() {
	s.conn.SetPingHandler(s.onPing)
	go s.writer()
	for {
		if _, _, err := s.conn.ReadMessage(); err != nil {
			return
		}
	}
}
