// Package fixed is forwarder after the fix: Ping writes through the
// locked path, and the forwarder is unexported (only the socket's locked
// methods call it).
package fixed

import (
	"io"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type Conn struct {
	ws *websocket.Conn
}

func (c *Conn) nextWriter(mt int) (io.WriteCloser, error) {
	return c.ws.NextWriter(mt)
}

type Socket struct {
	sync.RWMutex
	Conn *Conn
}

func (s *Socket) write(msg []byte) error {
	s.Lock()
	defer s.Unlock()
	w, err := s.Conn.nextWriter(websocket.TextMessage)
	if err != nil {
		return err
	}
	w.Write(msg)
	return w.Close()
}

func (s *Socket) Emit(msg []byte) error { return s.write(msg) }

func (s *Socket) Ping() error { return s.write([]byte("2")) }

func Serve(sockets []*Socket) {
	go func() {
		for range time.Tick(time.Second) {
			for _, s := range sockets {
				s.Ping()
			}
		}
	}()
}
