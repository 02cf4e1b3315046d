// Package wshelper holds the helpers package app calls: their summaries
// reach app as facts.
package wshelper

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Send writes without a lock.
func Send(conn *websocket.Conn, msg []byte) error { // want Send:`summary\(write WriteMessage\(p0\)\)`
	return conn.WriteMessage(websocket.TextMessage, msg)
}

// Conn is the usual mutex wrapper.
type Conn struct { // want Conn:`guards\(o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wshelper\.Conn\.ws\ under\ o:github\.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wshelper\.Conn\.mu\)`
	mu sync.Mutex
	ws *websocket.Conn
}

func New(ws *websocket.Conn) *Conn { return &Conn{ws: ws} } // want New:`summary\(returns#0.ws p0; new result#0\)`

// Send locks and writes: safe from any goroutine.
func (c *Conn) Send(msg []byte) error { // want Send:`summary\(write WriteMessage\(p0.ws\) under p0.mu\)`
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c\.ws: WriteMessage may overlap WriteMessage at wshelper\.go:36 \(wshelper\.Conn\.ws is written there without wshelper\.Conn\.mu, which this holds\)`
}

// Raw writes without the lock that Send takes: callers of the wrapper
// are expected to write from several goroutines (the mutex says so), so
// Raw races with Send.
func (c *Conn) Raw(msg []byte) error { // want Raw:`summary\(write WriteMessage\(p0.ws\)\)`
	return c.ws.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c.ws: WriteMessage may overlap WriteMessage at wshelper.go:29 \(wshelper.Conn.ws is written holding wshelper.Conn.mu there, not here\)`
}

// Lock and Unlock let callers hold the wrapper's lock across calls.
func (c *Conn) Lock() { c.mu.Lock() } // want Lock:`summary\(acquires p0.mu\)`

func (c *Conn) Unlock() { c.mu.Unlock() } // want Unlock:`summary\(releases p0.mu\)`

// StartPinger pings from a goroutine of its own with WriteMessage.
func StartPinger(conn *websocket.Conn, every time.Duration) { // want StartPinger:`summary\(go write WriteMessage\(p0\)\)`
	go func() {
		for range time.Tick(every) {
			conn.WriteMessage(websocket.PingMessage, nil)
		}
	}()
}

// StartControlPinger pings with WriteControl: no summary at all.
func StartControlPinger(conn *websocket.Conn, every time.Duration) {
	go func() {
		for range time.Tick(every) {
			conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
}

// WS returns the wrapped conn: callers that write to it bypass the lock.
func (c *Conn) WS() *websocket.Conn { return c.ws } // want WS:`summary\(returns#0 p0.ws\)`
