// Package shaped uses a fork of gorilla/websocket recognised by its API
// (package ws), and a library whose Conn only looks similar (other).
package shaped

import (
	"context"
	"time"

	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/shaped/other"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/shaped/ws"
)

// pinger races: the fork keeps gorilla's one-writer contract.
func pinger(c *ws.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			c.WriteMessage(ws.PingMessage, nil) // want `concurrent write to c: WriteMessage may overlap WriteMessage at shaped.go:21`
		}
	}()
	for u := range updates {
		c.WriteMessage(ws.TextMessage, u) // want `concurrent write to c: WriteMessage may overlap WriteMessage at shaped.go:17`
	}
}

// controlPinger is the fix.
func controlPinger(c *ws.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			c.WriteControl(ws.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
	for u := range updates {
		c.WriteMessage(ws.TextMessage, u)
	}
}

// otherPinger is silent: other's Conn is not gorilla's.
func otherPinger(c *other.Conn, updates <-chan []byte) {
	go func() {
		for range time.Tick(time.Second) {
			c.WriteMessage(nil)
		}
	}()
	for u := range updates {
		c.Write(context.Background(), 1, u)
		c.WriteMessage(u)
	}
}
