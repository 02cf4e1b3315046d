// Package codecapp builds codeclib codecs over a conn and reads them on
// a goroutine while a watchdog moves the read deadline.
package codecapp

import (
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/codeclib"
)

type wsCodec struct {
	*codeclib.FuncCodec
	conn *websocket.Conn
}

func newWSCodec(conn *websocket.Conn) *wsCodec {
	return &wsCodec{FuncCodec: codeclib.New(conn.WriteJSON, conn.ReadJSON), conn: conn}
}

// serve reads through the codec, which another package's constructor
// filled with the conn's method values passed here. Reported.
func serve(conn *websocket.Conn) {
	c := newWSCodec(conn)
	go func() {
		for {
			if _, err := c.ReadBatch(); err != nil { // want `concurrent read from conn: ReadJSON may overlap SetReadDeadline`
				return
			}
		}
	}()
	for range time.Tick(time.Second) {
		c.conn.SetReadDeadline(time.Now().Add(time.Minute)) // want `concurrent read from c.conn: SetReadDeadline may overlap`
	}
}

// serveForConn gets the codec from the library's conn constructor.
// Reported.
func serveForConn(conn *websocket.Conn) {
	c := codeclib.ForConn(conn)
	go func() {
		for {
			if _, err := c.ReadBatch(); err != nil { // want `concurrent read from conn: ForConn \(ReadJSON at codeclib.go:\d+\) may overlap SetReadDeadline`
				return
			}
		}
	}()
	for range time.Tick(time.Second) {
		conn.SetReadDeadline(time.Now().Add(time.Minute)) // want `concurrent read from conn: SetReadDeadline may overlap`
	}
}

// serveInline moves the deadline on the reading goroutine: silent.
func serveInline(conn *websocket.Conn) {
	c := newWSCodec(conn)
	for {
		c.conn.SetReadDeadline(time.Now().Add(time.Minute))
		if _, err := c.ReadBatch(); err != nil {
			return
		}
	}
}
