package interfaces

import (
	"io"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// A private interface the conn satisfies, kept in a field the
// constructor fills: the writes through it are writes to the conn the
// package stored there, in the open world too.

type frameConn interface {
	NextWriter(int) (io.WriteCloser, error)
	WriteMessage(int, []byte) error
}

// Streamer pings from the goroutine its constructor starts while Send
// writes a frame through NextWriter. Reported.
type Streamer struct {
	conn frameConn
}

func NewStreamer(conn *websocket.Conn) *Streamer {
	s := &Streamer{conn: conn}
	go s.ping()
	return s
}

func (s *Streamer) ping() {
	for range time.Tick(time.Second) {
		s.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to s.conn: WriteMessage may overlap NextWriter`
	}
}

func (s *Streamer) Send(b []byte) error {
	w, err := s.conn.NextWriter(websocket.TextMessage) // want `concurrent write to s.conn: NextWriter may overlap WriteMessage`
	if err != nil {
		return err
	}
	w.Write(b)
	return w.Close()
}

// LockedStreamer takes one mutex on both sides: silent.
type LockedStreamer struct {
	mu   sync.Mutex
	conn frameConn
}

func NewLockedStreamer(conn *websocket.Conn) *LockedStreamer {
	s := &LockedStreamer{conn: conn}
	go s.ping()
	return s
}

func (s *LockedStreamer) ping() {
	for range time.Tick(time.Second) {
		s.mu.Lock()
		s.conn.WriteMessage(websocket.PingMessage, nil)
		s.mu.Unlock()
	}
}

func (s *LockedStreamer) Send(b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.conn.NextWriter(websocket.TextMessage)
	if err != nil {
		return err
	}
	w.Write(b)
	return w.Close()
}

// Relay gets its conn from a setter, and pings from Start. Reported.
type Relay struct {
	conn frameConn
}

func (r *Relay) Attach(conn *websocket.Conn) { r.conn = conn }

func (r *Relay) Start() {
	go func() {
		for range time.Tick(time.Second) {
			r.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to r.conn: WriteMessage may overlap WriteMessage`
		}
	}()
}

func (r *Relay) Forward(b []byte) error {
	return r.conn.WriteMessage(websocket.BinaryMessage, b) // want `concurrent write to r.conn: WriteMessage may overlap WriteMessage`
}
