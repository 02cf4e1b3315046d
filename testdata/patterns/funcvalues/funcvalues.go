// Package funcvalues: a write wrapped in a function value reaches the
// conn wherever the value is called, also when it is converted to a
// named func type, is the receiver of a method on that type behind an
// interface, sits in a field of an adapter struct behind an interface, or
// is handed to a function that only knows the interface.
package funcvalues

import (
	"sync"

	"github.com/gorilla/websocket"
)

type Replier interface{ Reply(v any) error }

// ReplyFunc adapts a function to Replier.
type ReplyFunc func(v any) error

func (f ReplyFunc) Reply(v any) error {
	return f(v) // want `concurrent write to conn: WriteJSON may overlap itself, reached from funcvalues.go:\d+ and funcvalues.go:\d+ \(goroutine started at funcvalues.go:\d+\)`
}

// Converted: a closure converted to the named type, called from two
// goroutines.
func Converted(conn *websocket.Conn) {
	f := ReplyFunc(func(v any) error {
		return conn.WriteJSON(v) // want `concurrent write to conn: WriteJSON may overlap itself, reached from funcvalues.go:29 and funcvalues.go:30 \(goroutine started at funcvalues.go:29\)`
	})
	go f(1)
	f(2)
}

// ConvertedLocked is the fix: the closure takes a mutex.
func ConvertedLocked(conn *websocket.Conn) {
	var mu sync.Mutex
	f := ReplyFunc(func(v any) error {
		mu.Lock()
		defer mu.Unlock()
		return conn.WriteJSON(v)
	})
	go f(1)
	f(2)
}

// Behind an interface: the method on the func type calls the method
// value.
func Interface(conn *websocket.Conn) {
	var r Replier = ReplyFunc(conn.WriteJSON)
	go r.Reply(1)
	r.Reply(2)
}

// InterfaceWaited is the near miss: the second reply waits for the
// first.
func InterfaceWaited(conn *websocket.Conn) {
	var r Replier = ReplyFunc(conn.WriteJSON)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.Reply(1)
	}()
	wg.Wait()
	r.Reply(2)
}

// fieldReplier adapts a function held in a field.
type fieldReplier struct{ fn func(any) error }

func (s fieldReplier) Reply(v any) error {
	return s.fn(v) // want `concurrent write to conn: WriteJSON may overlap itself, reached from funcvalues.go:\d+ and funcvalues.go:\d+ \(goroutine started at funcvalues.go:\d+\)`
}

func Adapter(conn *websocket.Conn) {
	var r Replier = fieldReplier{fn: conn.WriteJSON}
	go r.Reply(1)
	r.Reply(2)
}

// lockedReplier is the fix: the adapter locks around the call.
type lockedReplier struct {
	mu *sync.Mutex
	fn func(any) error
}

func (s lockedReplier) Reply(v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fn(v)
}

func AdapterLocked(conn *websocket.Conn) {
	var r Replier = lockedReplier{mu: new(sync.Mutex), fn: conn.WriteJSON}
	go r.Reply(1)
	r.Reply(2)
}

// notifier adapts a function for the helpers below, which know only the
// interface.
type notifier func(v any) error

func (n notifier) Reply(v any) error {
	return n(v) // want `concurrent write to conn: WriteJSON may overlap itself, reached from funcvalues.go:\d+ and funcvalues.go:\d+ \(goroutine started at funcvalues.go:\d+\)`
}

func notify(r Replier, v any) { r.Reply(v) }

// Handed: the interface is handed to a helper from two goroutines.
func Handed(conn *websocket.Conn) {
	n := notifier(conn.WriteJSON)
	go notify(n, 1)
	notify(n, 2)
}

var notifyMu sync.Mutex

func notifyLocked(r Replier, v any) {
	notifyMu.Lock()
	defer notifyMu.Unlock()
	r.Reply(v)
}

// HandedLocked is the fix: the helper locks around the call.
func HandedLocked(conn *websocket.Conn) {
	n := notifier(conn.WriteJSON)
	go notifyLocked(n, 1)
	notifyLocked(n, 2)
}

// A function value in a field of a struct: filled in here, or by a
// helper that returns the struct.
type handler struct {
	send func(msg []byte) error
}

func newHandler(conn *websocket.Conn) *handler {
	return &handler{send: func(msg []byte) error {
		return conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to conn: WriteMessage may overlap itself, reached from funcvalues.go:\d+ and funcvalues.go:\d+ \(goroutine started at funcvalues.go:\d+\)`
	}}
}

func Returned(conn *websocket.Conn) {
	h := newHandler(conn)
	go h.send([]byte("a"))
	h.send([]byte("b"))
}

func Filled(conn *websocket.Conn) {
	h := &handler{}
	h.send = func(msg []byte) error {
		return conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to conn: WriteMessage may overlap itself, reached from funcvalues.go:\d+ and funcvalues.go:\d+ \(goroutine started at funcvalues.go:\d+\)`
	}
	go h.send([]byte("a"))
	h.send([]byte("b"))
}

// newLockedHandler is the fix: the closure locks a mutex the helper made
// for it, the same at every call.
func newLockedHandler(conn *websocket.Conn) *handler {
	var mu sync.Mutex
	return &handler{send: func(msg []byte) error {
		mu.Lock()
		defer mu.Unlock()
		return conn.WriteMessage(websocket.TextMessage, msg)
	}}
}

func ReturnedLocked(conn *websocket.Conn) {
	h := newLockedHandler(conn)
	go h.send([]byte("a"))
	h.send([]byte("b"))
}
