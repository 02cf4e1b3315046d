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
