// Package framelib keeps its conn behind a private interface and hands
// out the writer of a frame; its pinger holds the stream's mutex.
package framelib

import (
	"io"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type frames interface {
	NextWriter(int) (io.WriteCloser, error)
	WriteMessage(int, []byte) error
}

type Stream struct {
	mu   sync.Mutex
	conn frames
}

func NewStream(conn *websocket.Conn) *Stream { // want NewStream:`summary\(go write WriteMessage\(p0\) under r0.mu; stores result#0.conn∈\*github.com/gorilla/websocket.Conn; go calls p0.WriteMessage; returns#0.conn p0; new result#0\)`
	s := &Stream{conn: conn}
	go s.ping()
	return s
}

func (s *Stream) ping() {
	for range time.Tick(time.Second) {
		s.mu.Lock()
		s.conn.WriteMessage(websocket.PingMessage, nil)
		s.mu.Unlock()
	}
}

// Frame returns the writer of a new frame, under the stream's mutex
// only for the call.
func (s *Stream) Frame() (io.WriteCloser, error) { // want Frame:`summary\(write NextWriter\(p0.conn\) under p0.mu if p0.conn∈\*github.com/gorilla/websocket.Conn; calls p0.conn.NextWriter; returns#0 p0.conn.\(writer∈\*github.com/gorilla/websocket.Conn\)\)`
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.NextWriter(websocket.TextMessage)
}

// Lock and Unlock let a caller hold the stream's mutex around a frame.
func (s *Stream) Lock()   { s.mu.Lock() }   // want Lock:`summary\(acquires p0.mu\)`
func (s *Stream) Unlock() { s.mu.Unlock() } // want Unlock:`summary\(releases p0.mu\)`
