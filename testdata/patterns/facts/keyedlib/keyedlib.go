// Package keyedlib files conns under a key its users choose and writes to
// the one it finds under a key: a user that files its own conn and then
// replies by its key writes to that conn.
package keyedlib

import (
	"sync"

	"github.com/gorilla/websocket"
)

type Registry struct {
	mu    sync.Mutex
	conns map[string]*websocket.Conn
}

func NewRegistry() *Registry { // want NewRegistry:`summary\(new result#0\)`
	return &Registry{conns: make(map[string]*websocket.Conn)}
}

// Add files c under id.
func (r *Registry) Add(id string, c *websocket.Conn) { // want Add:`summary\(files p1 as p0.conns\[own\]; files p2 as p0.conns\[own\]; files p2 as p0.conns\[p1\]\)`
	r.mu.Lock()
	r.conns[id] = c
	r.mu.Unlock()
}

// Reply writes to the conn filed under id, outside the registry's mutex.
func (r *Registry) Reply(id string, msg []byte) error { // want Reply:`summary\(write WriteMessage\(p0.conns\[p1\]\)\)`
	r.mu.Lock()
	c := r.conns[id]
	r.mu.Unlock()
	return c.WriteMessage(websocket.TextMessage, msg)
}

// Get returns the conn filed under id.
func (r *Registry) Get(id string) *websocket.Conn { // want Get:`summary\(returns#0 p0.conns\[p1\]\)`
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.conns[id]
}
