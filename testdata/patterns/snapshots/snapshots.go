// Package snapshots: registries read through comma-ok getters and
// copied under their lock, and decoders built from a method value.
package snapshots

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type Hub struct {
	mu    sync.Mutex
	conns map[string]*websocket.Conn
}

// get looks a conn up with comma-ok: the registry's element.
func (h *Hub) get(id string) (*websocket.Conn, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c, ok := h.conns[id]
	return c, ok
}

// snapshot copies the registry under its lock, to write without it.
func (h *Hub) snapshot() map[string]*websocket.Conn {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[string]*websocket.Conn, len(h.conns))
	for id, c := range h.conns {
		out[id] = c
	}
	return out
}

// list copies it into a slice.
func (h *Hub) list() []*websocket.Conn {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []*websocket.Conn
	for _, c := range h.conns {
		out = append(out, c)
	}
	return out
}

// run pings one conn from a goroutine while it broadcasts to a copy of
// the registry, which holds that conn too.
func (h *Hub) run(id string) {
	go func() {
		for range time.Tick(time.Second) {
			if c, ok := h.get(id); ok {
				c.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c: WriteMessage may overlap WriteMessage at snapshots.go:\d+ \(goroutine started at snapshots.go:\d+\)`
			}
		}
	}()
	for range time.Tick(time.Second) {
		for _, c := range h.snapshot() {
			c.WriteMessage(websocket.TextMessage, []byte("news")) // want `concurrent write to c: WriteMessage may overlap WriteMessage at snapshots.go:\d+ \(goroutine started at snapshots.go:\d+\)`
		}
	}
}

// runList does the same with the slice copy, copied in place.
func (h *Hub) runList(id string) {
	go func() {
		for range time.Tick(time.Second) {
			if c, ok := h.get(id); ok {
				c.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c: WriteMessage may overlap WriteMessage at snapshots.go:\d+ \(goroutine started at snapshots.go:\d+\)`
			}
		}
	}()
	h.mu.Lock()
	conns := make([]*websocket.Conn, 0, len(h.conns))
	for _, c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.WriteMessage(websocket.TextMessage, []byte("news")) // want `concurrent write to c: WriteMessage may overlap WriteMessage at snapshots.go:\d+ \(goroutine started at snapshots.go:\d+\)`
	}
}

// runControl is the fix: the pinger sends its pings with WriteControl.
func (h *Hub) runControl(id string) {
	go func() {
		for range time.Tick(time.Second) {
			if c, ok := h.get(id); ok {
				c.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
			}
		}
	}()
	for range time.Tick(time.Second) {
		for _, c := range h.list() {
			c.WriteMessage(websocket.TextMessage, []byte("news"))
		}
	}
}

// other copies another registry: its conns are not the pinger's.
func (h *Hub) other(id string, other *Hub) {
	go func() {
		for range time.Tick(time.Second) {
			if c, ok := h.get(id); ok {
				c.WriteMessage(websocket.PingMessage, nil)
			}
		}
	}()
	for _, c := range other.list() {
		_ = c
	}
}

// decoder reads through a method value on a goroutine of its own while
// the loop moves the read deadline: two readers.
func decoder(conn *websocket.Conn) {
	decode := conn.ReadJSON
	go func() {
		var v any
		for decode(&v) == nil { // want `concurrent read from conn: ReadJSON may overlap SetReadDeadline at snapshots.go:\d+ \(goroutine started at snapshots.go:\d+\)`
		}
	}()
	for range time.Tick(time.Second) {
		conn.SetReadDeadline(time.Now().Add(time.Minute)) // want `concurrent read from conn: SetReadDeadline may overlap ReadJSON at snapshots.go:\d+ \(goroutine started at snapshots.go:\d+\)`
	}
}

// decoderOwnsDeadline is the fix: the reader moves its own deadline.
func decoderOwnsDeadline(conn *websocket.Conn) {
	decode := conn.ReadJSON
	go func() {
		var v any
		for {
			conn.SetReadDeadline(time.Now().Add(time.Minute))
			if decode(&v) != nil {
				return
			}
		}
	}()
}
