package interfaces

import (
	"bytes"
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
	w.Write(b)       // want `concurrent write to w: NextWriter's writer may overlap WriteMessage`
	return w.Close() // want `concurrent write to w: NextWriter's writer may overlap WriteMessage`
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

// HalfLocked holds its mutex around NextWriter only: the frame written
// after the unlock overlaps the pinger's writes. Reported at the
// writer's Write and Close, not at the locked calls.
type HalfLocked struct {
	mu   sync.Mutex
	conn frameConn
}

func NewHalfLocked(conn *websocket.Conn) *HalfLocked {
	s := &HalfLocked{conn: conn}
	go s.ping()
	return s
}

func (s *HalfLocked) ping() {
	for range time.Tick(time.Second) {
		s.mu.Lock()
		s.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to s.conn: WriteMessage may overlap NextWriter's writer`
		s.mu.Unlock()
	}
}

func (s *HalfLocked) Send(b []byte) error {
	s.mu.Lock()
	w, err := s.frames().NextWriter(websocket.TextMessage)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	w.Write(b)       // want `concurrent write to w: NextWriter's writer may overlap WriteMessage`
	return w.Close() // want `concurrent write to w: NextWriter's writer may overlap WriteMessage`
}

func (s *HalfLocked) frames() frameConn { return s.conn }

// FullyLocked keeps its mutex until the writer is closed: silent.
type FullyLocked struct {
	mu   sync.Mutex
	conn frameConn
}

func NewFullyLocked(conn *websocket.Conn) *FullyLocked {
	s := &FullyLocked{conn: conn}
	go s.ping()
	return s
}

func (s *FullyLocked) ping() {
	for range time.Tick(time.Second) {
		s.mu.Lock()
		s.conn.WriteMessage(websocket.PingMessage, nil)
		s.mu.Unlock()
	}
}

func (s *FullyLocked) Send(b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.conn.NextWriter(websocket.TextMessage)
	if err != nil {
		return err
	}
	w.Write(b)
	return w.Close()
}

// frameRecorder is a frameConn that is not a conn: a frame sink may hold it,
// and its writer writes to a buffer.
type frameRecorder struct{ frames []*bytes.Buffer }

func (r *frameRecorder) NextWriter(int) (io.WriteCloser, error) {
	b := new(bytes.Buffer)
	r.frames = append(r.frames, b)
	return frameCloser{b}, nil
}

func (r *frameRecorder) WriteMessage(_ int, b []byte) error {
	r.NextWriter(0)
	return nil
}

type frameCloser struct{ io.Writer }

func (frameCloser) Close() error { return nil }

// Sink's frameConn is a recorder or a conn: when it is the conn, the
// frame written after the unlock overlaps the pinger. Reported.
type Sink struct {
	mu   sync.Mutex
	conn frameConn
}

func NewSink(conn *websocket.Conn, record bool) *Sink {
	s := &Sink{conn: conn}
	if record {
		s.conn = &frameRecorder{}
	}
	go func() {
		for range time.Tick(time.Second) {
			s.mu.Lock()
			s.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to s.conn: WriteMessage may overlap NextWriter's writer`
			s.mu.Unlock()
		}
	}()
	return s
}

func (s *Sink) Send(b []byte) error {
	s.mu.Lock()
	w, err := s.conn.NextWriter(websocket.TextMessage)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	w.Write(b)       // want `concurrent write to w: NextWriter's writer may overlap WriteMessage`
	return w.Close() // want `concurrent write to w: NextWriter's writer may overlap WriteMessage`
}

// Tape's frameConn is only ever a recorder: its writer writes to a
// buffer. Silent.
type Tape struct {
	mu   sync.Mutex
	conn frameConn
}

func NewTape() *Tape {
	s := &Tape{conn: &frameRecorder{}}
	go func() {
		for range time.Tick(time.Second) {
			s.mu.Lock()
			s.conn.WriteMessage(websocket.PingMessage, nil)
			s.mu.Unlock()
		}
	}()
	return s
}

func (s *Tape) Send(b []byte) error {
	s.mu.Lock()
	w, err := s.conn.NextWriter(websocket.TextMessage)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	w.Write(b)
	return w.Close()
}
