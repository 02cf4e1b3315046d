// Package robust: inputs that must not break the analyzer — generics,
// recursion, go inside defer, panics and unreachable code — with the
// findings they still allow.
package robust

import (
	"sync"

	"github.com/gorilla/websocket"
)

// Guarded is a generic wrapper that runs callbacks under its lock.
type Guarded[T any] struct {
	mu sync.Mutex
	v  T
}

func (g *Guarded[T]) Do(f func(T)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f(g.v)
}

// Sender is a generic wrapper around a conn-like value.
type Sender[C interface {
	WriteMessage(int, []byte) error
}] struct {
	mu sync.Mutex
	c  C
}

func (s *Sender[C]) Send(msg []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.c.WriteMessage(websocket.TextMessage, msg)
}

func genericSafe(conn *websocket.Conn, updates <-chan []byte) {
	s := &Sender[*websocket.Conn]{c: conn}
	go s.Send([]byte("hello"))
	for u := range updates {
		s.Send(u)
	}
}

// countdown recurses and writes; the recursion must terminate the
// analysis, and the write still races with the goroutine.
func countdown(conn *websocket.Conn, n int) {
	if n == 0 {
		return
	}
	conn.WriteMessage(websocket.TextMessage, []byte{byte(n)}) // want `concurrent write to conn: WriteMessage may overlap`
	countdown(conn, n-1)
}

func even(conn *websocket.Conn, n int) {
	if n > 0 {
		odd(conn, n-1)
	}
}

func odd(conn *websocket.Conn, n int) {
	if n > 0 {
		even(conn, n-1)
	}
}

func recursive(conn *websocket.Conn) {
	go countdown(conn, 3)
	conn.WriteMessage(websocket.TextMessage, []byte("x")) // want `concurrent write to conn: WriteMessage may overlap`
	even(conn, 10)
}

// goInDefer starts a goroutine from a deferred closure: it runs after
// the function's own writes, and nothing follows it.
func goInDefer(conn *websocket.Conn) {
	defer func() {
		go conn.WriteMessage(websocket.CloseMessage, nil)
	}()
	conn.WriteMessage(websocket.TextMessage, []byte("bye"))
}

// recovering writes in a recover path; unreachable code after panic.
func recovering(conn *websocket.Conn) (err error) {
	defer func() {
		if r := recover(); r != nil {
			conn.WriteMessage(websocket.CloseMessage, nil)
		}
	}()
	panic("boom")
}

// swap writes to x or, after swapping its arguments, to y: only the
// fixed point over the recursion sees both.
func swap(x, y *websocket.Conn, n int) {
	if n > 0 {
		swap(y, x, n-1)
		return
	}
	x.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to x: WriteMessage may overlap WriteMessage at robust.go:105`
}

func swapped(a, b *websocket.Conn) {
	go swap(a, b, 1)
	b.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to b: WriteMessage may overlap WriteMessage at robust.go:100`
}

// stepper's value flows back into the call that builds the next one (s =
// step(s)): looking through step's result for s.conn must not recurse
// forever. The conn is the one run was given, written from two
// goroutines.
type stepper struct {
	conn *websocket.Conn
	n    int
}

func step(s *stepper) *stepper { return &stepper{conn: s.conn, n: s.n + 1} }

func runSteps(c *websocket.Conn) {
	s := &stepper{conn: c}
	for i := 0; i < 3; i++ {
		s = step(s)
	}
	go s.conn.WriteMessage(websocket.TextMessage, nil) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at robust.go:\d+ \(goroutine started at robust.go:\d+\)`
	s.conn.WriteMessage(websocket.TextMessage, nil)    // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at robust.go:\d+ \(goroutine started at robust.go:\d+\)`
}
