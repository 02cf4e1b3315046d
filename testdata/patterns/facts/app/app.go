// Package app calls wshelper from several goroutines; the findings are
// at the calls in app.
package app

import (
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wshelper"
)

// helperFromTwoGoroutines races: wshelper.Send writes without a lock.
func helperFromTwoGoroutines(conn *websocket.Conn, events <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			wshelper.Send(conn, []byte("tick")) // want `concurrent write to conn: Send \(WriteMessage at wshelper\.go:14\) may overlap Send \(WriteMessage at wshelper\.go:14\) at app\.go:20`
		}
	}()
	for ev := range events {
		wshelper.Send(conn, ev) // want `concurrent write to conn: Send \(WriteMessage at \w+\.go:\d+\) may overlap Send \(WriteMessage at \w+\.go:\d+\) at app\.go:16`
	}
}

// wrapperFromTwoGoroutines is safe: the wrapper locks.
func wrapperFromTwoGoroutines(conn *websocket.Conn, events <-chan []byte) {
	c := wshelper.New(conn)
	go func() {
		for range time.Tick(time.Second) {
			c.Send([]byte("tick"))
		}
	}()
	for ev := range events {
		c.Send(ev)
	}
}

// rawUnderCallerLock is safe: the caller holds the wrapper's lock
// (taken through its Lock method) around Raw.
func rawUnderCallerLock(c *wshelper.Conn, events <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			c.Lock()
			c.Raw([]byte("tick"))
			c.Unlock()
		}
	}()
	for ev := range events {
		c.Send(ev)
	}
}

// rawWithoutLock races with the locked Send.
func rawWithoutLock(c *wshelper.Conn, events <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			c.Raw([]byte("tick")) // want `concurrent write to c\.ws: Raw \(WriteMessage at \w+\.go:\d+\) may overlap Send \(WriteMessage at \w+\.go:\d+\) at app\.go:60`
		}
	}()
	for ev := range events {
		c.Send(ev) // want `concurrent write to c\.ws: Send \(WriteMessage at \w+\.go:\d+\) may overlap Raw \(WriteMessage at \w+\.go:\d+\) at app\.go:56`
	}
}

// pingerInAnotherPackage races: the goroutine wshelper starts writes
// with WriteMessage while this function writes.
func pingerInAnotherPackage(conn *websocket.Conn, events <-chan []byte) {
	wshelper.StartPinger(conn, time.Second) // want `concurrent write to conn: StartPinger \(WriteMessage at \w+\.go:\d+\) may overlap WriteMessage at app\.go:69`
	for ev := range events {
		conn.WriteMessage(websocket.TextMessage, ev) // want `concurrent write to conn: WriteMessage may overlap StartPinger \(WriteMessage at \w+\.go:\d+\) at app\.go:67`
	}
}

// controlPinger is safe.
func controlPinger(conn *websocket.Conn, events <-chan []byte) {
	wshelper.StartControlPinger(conn, time.Second)
	for ev := range events {
		conn.WriteMessage(websocket.TextMessage, ev)
	}
}

// getterBypassesLock races: the conn WS returns is the one Send writes
// under the lock, and this write does not take it.
func getterBypassesLock(c *wshelper.Conn, events <-chan []byte) {
	go func() {
		c.WS().WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c\.WS\(\): WriteMessage may overlap Send \(WriteMessage at \w+\.go:\d+\) at app\.go:88`
	}()
	for ev := range events {
		c.Send(ev) // want `concurrent write to c\.ws: Send \(WriteMessage at \w+\.go:\d+\) may overlap WriteMessage at app\.go:85`
	}
}

// constructedElsewhere races: New (another package) stores conn in the
// wrapper it returns, and Raw writes it without the lock.
func constructedElsewhere(conn *websocket.Conn) {
	c := wshelper.New(conn)
	go c.Raw([]byte("hello"))                                  // want `concurrent write to conn: Raw \(WriteMessage at \w+\.go:\d+\) may overlap WriteMessage at app\.go:97`
	conn.WriteMessage(websocket.TextMessage, []byte("direct")) // want `concurrent write to conn: WriteMessage may overlap Raw \(WriteMessage at \w+\.go:\d+\) at app\.go:96`
}
