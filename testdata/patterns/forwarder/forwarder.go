// Package forwarder: a conn wrapper whose methods forward to the
// websocket, and a socket that takes its mutex around the forwarded
// writes in some methods and not in Ping. One write site, reached with
// the mutex and without it.
package forwarder

import (
	"io"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type Conn struct {
	ws *websocket.Conn
}

func (c *Conn) NextWriter(mt int) (io.WriteCloser, error) {
	return c.ws.NextWriter(mt) // want `concurrent write to c\.ws: NextWriter may overlap NextWriter's writer at forwarder\.go:35 \(forwarder\.Conn\.ws is written holding forwarder\.Socket\.RWMutex there, not here\)`
}

type Socket struct {
	sync.RWMutex
	Conn *Conn
}

func (s *Socket) Emit(msg []byte) error {
	s.Lock()
	defer s.Unlock()
	w, err := s.Conn.NextWriter(websocket.TextMessage)
	if err != nil {
		return err
	}
	w.Write(msg)     // want `concurrent write to w: NextWriter's writer may overlap NextWriter at forwarder\.go:20 \(forwarder\.Conn\.ws is written there without forwarder\.Socket\.RWMutex, which this holds\)`
	return w.Close() // want `concurrent write to w: NextWriter's writer may overlap NextWriter at forwarder\.go:20 \(forwarder\.Conn\.ws is written there without forwarder\.Socket\.RWMutex, which this holds\)`
}

// Ping forgets the socket's mutex.
func (s *Socket) Ping() error {
	w, err := s.Conn.NextWriter(websocket.TextMessage)
	if err != nil {
		return err
	}
	w.Write([]byte("2")) // want `concurrent write to w: NextWriter's writer may overlap NextWriter at forwarder\.go:20 \(forwarder\.Conn\.ws is written holding forwarder\.Socket\.RWMutex there, not here\)`
	return w.Close()     // want `concurrent write to w: NextWriter's writer may overlap NextWriter at forwarder\.go:20 \(forwarder\.Conn\.ws is written holding forwarder\.Socket\.RWMutex there, not here\)`
}

// Serve pings every socket from a goroutine while users Emit.
func Serve(sockets []*Socket) {
	go func() {
		for range time.Tick(time.Second) {
			for _, s := range sockets {
				s.Ping()
			}
		}
	}()
}
