// Package callbacks: function values run by the function they are passed
// to, under its lock or on a goroutine it starts.
package callbacks

import (
	"sync"

	"github.com/gorilla/websocket"
)

// Guarded runs callbacks under its lock.
type Guarded[T any] struct {
	mu sync.Mutex
	v  T
}

func (g *Guarded[T]) Do(f func(T)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f(g.v)
}

// guardedWriters is safe: both writes run inside Do, under g.mu.
func guardedWriters(g *Guarded[*websocket.Conn], updates <-chan []byte) {
	go g.Do(func(c *websocket.Conn) {
		c.WriteMessage(websocket.PingMessage, nil)
	})
	for u := range updates {
		g.Do(func(c *websocket.Conn) {
			c.WriteMessage(websocket.TextMessage, u)
		})
	}
}

// async runs its callback on a goroutine of its own.
func async(f func()) {
	go f()
}

// asyncCallback races: the callback writes on async's goroutine while
// the caller writes.
func asyncCallback(conn *websocket.Conn, updates <-chan []byte) {
	async(func() {
		conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at callbacks.go:47`
	})
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at callbacks.go:44`
	}
}

// sync runs its callback right away, on the caller's goroutine.
func syncRun(f func()) {
	f()
}

// syncCallback is safe: one goroutine does everything.
func syncCallback(conn *websocket.Conn, updates <-chan []byte) {
	syncRun(func() {
		conn.WriteMessage(websocket.PingMessage, nil)
	})
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u)
	}
}

// forward passes its callback on to async: still a goroutine.
func forward(f func()) { async(f) }

func forwardedCallback(conn *websocket.Conn, updates <-chan []byte) {
	forward(func() {
		conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at callbacks.go:74`
	})
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at callbacks.go:71`
	}
}

// worker calls the handler stored in its struct, on its own goroutine.
type worker struct {
	onMessage func([]byte)
	inbox     chan []byte
}

func (w *worker) run() {
	for m := range w.inbox {
		w.onMessage(m)
	}
}

// storedCallback races: the handler stored in the worker writes on the
// worker's goroutine while the caller writes.
func storedCallback(conn *websocket.Conn, updates <-chan []byte) {
	w := &worker{
		onMessage: func(m []byte) {
			conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at callbacks.go:101`
		},
		inbox: make(chan []byte),
	}
	go w.run()
	for u := range updates {
		conn.WriteMessage(websocket.TextMessage, u) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at callbacks.go:95`
	}
}

// storedCallbackOwner is safe: the stored handler only forwards to a
// channel the caller's loop drains.
func storedCallbackOwner(conn *websocket.Conn) {
	out := make(chan []byte)
	w := &worker{
		onMessage: func(m []byte) { out <- m },
		inbox:     make(chan []byte),
	}
	go w.run()
	for m := range out {
		conn.WriteMessage(websocket.TextMessage, m)
	}
}

// post hands m to the worker.
func (w *worker) post(m []byte) { w.inbox <- m }
