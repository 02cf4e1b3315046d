// Package generics: generic wrappers around conns and locks. Type
// parameters are instantiated with *websocket.Conn and sync types; the
// analyzer sees through the instantiations.
package generics

import (
	"sync"

	"github.com/gorilla/websocket"
)

// Locked pairs any value with a mutex of any Locker type.
type Locked[T any, L sync.Locker] struct {
	mu L
	v  T
}

// With runs f on the value under the lock.
func (l *Locked[T, L]) With(f func(T)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f(l.v)
}

func lockedByGeneric(conn *websocket.Conn, updates <-chan []byte) {
	l := &Locked[*websocket.Conn, *sync.Mutex]{mu: new(sync.Mutex), v: conn}
	go l.With(func(c *websocket.Conn) { c.WriteMessage(websocket.PingMessage, nil) })
	for u := range updates {
		l.With(func(c *websocket.Conn) { c.WriteMessage(websocket.TextMessage, u) })
	}
}

// Pool is a generic registry of conns keyed by K.
type Pool[K comparable] struct {
	mu    sync.RWMutex
	conns map[K]*websocket.Conn
}

// Broadcast writes to every conn under the read lock: two broadcasts can
// run at once and write to the same conn.
func (p *Pool[K]) Broadcast(msg []byte) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	for _, c := range p.conns {
		c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c: WriteMessage may overlap itself, reached from generics.go:59 and generics.go:60 \(goroutine started at generics.go:59\)`
	}
}

// BroadcastLocked takes the write lock: correct.
func (p *Pool[K]) BroadcastLocked(msg []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.WriteMessage(websocket.TextMessage, msg)
	}
}

func pools(p *Pool[string], q *Pool[int]) {
	go p.Broadcast([]byte("a"))
	p.Broadcast([]byte("b"))
	go q.BroadcastLocked([]byte("a"))
	q.BroadcastLocked([]byte("b"))
}

// Pair holds two values of one type parameter.
type Pair[T any] struct{ A, B T }

func pairs(conn *websocket.Conn) {
	p := Pair[*websocket.Conn]{A: conn, B: conn}
	go p.A.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to p.A: WriteMessage may overlap WriteMessage at generics.go:71 \(goroutine started at generics.go:70\)`
	p.B.WriteMessage(websocket.TextMessage, nil)    // want `concurrent write to p.B: WriteMessage may overlap WriteMessage at generics.go:70 \(goroutine started at generics.go:70\)`
}

// Writer is the method set a generic function needs from a conn.
type Writer interface {
	WriteMessage(int, []byte) error
}

// send is generic over the conn type and writes without a lock.
func send[C Writer](c C, msg []byte) error {
	return c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c: WriteMessage may overlap itself, reached from generics.go:\d+ and generics.go:\d+`
}

// genericSend races through the generic send, instantiated with
// *websocket.Conn.
func genericSend(conn *websocket.Conn, updates <-chan []byte) {
	go send(conn, []byte("ping"))
	for u := range updates {
		send(conn, u)
	}
}
