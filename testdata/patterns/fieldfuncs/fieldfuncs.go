// Package fieldfuncs: a conn written through a function value kept in a
// field. A lock held around the call of the field holds around the
// write the function makes.
package fieldfuncs

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type stream struct {
	mu   sync.Mutex
	send func(msg []byte) error
}

// publish holds the stream's mutex around the call of s.send.
func (s *stream) publish(msg []byte) {
	s.mu.Lock()
	s.send(msg)
	s.mu.Unlock()
}

// publishNow forgets it.
func (s *stream) publishNow(msg []byte) {
	s.send(msg)
}

// serve is silent: both writes happen inside s.send, under s.mu, one of
// them on the ticker's goroutine.
func serve(conn *websocket.Conn, updates <-chan []byte) {
	s := &stream{}
	s.send = func(msg []byte) error {
		return conn.WriteMessage(websocket.TextMessage, msg)
	}
	go func() {
		for range time.Tick(time.Second) {
			s.publish([]byte("tick"))
		}
	}()
	for u := range updates {
		s.publish(u)
	}
}

// serveRaw races: the ticker publishes without the lock.
func serveRaw(conn *websocket.Conn, updates <-chan []byte) {
	s := &stream{}
	s.send = func(msg []byte) error {
		return conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to conn: WriteMessage may overlap itself, reached from fieldfuncs.go:57 and fieldfuncs.go:59 \(goroutine started at fieldfuncs.go:53\)`
	}
	go func() {
		for range time.Tick(time.Second) {
			s.publishNow([]byte("tick"))
		}
	}()
	for u := range updates {
		s.publish(u)
	}
}
