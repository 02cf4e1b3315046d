// Package dialeruse writes the conn of a client whose constructor, in
// another package, left a pinger running on it.
package dialeruse

import (
	"github.com/gorilla/websocket"

	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/dialer"
)

func hello(url string) error {
	c, err := dialer.Dial(url) // want `concurrent write to c.conn: Dial \(WriteMessage at dialer.go:25\) may overlap WriteMessage at dialeruse.go:16 \(goroutine started at dialeruse.go:12\)`
	if err != nil {
		return err
	}
	return c.Conn().WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to c.Conn\(\): WriteMessage may overlap Dial \(WriteMessage at dialer.go:25\) at dialeruse.go:12 \(goroutine started at dialeruse.go:12\)`
}

// helloControl is the near miss: that constructor's pinger uses
// WriteControl.
func helloControl(url string) error {
	c, err := dialer.DialControl(url)
	if err != nil {
		return err
	}
	return c.Conn().WriteMessage(websocket.TextMessage, []byte("hello"))
}

// connectWithFallback tries the backup only after the primary failed,
// when Connect (in another package) started no pinger: silent.
func connectWithFallback(s *dialer.Session, primary, backup string) error {
	if err := s.Connect(primary); err != nil {
		return s.Connect(backup)
	}
	return nil
}

// connectTwice connects again after a success: the first pinger is
// still running when the second starts.
func connectTwice(s *dialer.Session, primary, backup string) error {
	if err := s.Connect(primary); err != nil { // want `concurrent write to s.conn: Connect \(WriteMessage at dialer.go:68\) may overlap Connect \(WriteMessage at dialer.go:68\) at dialeruse.go:44 \(goroutine started at dialeruse.go:44\)`
		return err
	}
	return s.Connect(backup) // want `concurrent write to s.conn: Connect \(WriteMessage at dialer.go:68\) may overlap Connect \(WriteMessage at dialer.go:68\) at dialeruse.go:41 \(goroutine started at dialeruse.go:41\)`
}
