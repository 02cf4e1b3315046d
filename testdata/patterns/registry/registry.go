// Package registry: a conn registered through a helper (hub.add(c)) goes
// by the registry's name from then on, so a broadcast that ranges over
// the registry reaches it; the helper may be called from a closure.
package registry

import (
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

var upgrader websocket.Upgrader

type hub struct {
	mu      sync.Mutex
	clients map[*websocket.Conn]bool
}

func (h *hub) add(c *websocket.Conn) {
	h.mu.Lock()
	h.clients[c] = true
	h.mu.Unlock()
}

func (h *hub) broadcast(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c: WriteMessage may overlap WriteMessage at registry.go:\d+ \(goroutine started at registry.go:\d+\)`
	}
}

// serve pings its conn from a goroutine, without the hub's mutex, while
// broadcasts (its own and other requests') write it under the mutex.
func (h *hub) serve(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	h.add(c)
	go func() {
		for range time.Tick(time.Second) {
			c.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c: WriteMessage may overlap WriteMessage at registry.go:\d+ \(goroutine started at registry.go:\d+\)`
		}
	}()
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		h.broadcast(msg)
	}
}

// safeHub is the fix: the pinger sends with WriteControl.
type safeHub struct {
	mu      sync.Mutex
	clients map[*websocket.Conn]bool
}

func (h *safeHub) add(c *websocket.Conn) {
	h.mu.Lock()
	h.clients[c] = true
	h.mu.Unlock()
}

func (h *safeHub) broadcast(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		c.WriteMessage(websocket.TextMessage, msg)
	}
}

func (h *safeHub) serve(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	h.add(c)
	go func() {
		for range time.Tick(time.Second) {
			c.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		h.broadcast(msg)
	}
}

// lateHub registers the conn from the reader goroutine, a closure over
// c: the registration still names c after the goroutine starts.
type lateHub struct {
	mu      sync.Mutex
	clients map[*websocket.Conn]bool
}

func (h *lateHub) add(c *websocket.Conn) {
	h.mu.Lock()
	h.clients[c] = true
	h.mu.Unlock()
}

func (h *lateHub) broadcast(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c: WriteMessage may overlap WriteMessage at registry.go:\d+ \(goroutine started at registry.go:\d+\)`
	}
}

func (h *lateHub) serve(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	go func() {
		h.add(c)
		for {
			_, msg, err := c.ReadMessage()
			if err != nil {
				return
			}
			h.broadcast(msg)
		}
	}()
	for range time.Tick(time.Second) {
		c.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c: WriteMessage may overlap WriteMessage at registry.go:\d+ \(goroutine started at registry.go:\d+\)`
	}
}

// listHub keeps its conns in a slice: a broadcast walking the slice by
// index reaches the conn serve appended, as a range over a map does.
type listHub struct {
	mu    sync.Mutex
	conns []*websocket.Conn
}

func (h *listHub) add(c *websocket.Conn) {
	h.mu.Lock()
	h.conns = append(h.conns, c)
	h.mu.Unlock()
}

func (h *listHub) broadcast(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.conns {
		c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c: WriteMessage may overlap WriteMessage at registry.go:\d+ \(goroutine started at registry.go:\d+\)`
	}
}

func (h *listHub) serve(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	h.add(c)
	go func() {
		for range time.Tick(time.Second) {
			c.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c: WriteMessage may overlap WriteMessage at registry.go:\d+ \(goroutine started at registry.go:\d+\)`
		}
	}()
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		h.broadcast(msg)
	}
}

// safeListHub is the fix: the pinger sends with WriteControl.
type safeListHub struct {
	mu    sync.Mutex
	conns []*websocket.Conn
}

func (h *safeListHub) add(c *websocket.Conn) {
	h.mu.Lock()
	h.conns = append(h.conns, c)
	h.mu.Unlock()
}

func (h *safeListHub) broadcast(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := 0; i < len(h.conns); i++ {
		h.conns[i].WriteMessage(websocket.TextMessage, msg)
	}
}

func (h *safeListHub) serve(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	h.add(c)
	go func() {
		for range time.Tick(time.Second) {
			c.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
		}
	}()
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		h.broadcast(msg)
	}
}
