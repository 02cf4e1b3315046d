// Package relay runs sessions over any socket that can send text.
package relay

import "time"

// Socket is what a session writes to.
type Socket interface {
	Send(msg []byte) error
}

// Serve forwards updates to s and keeps it alive with a heartbeat: two
// goroutines that send at once.
func Serve(s Socket, updates <-chan []byte) {
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
