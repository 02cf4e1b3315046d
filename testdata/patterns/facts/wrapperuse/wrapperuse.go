// Package wrapperuse pings through a wrapper from another package
// while the wrapper's guarded Write carries the session's output.
package wrapperuse

import (
	"io"
	"time"

	"github.com/gorilla/websocket"

	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wrapper"
)

// terminal's pinger calls the promoted WriteMessage, which bypasses the
// wrapper's mutex.
func terminal(ws *websocket.Conn, output io.Reader) {
	conn := wrapper.New(ws)
	go func() {
		for {
			if err := conn.WriteMessage(websocket.PingMessage, nil); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at wrapper.go:\d+ \(wrapper.Conn.Conn is written holding wrapper.Conn.writeMu there, not here\)`
				return
			}
			time.Sleep(10 * time.Second)
		}
	}()
	io.Copy(conn, output)
}

// shielded's pinger goes through the wrapper's own, guarded
// WriteMessage.
func shielded(ws *websocket.Conn, output io.Reader) {
	conn := wrapper.NewShielded(ws)
	go func() {
		for {
			if err := conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
			time.Sleep(10 * time.Second)
		}
	}()
	io.Copy(conn, output)
}

// joinTwice joins from two goroutines: both hold the session's write
// mutex, as Close does.
func joinTwice(s *wrapper.Session) {
	go s.Join("lobby")
	s.Join("game")
}
