// Package hublib sends to channels its users implement, under the hub's
// mutex. It starts no goroutine and imports no websocket package: the
// gate skips it, and only its callerlocks facts reach sinkapp, whose
// wsChannel implements Channel (the standalone driver loads it from
// source for them).
package hublib

import "sync"

// Channel is written by a hub, under the hub's mutex.
type Channel interface {
	Send(msg []byte) error       // want Send:`callerlocks\(.*hublib.Hub.mu\)`
	SendAll(msgs [][]byte) error // want SendAll:`callerlocks\(.*hublib.Hub.mu\)`
}

type Hub struct {
	mu  sync.Mutex
	chs []Channel
}

func (h *Hub) Publish(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range h.chs {
		ch.Send(msg)
	}
}

func (h *Hub) Replay(msgs [][]byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range h.chs {
		if err := ch.SendAll(msgs); err != nil {
			return
		}
	}
}

func (h *Hub) Add(ch Channel) {
	h.mu.Lock()
	h.chs = append(h.chs, ch)
	h.mu.Unlock()
}
