// Package timeoutconn wraps a conn with a write timeout: the write runs
// on a goroutine of its own, under the wrapper's mutex, and the caller
// stops waiting after a deadline. Callers in other packages may call
// WriteMessage from any goroutine.
package timeoutconn

import (
	"errors"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

var ErrTimeout = errors.New("write timed out")

type Conn struct { // want Conn:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/timeoutconn\.Conn\.conn\ under\ o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/timeoutconn\.Conn\.mu\)`
	mu   sync.Mutex
	conn *websocket.Conn
}

func New(c *websocket.Conn) *Conn { return &Conn{conn: c} } // want New:`summary\(returns#0.conn p0; new result#0\)`

// WriteMessage writes under mu on a goroutine of its own.
func (w *Conn) WriteMessage(mt int, data []byte) error { // want WriteMessage:`summary\(go write WriteMessage\(p0.conn\) under p0.mu\)`
	done := make(chan error, 1)
	go func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		done <- w.conn.WriteMessage(mt, data) // want `concurrent write to w.conn: WriteMessage may overlap WriteMessage at timeoutconn.go:47 \(goroutine started at timeoutconn.go:27 and left running by WriteMessage; RawWrite may be called meanwhile\)`
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		return ErrTimeout
	}
}

// RawWrite is the same without the mutex: in the open world it races
// with the write a timed-out WriteMessage left running (and with
// itself, when callers in other packages call it from two goroutines:
// see timeoutuse).
func (w *Conn) RawWrite(mt int, data []byte) error { // want RawWrite:`summary\(go write WriteMessage\(p0.conn\)\)`
	done := make(chan error, 1)
	go func() {
		done <- w.conn.WriteMessage(mt, data) // want `concurrent write to w.conn: WriteMessage may overlap WriteMessage at timeoutconn.go:30 \(goroutine started at timeoutconn.go:27 and left running by WriteMessage; RawWrite may be called meanwhile\)`
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		return ErrTimeout
	}
}
