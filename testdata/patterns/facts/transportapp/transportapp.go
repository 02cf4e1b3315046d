// Package transportapp wires transport's sessions to transportws's
// adapters.
package transportapp

import (
	"github.com/gorilla/websocket"

	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/transport"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/transportws"
)

func serve(c *websocket.Conn, updates <-chan []byte) {
	transport.Serve(transportws.Wrap(c), updates) // want `concurrent write to c: Send \(WriteMessage at transportws.go:20\) may overlap itself: transport.Serve, called at transportapp.go:13, runs it on goroutines that overlap each other`
}

// serveLocked is silent: the adapter's mutex orders the two goroutines.
func serveLocked(c *websocket.Conn, updates <-chan []byte) {
	transport.Serve(transportws.WrapLocked(c), updates)
}

// serveOne is silent: one goroutine sends.
func serveOne(c *websocket.Conn, updates <-chan []byte) {
	transport.ServeOne(transportws.Wrap(c), updates)
}

// greet is silent: the greeting is sent before the goroutine starts.
func greet(c *websocket.Conn, updates <-chan []byte) {
	transport.Greet(transportws.Wrap(c), updates)
}
