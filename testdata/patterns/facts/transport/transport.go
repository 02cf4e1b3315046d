// Package transport runs sessions over a Socket it declares and never
// implements: it imports no websocket package. An adapter package
// implements Socket with a gorilla conn (transportws), and transportapp
// wires the two. Serve's two goroutines send at once, which only the
// package that knows the adapter can tell is a race on a conn.
package transport

import "time"

// Socket is what a session writes to.
type Socket interface {
	Send(msg []byte) error
}

// Serve forwards updates to s while a heartbeat goroutine keeps it
// alive: Send runs on two goroutines at once.
func Serve(s Socket, updates <-chan []byte) { // want Serve:`summary\(go calls p0.Send concurrently\)`
	go func() {
		for u := range updates {
			s.Send(u)
		}
	}()
	go func() {
		for range time.Tick(10 * time.Second) {
			s.Send([]byte("heartbeat"))
		}
	}()
}

// ServeOne forwards updates on one goroutine: Send never overlaps
// itself.
func ServeOne(s Socket, updates <-chan []byte) { // want ServeOne:`summary\(go calls p0.Send\)`
	go func() {
		for u := range updates {
			s.Send(u)
		}
	}()
}

// Greet sends a greeting, then forwards updates: the goroutine starts
// after the greeting was sent.
func Greet(s Socket, updates <-chan []byte) { // want Greet:`summary\(calls p0.Send; go calls p0.Send\)`
	s.Send([]byte("hello"))
	go func() {
		for u := range updates {
			s.Send(u)
		}
	}()
}
